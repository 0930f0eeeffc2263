"""`vanban serve`: check the bind rule, then run the app under uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

from vanban.web.security import LOCAL_HOSTS, PASSWORD_ENV, check_bind


def serve(data_dir: Path, host: str = "127.0.0.1", port: int = 8080,
          password: str | None = None) -> None:
    import uvicorn

    from vanban.web.app import create_app

    password = password or os.environ.get(PASSWORD_ENV) or None
    check_bind(host, password)
    local = ["127.0.0.1", "localhost", "[::1]", "::1"]
    app = create_app(data_dir, password, local if host in LOCAL_HOSTS else None)
    print(f"Trang tra cứu: http://{'[' + host + ']' if ':' in host else host}:{port}/ "
          f"(kho {data_dir}; Ctrl+C để dừng)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


class BackgroundServer:
    """The app under uvicorn in a thread of this process, on a free local port: for the
    browser tests, the page benchmark and the screenshots (a real HTTP server, not a stub)."""

    def __init__(self, data_dir: Path, password: str | None = None):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.data_dir, self.password = Path(data_dir), password
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> BackgroundServer:
        import threading
        import time

        import uvicorn

        from vanban.web.app import create_app

        config = uvicorn.Config(create_app(self.data_dir, self.password), host="127.0.0.1",
                                port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
