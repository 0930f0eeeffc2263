"""Content tests for format detection (magic bytes, text heuristics): one predicate per format,
named by the rows of `ingest.formats`, which also fixes the order they are tried in."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HEAD_BYTES = 4096
TEXT_EXTS = {".txt", ".md", ".text", ".csv"}
IMAGE_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"GIF87a",
    b"GIF89a",
)
HTML_EXTS = {".htm", ".html", ".aspx", ".asp", ".php", ".xhtml", ".shtml"}
MARKDOWN_EXTS = (".md", ".markdown")
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<?xml version", b"<!--", b"<meta",
               b"<body", b"<title")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Sample:
    """What the sniffers look at: the first bytes, the name, and (for zips, read once) the
    member names."""

    path: Path
    head: bytes
    _zip: list[frozenset[str] | None] = field(default_factory=list, repr=False)

    @classmethod
    def of(cls, path: Path) -> Sample:
        with open(path, "rb") as fh:
            return cls(Path(path), fh.read(HEAD_BYTES))

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    def zip_names(self) -> frozenset[str] | None:
        """Member names of a zip package, None if it does not open as one (read once)."""
        if not self._zip:
            try:
                with zipfile.ZipFile(self.path) as zf:
                    self._zip.append(frozenset(zf.namelist()))
            except (zipfile.BadZipFile, OSError):
                self._zip.append(None)
        return self._zip[0]


def is_empty(s: Sample) -> bool:
    return not s.head


def is_pdf(s: Sample) -> bool:
    return s.head.startswith(b"%PDF") or b"%PDF-" in s.head[:1024]


def is_doc(s: Sample) -> bool:
    """OLE2 compound file: Word 97-2003 (the reader tells Excel/PowerPoint apart)."""
    return s.head.startswith(OLE2_MAGIC)


def is_docx(s: Sample) -> bool:
    names = s.zip_names() if s.head.startswith(ZIP_MAGIC) else None
    return names is not None and "word/document.xml" in names


def is_zip(s: Sample) -> bool:
    """Any other zip package that opens."""
    return s.head.startswith(ZIP_MAGIC) and s.zip_names() is not None


def is_broken_zip(s: Sample) -> bool:
    """Zip magic that does not open as a zip: binary, whatever follows."""
    return s.head.startswith(ZIP_MAGIC) and s.zip_names() is None


def _is_bmp(head: bytes) -> bool:
    """`BM`, then a DIB header of a known size: plain text starting "BM..." is not a bitmap."""
    return (len(head) >= 18 and head.startswith(b"BM")
            and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124))


def is_image(s: Sample) -> bool:
    head = s.head
    return (head.startswith(IMAGE_MAGIC) or _is_bmp(head)
            or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"))


def is_rtf(s: Sample) -> bool:
    return s.head.startswith(b"{\\rtf")


def is_html(s: Sample) -> bool:
    """Text that starts like a page and carries page tags, or text under a web-page extension
    (Markdown never: it may hold inline HTML)."""
    if not is_text(s) or s.suffix in MARKDOWN_EXTS:
        return False
    low = _as_ascii(s.head).lower().lstrip()
    if low.startswith(b"\xef\xbb\xbf"):
        low = low[3:].lstrip()
    if low.startswith(_HTML_START) and (b"<html" in low or b"<body" in low
                                        or b"<head" in low or b"<div" in low
                                        or low.startswith(b"<!doctype html")):
        return True
    if b"<html" in low[:1024] or (b"<body" in low and b"</" in low):
        return True
    return s.suffix in HTML_EXTS


def is_text(s: Sample) -> bool:
    return _looks_textual(s.head)


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
