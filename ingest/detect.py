"""Format detection by content (magic bytes), the extension only as a tie-breaker."""

from __future__ import annotations

import zipfile
from pathlib import Path

TEXT_EXTS = {".txt", ".md", ".text", ".csv"}
IMAGE_MAGIC = {
    b"\xff\xd8\xff": "image",
    b"\x89PNG\r\n\x1a\n": "image",
    b"II*\x00": "image",
    b"MM\x00*": "image",
    b"BM": "image",
}


def detect_format(path: Path) -> str:
    """Return one of: pdf, docx, doc, html, image, text, zip, empty, binary."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        return "empty"
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"  # OLE2 compound file: Word 97-2003
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError):
            return "binary"
        return "docx" if "word/document.xml" in names else "zip"
    for magic, fmt in IMAGE_MAGIC.items():
        if head.startswith(magic):
            return fmt
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_textual(head):
        low = head.lower().lstrip()
        if low.startswith(b"\xef\xbb\xbf"):
            low = low[3:].lstrip()
        if low.startswith((b"<!doctype html", b"<html")) or (
            b"<html" in low[:1024] or b"<body" in low or b"<div" in low
        ):
            return "html"
        if path.suffix.lower() in (".htm", ".html", ".aspx"):
            return "html"
        return "text"
    return "binary"


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 with BOM
    if b"\x00" in head:
        return False
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control <= len(head) * 0.01
