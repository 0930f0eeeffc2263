"""Terminal and JSON output shared by the CLI commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
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


def print_ingest_summary(summary: Any, verbose: bool = False) -> None:
    """The ingest result table, then each file's reading method (up to 30 files) and every
    failed file with its reason."""
    from vanban.ingest.batch import FAILED, OK, SAME_FILE, SKIPPED

    methods: dict[str, int] = {}
    for o in summary.outcomes:
        for m, n in o.pages.items():
            methods[m] = methods.get(m, 0) + n
    table = Table(title="Kết quả nạp", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("Tệp", str(summary.n_files))
    table.add_row("Đã nạp", str(summary.count(OK)))
    table.add_row("Bỏ qua (không đổi)", str(summary.count(SKIPPED)))
    table.add_row("Trùng tệp đã có", str(summary.count(SAME_FILE)))
    near = sum(1 for o in summary.outcomes if o.near_duplicate_of is not None)
    if near:
        table.add_row("Gần trùng văn bản đã có", str(near))
    table.add_row("Lỗi", str(summary.count(FAILED)))
    if methods:
        table.add_row("Trang theo cách đọc", ", ".join(f"{k}: {v}" for k, v in
                                                       sorted(methods.items())))
    console.print(table)
    if verbose or len(summary.outcomes) <= 30:
        for o in summary.outcomes:
            if o.status != OK:
                continue
            how = ", ".join(f"{m}: {n}" for m, n in sorted(o.pages.items()))
            conf = f"; OCR tin cậy {o.ocr_confidence:.0f}/100" if o.ocr_confidence else ""
            note = f" — {o.reason}" if o.reason else ""
            console.print(f"[green]✓[/green] {o.path}: {how}{conf}{note}", highlight=False)
    for o in summary.failed:
        console.print(f"[red]✗[/red] {o.path}: {o.reason}")


def show_rows(d: dict[str, Any]) -> list[tuple[str, Any]]:
    """`vanban show`'s table rows from `Archive.show()`'s dict."""
    cite_text = ", ".join(c["so_hieu"] + (f" [{', '.join(map(str, c['ids']))}]" if c["ids"]
                                          else "") for c in d["trich_dan"])
    by_text = "\n".join(f"[{r['id']}] {r['so_hieu'] or '(không số)'} {r['ngay'] or ''} "
                        f"{r['trich_yeu'] or r['path'] or ''}"[:120]
                        for r in d["duoc_trich_dan"])
    return [("Mã", d["id"]), ("Số hiệu", d["so_hieu"]), ("Loại", d["loai"]),
            ("Ngày", d["ngay"]), ("Địa danh", d["dia_danh"]), ("Đơn vị", d["don_vi"]),
            ("Cấp", d["cap"]), ("Trích yếu", d["trich_yeu"]), ("Người ký", d["nguoi_ky"]),
            ("Chức vụ", d["chuc_vu"]), ("Nơi nhận", "; ".join(d["noi_nhan"]) or None),
            ("Phong trào", "; ".join(d["phong_trao"]) or None),
            ("Trích dẫn", cite_text or None),
            ("Được trích dẫn bởi", by_text or None),
            ("Đợt thi đua", "; ".join(f"{x.get('ten')}: {x.get('tu')} → {x.get('den')}"
                                      for x in d["dot_thi_dua"]) or None),
            ("Tệp", "\n".join(d["sources"])), ("Định dạng", d["format"]),
            ("Trang", ", ".join(f"{p['number']}:{p['method']}" for p in d["pages"])),
            ("Vùng", "; ".join(f"{z['name']} (tr. {z['page']}, {z['start']}–{z['end']})"
                               for z in d.get("zones") or []) or None),
            ("Đoạn trùng đã bỏ", len(d["duplicates"]))]


def figure_line(f: dict[str, Any]) -> str:
    if f.get("value") is not None:
        return f"  • {f['value']:g} {f.get('unit') or ''} — {f['kind']} — {f.get('subject') or ''}"
    return f"  • {f.get('raw')} — {f.get('subject') or ''}"


def print_duplicates(d: dict[str, list[dict[str, Any]]]) -> None:
    same, near, sections = d["same_file"], d["near_duplicates"], d["repeated_sections"]
    console.print(f"[bold]Cùng một tệp ở nhiều nơi[/bold] ({len(same)})")
    for x in same:
        console.print(f"  [{x['id']}] " + "\n       ".join(x["paths"]), markup=False)
    console.print(f"[bold]Văn bản gần trùng[/bold] ({len(near)})")
    for x in near:
        console.print(f"  [{x['id']}] {x['paths'][0]}\n    ≈ [{x['of']}] {x['of_paths'][0]}"
                      f"  (giống {x['similarity']:.0%})", markup=False)
    console.print(f"[bold]Đoạn lặp đã gộp trong văn bản[/bold] ({len(sections)})")
    for x in sections:
        console.print(f"  [{x['id']}] {x['blocks']} khối, {x['chars']} ký tự — {x['paths'][0]}",
                      markup=False)


def print_check(report: Any, done: list[str], repaired: bool) -> None:
    for line in done:
        console.print(f"[green]✓[/green] {line}")
    for line in report.problems:
        console.print(f"[red]✗[/red] {line}", markup=True)
    facts = ", ".join(f"{k}: {v}" for k, v in report.facts.items() if k != "tools")
    tools = ", ".join(f"{t['name']} {t['version'] or '(không có)'}"
                      for t in report.facts.get("tools", []))
    if tools:
        console.print(f"Công cụ: {tools}", markup=False)
    console.print(("Kho nhất quán" if report.ok else "Kho có lỗi") + f" ({facts}).")
    if not report.ok and not repaired:
        console.print("Chạy [bold]vanban check --repair[/bold] để dựng lại chỉ mục.")


def print_stats(s: dict[str, Any]) -> None:
    console.print(kv_table("Thống kê kho", [(STATS_LABELS.get(k, k), json.dumps(
        v, ensure_ascii=False) if isinstance(v, dict) else v) for k, v in s.items()]))


@contextmanager
def ingest_progress(quiet: bool = False) -> Iterator[Callable[[Any], None]]:
    """A progress bar on stderr (only on a terminal) fed by `Archive.ingest`'s events."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[name]}"), console=err,
                  disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("Đang nạp", total=None, name="")

        def on_progress(p: Any) -> None:
            if p.outcome is not None:
                progress.update(task, advance=1, name=Path(p.outcome.path).name[:40])
            elif p.stage == "files":
                progress.update(task, total=p.total)
            elif p.stage == "index":
                progress.update(task, description="Lập chỉ mục", name="")

        yield on_progress


STATS_LABELS = {"documents": "Văn bản", "sources": "Tệp nguồn", "pages": "Trang",
                "paragraphs": "Đoạn", "figures": "Số liệu", "citations": "Trích dẫn",
                "duplicates": "Đoạn trùng đã bỏ", "by_format": "Theo định dạng",
                "by_method": "Trang theo cách đọc", "failed_last_run": "Lỗi lần nạp gần nhất",
                "engine": "Bộ máy chỉ mục", "indexed": "Đã lập chỉ mục", "data_dir": "Thư mục"}
