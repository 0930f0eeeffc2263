"""Writers for figure rows: CSV, XLSX (openpyxl), JSON, and a rich table for the terminal.

Column names are the record's ASCII field names (the contract other tools read); the
terminal table uses Vietnamese labels. Numbers stay numbers in XLSX so staff can sum them.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

EXPORT_COLUMNS = (
    "value", "value_max", "total", "unit", "qualifier", "subject", "kind", "period",
    "phong_trao", "so_hieu", "ngay", "don_vi", "path", "page", "paragraph", "text",
)


# Vietnamese column headers for files staff open in Excel (JSON keeps the ASCII names).
VN_LABELS = {
    "value": "Giá trị", "value_max": "Giá trị tối đa", "total": "Trên tổng số",
    "gia_tri_viet": "Giá trị như văn bản viết", "qualifier": "Từ chỉ mức",
    "cach_hieu": "Cách hiểu giá trị", "unit": "Đơn vị tính", "subject": "Nội dung",
    "loai_vn": "Loại (chỉ tiêu/kết quả)", "kind": "Loại", "period": "Thời kỳ",
    "muc_phong_trao": "Phong trào (mục chứa số liệu)", "phong_trao": "Phong trào/danh hiệu "
    "(trong câu)", "chuong_trinh": "Chương trình", "don_vi_ve": "Đơn vị được nói đến",
    "zone": "Vị trí", "row_label": "Dòng bảng", "col_header": "Cột bảng",
    "so_hieu": "Số hiệu", "ngay": "Ngày văn bản", "don_vi": "Đơn vị ban hành", "path": "Tệp",
    "page": "Trang", "paragraph": "Đoạn", "text": "Câu/dòng chứa số liệu",
}
# The columns of a figures file, in reading order.
VN_COLUMNS = (
    "gia_tri_viet", "value", "value_max", "total", "unit", "cach_hieu", "subject", "loai_vn",
    "period", "muc_phong_trao", "phong_trao", "chuong_trinh", "don_vi_ve", "zone",
    "row_label", "col_header", "so_hieu", "ngay", "don_vi", "page", "path", "text",
)
_ZONE_VN = {"main": "thân văn bản", "table": "bảng", "annex": "phụ lục", "quote": "trích dẫn",
            "copy": "dấu sao y"}


def qualifier_meaning(q: str | None) -> str:
    """What a qualifier does to the number, in words a report writer can rely on."""
    q = (q or "").lower()
    if not q:
        return ""
    if "trở lên" in q or any(w in q for w in ("ít nhất", "tối thiểu")):
        return "bằng hoặc lớn hơn giá trị (mức tối thiểu)"
    if "trở xuống" in q or "tối đa" in q:
        return "bằng hoặc nhỏ hơn giá trị (mức tối đa)"
    if "đến" in q:
        return "một khoảng: từ giá trị đến giá trị tối đa"
    if q.startswith(("trên", "hơn")):
        return "lớn hơn giá trị (giá trị là mức sàn, con số thật cao hơn)"
    if q.startswith("dưới"):
        return "nhỏ hơn giá trị"
    if q.startswith("gần"):
        return "gần bằng, ít hơn giá trị một chút"
    if q.startswith(("khoảng", "xấp xỉ")):
        return "xấp xỉ giá trị"
    if q.startswith(("bình quân", "trung bình")):
        return "giá trị bình quân"
    if q.startswith("từ"):
        return "bằng hoặc lớn hơn giá trị"
    return ""


def vn_row(row: dict[str, Any]) -> dict[str, Any]:
    """A figure row with the derived columns of the Vietnamese export."""
    out = dict(row)
    out["gia_tri_viet"] = format_value(row)
    out["cach_hieu"] = qualifier_meaning(row.get("qualifier"))
    out["loai_vn"] = _KIND.get(row.get("kind") or "", row.get("kind") or "")
    out["zone"] = _ZONE_VN.get(row.get("zone") or "", row.get("zone") or "")
    return out


def as_date(iso: Any) -> Any:
    """`2020-06-26` → a date (Excel shows it as a date); a partial date stays text."""
    import datetime

    if isinstance(iso, str) and len(iso) == 10:
        try:
            return datetime.date.fromisoformat(iso)
        except ValueError:
            return iso
    return iso


def _open(path_or_stream: str | Path | IO[str] | None,
          bom: bool = False) -> tuple[IO[str], bool]:
    """A text stream to write to and whether we opened it (so must close it); a file gets
    a BOM when asked so Vietnamese Excel reads it as UTF-8."""
    if path_or_stream is None or path_or_stream == "-":
        return sys.stdout, False
    if isinstance(path_or_stream, (str, Path)):
        return open(path_or_stream, "w", encoding="utf-8-sig" if bom else "utf-8",
                    newline=""), True
    return path_or_stream, False


def _cells(row: dict[str, Any], columns: Sequence[str]) -> list[Any]:
    return [row.get(c) for c in columns]


def write_csv(rows: Iterable[dict[str, Any]], path_or_stdout: str | Path | IO[str] | None = None,
              columns: Sequence[str] = EXPORT_COLUMNS, labels: dict[str, str] | None = None,
              bom: bool = False) -> int:
    """Write rows as CSV (UTF-8, header line); `-`/None means stdout. Returns rows written.
    `labels` gives the header text of each column; `bom` starts a file with a UTF-8 BOM."""
    out, close = _open(path_or_stdout, bom)
    try:
        w = csv.writer(out)
        w.writerow([(labels or {}).get(c, c) for c in columns])
        n = 0
        for row in rows:
            w.writerow(["" if v is None else _plain(v) for v in _cells(row, columns)])
            n += 1
        return n
    finally:
        if close:
            out.close()


def _plain(v: Any) -> Any:
    """2100.0 → 2100 so CSV readers see the number as written."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def write_json(rows: Iterable[dict[str, Any]], path_or_stdout: str | Path | IO[str] | None = None,
               lines: bool = False) -> int:
    """Write rows as one JSON array (or JSON Lines with `lines=True`). Returns rows written."""
    out, close = _open(path_or_stdout)
    try:
        items = [{k: _plain(v) for k, v in row.items()} for row in rows]
        if lines:
            for it in items:
                out.write(json.dumps(it, ensure_ascii=False) + "\n")
        else:
            json.dump(items, out, ensure_ascii=False, indent=1)
            out.write("\n")
        return len(items)
    finally:
        if close:
            out.close()


def write_xlsx(rows: Iterable[dict[str, Any]], path: str | Path,
               columns: Sequence[str] = EXPORT_COLUMNS, sheet: str = "chi_tieu",
               labels: dict[str, str] | None = None,
               query: Sequence[tuple[str, Any]] | None = None) -> int:
    """Write rows to an .xlsx workbook: bold frozen header, filters, readable widths; dates
    as dates. `query` (label, value) pairs go to a second sheet recording what was asked."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    n = fill_sheet(ws, rows, columns, labels)
    ws.title = sheet
    if query:
        query_sheet(wb, query)
    wb.save(str(path))
    return n


_WIDTHS = {"subject": 50, "text": 80, "don_vi": 35, "path": 30, "phong_trao": 30,
           "period": 22, "so_hieu": 16, "muc_phong_trao": 30, "cach_hieu": 30,
           "gia_tri_viet": 14, "row_label": 30, "col_header": 18, "ngay": 12}


def fill_sheet(ws: Any, rows: Iterable[dict[str, Any]], columns: Sequence[str],
               labels: dict[str, str] | None = None) -> int:
    """One sheet of rows: header (bold, frozen, filter), numbers as numbers, dates as dates."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append([(labels or {}).get(c, c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    n = 0
    for row in rows:
        ws.append([as_date(v) if c == "ngay" else _plain(v) for c, v in
                   zip(columns, _cells(row, columns), strict=True)])
        n += 1
    for i, c in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = _WIDTHS.get(c, 12)
        if c == "ngay":
            for cell in ws[letter][1:]:
                cell.number_format = "DD/MM/YYYY"
        elif c in ("value", "value_max", "total"):
            for cell in ws[letter][1:]:
                cell.number_format = "#,##0.##"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return n


def query_sheet(wb: Any, query: Sequence[tuple[str, Any]], title: str = "Truy vấn") -> Any:
    """A sheet recording the query, the archive and when the file was made."""
    import datetime

    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    ws.append(["Mục", "Giá trị"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for label, value in [*query, ("Ngày lập", datetime.datetime.now().replace(microsecond=0))]:
        ws.append([label, value if value not in (None, "") else "—"])
        if isinstance(value, datetime.datetime) or label == "Ngày lập":
            ws.cell(ws.max_row, 2).number_format = "DD/MM/YYYY HH:MM"
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 70
    return ws


_LABELS = (
    ("value", "Giá trị"), ("unit", "Đơn vị tính"), ("subject", "Nội dung"), ("kind", "Loại"),
    ("period", "Thời kỳ"), ("so_hieu", "Số hiệu"), ("ngay", "Ngày"), ("don_vi", "Đơn vị"),
)
_KIND = {"target": "chỉ tiêu", "result": "kết quả"}


def _num(x: float | None) -> str:
    """Vietnamese digits: 2.100 and 15,5."""
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def format_value(row: dict[str, Any]) -> str:
    """`trên 70`, `2–30`, `70/70`, `85 trở lên`, as a person reads it."""
    s = _num(row.get("value"))
    if row.get("value_max") is not None:
        s += "–" + _num(row["value_max"])
    if row.get("total") is not None:
        s += "/" + _num(row["total"])
    q = (row.get("qualifier") or "").replace("… đến", "")
    pre, _, post = q.partition("…")
    if "trở" in pre and not post:
        pre, post = "", pre
    pre = pre.strip()
    if row.get("value_max") is not None and pre.endswith("từ"):
        pre = pre[:-2].strip()
    return " ".join(x for x in (pre, s, post.strip()) if x)


def _short_period(p: str | None) -> str:
    """`giai đoạn 2015-2020` → `2015-2020`, `năm 2020` → `2020`: the years say it."""
    if not p:
        return ""
    import re

    ys = re.findall(r"(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?", p)
    return ("hàng năm " if p.startswith("hàng năm") else "") + (ys[-1] if ys else p)


def figures_table(rows: Iterable[dict[str, Any]], title: str | None = None,
                  wide: bool = False, width: int = 80):
    """A rich Table for the terminal. By default one line per figure that fits 80 columns
    (value with unit, content cut with …, kind, period, số hiệu); `wide` shows every column
    in full (value, unit, subject, kind, period, số hiệu, ngày, đơn vị)."""
    from rich.table import Table

    if wide:
        table = Table(title=title, show_lines=False)
        for _key, label in _LABELS:
            table.add_column(label, overflow="fold",
                             justify="right" if _key == "value" else "left",
                             max_width=60 if _key == "subject" else None)
        for row in rows:
            table.add_row(
                format_value(row), row.get("unit") or "",
                row.get("subject") or row.get("text") or "",
                _KIND.get(row.get("kind") or "", row.get("kind") or ""),
                row.get("period") or "", row.get("so_hieu") or "", row.get("ngay") or "",
                row.get("don_vi") or "",
            )
        return table
    table = Table(title=title, show_lines=False, pad_edge=False, box=None)
    table.add_column("Số liệu", justify="right", no_wrap=True, overflow="ellipsis", width=14)
    table.add_column("Nội dung", no_wrap=True, overflow="ellipsis", width=max(16, width - 56))
    table.add_column("Loại", no_wrap=True, width=8)
    table.add_column("Kỳ", no_wrap=True, overflow="ellipsis", width=9)
    table.add_column("Số hiệu", no_wrap=True, overflow="ellipsis", width=13)
    for row in rows:
        unit = row.get("unit") or ""
        value = format_value(row) + ("" if unit == "%" else " ") + unit
        table.add_row(
            value.strip(), row.get("subject") or row.get("text") or "",
            _KIND.get(row.get("kind") or "", row.get("kind") or ""),
            _short_period(row.get("period")), row.get("so_hieu") or "",
        )
    return table


SEARCH_COLUMNS = ("id", "so_hieu", "loai", "ngay", "don_vi", "trich_yeu", "score", "path",
                  "snippet")
SEARCH_LABELS = {"id": "Mã", "so_hieu": "Số hiệu", "loai": "Loại văn bản",
                 "ngay": "Ngày văn bản", "don_vi": "Đơn vị ban hành", "trich_yeu": "Trích yếu",
                 "score": "Điểm phù hợp", "path": "Tệp", "snippet": "Đoạn trích"}


def write_file(kind: str, rows: list[dict[str, Any]], path: str | Path,
               query: Sequence[tuple[str, Any]] = (), what: str = "figures") -> int:
    """A figures or search export for Excel: Vietnamese headers, CSV with a BOM, XLSX with
    dates as dates and a sheet recording the query. Returns rows written."""
    if what == "figures":
        rows = [vn_row(r) for r in rows]
        columns, labels, sheet = VN_COLUMNS, VN_LABELS, "Số liệu"
    else:
        columns, labels, sheet = SEARCH_COLUMNS, SEARCH_LABELS, "Văn bản"
    if kind == "csv":
        return write_csv(rows, path, columns, labels, bom=str(path) != "-")
    return write_xlsx(rows, path, columns, sheet, labels, query)
