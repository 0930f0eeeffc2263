"""dot_thi_dua: emulation phases with their date ranges, as {"ten", "tu", "den"}.

`Đợt 1, từ tháng 11/2019 đến 31/3/2020` → {"ten": "Đợt 1", "tu": "2019-11", "den": "2020-03-31"}.
Dates keep the precision written (a month is `YYYY-MM`); `hết tháng 01/2021` is the month's last
day, `từ nay` is the document's month, `hết năm học 2020-2021` is May of its second year (the
school year ends in May). DMY always.
"""

from __future__ import annotations

import calendar
import re

from vanban.corpus.schema import Record
from vanban.ingest.fields._common import span

_ORD = {"nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "i": 1, "ii": 2,
        "iii": 3, "iv": 4, "v": 5}
_DATE = (r"(?:hết\s+)?(?:năm học\s+[0-9]{4}\s*[-–]\s*[0-9]{4}|nay|"
         r"(?:ngày\s+)?[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4}|"
         r"(?:tháng\s+)?[0-9]{1,2}\s*/\s*[0-9]{4}|cuối năm\s+[0-9]{4}|năm\s+[0-9]{4})")
_PHASE = re.compile(
    r"Đợt(?:\s+thi\s+đua)?\s+(?:thứ\s+)?(?P<n>[0-9]{1,2}|nhất|một|hai|ba|tư|bốn|năm|I{1,3}|IV|V)"
    r"\b[\s*_]*[,:.(\-–]?[\s*_]*[Tt]ừ\s+(?P<tu>" + _DATE + r")\s*(?:đến|-|–|tới)\s*(?P<den>"
    + _DATE + r")", re.IGNORECASE)


def parse(expr: str, end: bool, doc_date: str | None) -> str | None:
    """One side of a range as an ISO date at the precision written."""
    e = " ".join(expr.lower().split())
    until = e.startswith("hết")
    e = e.removeprefix("hết").strip()
    if e == "nay":
        return doc_date[:7] if doc_date and len(doc_date) >= 7 else None
    m = re.search(r"năm học\s+([0-9]{4})\s*[-–]\s*([0-9]{4})", e)
    if m:
        return f"{m.group(2)}-05" if end else f"{m.group(1)}-09"
    m = re.search(r"([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*([0-9]{4})", e)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    m = re.search(r"([0-9]{1,2})\s*/\s*([0-9]{4})", e)
    if m:
        mo, y = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            return None
        if until and end:
            return f"{y:04d}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}"
        return f"{y:04d}-{mo:02d}"
    m = re.search(r"cuối năm\s+([0-9]{4})", e)
    if m:
        return f"{m.group(1)}-12-31"
    m = re.search(r"năm\s+([0-9]{4})", e)
    if m:
        return f"{m.group(1)}-12-31" if end and until else m.group(1)
    return None


def extract(rec: Record) -> None:
    seen: set[str] = set()
    for m in _PHASE.finditer(rec.text):
        n = m.group("n").lower()
        num = int(n) if n.isdigit() else _ORD.get(n)
        if num is None:
            continue
        ten = f"Đợt {num}"
        if ten in seen:
            continue
        tu = parse(m.group("tu"), False, rec.ngay)
        den = parse(m.group("den"), True, rec.ngay)
        if tu is None and den is None:
            continue
        seen.add(ten)
        i = len(rec.dot_thi_dua)
        rec.dot_thi_dua.append({"ten": ten, "tu": tu, "den": den})
        rec.provenance[f"dot_thi_dua[{i}]"] = span(rec, m.start(), m.end())
