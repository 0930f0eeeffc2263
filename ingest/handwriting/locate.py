"""Where the handwritten parts of a form sit, from Tesseract's word boxes.

The printed anchors around them are read reliably even when the handwriting is not: `Số:`
and the slash of the type code (`/QĐ-UBND`) around the number, `ngày`, `tháng`, `năm` around
the day and month. A word that swallowed the handwriting (`Sô:.4@`, `ngàw`Ÿtháng`) still has
its printed part at one end: its edge there is estimated from the printed letters' width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban.corpus.vntext import fold
from vanban.ingest.readers.ocr import Word

HEAD_SHARE = 0.45  # the number and date lines sit in the top part of the first page
NUMBER_SHARE = 0.3  # the number line: in the top third
# printed widths in inches of the anchors at the usual 13-14 pt (measured on real scans)
_WIDTH_IN = {"so": 0.23, "ngay": 0.36, "thang": 0.43, "nam": 0.33}

_SO = re.compile(r"^s[o0ô6ó][:;.]?$")
_GAP_DIGITS = re.compile(r"^\d{1,5}$")
# a type code whose slash the printed pass lost: `QĐ-HKH`, `IKH-PGDĐT` (the slash read as I)
_CODE = re.compile(r"^[|Il1\[(]?([A-ZĐ][A-ZĐa-zđ&]*(?:-[A-ZĐ][A-ZĐa-zđ&]*)+)[.,;]?$")


@dataclass(frozen=True)
class Gap:
    """A box (left, top, right, bottom) of the OCR'd page where handwriting is expected, and
    what the printed pass read there."""

    field: str  # so | ngay | thang
    box: tuple[int, int, int, int]
    printed: str  # the words Tesseract read in the gap (may be debris)
    printed_conf: float  # their lowest confidence (0 when none)
    line_height: int
    # for `anchors.refine` to find the printed slash in the pixels: the right end of the type
    # code after the number gap (-1: unknown) and the slashes inside that code
    code_right: int = -1
    code_slashes: int = 0


@dataclass(frozen=True)
class Header:
    """The located number and date lines of a page."""

    gaps: dict[str, Gap]
    symbol: str | None  # the printed type code after the slash (`QĐ-UBND`, `2017/TT-BGDĐT`)
    year: int | None  # the printed year after `năm`
    number_line: str
    date_line: str


def _key(text: str) -> str:
    return fold(text).lower()


def _lines(words: list[Word], height: int) -> list[list[Word]]:
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        if w.top < height * HEAD_SHARE:
            lines.setdefault(w.line, []).append(w)
    return list(lines.values())


def _printed(ws: list[Word]) -> tuple[str, float]:
    text = "".join(w.text for w in ws)
    return text, min((w.conf for w in ws), default=0.0)


def _band(ref: Word, h: int, page_h: int) -> tuple[int, int]:
    return max(0, ref.top - int(0.7 * h)), min(page_h, ref.bottom + int(0.5 * h))


def number_gap(ws: list[Word], dpi: int, page_h: int) -> tuple[Gap, str | None] | None:
    """The gap between `Số:` and the slash of the type code, on a line starting with `Số`."""
    for i, w in enumerate(ws[:3]):
        k = _key(w.text)
        if not k.startswith("so") and not k.startswith("s6"):
            continue
        h = max(w.height, int(0.12 * dpi))
        merged = not _SO.match(k) and not k.startswith(("so:", "so.")) or len(k) > 3
        left = w.left + int(_WIDTH_IN["so"] * dpi) if merged else w.right
        rest = ws[i + 1:]
        if merged:
            rest = [w, *rest]
        if rest and not merged and rest[0].text in (":", ".", ";"):
            left = rest[0].right
            rest = rest[1:]
        # the word holding the slash of the type code
        for j, s in enumerate(rest):
            at = s.text.find("/")
            if at < 0:
                continue
            if s is w:  # `Só:/Z⁄/QĐ-UBND`: printed `Số:` on the left, `/QĐ-UBND` on the right
                at = s.text.rfind("/", 0, len(s.text) - 3)
                tail = s.text[at:]
                share = len(tail) / max(1, len(s.text) - 3)
                right = s.right - int(share * (s.width - left + s.left))
            elif at == 0:
                right = s.left
            else:  # `oz/QĐ-HKH`: the printed code's width from its letters (~0.62 h each)
                tail = s.text[at:]
                right = min(s.right - int(s.width * len(tail) / len(s.text)),
                            s.right - int(0.62 * h * len(tail)))
            parts, prev = [s.text[at + 1:]], s
            for x in rest[j + 1:]:  # the code's words that follow closely (`/SGDDT- VP`)
                if x.left - prev.right > 1.5 * h:
                    break
                parts.append(x.text)
                prev = x
            symbol = "".join(parts).strip(" .,;") or None
            top, bottom = _band(w, h, page_h)
            inside = [x for x in rest[:j] if x is not w]
            text, conf = _printed(inside)
            pre = s.text[:at] if s is not w else ""
            if pre:
                text += pre
                conf = min(conf, s.conf) if inside else s.conf
            if right - left < 0.05 * dpi:
                return None
            return Gap("so", (left, top, right, bottom), text, conf, h, prev.right,
                       (symbol or "").count("/")), symbol
        return _code_without_slash(w, rest, left, h, dpi, page_h)
    return None


def _code_without_slash(w: Word, rest: list[Word], left: int, h: int, dpi: int,
                        page_h: int) -> tuple[Gap, str | None] | None:
    """`Số: 06 QĐ-HKH`: the printed pass lost the slash (read as `I`, `l`, or not at all);
    the type code itself (capitals joined by hyphens) still ends the gap, and
    `anchors.refine` finds the slash in the pixels."""
    for j, s in enumerate(rest):
        if s is w:
            continue
        m = _CODE.match(s.text)
        if not m:
            continue
        right = s.left
        if right - left < 0.05 * dpi:
            return None
        top, bottom = _band(w, h, page_h)
        text, conf = _printed([x for x in rest[:j] if x is not w])
        return Gap("so", (left, top, right, bottom), text, conf, h, s.right, 0), m.group(1)
    return None


def _right_of(w: Word, anchor: str, dpi: int) -> int:
    """Where the printed `anchor` at the start of word `w` ends: its box's right edge, unless
    the box is much wider than the printed word (handwriting swallowed after it)."""
    e = _WIDTH_IN[anchor] * dpi
    return w.left + int(e) if w.width > 1.3 * e else w.right


def _left_of(w: Word, anchor: str, dpi: int) -> int:
    """Where the printed `anchor` at the end of word `w` starts (see `_right_of`)."""
    e = _WIDTH_IN[anchor] * dpi
    return w.right - int(e) if w.width > 1.3 * e else w.left


def _is_ngay(k: str) -> bool:
    return k.startswith("ngay") or (k.startswith("nga") and not k.startswith("ngan"))


def _typed_month(inside: list[Word], key: str, th: Word, h: int) -> bool:
    """A `tháng` box followed, a word space apart, by typed digits: a wide box then swallowed
    the end of the day written before it, not the month (`ngày 1` + `7tháng` + `5`)."""
    text, conf = _printed(inside)
    return (key == "thang" and bool(inside) and conf >= 90
            and bool(_GAP_DIGITS.match(text.strip(" .,:;")))
            and inside[0].left - th.right >= 0.5 * h)


def date_gaps(ws: list[Word], dpi: int, page_h: int) -> tuple[list[Gap], int | None]:
    """The gaps after `ngày` and after `tháng` on a `…, ngày __ tháng __ năm 2019` line."""
    keys = [_key(w.text) for w in ws]
    i_thang = next((i for i, k in enumerate(keys) if "thang" in k), None)
    if i_thang is None:
        return [], None
    i_ngay = next((i for i in range(i_thang, -1, -1) if _is_ngay(keys[i])), None)
    i_nam = i_thang if "nam" in keys[i_thang][5:] else next(
        (i for i in range(i_thang + 1, len(ws))
         if keys[i].startswith("nam") or keys[i].endswith("nam")), None)
    if i_ngay is None or i_nam is None:
        return [], None
    year = None
    for w in ws[i_nam:i_nam + 2]:
        m = re.search(r"(19|20)\d\d", w.text)
        if m:
            year = int(m.group(0))
            break
    ng, th, nm = ws[i_ngay], ws[i_thang], ws[i_nam]
    h = max(min(ng.height, th.height), int(0.12 * dpi))
    top, bottom = _band(th, h, page_h)
    gaps: list[Gap] = []
    # day: after the printed `ngày`, before the printed `tháng` (both may share a word)
    d_left = _right_of(ng, "ngay", dpi)
    e_thang, e_nam = int(_WIDTH_IN["thang"] * dpi), int(_WIDTH_IN["nam"] * dpi)
    clean_thang = keys[i_thang].startswith("thang") and th is not ng
    typed = nm is not th and _typed_month(ws[i_thang + 1:i_nam], keys[i_thang], th, h)
    if clean_thang and typed and th.width > 1.3 * e_thang:
        # the wide box swallowed the end of the day written before it: the printed word is
        # at the box's right end (`ngày 1` + `7tháng` + typed `5`)
        d_right = th.right - e_thang
    elif clean_thang:
        d_right = th.left
    else:  # `ngàw`Ÿtháng`, `oếtháng`: the printed word is at the right end of the box
        d_right = th.right - e_thang - (e_nam if nm is th else 0)
    inside = ws[i_ngay + 1:i_thang]
    text, conf = _printed(inside)
    if not clean_thang:
        text, conf = "", 0.0  # the printed pass merged the gap into a word: debris
    if d_right - d_left >= 0.05 * dpi:
        gaps.append(Gap("ngay", (d_left, top, d_right, bottom), text, conf, h))
    # month: after `tháng`, before `năm`
    if nm is th:  # `tháng+năm`: the month written between the two printed words
        m_left = th.left + e_thang if clean_thang else d_right + e_thang
        m_right = th.right - e_nam
        text, conf = "", 0.0
    else:
        m_left = _right_of(th, "thang", dpi) if keys[i_thang].startswith("thang") else th.right
        m_right = _left_of(nm, "nam", dpi) if keys[i_nam].endswith("nam") else nm.left
        inside = ws[i_thang + 1:i_nam]
        text, conf = _printed(inside)
        if typed:
            m_left = th.right
        if nm.width > 1.3 * e_nam or (keys[i_thang].startswith("thang")
                                      and th.width > 1.3 * e_thang and not typed):
            text, conf = "", 0.0
    if m_right - m_left >= 0.05 * dpi:
        gaps.append(Gap("thang", (m_left, top, m_right, bottom), text, conf, h))
    return gaps, year


def locate(words: list[Word], dpi: int, page_size: tuple[int, int]) -> Header | None:
    """The number gap and the day/month gaps of a first page, or None when neither line is
    there (not a form: a report, a letter without a number line)."""
    _, page_h = page_size
    gaps: dict[str, Gap] = {}
    symbol = year = None
    number_line = date_line = ""
    lines = _lines(words, page_h)
    so_top = None
    for ws in lines:
        found = number_gap(ws, dpi, page_h)
        if found and found[0].box[1] < page_h * NUMBER_SHARE:
            gaps["so"], symbol = found
            so_top = found[0].box[1]
            number_line = " ".join(w.text for w in ws)
            break
    for ws in lines:
        dgaps, y = date_gaps(ws, dpi, page_h)
        if not dgaps:
            continue
        top = dgaps[0].box[1]
        # the date line sits beside or just under the number line (a cited date in the
        # body, `Căn cứ … ngày 19 tháng 6 năm 2013`, is further down)
        near = abs(top - so_top) < 1.2 * dpi if so_top is not None else top < page_h * NUMBER_SHARE
        if near:
            for g in dgaps:
                gaps[g.field] = g
            year = y
            date_line = " ".join(w.text for w in ws)
            break
    if not gaps:
        return None
    return Header(gaps, symbol, year, number_line, date_line)


def clean_printed(gap: Gap, min_conf: float = 85) -> str | None:
    """The printed pass's reading of a gap when it is plain digits read confidently (a typed
    number: no need for the handwriting reader), else None."""
    t = gap.printed.strip(" .,:;")
    return t if _GAP_DIGITS.match(t) and gap.printed_conf >= min_conf else None
