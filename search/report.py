"""The report workbook: what was targeted and what was achieved, by movement, with sources.

`build_report(rows, …)` groups figure rows by movement (the requested ones, else the
section each figure sits in), pairs targets with results (`pairing`), and `write_workbook`
writes an XLSX a staff member can paste from: one sheet per movement (rows = indicators;
target, result, % achieved, and for each its source: số hiệu, ngày, trang), a summary
sheet, a sheet recording the query, the archive and the date, and a chart per movement.
`write_report_csv` writes the same rows as one CSV (UTF-8 with BOM for Excel).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vanban.search.export import _plain, as_date, format_value, qualifier_meaning, query_sheet
from vanban.search.figures import movement_keys, movement_match
from vanban.search.pairing import Pair, pair_figures

OTHER = "Chung (ngoài các phong trào)"

# (key, Vietnamese header) of a movement sheet's columns.
REPORT_COLUMNS = (
    ("indicator", "Chỉ tiêu / nội dung"), ("unit", "Đơn vị tính"),
    ("t_value", "Chỉ tiêu đề ra"), ("t_text", "Chỉ tiêu (như văn bản viết)"),
    ("t_period", "Kỳ của chỉ tiêu"), ("t_so_hieu", "Nguồn chỉ tiêu: số hiệu"),
    ("t_ngay", "Nguồn chỉ tiêu: ngày"), ("t_page", "Nguồn chỉ tiêu: trang"),
    ("r_value", "Kết quả đạt được"), ("r_text", "Kết quả (như văn bản viết)"),
    ("r_period", "Kỳ của kết quả"), ("r_so_hieu", "Nguồn kết quả: số hiệu"),
    ("r_ngay", "Nguồn kết quả: ngày"), ("r_page", "Nguồn kết quả: trang"),
    ("achieved", "% đạt so với chỉ tiêu"), ("meaning", "Lưu ý về con số"),
)
_WIDTHS = {"indicator": 55, "t_text": 16, "r_text": 16, "t_so_hieu": 16, "r_so_hieu": 16,
           "t_period": 18, "r_period": 18, "meaning": 40, "t_ngay": 12, "r_ngay": 12}


@dataclass
class Section:
    """One movement's sheet: its name and its pairs (paired, then unmatched)."""

    movement: str
    pairs: list[Pair]

    @property
    def paired(self) -> list[Pair]:
        return [p for p in self.pairs if p.target and p.result]


def build_report(rows: list[dict[str, Any]], movements: list[str] | None = None
                 ) -> list[Section]:
    """Sections per movement: the asked ones (by name, variant or abbreviation), else the
    movement of each figure's section; figures outside any go to a last `Chung` sheet."""
    groups: dict[str, list[dict[str, Any]]] = {}
    if movements:
        for m in movements:
            keys = movement_keys(m)
            groups[m] = [r for r in rows if movement_match(r, keys)]
    else:
        for r in rows:
            groups.setdefault(r.get("muc_phong_trao") or OTHER, []).append(r)
        if OTHER in groups:
            groups[OTHER] = groups.pop(OTHER)
    return [Section(name, pair_figures(g)) for name, g in groups.items()]


def _source(row: dict[str, Any] | None, p: str) -> dict[str, Any]:
    if not row:
        return {}
    return {f"{p}_value": row.get("value"), f"{p}_text": format_value(row),
            f"{p}_period": row.get("period"), f"{p}_so_hieu": row.get("so_hieu"),
            f"{p}_ngay": as_date(row.get("ngay")), f"{p}_page": row.get("page")}


def report_rows(section: Section) -> list[dict[str, Any]]:
    """One row per indicator: target and result side by side with their sources."""
    out = []
    for p in section.pairs:
        row = {"indicator": p.indicator(),
               "unit": (p.target or p.result or {}).get("unit"), "achieved": p.achieved}
        row.update(_source(p.target, "t"))
        row.update(_source(p.result, "r"))
        notes = {qualifier_meaning((x or {}).get("qualifier")) for x in (p.target, p.result)}
        row["meaning"] = "; ".join(n for n in notes if n)
        out.append(row)
    return out


def _sheet_title(name: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name).strip() or "Trang"
    if len(base) > 31:  # cut at a word, mark the cut
        base = base[:30].rsplit(" ", 1)[0].rstrip(" ,-") + "…"
    title = base[:31]
    n = 2
    while title in used:
        suffix = f" ({n})"
        title = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(title)
    return title


def write_workbook(sections: list[Section], path: str | Path,
                   query: list[tuple[str, Any]], charts: bool = True) -> dict[str, Any]:
    """Write the report workbook; returns sheet names and row counts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    summary.append(["Phong trào", "Số chỉ tiêu/nội dung", "Có chỉ tiêu", "Có kết quả",
                    "Chỉ tiêu đã có kết quả", "% đạt bình quân", "Trang tính"])
    used = {"Tổng hợp", "Truy vấn"}
    info: dict[str, Any] = {"sheets": [], "rows": 0}
    for section in sections:
        title = _sheet_title(section.movement, used)
        ws = wb.create_sheet(title)
        ws.append([label for _k, label in REPORT_COLUMNS])
        rows = report_rows(section)
        for r in rows:
            ws.append([_plain(r.get(k)) for k, _label in REPORT_COLUMNS])
        for i, (k, _label) in enumerate(REPORT_COLUMNS, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = _WIDTHS.get(k, 12)
            fmt = {"achieved": "0.0%", "t_ngay": "DD/MM/YYYY", "r_ngay": "DD/MM/YYYY",
                   "t_value": "#,##0.##", "r_value": "#,##0.##"}.get(k)
            if fmt:
                for cell in ws[letter][1:]:
                    cell.number_format = fmt
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = ws.dimensions
        ach = [p.achieved for p in section.paired if p.achieved is not None]
        summary.append([section.movement, len(rows), sum(1 for p in section.pairs if p.target),
                        sum(1 for p in section.pairs if p.result), len(section.paired),
                        sum(ach) / len(ach) if ach else None, title])
        summary.cell(summary.max_row, 6).number_format = "0.0%"
        if charts and rows:
            _embed_chart(ws, section, len(rows) + 3)
        info["sheets"].append(title)
        info["rows"] += len(rows)
    for cell in summary[1]:
        cell.font = Font(bold=True)
    summary.column_dimensions["A"].width = 60
    for letter in "BCDEFG":
        summary.column_dimensions[letter].width = 16
    query_sheet(wb, query)
    wb.save(str(path))
    return info


def _embed_chart(ws: Any, section: Section, row: int) -> None:
    """The movement's chart (see `chart_points`) below its table."""
    from openpyxl.drawing.image import Image
    from vanban.search.charts import bar_chart, chart_points

    title, points, unit = chart_points(section)
    if not points:
        return
    png = bar_chart(points, title, unit)
    img = Image(png)
    ws.add_image(img, f"A{row}")


def write_report_csv(sections: list[Section], path: str | Path) -> int:
    """All sections as one CSV (a `Phong trào` column first), UTF-8 with BOM for Excel."""
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Phong trào", *[label for _k, label in REPORT_COLUMNS]])
        for section in sections:
            for r in report_rows(section):
                cells = []
                for k, _label in REPORT_COLUMNS:
                    v = r.get(k)
                    if k == "achieved" and v is not None:
                        v = f"{100 * v:.1f}%".replace(".", ",")
                    cells.append("" if v is None else _plain(v))
                w.writerow([section.movement, *cells])
                n += 1
    return n
