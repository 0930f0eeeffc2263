"""catdoc (`.doc` to text): only a fallback when antiword is missing or fails (it loses header
tables and appends binary noise, see `readers/doc.py`)."""

from __future__ import annotations

from pathlib import Path

from vanban.ingest.tools._base import Tool

TOOL = Tool("catdoc", ("-V",), None, "catdoc", "đọc tệp .doc khi không có antiword")
TIMEOUT = 120


def available() -> bool:
    return TOOL.path() is not None


def to_text(path: Path, timeout: float = TIMEOUT) -> str | None:
    """The document as UTF-8 text, or None if catdoc could not read it."""
    proc = TOOL.run(["-d", "utf-8", "-w", str(path)], timeout=timeout, what_vi="đọc tệp .doc")
    out = proc.stdout.decode("utf-8", "replace")
    return out if proc.returncode == 0 and out.strip() else None
