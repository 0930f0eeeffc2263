"""Terminal and JSON output shared by the CLI commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console, ConsoleDimensions
from rich.table import Table
from rich.text import Text

from vanban.jsonout import plain_numbers, print_json  # noqa: F401 - print_json re-exported

# Wider than any line we print: a pipe or a file gets each line whole (grep, cut), never
# wrapped at 80 columns in the middle of a value.
NO_WRAP_WIDTH = 100_000


class PipeAwareConsole(Console):
    """A terminal gets rich's usual layout; anything else gets lines that never wrap."""

    @property
    def size(self) -> ConsoleDimensions:
        if self.is_terminal:
            return super().size
        return ConsoleDimensions(NO_WRAP_WIDTH, super().size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self._width, self._height = new_size

    @property  # type: ignore[override]
    def soft_wrap(self) -> bool:
        return not self.is_terminal

    @soft_wrap.setter
    def soft_wrap(self, _value: bool) -> None:
        pass


console = PipeAwareConsole(highlight=False)
err = PipeAwareConsole(stderr=True, highlight=False)

CONTRACT_KEYS = ("so_hieu", "loai", "ngay", "dia_danh", "don_vi", "trich_yeu", "nguoi_ky",
                 "chuc_vu", "noi_nhan", "phong_trao", "chi_tieu", "van_ban_dan_chieu",
                 "dot_thi_dua")


@contextmanager
def writable(path: Any) -> Iterator[None]:
    """An output file that cannot be written is a sentence naming it (exit 1), not a
    traceback."""
    from vanban.corpus.errors import VanbanError

    try:
        yield
    except FileNotFoundError as exc:
        raise VanbanError(f"không ghi được {path}: thư mục {Path(str(path)).parent} không "
                          "tồn tại.") from exc
    except PermissionError as exc:
        raise VanbanError(f"không ghi được {path}: không có quyền ghi.") from exc
    except IsADirectoryError as exc:
        raise VanbanError(f"không ghi được {path}: đó là một thư mục.") from exc
    except OSError as exc:
        raise VanbanError(f"không ghi được {path}: {exc.strerror or exc}.") from exc


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
    shown = [(k, v) for k, v in facets.items() if v and k in ("don_vi", "loai", "nam",
                                                              "phong_trao")]
    if shown:
        console.print()
        for k, vals in shown:
            parts = ", ".join(f"{facet_value(k, x['value'])} ({x['count']})" for x in vals)
            console.print(Text(f"{FACET_NAMES[k]}: ", style="bold").append(parts))


FACET_NAMES = {"don_vi": "Đơn vị", "loai": "Loại", "nam": "Năm", "phong_trao": "Phong trào",
               "cap": "Cấp", "tinh": "Tỉnh"}


def facet_value(name: str, value: Any) -> str:
    return str(cap_word(value) if name == "cap" else value)


def print_facets(facets: dict[str, list[dict[str, Any]]]) -> None:
    """`vanban facets`: each field's values with their document counts, one a line."""
    for name, vals in facets.items():
        console.print(Text(f"{FACET_NAMES.get(name, name)} ({len(vals)})", style="bold"))
        for x in vals:
            console.print(f"  {x['count']:>5}  {facet_value(name, x['value'])}", markup=False)


def kv_table(title: str, rows: list[tuple[str, Any]]) -> Table:
    table = Table(title=title, show_header=False, box=None)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")  # a long path wraps on a terminal, never cut with "…"
    for k, v in rows:
        table.add_row(k, "" if v is None else str(v))
    return table


def print_kv(title: str, rows: list[tuple[str, Any]]) -> None:
    """A two-column table on a terminal; to a pipe or file, one `label<TAB>value` line per
    row (no padding, nothing cut, a multi-line value joined with `; `), for grep and cut."""
    if console.is_terminal:
        console.print(kv_table(title, rows))
        return
    out = console.file  # written as is: rich would expand the tab into spaces
    out.write(title + "\n")
    for k, v in rows:
        value = "" if v is None else str(v).replace("\n", "; ")
        out.write(f"{k}\t{value}\n")
    out.flush()


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
            ("Cấp", cap_word(d["cap"])), ("Trích yếu", d["trich_yeu"]), ("Người ký", d["nguoi_ky"]),
            ("Chức vụ", d["chuc_vu"]), ("Nơi nhận", "; ".join(d["noi_nhan"]) or None),
            ("Phong trào", "; ".join(d["phong_trao"]) or None),
            ("Trích dẫn", cite_text or None),
            ("Được trích dẫn bởi", by_text or None),
            ("Đợt thi đua", "; ".join(f"{x.get('ten')}: {x.get('tu')} → {x.get('den')}"
                                      for x in d["dot_thi_dua"]) or None),
            ("Tệp", "\n".join(d["sources"])), ("Định dạng", d["format"]),
            ("Bản sao", "\n".join(f"[{c['id']}] {c['path']} ({c['format']})"
                                  for c in d.get("copies", [])) or None),
            ("Trang", ", ".join(f"{p['number']}:{p['method']}" for p in d["pages"])),
            ("Vùng", "; ".join(f"{z['name']} (tr. {z['page']}, {z['start']}–{z['end']})"
                               for z in d.get("zones") or []) or None),
            ("Đoạn trùng đã bỏ", len(d["duplicates"]))]


def cap_word(code: str | None) -> str | None:
    """A level code as the word people say: `tinh` → tỉnh, `co-so` → cơ sở."""
    from vanban.corpus.keys import CAP_NAMES

    return CAP_NAMES.get(code, code) if code else code


def number(x: Any) -> str:
    """A figure as the CSV writes it: 6000000000, 25, 15.5 (never 6e+09 or 25.0)."""
    x = plain_numbers(x)
    return repr(x) if isinstance(x, float) else str(x)


def figure_line(f: dict[str, Any]) -> str:
    if f.get("value") is not None:
        return (f"  • {number(f['value'])} {f.get('unit') or ''} — {f['kind']} — "
                f"{f.get('subject') or ''}")
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
    labels = {**COUNT_LABELS, "documents": COUNT_LABELS["documents_indexable"]}
    facts = ", ".join(f"{labels.get(k, k)}: {v}" for k, v in report.facts.items()
                      if k != "tools")
    tools = ", ".join(f"{t['name']} {t['version'] or '(không có)'}"
                      for t in report.facts.get("tools", []))
    if tools:
        console.print(f"Công cụ: {tools}", markup=False)
    console.print(("Kho nhất quán" if report.ok else "Kho có lỗi") + f" ({facts}).")
    if not report.ok and not repaired:
        console.print("Chạy [bold]vanban check --repair[/bold] để dựng lại chỉ mục.")


def print_stats(s: dict[str, Any]) -> None:
    def shown(v: Any) -> Any:
        if isinstance(v, dict):
            return ", ".join(f"{k}: {n}" for k, n in v.items()) or "—"
        return v

    print_kv("Thống kê kho", [(COUNT_LABELS.get(k, k), shown(v)) for k, v in s.items()])


@contextmanager
def ingest_progress(quiet: bool = False) -> Iterator[Callable[[Any], None]]:
    """A progress bar on stderr (only on a terminal) fed by `Archive.ingest`'s events: the
    file being read now, pages read and OCR'd so far, and the time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("còn"), TimeRemainingColumn(),
                  TextColumn("{task.fields[pages]}"), TextColumn("{task.fields[name]}"),
                  console=err, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("Đang nạp", total=None, name="", pages="")
        pages = {"read": 0, "ocr": 0}

        def on_progress(p: Any) -> None:
            if p.stage == "files":
                if p.outcome is not None:
                    pages["read"] += sum(p.outcome.pages.values())
                    pages["ocr"] += p.outcome.pages.get("ocr", 0)
                name = f"đang đọc {Path(p.current).name[:40]}" if p.current else ""
                progress.update(task, total=p.total, advance=1 if p.outcome is not None else 0,
                                name=name,
                                pages=f"{pages['read']} trang (OCR {pages['ocr']})")
            elif p.stage == "index":
                progress.update(task, description="Lập chỉ mục", name="")

        yield on_progress


# The Vietnamese label of every count `stats` and `check` print: one table, so the same number
# has the same name in both (documents counted with and without near-duplicate copies).
COUNT_LABELS = {"documents_all": "Văn bản (kể cả bản gần trùng)",
                "documents": "Văn bản (kể cả bản gần trùng)",
                "documents_indexable": "Văn bản cần lập chỉ mục (không kể bản gần trùng)",
                "near_duplicate_documents": "Bản gần trùng (không lập chỉ mục)",
                "near_duplicates": "Bản gần trùng (không lập chỉ mục)",
                "indexed": "Đã lập chỉ mục",
                "unfinished_runs": "Lần nạp dở dang",
                "originals": "Bản gốc đã lưu", "originals_missing": "Bản gốc bị mất",
                "originals_altered": "Bản gốc bị sửa",
                "originals_elsewhere": "Bản gốc không có ở máy này (kho dùng chung)",
                "sources": "Tệp nguồn", "pages": "Trang",
                "paragraphs": "Đoạn", "figures": "Số liệu", "citations": "Trích dẫn",
                "duplicates": "Đoạn trùng đã bỏ", "by_format": "Theo định dạng",
                "by_method": "Trang theo cách đọc", "failed_last_run": "Lỗi lần nạp gần nhất",
                "engine": "Bộ máy chỉ mục", "data_dir": "Thư mục"}
STATS_LABELS = COUNT_LABELS  # the old name
