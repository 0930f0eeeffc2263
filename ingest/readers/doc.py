"""Word 97-2003 `.doc` through antiword (Debian `antiword`), catdoc only as a fallback.

Chosen on the real files r001/r006/r008: antiword (`-m UTF-8.txt -w 0`) gives every
diacritic right (NFD kept as typed, NFC applied here), one paragraph per line, and the
header/signature tables as `|cell|cell|` rows; catdoc loses r008's whole header table,
splits r001's numbered items and appends binary garbage (`h¾ Œ gd`, CJK noise) after the
body of all three. Text in TCVN3/VNI fonts comes out as Latin-1 letters and is converted.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from vanban.corpus.legacy import detect_legacy, to_unicode
from vanban.corpus.schema import Page, ReadResult
from vanban.corpus.vntext import nfc
from vanban.ingest.errors import ReadError
from vanban.ingest.readers.tables import table_paragraphs
from vanban.ingest.tools import antiword, catdoc

_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_GAP = re.compile(r" {4,}|\t[\t ]+|[ ]+\t[\t ]*")


def _antiword(path: Path) -> str | None:
    return antiword.to_text(path) if antiword.available() else None


def _catdoc(path: Path) -> str | None:
    return catdoc.to_text(path) if catdoc.available() else None


def _pipes(line: str) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(line.rstrip()) if c == "|")


def tidy(text: str) -> str:
    """antiword layout to paragraphs, a blank line between them.

    Runs of `|cell|cell|` rows with the same column borders are one table; lines split by
    a wide gap (4+ spaces, or a tab run) are a table laid out with spaces or tabs (a header
    typed without a table). Layout tables are read column by column, data tables as
    `cell | cell` rows (see `tables`). Indentation and runs of spaces are dropped."""
    out: list[str] = []
    rows: list[list[str]] = []
    borders: tuple[int, ...] | None = None

    def flush() -> None:
        nonlocal rows, borders
        if rows:
            out.extend(table_paragraphs(rows))
        rows, borders = [], None

    for line in text.split("\n"):
        m = _TABLE_ROW.match(line)
        if m:
            sig = _pipes(line)
            if borders is not None and sig != borders:
                flush()
            borders = sig
            rows.append([" ".join(c.split()) for c in m.group(1).split("|")])
            continue
        body = line.strip()
        cells = [c for c in _GAP.split(body) if c.strip()] if body else []
        if len(cells) >= 2:
            if borders != ():
                flush()
            borders = ()
            rows.append([" ".join(c.split()) for c in cells])
            continue
        flush()
        s = " ".join(body.split())
        if s:
            out.append(s)
    flush()
    return "\n\n".join(out)


def check_ole(path: Path) -> None:
    """Refuse, with a clear message, OLE files that are not Word text: an encrypted Office
    file (OOXML inside an OLE `EncryptedPackage`), Excel/PowerPoint saved as .doc, or a
    Word file with its encryption flag set (FIB fEncrypted)."""
    try:
        import olefile
    except ImportError:  # the external tools will judge the file
        return
    try:
        if not olefile.isOleFile(str(path)):
            raise ReadError("tệp .doc hỏng (không phải tệp Word 97-2003)")
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("\x06DataSpaces"):
                raise ReadError("tệp Office có mật khẩu (bị mã hóa), không đọc được")
            if not ole.exists("WordDocument"):
                kind = "bảng tính Excel" if ole.exists("Workbook") or ole.exists("Book") else (
                    "bản trình chiếu" if ole.exists("PowerPoint Document") else "tệp OLE lạ")
                raise ReadError(f"không phải văn bản Word mà là {kind}")
            fib = ole.openstream("WordDocument").read(12)
            if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & 0x0100:
                raise ReadError("tệp .doc có mật khẩu (bị mã hóa), không đọc được")
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile raises many kinds on broken files
        raise ReadError("tệp .doc hỏng, không đọc được") from exc


def read(path: Path) -> ReadResult:
    t0 = time.perf_counter()
    check_ole(path)
    tool = "antiword"
    raw = _antiword(path)
    if raw is None:
        tool = "catdoc"
        raw = _catdoc(path)
    if raw is None:
        if not (antiword.available() or catdoc.available()):
            raise ReadError("không tìm thấy antiword/catdoc để đọc tệp .doc (cài gói antiword)")
        raise ReadError("tệp .doc hỏng hoặc không phải văn bản Word, không đọc được")
    meta: dict = {"tool": tool}
    chunks = raw.split("\f")
    pages: list[Page] = []
    seconds = time.perf_counter() - t0
    for chunk in chunks:
        text = chunk
        method = "doc"
        legacy = detect_legacy(text)
        if legacy:
            text = to_unicode(text, legacy)
            method = f"converted-{legacy}"
            meta["encoding"] = legacy
        text = tidy(nfc(text))
        if text or not pages:
            pages.append(Page(number=len(pages) + 1, text=text, method=method))
    for p in pages:
        p.seconds = seconds / len(pages)
    return ReadResult(pages=pages, format="doc", meta=meta)
