"""antiword (Word 97-2003 `.doc` to UTF-8 text): the first choice for `.doc`.

It has no `--version`; run without arguments it prints its usage with a `Version:` line."""

from __future__ import annotations

from pathlib import Path

from vanban.ingest.errors import ReadError
from vanban.ingest.tools._base import Tool

TOOL = Tool("antiword", (), "0.37", "antiword", "đọc tệp Word 97-2003 (.doc)")
TIMEOUT = 120


def available() -> bool:
    return TOOL.path() is not None


def to_text(path: Path, timeout: float = TIMEOUT) -> str | None:
    """The document as UTF-8 text, one paragraph per line (`-w 0`); None if antiword could not
    read it (the caller tries catdoc). Raises ReadError for a password-protected file."""
    proc = TOOL.run(["-m", "UTF-8.txt", "-w", "0", str(path)], timeout=timeout,
                    what_vi="đọc tệp .doc")
    err = proc.stderr.decode("utf-8", "replace").lower()
    if "encrypt" in err or "password" in err:
        raise ReadError("tệp .doc có mật khẩu (bị mã hóa), không đọc được")
    out = proc.stdout.decode("utf-8", "replace")
    return out if proc.returncode == 0 and out.strip() else None
