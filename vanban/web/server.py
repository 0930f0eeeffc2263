"""`vanban serve`: check the bind rule, then run the app under uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

from vanban.web.security import PASSWORD_ENV, check_bind


def serve(data_dir: Path, host: str = "127.0.0.1", port: int = 8080,
          password: str | None = None) -> None:
    import uvicorn

    from vanban.web.app import create_app

    password = password or os.environ.get(PASSWORD_ENV) or None
    check_bind(host, password)
    app = create_app(data_dir, password)
    print(f"Trang tra cứu: http://{'[' + host + ']' if ':' in host else host}:{port}/ "
          f"(kho {data_dir}; Ctrl+C để dừng)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
