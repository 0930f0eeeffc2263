"""Plain text: UTF-8 (with or without BOM) and UTF-16; one page."""

from __future__ import annotations

import time
from pathlib import Path

from corpus.schema import Page, ReadResult
from corpus.vntext import nfc


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise ReadError."""
    from ingest.readers import ReadError

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise ReadError(f"không nhận ra bảng mã của tệp văn bản ({exc.reason})") from exc


def read(path: Path) -> ReadResult:
    t0 = time.perf_counter()
    text, encoding = decode(path.read_bytes())
    page = Page(number=1, text=nfc(text), method="text", seconds=time.perf_counter() - t0)
    return ReadResult(pages=[page], format="text", meta={"encoding": encoding})
