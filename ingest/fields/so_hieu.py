"""so_hieu: the document's own number and symbol, normalized, and the type its symbol names.

Three formats occur: administrative `58/KH-TLĐ`, normative `30/2020/NĐ-CP`, Party-style
`34-CT/TW`. Conversion noise is repaired where it is unambiguous (spaces, `LĐLD` for `LĐLĐ`);
a blank number in a draft (`Số:    /TTr`) stays null: never invented.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vanban.corpus import data
from vanban.corpus.schema import Record
from vanban.corpus.vntext import fold
from vanban.ingest.fields._common import Cell, cells, span

# "Số:" label (OCR: "Sô", "So") then number (may be blank) then the symbol.
# `Số:`, a law's `Luật số:`, and OCR damage to the label (`Sé;`, `só:`)
_LABEL = re.compile(r"\b(?:(?:Luật|Pháp lệnh|Lệnh)\s+)?S[ốôoóéòồổ]\s*[:;.]?\s*", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?P<num>[0-9]{1,6}[a-z]?)?\s*(?P<sym>(?:/\s*[0-9]{4}\s*)?[/-]\s*"
    r"[A-ZĐÐa-zđ][\wĐđ&.]*(?:\s?[/-]\s?[A-ZĐÐa-zđ0-9][\wĐđ&.]*)*)"
)
# Union/administrative abbreviations whose Đ is often read as D: folded → canonical.
# Only parts whose folded form is not itself another code (HD/HĐ, DA/ĐA are both real codes).
KNOWN_PARTS = [
    "LĐLĐ", "TLĐ", "CĐN", "CĐCS", "CĐGD", "PĐTĐ", "QĐ", "NĐ", "GD&ĐT", "PGD&ĐT", "SGDĐT",
    "BGDĐT", "TĐKT", "CĐVC", "LĐTBXH", "BLĐTBXH", "TLĐLĐ",
]
_PARTS = {fold(p): p for p in KNOWN_PARTS}


@lru_cache(maxsize=1)
def type_codes() -> dict[str, str]:
    """Symbol code (folded) → type name, from corpus/data/loai_van_ban.tsv."""
    out: dict[str, str] = {}
    for name, codes in data.loai_van_ban():
        for code in codes:
            out.setdefault(fold(code), name)
    return out


def normalize_number(raw: str) -> str:
    """`276 /BC - LĐLD` → `276/BC-LĐLĐ`: spaces dropped, look-alike Ð fixed, known parts."""
    s = re.sub(r"\s+", "", raw.replace("\u00d0", "Đ")).strip("-/.,;:")
    parts = re.split(r"([/-])", s)
    fixed = []
    for p in parts:
        f = fold(p)
        if p not in "/-" and f in _PARTS and any(c.isupper() for c in p):
            fixed.append(_PARTS[f])
        else:
            fixed.append(p)
    return "".join(fixed)


def type_from_symbol(number: str) -> str | None:
    """Type a symbol names: `58/KH-TLĐ` → Kế hoạch, `34-CT/TW` → Chỉ thị, `123/UBND-VP` → None."""
    codes = type_codes()
    m = re.match(r"^[0-9]+[a-z]?-([^/]+)/", number)  # Party style: 34-CT/TW
    if m:
        return codes.get(fold(m.group(1)))
    body = re.sub(r"^[0-9]*[a-z]?/(?:[0-9]{4}/)?", "", number)
    first = re.split(r"[-/]", body)[0] if body else ""
    return codes.get(fold(first))


_THIN = set("IL1T|!J")  # thin upright glyphs Tesseract swaps, adds or drops in a code


def _ocr_variant(read: str, code: str) -> bool:
    """`read` is `code` with one thin upright glyph swapped for another, added or dropped
    (`TIr`, `TTIr` for `TTr`); any other difference (`KT` for `KH`) is a different code."""
    if read == code or abs(len(read) - len(code)) > 1:
        return False
    if len(read) == len(code):
        diff = [(x, y) for x, y in zip(read, code, strict=True) if x != y]
        return len(diff) == 1 and diff[0][0] in _THIN and diff[0][1] in _THIN
    short, long_ = sorted((read, code), key=len)
    return any(long_[:i] + long_[i + 1:] == short and long_[i] in _THIN
               for i in range(len(long_)))


def agree_with_type(number: str, loai: str) -> str:
    """The symbol's type code read again against the type printed in the title: OCR damages
    a code's letters (`875/TIr-SGDĐT`, `TTIr` for `TTr`), the title word is read whole. A
    code that names no type and is one thin glyph away from a code of the title's type is that
    code; a code that is itself some type's code is never changed."""
    m = re.match(r"^([0-9]+[a-z]?/(?:[0-9]{4}/)?)([^-/]+)(.*)$", number)
    if not m or type_from_symbol(number) is not None:
        return number
    code = m.group(2)
    wanted = [c for name, codes in data.loai_van_ban() if name == loai for c in codes]
    near = [c for c in wanted if len(c) >= 2 and _ocr_variant(fold(code).upper(), fold(c).upper())]
    return f"{m.group(1)}{near[0]}{m.group(3)}" if len(near) == 1 else number


def find_label(rec: Record, limit: int = 40):
    """The `Số: …` cell in the header (first `limit` lines): (cell, match of the number) or None."""
    for c in cells(rec):
        if c.line >= limit:
            break
        m = _LABEL.match(c.text)
        if not m:
            continue
        rest = c.text[m.end():]
        # a number split from its symbol by column spacing ("Số: 25   /KH-PGD&ĐT")
        line_text = rec.text[c.start:].split("\n", 1)[0]
        lm = _LABEL.match(line_text)
        if lm:
            rest = line_text[lm.end():]
            rest = re.split(r"\s{3,}(?=[^\s/-])|\|", rest)[0] if not re.match(
                r"^\s*[0-9]*\s{3,}/", rest) else re.sub(r"(?<=\d)\s{3,}(?=/)", " ", rest)
            rest = re.split(r"\s{3,}|\|", rest)[0]
        n = _NUMBER.match(rest.strip())
        if n:
            return c, n, rest.strip()
        if re.match(r"^S\S*\s*[:;]", c.text) and "/" in rest:
            return None  # the number line, its number unreadable: a later `Số:` is another's
    return None


def _stray_number(rec: Record, label: Cell) -> re.Match[str] | None:
    """A number typed into a blank `Số: /PGDĐT` that the PDF content stream put a few lines
    lower, alone in its cell (`537 | Cù Lao Dung, ngày …`)."""
    for c in cells(rec):
        if c.line <= label.line or c.line > label.line + 4:
            continue
        m = re.fullmatch(r"[0-9]{1,5}", c.text)
        if m and c.col == 0:
            return re.compile(r"[0-9]{1,5}").search(rec.text, c.start, c.end)
    return None


def extract(rec: Record) -> None:
    found = find_label(rec)
    if not found:
        return
    c, m, rest = found
    raw = m.group(0).strip()
    rec.so_hieu_raw = raw
    if not m.group("num"):
        num = _stray_number(rec, c)
        if num is None:
            return  # blank number in a draft: null, not invented
        raw = f"{num.group(0)}{raw.strip()}"
        rec.so_hieu_raw = raw
        rec.so_hieu = normalize_number(raw)
        rec.provenance["so_hieu"] = span(rec, num.start(), num.end())
        loai = type_from_symbol(rec.so_hieu)
        if loai:
            rec.meta["loai_ky_hieu"] = loai
        return
    rec.so_hieu = normalize_number(raw)
    start = rec.text.find(raw, c.start)
    start = start if start >= 0 else c.start
    rec.provenance["so_hieu"] = span(rec, start, start + len(raw))
    loai = type_from_symbol(rec.so_hieu)
    if loai:
        rec.meta["loai_ky_hieu"] = loai
