"""Format detection by content (magic bytes), the extension only as a tie-breaker."""

from __future__ import annotations

import zipfile
from pathlib import Path

TEXT_EXTS = {".txt", ".md", ".text", ".csv"}
IMAGE_MAGIC = {
    b"\xff\xd8\xff": "image",  # JPEG
    b"\x89PNG\r\n\x1a\n": "image",
    b"II*\x00": "image",  # TIFF little-endian
    b"MM\x00*": "image",  # TIFF big-endian
    b"GIF87a": "image",
    b"GIF89a": "image",
}
HTML_EXTS = {".htm", ".html", ".aspx", ".asp", ".php", ".xhtml", ".shtml"}
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<?xml version", b"<!--", b"<meta",
               b"<body", b"<title")


def _is_bmp(head: bytes) -> bool:
    """`BM`, then a DIB header of a known size: plain text starting "BM..." is not a bitmap."""
    return (len(head) >= 18 and head.startswith(b"BM")
            and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124))


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
    if _is_bmp(head) or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_textual(head):
        low = _as_ascii(head).lower().lstrip()
        if low.startswith(b"\xef\xbb\xbf"):
            low = low[3:].lstrip()
        if path.suffix.lower() in (".md", ".markdown"):
            return "text"
        if low.startswith(_HTML_START) and (b"<html" in low or b"<body" in low
                                            or b"<head" in low or b"<div" in low
                                            or low.startswith(b"<!doctype html")):
            return "html"
        if b"<html" in low[:1024] or (b"<body" in low and b"</" in low):
            return "html"
        if path.suffix.lower() in HTML_EXTS:
            return "html"
        return "text"
    return "binary"


def _utf16_no_bom(head: bytes) -> bool:
    """UTF-16 text without BOM: Vietnamese/ASCII text has a zero in every other byte."""
    n = len(head) - len(head) % 2
    if n < 8:
        return False
    even, odd = head[0:n:2], head[1:n:2]
    return (odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05) or (
        even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05)


def _as_ascii(head: bytes) -> bytes:
    """The head with UTF-16 zero bytes dropped, for sniffing HTML tags."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_no_bom(head):
        return head.replace(b"\x00", b"").lstrip(b"\xff\xfe")
    return head


def _looks_textual(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_no_bom(head):
        return True  # UTF-16
    if b"\x00" in head:
        return False
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control <= len(head) * 0.01
