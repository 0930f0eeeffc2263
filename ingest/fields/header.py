"""Header fields from the top of the document: so_hieu, ngay, dia_danh, loai, trich_yeu."""

from __future__ import annotations

import re

from corpus.schema import Record, Span

_SO = re.compile(r"Số\s*:?\s*([0-9]+\s*(?:/\s*[0-9]{4})?\s*[/-]\s*[A-ZĐƠƯÂĂÊÔa-zđ&.\- /]+)")
_DATE = re.compile(
    r"(?:(?P<place>[A-ZĐ][^\n,]{1,40}),\s*)?ngày\s*(?P<d>[0-9]{1,2})?[\s./]*tháng\s*(?P<m>[0-9]{1,2})\s*năm\s*(?P<y>[0-9]{4})",
    re.IGNORECASE,
)
TITLES = {
    "KẾ HOẠCH": "Kế hoạch", "BÁO CÁO": "Báo cáo", "QUYẾT ĐỊNH": "Quyết định",
    "THÔNG BÁO": "Thông báo", "HƯỚNG DẪN": "Hướng dẫn", "TỜ TRÌNH": "Tờ trình",
    "BIÊN BẢN": "Biên bản", "NGHỊ QUYẾT": "Nghị quyết", "CHƯƠNG TRÌNH": "Chương trình",
    "THÔNG TRI": "Thông tri", "PHÁT ĐỘNG": "Phát động", "CHỈ THỊ": "Chỉ thị",
}


def _head(rec: Record, n: int = 12) -> list[tuple[int, str]]:
    return [(p.index, p.text) for p in rec.paragraphs[:n]]


def extract(rec: Record) -> None:
    for idx, text in _head(rec):
        if rec.so_hieu is None and (m := _SO.search(text)):
            raw = m.group(1).strip()
            rec.so_hieu_raw = raw
            rec.so_hieu = re.sub(r"\s+", "", raw).rstrip("-/.")
            rec.provenance["so_hieu"] = _span(rec, idx, m.start(1), m.end(1))
        if rec.ngay is None and (m := _DATE.search(text)):
            y, mo, d = m.group("y"), int(m.group("m")), m.group("d")
            if d:
                rec.ngay, rec.ngay_precision = f"{y}-{mo:02d}-{int(d):02d}", "day"
            else:
                rec.ngay, rec.ngay_precision = f"{y}-{mo:02d}", "month"
            if m.group("place"):
                rec.dia_danh = m.group("place").strip(" #*")
            rec.provenance["ngay"] = _span(rec, idx, m.start(), m.end())
        if rec.loai is None:
            first = text.split("\n")[0].strip(" #*").upper()
            for word, loai in TITLES.items():
                if first.startswith(word):
                    rec.loai = loai
                    rest = text.split("\n")[1:] or []
                    title = " ".join(rest) if rest else first[len(word):]
                    if not title.strip():
                        nxt = rec.paragraphs[idx + 1].text if idx + 1 < len(rec.paragraphs) else ""
                        title = nxt if word != "PHÁT ĐỘNG" else first
                    elif word == "PHÁT ĐỘNG":
                        title = text
                    rec.trich_yeu = " ".join(title.replace("\n", " ").split()).strip(" #*") or None
                    rec.provenance["loai"] = _span(rec, idx, 0, len(word))
                    break


def _span(rec: Record, idx: int, start: int, end: int) -> Span:
    p = rec.paragraphs[idx]
    return Span(page=p.page, paragraph=idx, start=p.start + start, end=p.start + end)
