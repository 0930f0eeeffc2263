"""Terminal and JSON output shared by the CLI commands."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

CONTRACT_KEYS = ("so_hieu", "loai", "ngay", "dia_danh", "don_vi", "trich_yeu", "nguoi_ky",
                 "chuc_vu", "noi_nhan", "phong_trao", "chi_tieu", "van_ban_dan_chieu",
                 "dot_thi_dua")


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def highlighted(snippet: str, marks: list[tuple[int, int]] | list[list[int]]) -> Text:
    t = Text(snippet)
    for a, b in marks:
        t.stylize("bold yellow", a, b)
    return t


def search_table(result: dict[str, Any]) -> None:
    console.print(f"Tìm thấy [bold]{result['total']}[/bold] văn bản.")
    for i, h in enumerate(result["hits"], 1):
        head = Text(f"{i}. ", style="bold")
        head.append(f"[{h['id']}] ", style="dim")
        head.append(h["so_hieu"] or "(không số)", style="bold cyan")
        head.append(f"  {h['ngay'] or '?'}  ", style="green")
        head.append(h["don_vi"] or "", style="magenta")
        console.print(head)
        if h.get("loai") or h.get("trich_yeu"):
            console.print(Text(f"   {h.get('loai') or ''}: {h.get('trich_yeu') or ''}"))
        console.print(Text("   ").append(highlighted(h["snippet"], h.get("highlights", []))))
        console.print(Text(f"   {h['path']}", style="dim"))
    facets = result.get("facets") or {}
    names = {"don_vi": "Đơn vị", "loai": "Loại", "nam": "Năm", "phong_trao": "Phong trào",
             "cap": "Cấp", "tinh": "Tỉnh"}
    shown = [(k, v) for k, v in facets.items() if v and k in ("don_vi", "loai", "nam",
                                                              "phong_trao")]
    if shown:
        console.print()
        for k, vals in shown:
            parts = ", ".join(f"{x['value']} ({x['count']})" for x in vals)
            console.print(Text(f"{names[k]}: ", style="bold").append(parts))


def kv_table(title: str, rows: list[tuple[str, Any]]) -> Table:
    table = Table(title=title, show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for k, v in rows:
        table.add_row(k, "" if v is None else str(v))
    return table
