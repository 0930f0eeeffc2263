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


def _open(path_or_stream: str | Path | IO[str] | None) -> tuple[IO[str], bool]:
    """A text stream to write to and whether we opened it (so must close it)."""
    if path_or_stream is None or path_or_stream == "-":
        return sys.stdout, False
    if isinstance(path_or_stream, (str, Path)):
        return open(path_or_stream, "w", encoding="utf-8", newline=""), True
    return path_or_stream, False


def _cells(row: dict[str, Any], columns: Sequence[str]) -> list[Any]:
    return [row.get(c) for c in columns]


def write_csv(rows: Iterable[dict[str, Any]], path_or_stdout: str | Path | IO[str] | None = None,
              columns: Sequence[str] = EXPORT_COLUMNS) -> int:
    """Write rows as CSV (UTF-8, header line); `-`/None means stdout. Returns rows written."""
    out, close = _open(path_or_stdout)
    try:
        w = csv.writer(out)
        w.writerow(columns)
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
               columns: Sequence[str] = EXPORT_COLUMNS, sheet: str = "chi_tieu") -> int:
    """Write rows to an .xlsx workbook: bold frozen header, filters, readable widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    n = 0
    for row in rows:
        ws.append([_plain(v) for v in _cells(row, columns)])
        n += 1
    widths = {"subject": 50, "text": 80, "don_vi": 35, "path": 30, "phong_trao": 30,
              "period": 22, "so_hieu": 16}
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(c, 12)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.save(str(path))
    return n


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


def figures_table(rows: Iterable[dict[str, Any]], title: str | None = None):
    """A rich Table for the terminal: value, unit, subject, kind, period, số hiệu, ngày, đơn vị."""
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for _key, label in _LABELS:
        table.add_column(label, overflow="fold",
                         justify="right" if _key == "value" else "left",
                         max_width=60 if _key == "subject" else None)
    for row in rows:
        table.add_row(
            format_value(row), row.get("unit") or "", row.get("subject") or row.get("text") or "",
            _KIND.get(row.get("kind") or "", row.get("kind") or ""), row.get("period") or "",
            row.get("so_hieu") or "", row.get("ngay") or "", row.get("don_vi") or "",
        )
    return table
