"""Shared helpers for the field extractors: line/cell views of the text, spans, name casing.

Official documents put two blocks side by side (issuer | national motto, number | date line);
readers give them as pipe tables (antiword), runs of spaces (pdftotext -layout) or separate
paragraphs. `cells(rec)` cuts every line into its column cells with absolute offsets, so the
extractors can read a header cell by cell whatever the layout was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vanban.corpus import data
from vanban.corpus.keys import text_key
from vanban.corpus.schema import Record, Span

_CELLS: dict[int, tuple[str, list[Cell]]] = {}
_CELL_SEP = re.compile(
    r"\s*\|\s*|\t+\s*|\s{3,}"
    # OCR and plain PDF text join the two header columns with a single space: cut before the
    # national motto and before a signature block's title (a date line's place: `_PLACE_DATE`)
    r"|\s+(?=(?:C[ỘỌO]NG H[ÒOÓ]A X[ÃA] H[ỘỌO]I|Độc lập\s*[-–]))"
    r"|(?<=[;:,)\w])\s+(?=(?:TM|KT|TL|TUQ|Q)\.\s*[A-ZĐỦ])"
    r"|(?<=[;:,)])\s+(?=(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG PHÒNG|HIỆU TRƯỞNG|TRƯỞNG BAN)\s*$)"
)
_PLACE_DATE = re.compile(
    r"(?<=\S)\s+(?P<p>(?:[A-ZĐÐ][a-zà-ỹđ]*\s){0,3}[A-ZĐÐ][a-zà-ỹđ]*,\s*ng[àa][yu]\b)")
_PLACE_START = re.compile(r"\s*(?:[A-ZĐÐ][a-zà-ỹđ]*\s){0,3}[A-ZĐÐ][a-zà-ỹđ]*,\s*ng[àa][yu]\b")
_MD = re.compile(r"^[#>\s]*|[*_]{1,3}")
# the national motto's first line, also as OCR damages it (`CỌNG HOA XA HỘI`), and its second
# OCR may damage the first and last letters (`GỘNG HÒA XÃ HỘF`): the middle is enough
MOTTO = re.compile(r"^[CG]?[ỘỌOÔỐỒ]NG\s*H[ÒOÓÕ]A\s+X[ÃA]\s+H[ỘỌO]", re.IGNORECASE)
MOTTO_SECOND = re.compile(r"^Độc lập\s*[-–—]", re.IGNORECASE)


@dataclass
class Cell:
    """One column cell of one line: its text (markdown marks removed) and where it is."""

    text: str
    start: int  # offset in Record.text
    end: int
    para: int  # paragraph index
    line: int  # running line number in the document
    col: int  # column number within the line


class _Cut:
    """A separator position (what `re.Match` gives: start and end)."""

    def __init__(self, start: int, end: int) -> None:
        self._s, self._e = start, end

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e


def _separators(raw: str) -> list[_Cut]:
    """Column separators of one line; a date line glued to the number (`Số: 403/KH-CĐN Hà Nội,
    ngày …`) is cut before its place."""
    cuts = [_Cut(m.start(), m.end()) for m in _CELL_SEP.finditer(raw)]
    bounds = [0] + [c.end() for c in cuts]
    ends = [c.start() for c in cuts] + [len(raw)]
    extra = []
    for b, e in zip(bounds, ends, strict=True):
        if _PLACE_START.match(raw, b, e):
            continue  # the cell already starts with the place
        m = _PLACE_DATE.search(raw, b, e)
        if m and m.start("p") > b:
            extra.append(_Cut(m.start(), m.start("p")))
    return sorted(cuts + extra, key=lambda c: c.start())


def strip_md(s: str) -> str:
    """Drop markdown emphasis/heading marks (`**`, `*`, `##`) that web/markdown captures carry."""
    return _MD.sub("", s).strip()


def cells(rec: Record) -> list[Cell]:
    """All non-empty column cells of the document, in reading order (line by line)."""
    cached = _CELLS.get(id(rec))
    if cached and cached[0] is rec.text:
        return cached[1]
    out: list[Cell] = []
    lineno = 0
    for p in rec.paragraphs:
        off = p.start
        for raw in p.text.split("\n"):
            pos = 0
            col = 0
            for m in _separators(raw) + [None]:
                end = m.start() if m else len(raw)
                piece = raw[pos:end]
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    txt = piece.strip()
                    clean = strip_md(txt)
                    if clean:
                        s = off + pos + lead
                        out.append(Cell(clean, s, s + len(txt), p.index, lineno, col))
                        col += 1
                if m:
                    pos = m.end()
            off += len(raw) + 1
            lineno += 1
    if len(_CELLS) > 8:
        _CELLS.clear()
    _CELLS[id(rec)] = (rec.text, out)
    return out


def para_of(rec: Record, offset: int) -> int | None:
    """Index of the paragraph holding `offset` in `rec.text`."""
    lo, hi = 0, len(rec.paragraphs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        p = rec.paragraphs[mid]
        if offset < p.start:
            hi = mid - 1
        elif offset > p.end:
            lo = mid + 1
        else:
            return mid
    return None


def span(rec: Record, start: int, end: int) -> Span:
    """A Span for characters start..end of `rec.text` (page and paragraph looked up)."""
    idx = para_of(rec, start)
    page = rec.paragraphs[idx].page if idx is not None else None
    return Span(page=page, paragraph=idx, start=start, end=end)


@lru_cache(maxsize=16384)  # the same lines are asked about by zones, header and don_vi
def is_upper(s: str) -> bool:
    """True when the letters of `s` are (almost) all capitals: title blocks and header lines."""
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) >= 0.9 * len(letters)


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """Folded province name → canonical name (with diacritics), from corpus/data/tinh.tsv."""
    out: dict[str, str] = {}
    for row in data.rows("tinh.tsv"):
        canon = row[0]
        out[text_key(canon)] = canon
        for v in row[1:]:
            for alt in v.split("|"):
                if alt.strip():
                    out[text_key(alt)] = canon
    return out


# Acronyms kept in capitals when an all-caps line is recased.
ACRONYMS = {
    "THCS", "THPT", "TH", "MN", "TNHH", "CP", "UBND", "HĐND", "MTTQ", "CNVCLĐ", "CNVC", "CNLĐ",
    "LĐLĐ", "TLĐ", "CĐCS", "CĐN", "BCH", "BTV", "GD&ĐT", "TP", "VN", "XK", "TW", "PTDTNT",
    "THCS&THPT", "TH&THCS", "ĐVCĐ", "NLĐ", "ATVSLĐ", "TULĐTT", "COVID", "XIII", "XII", "XI",
    "XXI", "XX", "XV", "XVI", "IV", "V", "VI", "VII", "VIII", "IX", "X", "II", "III", "I",
    "CBNGNLĐ", "GDNN", "GDTX", "UBKT", "CĐ", "LĐ", "TĐKT", "CSTĐ", "LĐTT", "CBCCVC",
}


def sentence_case(s: str) -> str:
    """An all-caps title (`KẾT QUẢ PHONG TRÀO …`) as a sentence, acronyms kept (`CNVCLĐ`)."""
    words = s.split()
    out = []
    for i, w in enumerate(words):
        core = w.strip("(),.;:“”\"'")
        if core.upper() in ACRONYMS or (core.isupper() and any(c.isdigit() for c in core)):
            out.append(w)
        else:
            low = w.lower()
            out.append(low[:1].upper() + low[1:] if i == 0 else low)
    text = " ".join(out)
    # proper names that follow a place word keep their capitals
    return recase_places(text)


_PLACE_WORD = re.compile(
    r"\b(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|trường(?: [A-ZĐ&]{2,})?)\s+"
    r"((?:[^\W\d_]+)(?:\s+[^\W\d_]+){0,3})",
    re.IGNORECASE,
)


def recase_places(text: str) -> str:
    """Capitalise a province name after `tỉnh`/`thành phố` (`tỉnh lai châu`→`tỉnh Lai Châu`)."""
    prov = provinces()

    def fix(m: re.Match[str]) -> str:
        words = m.group(2).split()
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            if text_key(cand) in prov:
                rest = " ".join(words[n:])
                return f"{m.group(1)} {prov[text_key(cand)]}" + (f" {rest}" if rest else "")
        return m.group(0)

    return _PLACE_WORD.sub(fix, text)


def title_words(s: str) -> str:
    """Every word capitalised, acronyms kept: for names of people and places."""
    out = []
    for w in s.split():
        if w.upper() in ACRONYMS and w.isupper():
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:].lower())
    return " ".join(out)
