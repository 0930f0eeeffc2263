"""Guards against hostile files, shared by the readers and run by the pipeline before a read.

A union archive holds decades of files from many machines; some are broken, some are built to
hurt a parser (zip bombs, XML entity expansion, decompression-bomb images, PDFs with
thousands of pages). Every guard here looks only at headers and bounded prefixes, so it costs
milliseconds and a few MB whatever the file claims, and refuses with a Vietnamese message
(`UnsafeFile`, a `ReadError`) instead of letting a reader try.

Call sites: each format's row in `ingest.formats` names its preflight guard, run by
`formats.preflight(path, fmt)` in `ingest.pipeline.process_file` (every file);
`check_zip` / `check_ooxml_xml` in the DOCX reader before python-docx opens the package;
`safe_xml_parser()` wherever XML is parsed by hand; `check_page_count` in the PDF reader right
after opening; `configure_pillow()` (done on import) / `check_image` in the image reader;
`check_html_depth` in the HTML reader before walking the tree recursively; `scrub` on every
string that goes to SQLite or the index.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from vanban.ingest.errors import ReadError, UnsafeFile

# Sizes a real office document never reaches; beyond them the file is treated as an attack.
MAX_ZIP_TOTAL = 200 * 1024 * 1024  # all members uncompressed together
MAX_ZIP_RATIO = 200  # expansion of one member ...
RATIO_FLOOR = 10 * 1024 * 1024  # ... once it is bigger than this (small XML compresses well)
MAX_ZIP_MEMBERS = 20_000
XML_PROLOG_BYTES = 64 * 1024  # how far into an XML part a DOCTYPE is looked for
MAX_IMAGE_PIXELS = 180_000_000  # ~ an A0 page at 600 dpi
MAX_IMAGE_FRAMES = 1000
MAX_PDF_PAGES = 2000
MAX_HTML_DEPTH = 400


# -- zip packages (DOCX, XLSX, ...) ------------------------------------------------------
def check_zip(path: Path, max_ratio: float = MAX_ZIP_RATIO, max_total: int = MAX_ZIP_TOTAL,
              max_members: int = MAX_ZIP_MEMBERS, label: str = "DOCX") -> None:
    """Refuse a zip whose members would expand beyond the limits (a zip bomb).

    Only the central directory is read. The declared sizes are trusted on purpose: Python's
    zipfile never returns more than a member's declared size (and fails the CRC check if the
    data lies), so these sizes bound what any reader can be made to inflate.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeFile(f"tệp {label} hỏng (không mở được gói zip)") from exc
    if len(infos) > max_members:
        raise UnsafeFile(f"tệp {label} có quá nhiều phần ({len(infos)}), nghi là tệp độc hại")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and \
                info.file_size > max_ratio * max(1, info.compress_size):
            raise UnsafeFile(f"tệp {label} nén bất thường (phần {info.filename!r} nở gấp "
                             f"{info.file_size // max(1, info.compress_size)} lần), "
                             "nghi là bom giải nén, không đọc")
    if total > max_total:
        raise UnsafeFile(f"tệp {label} giải nén ra quá lớn ({total // (1024 * 1024)} MB), "
                         "nghi là bom giải nén, không đọc")


_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def xml_declares_dtd(prefix: bytes) -> bool:
    """True if an XML document's start declares a DTD or entities (XXE, billion laughs).

    Office XML never has a DOCTYPE, so refusing any is safe and needs no full parse."""
    if prefix.startswith((b"\xff\xfe", b"\xfe\xff")) or prefix[1:2] == b"\x00" or \
            prefix[:1] == b"\x00":
        try:
            prefix = prefix.decode("utf-16", errors="ignore").encode("utf-8")
        except (UnicodeError, ValueError):
            return True
    return _DTD.search(prefix) is not None


def check_ooxml_xml(path: Path, label: str = "DOCX") -> None:
    """Refuse an Office package whose XML parts declare a DTD or entities.

    Reads at most XML_PROLOG_BYTES of each .xml/.rels part (call after `check_zip`)."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                with zf.open(info) as fh:
                    prefix = fh.read(XML_PROLOG_BYTES)
                if xml_declares_dtd(prefix):
                    raise UnsafeFile(
                        f"tệp {label} chứa khai báo DTD/thực thể XML trong {info.filename!r} "
                        "(có thể là tấn công XXE hoặc bom thực thể), không đọc")
    except UnsafeFile:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
        raise UnsafeFile(f"tệp {label} hỏng hoặc bị mã hóa, không đọc được") from exc


def safe_xml_parser():
    """An lxml parser that never resolves entities, loads a DTD or touches the network."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def parse_xml(data: bytes):
    """Parse untrusted XML: refuse any DTD first, then parse with `safe_xml_parser`."""
    from lxml import etree

    if xml_declares_dtd(data[:XML_PROLOG_BYTES]):
        raise UnsafeFile("tệp XML chứa khai báo DTD/thực thể, không đọc")
    try:
        return etree.fromstring(data, parser=safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeFile("tệp XML hỏng, không đọc được") from exc


# -- images ----------------------------------------------------------------------------
def configure_pillow() -> None:
    """Pillow's own decompression-bomb guard at our limit (it errors at twice the limit and
    only warns between; `check_image` refuses anything above the limit)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def check_image(path: Path, max_pixels: int = MAX_IMAGE_PIXELS) -> None:
    """Refuse an image whose declared size is too big, before any pixel is decoded."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    configure_pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                frames = getattr(img, "n_frames", 1) or 1
                if frames > MAX_IMAGE_FRAMES:
                    raise UnsafeFile(f"ảnh có quá nhiều trang ({frames}), không đọc")
                w, h = img.size
    except Image.DecompressionBombError as exc:
        raise UnsafeFile("ảnh quá lớn (nghi là bom giải nén), không đọc") from exc
    except UnsafeFile:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise UnsafeFile("không mở được ảnh (tệp hỏng hoặc định dạng ảnh lạ)") from exc
    if w * h > max_pixels:
        raise UnsafeFile(f"ảnh quá lớn ({w}×{h} điểm ảnh), nghi là bom giải nén, không đọc")


# -- PDF and HTML ---------------------------------------------------------------------
def check_page_count(n_pages: int, max_pages: int = MAX_PDF_PAGES) -> None:
    """A document with more pages than a union file ever has is refused, not read for hours."""
    if n_pages > max_pages:
        raise UnsafeFile(f"tệp có quá nhiều trang ({n_pages}; tối đa {max_pages}), không đọc")


def check_html_depth(root, max_depth: int = MAX_HTML_DEPTH) -> None:
    """Refuse a tree nested deeper than any real page (recursive walkers would overflow).

    Iterative, so it is safe on any depth the parser let through."""
    stack = [(root, 1)]
    while stack:
        el, d = stack.pop()
        if d > max_depth:
            raise UnsafeFile(f"tệp HTML lồng nhau quá sâu (hơn {max_depth} cấp), không đọc")
        stack.extend((child, d + 1) for child in el)


# -- text ----------------------------------------------------------------------------
def scrub(text: str) -> str:
    """Make a string storable: lone surrogates (from broken text layers or file names that
    are not UTF-8) become U+FFFD, NUL is dropped. Unchanged text is returned as is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text.replace("\x00", "") if "\x00" in text else text


def display_path(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 are shown as \\xNN (stable, unique)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


__all__ = ["ReadError", "UnsafeFile", "check_html_depth", "check_image", "check_ooxml_xml",
           "check_page_count", "check_zip", "configure_pillow", "display_path", "parse_xml",
           "safe_xml_parser", "scrub", "xml_declares_dtd"]
