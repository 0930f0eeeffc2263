"""Header fields: loai (type), trich_yeu (subject), ngay with its precision, dia_danh.

Read from the title block (the type word in capitals, the subject under it), the date line
(`Lai Châu, ngày 26 tháng 6 năm 2020`) and, for web captures, the publication stamp. Dates the
document cites in its body are never its date: only the date line, the stamp, the minutes'
meeting time (Biên bản) or a year in the title are used. DMY always.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from vanban.corpus import data
from vanban.corpus.keys import text_key
from vanban.corpus.schema import Record
from vanban.corpus.vntext import normalize
from vanban.ingest.fields._common import (
    MOTTO,
    MOTTO_SECOND,
    Cell,
    cells,
    is_upper,
    provinces,
    sentence_case,
    span,
    title_words,
)
from vanban.ingest.fields.so_hieu import agree_with_type
from vanban.ingest.fields.subject import label_subject, title_subject

NEWS = "Tin tức"
HEAD_LINES = 60

_DATE_LINE = re.compile(
    r"(?:(?:(?<=TP\.)|(?<=Tp\.)|(?<=P\.)|(?<![\w&/.-]))"
    r"(?P<place>[A-ZĐÐ][^\W\d_]*(?:[ ][^\W\d_]+){0,3}(?:[ ][0-9]{1,2}(?=[ \t]*[,.]))?)"
    # OCR may read the comma as a full stop: `Đắk Nông. ngày …` (a sentence would say `Ngày`)
    r"[ \t]*(?:,|\.(?=[ \t]*ngày))[ \t]*)?"
    # OCR may damage a vowel of `tháng`/`năm` (`thủng`, `nằm`): th?ng and n?m between numbers
    r"[Nn]gày(?P<d>[\s\S]{0,10}?)th[^\W\d_]{1,2}ng\s*(?P<m>[0-9]{1,2})\s*n[^\W\d_]{1,2}m\s*"
    r"(?P<y>(?:19|20)[0-9]{2})"
)
# the numeric form of a date line, only with its place: "Hà Nội, ngày 15/5/2020"
_DATE_NUM = re.compile(
    r"(?<![\w&/.-])(?P<place>[A-ZĐÐ][^\W\d_]*(?:[ ][^\W\d_]+){0,3})[ \t]*,[ \t]*[Nn]gày\s*"
    r"(?P<d>[0-9]{1,2})\s*[/.-]\s*(?P<m>[0-9]{1,2})\s*[/.-]\s*(?P<y>(?:19|20)[0-9]{2})")
# Web stamps: "Cập nhật lúc 09:50 23/12/2020 (GMT+7)", "21/04/2019 00:28:00",
# "Thứ 2, 19/12/2016 | 00:00"
_STAMP = re.compile(
    r"^(?:Cập nhật(?: lúc)?:?\s*)?(?:Thứ [0-9a-zA-Zà-ỹ]+,?\s*|Chủ nhật,?\s*)?"
    r"(?:(?P<t1>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)\s+)?"
    r"(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>(?:19|20)[0-9]{2})"
    r"(?:\s*\|?\s*(?P<t2>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?))?\s*(?:\(GMT[+-][0-9]+\))?\s*$"
)
# an OCR-damaged date line: the place and the year survive (`Hà Giang, ngàu¿Ÿ tháng ZØ năm 2017`)
_DATE_OCR = re.compile(
    r"^(?P<place>[A-ZĐÐ][^\W\d_]*(?:[ ][^\W\d_]+){0,3})\s*,\s*ng\S{0,6}\s.{0,30}?"
    r"(?P<y>(?:19|20)[0-9]{2})\s*$")
# an annex issued as its own file is dated by the document it goes with
_ATTACHED_TO = re.compile(
    r"^\(\s*(?:Ban hành\s+)?[Kk]èm theo\b[^)]*?ngày\s*([0-9]{1,2})\s*(?:tháng|/)\s*([0-9]{1,2})"
    r"\s*(?:năm|/)\s*((?:19|20)[0-9]{2})")


@lru_cache(maxsize=1)
def type_names() -> list[tuple[str, str]]:
    """(folded key, type name) for every type, longest first (`THÔNG BÁO` before `THÔNG`)."""
    names = [name for name, _codes in data.loai_van_ban()]
    return sorted(((text_key(n), n) for n in names), key=lambda x: -len(x[0]))


def _title_type(text: str) -> tuple[str, str] | None:
    """(type name, rest of the line) when an all-caps cell opens with a type word."""
    if not is_upper(text):
        return None
    k = text_key(text)
    for tk, name in type_names():
        if k == tk or k.startswith(tk + " "):
            rest = text.split(None, len(name.split()))
            return name, (rest[-1] if len(rest) > len(name.split()) else "")
    # OCR-garbled title word (`QUYETDJNH`): fuzzy on the letters only
    squashed = k.replace(" ", "")
    if 5 <= len(squashed) <= 14:
        for tk, name in type_names():
            if len(tk) >= 6 and fuzz.ratio(squashed, tk.replace(" ", "")) >= 85:
                return name, ""
    return None


def find_title(rec: Record, cs: list[Cell]) -> tuple[int, str, str] | None:
    """Index in `cs` of the title cell, its type and the rest of its line."""
    for i, c in enumerate(cs):
        if c.line >= HEAD_LINES + (stamp_line(cs) or 0):
            break
        if MOTTO.match(c.text) or MOTTO_SECOND.match(c.text):
            continue
        t = _title_type(c.text)
        if t:
            return i, t[0], t[1]
    return None


def stamp_line(cs: list[Cell]) -> int | None:
    s = find_stamp(cs)
    return cs[s[0]].line if s else None


def find_stamp(cs: list[Cell]) -> tuple[int, re.Match[str]] | None:
    """The web publication stamp: a cell that is only a date with a time (or `Cập nhật lúc`)."""
    for i, c in enumerate(cs):
        m = _STAMP.match(c.text)
        if m and (m.group("t1") or m.group("t2") or c.text.startswith(("Cập nhật", "Thứ"))):
            return i, m
    return None


def _iso(y: str, m: str, d: str | None = None) -> str | None:
    yi, mi = int(y), int(m)
    if not 1 <= mi <= 12:
        return None
    if d is None:
        return f"{yi:04d}-{mi:02d}"
    di = int(d)
    if not 1 <= di <= 31:
        return f"{yi:04d}-{mi:02d}"
    return f"{yi:04d}-{mi:02d}-{di:02d}"


def canonical_place(place: str) -> str:
    """Place as a proper name: `Tân an`→`Tân An`, `Ha Giang`→`Hà Giang` (province list)."""
    place = " ".join(place.split())
    prov = provinces()
    if text_key(place) in prov:
        canon = prov[text_key(place)]
        return canon if not canon.startswith("Thành phố") else place
    return title_words(place)


def _proper_place(place: str) -> bool:
    words = place.split()
    return text_key(place) in provinces() or all(w[:1].isupper() or w.isdigit() for w in words)


def _date_line(rec: Record, cs: list[Cell], limit_line: int) -> re.Match[str] | None:
    """The date line in the header: searched in the text of the first lines only."""
    end_cells = [c for c in cs if c.line < limit_line]
    if not end_cells:
        return None
    head = rec.text[: end_cells[-1].end]
    starts = {c.start for c in end_cells}
    for m in _DATE_LINE.finditer(head):
        # a date the header cites ("Căn cứ … ngày …") is preceded by other words on its line
        line_start = head.rfind("\n", 0, m.start()) + 1
        before = head[line_start:m.start()]
        place = m.group("place")
        if place:
            # a body sentence (`Trước đó, ngày …`) is never the date line: a place is a proper
            # name (or a province), or the line is only the date, or it follows the number (`Số: …`)
            nl = head.find("\n", m.end())
            alone = (m.start() in starts or not before.strip(" |\t")) and not head[
                m.end():nl if nl >= 0 else len(head)].strip(" .|\t")
            if _proper_place(place) or alone or re.search(r"S[ốô]\s*:", before):
                return m
            continue
        if re.fullmatch(r"[\s|]*", before) or re.search(r"(?:\s{3,}|\|)\s*$", before) \
                or m.start() in starts:
            return m
    for m in _DATE_NUM.finditer(head):
        if _proper_place(m.group("place")):
            return m
    return None


def extract(rec: Record) -> None:
    cs = cells(rec)
    if not cs:
        return
    stamp = find_stamp(cs)
    if rec.format == "html" and not stamp and rec.meta.get("published"):
        stamp = None  # the reader's metadata stands in for a visible stamp
    title = find_title(rec, cs)
    limit_line = (cs[title[0]].line + 1) if title else HEAD_LINES
    date = _date_line(rec, cs, max(limit_line, 12))
    webby = bool(stamp or rec.meta.get("published") or rec.format == "html")
    if date and not date.group("place") and webby and not title:
        date = None  # "Ngày 15 tháng 2 …" opening a news story is an event, not the date line

    # loai
    if title:
        i, loai, rest = title
        rec.loai = loai
        rec.provenance["loai"] = span(rec, cs[i].start, cs[i].end)
        if rec.so_hieu:
            rec.so_hieu = agree_with_type(rec.so_hieu, loai)
    elif rec.meta.get("loai_ky_hieu"):
        rec.loai = rec.meta["loai_ky_hieu"]
        if "so_hieu" in rec.provenance:
            rec.provenance["loai"] = rec.provenance["so_hieu"]
    news = False
    if rec.loai is None:
        vv = label_subject(cs, HEAD_LINES)
        if vv and vv[0] and rec.text[max(0, vv[1] - 8):vv[1]].lower().count("v/v"):
            rec.loai = "Công văn"  # no type word: a V/v subject line makes it a công văn
            rec.provenance["loai"] = span(rec, vv[1], vv[2])
        elif stamp or rec.format == "html" or (not rec.so_hieu and not date and not _signed(cs)):
            rec.loai, news = NEWS, True
            if stamp:
                rec.provenance["loai"] = span(rec, cs[stamp[0]].start, cs[stamp[0]].end)

    # trich_yeu
    label = label_subject(cs, (cs[title[0]].line + 6) if title else 15)
    if label and label[0]:
        rec.trich_yeu = label[0]
        rec.provenance["trich_yeu"] = span(rec, label[1], label[2])
    elif title:
        i, loai, rest = title
        text, s, e = title_subject(cs, i, rest)
        if loai == "Phát động":
            # the type word is part of the subject: "PHÁT ĐỘNG THI ĐUA / Trong CNVCLĐ …"
            head = sentence_case(cs[i].text)
            tail = text[len(sentence_case(rest)):].strip() if rest else text
            text = head + (" " + tail[:1].lower() + tail[1:] if tail else "")
            s = cs[i].start
        if text:
            rec.trich_yeu = text
            rec.provenance["trich_yeu"] = span(rec, s, e)
    elif news:
        j = stamp[0] + 1 if stamp else 0
        if rec.meta.get("title"):
            rec.trich_yeu = " ".join(str(rec.meta["title"]).split())
        while j < len(cs) and len(cs[j].text) < 8:
            j += 1
        if rec.trich_yeu is None and j < len(cs):
            rec.trich_yeu = cs[j].text.replace("\u200b", "").strip(" #")
            rec.provenance["trich_yeu"] = span(rec, cs[j].start, cs[j].end)

    if news and "loai" not in rec.provenance and "trich_yeu" in rec.provenance:
        rec.provenance["loai"] = rec.provenance["trich_yeu"]  # what the page shows: a headline

    # ngay, dia_danh
    if date:
        d = date.group("d").strip(" \t\n")
        day = d if re.fullmatch(r"[0-9]{1,2}", d) else None
        iso = _iso(date.group("y"), date.group("m"), day)
        if iso:
            rec.ngay = iso
            rec.ngay_precision = "day" if len(iso) == 10 else "month"
            rec.provenance["ngay"] = span(rec, date.start("d") - 4, date.end())
        if date.group("place"):
            rec.dia_danh = canonical_place(date.group("place"))
            rec.provenance["dia_danh"] = span(rec, date.start("place"), date.end("place"))
    elif stamp or rec.meta.get("published"):
        if stamp:
            m = stamp[1]
            iso = _iso(m.group("y"), m.group("m"), m.group("d"))
            sp = span(rec, cs[stamp[0]].start, cs[stamp[0]].end)
        else:
            iso, sp = str(rec.meta["published"])[:10], None
        if iso and rec.loai == NEWS:
            rec.ngay, rec.ngay_precision = iso, "day" if len(iso) == 10 else "month"
        elif iso:
            # a document reproduced on a web page: the stamp only bounds its date
            rec.ngay, rec.ngay_precision = iso[:4], "year"
        if iso and sp:
            rec.provenance["ngay"] = sp
    if rec.ngay is None and rec.dia_danh is None:
        _ocr_date_line(rec, cs, max(limit_line, 12))
    if rec.ngay is None:
        for c in cs[:12]:
            m = _ATTACHED_TO.match(c.text)
            iso = m and _iso(m.group(3), m.group(2), m.group(1))
            if iso:
                rec.ngay, rec.ngay_precision = iso, "day" if len(iso) == 10 else "month"
                rec.provenance["ngay"] = span(rec, c.start, c.end)
                break
    if rec.ngay is None and rec.dia_danh is None:
        _closing_date_line(rec, cs)
    if rec.ngay is None and rec.loai == "Biên bản":
        _meeting_date(rec)
    if rec.ngay is None and rec.trich_yeu and rec.loai != NEWS:
        m = re.search(r"\bnăm\s+((?:19|20)[0-9]{2})\b", rec.trich_yeu)
        if m:
            rec.ngay, rec.ngay_precision = m.group(1), "year"
            if "trich_yeu" in rec.provenance:
                rec.provenance["ngay"] = rec.provenance["trich_yeu"]


def _ocr_date_line(rec: Record, cs: list[Cell], limit_line: int) -> None:
    """A date line whose day and month OCR could not read: place and year only."""
    for c in cs:
        if c.line >= limit_line:
            break
        m = _DATE_OCR.match(c.text)
        if m and text_key(m.group("place")) in provinces():
            rec.dia_danh = canonical_place(m.group("place"))
            rec.provenance["dia_danh"] = span(rec, c.start, c.start + m.end("place"))
            rec.ngay, rec.ngay_precision = m.group("y"), "year"
            rec.provenance["ngay"] = span(rec, c.start, c.end)
            return


def _closing_date_line(rec: Record, cs: list[Cell]) -> None:
    """Some papers put the place-date line above the signature, not in the header."""
    closing = [z for z in rec.zones if z.name in ("signature", "recipients")]
    if not closing:
        return
    lo = min(z.start for z in closing)
    k = next((i for i, c in enumerate(cs) if c.end > lo), 0)
    if k:  # the line just above the signer's title too (blank lines between do not count)
        lo = min(lo, next(c.start for c in cs if c.line == cs[k - 1].line))
    for c in cs:
        if c.start < lo or c.start > closing[-1].end:
            continue
        m = _DATE_LINE.match(c.text)
        if m and m.group("place"):
            d = m.group("d").strip()
            iso = _iso(m.group("y"), m.group("m"), d if re.fullmatch(r"[0-9]{1,2}", d) else None)
            if iso:
                rec.ngay, rec.ngay_precision = iso, "day" if len(iso) == 10 else "month"
                rec.provenance["ngay"] = span(rec, c.start, c.end)
                rec.dia_danh = canonical_place(m.group("place"))
                rec.provenance["dia_danh"] = span(rec, c.start, c.start + m.end("place"))
            return


def _signed(cs: list[Cell]) -> bool:
    """A signer's title line in the last part: an official paper, not a web article."""
    from vanban.ingest.fields.signature import position

    return any(position(c.text) for c in cs[len(cs) // 3:])


def _meeting_date(rec: Record) -> None:
    """Minutes are dated by their meeting: the first full date of the opening lines."""
    head = rec.text[:1500]
    m = re.search(r"ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+((?:19|20)[0-9]{2})", head)
    if m:
        iso = _iso(m.group(3), m.group(2), m.group(1))
        if iso:
            rec.ngay, rec.ngay_precision = iso, "day"
            rec.provenance["ngay"] = span(rec, m.start(), m.end())


__all__ = ["NEWS", "canonical_place", "extract", "find_stamp", "find_title", "normalize"]
