"""The `vanban` command: a thin Typer app over ingest, corpus, index and search."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from vanban.corpus.errors import UsageError as VanbanUsageError
from vanban.corpus.errors import VanbanError
from vanban.output import (
    STATS_LABELS,
    console,
    err,
    figure_line,
    kv_table,
    print_duplicates,
    print_ingest_summary,
    print_json,
    search_table,
    show_rows,
)


class _Group(TyperGroup):
    """Turns a typed vanban error into its message and exit code: the one place it happens,
    for the installed command and for callers that invoke `app` directly."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except VanbanError as exc:
            err.print(exc.display(), markup=False)
            raise typer.Exit(exc.exit_code) from exc


app = typer.Typer(
    cls=_Group,
    help="vanban — kho văn bản công đoàn: nạp, làm sạch, trích xuất, tìm kiếm.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Thư mục dữ liệu của kho (mặc định: $VANBAN_HOME hoặc "
                 "~/.local/share/vanban)."),
]
_global: dict[str, Path | None] = {"data_dir": None}


def _archive(data_dir: Path | None, engine: str | None = None):
    from vanban.archive import Archive, default_data_dir

    return Archive(data_dir or _global["data_dir"] or default_data_dir(), engine)


def _usage(message: str) -> None:
    raise VanbanUsageError(message)


def _year(nam: str | None) -> int | None:
    if nam is None:
        return None
    if not nam.strip().isdigit() or not 1900 <= int(nam) <= 2100:
        _usage(f"--nam: năm không hợp lệ '{nam}'")
    return int(nam)


@app.callback()
def _main(data_dir: DataDir = None) -> None:
    """vanban — kho văn bản công đoàn."""
    _global["data_dir"] = data_dir


# -- ingest ------------------------------------------------------------------------
@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Tệp hoặc thư mục (mặc định: "
                                                       "kho mẫu đi kèm).")] = None,
    data_dir: DataDir = None,
    engine: Annotated[str | None, typer.Option(help="Bộ máy chỉ mục khi tạo kho mới: "
                                               "tantivy (mặc định) hoặc whoosh.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", help="Số tiến trình đọc tệp.",
                                         min=1, max=64)] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không hiện thanh tiến độ.")
                     ] = False,
    verbose: Annotated[bool, typer.Option("--chi-tiet", "-v", help="Liệt kê cách đọc từng tệp "
                                          "(mặc định khi có tối đa 30 tệp).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Giây tối đa để đọc một tệp "
                                           "(0: không giới hạn).", min=0)] = 0,
) -> None:
    """Nạp tệp vào kho: đọc, làm sạch, trích xuất trường, lưu và lập chỉ mục."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from vanban.ingest.batch import FAILED

    archive = _archive(data_dir, engine)
    if archive.engine_mismatch:
        err.print(f"[yellow]Kho đã dùng bộ máy '{archive.engine_name}'; bỏ qua --engine.[/yellow]")
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

        summary = archive.ingest(paths, workers, timeout or None, on_progress)
    print_ingest_summary(summary, verbose)
    archive.close()
    raise typer.Exit(1 if summary.count(FAILED) else 0)


# -- search ------------------------------------------------------------------------
@app.command()
def search(
    query: Annotated[str, typer.Argument(
        help="Từ khóa (không dấu cũng được, viết tắt như CNVCLĐ, TULĐTT); \"cụm từ\" trong "
             "ngoặc kép; số hiệu như 34-CT/TW; AND, OR, NOT hoặc -từ để loại trừ. Để trống: "
             "duyệt theo bộ lọc.")] = "",
    data_dir: DataDir = None,
    don_vi: Annotated[str | None, typer.Option("--don-vi", help="Đơn vị (hoặc một phần tên).")
                      ] = None,
    loai: Annotated[str | None, typer.Option(help="Loại văn bản.")] = None,
    nam: Annotated[str | None, typer.Option(help="Năm ban hành.")] = None,
    tu: Annotated[str | None, typer.Option("--tu", help="Từ ngày (2020, 2020-06, 2020-06-26).")
                  ] = None,
    den: Annotated[str | None, typer.Option("--den", help="Đến ngày.")] = None,
    phong_trao: Annotated[str | None, typer.Option("--phong-trao", help="Phong trào thi đua.")
                          ] = None,
    so_hieu: Annotated[str | None, typer.Option("--so-hieu", help="Số hiệu văn bản.")] = None,
    cap: Annotated[str | None, typer.Option(help="Cấp đơn vị.")] = None,
    trich_dan: Annotated[str | None, typer.Option("--trich-dan",
                                                  help="Văn bản có trích dẫn số hiệu này.")
                         ] = None,
    limit: Annotated[int, typer.Option(help="Số kết quả tối đa.", min=0, max=10000)] = 10,
    sort: Annotated[str, typer.Option(help="Sắp xếp: relevance hoặc date.")] = "relevance",
    as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
) -> None:
    """Tìm văn bản (không dấu cũng được), lọc theo đơn vị, loại, năm, phong trào."""
    from vanban.search.query import Filters

    filters = Filters(don_vi=don_vi, loai=loai, nam=_year(nam), tu=tu, den=den,
                      phong_trao=phong_trao, so_hieu=so_hieu, cap=cap, trich_dan=trich_dan)
    result = _archive(data_dir).search(query, filters, limit, sort)
    if as_json:
        print_json(result)
    else:
        search_table(result)


# -- show --------------------------------------------------------------------------
@app.command()
def show(
    key: Annotated[str, typer.Argument(help="Mã văn bản, số hiệu hoặc đường dẫn tệp.")],
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
    text: Annotated[bool, typer.Option("--text", help="In toàn văn.")] = False,
) -> None:
    """Xem các trường, số liệu, trích dẫn và nội dung của một văn bản."""
    d = _archive(data_dir).show(key)
    if as_json:
        print_json(d)
        return
    console.print(kv_table(f"Văn bản {d['id']}", show_rows(d)))
    if d["chi_tieu"]:
        console.print(f"[bold]Số liệu ({len(d['chi_tieu'])})[/bold]")
        for f in d["chi_tieu"]:
            console.print(figure_line(f))
    if text:
        console.print()
        console.print(d["text"], markup=False)


# -- cites -------------------------------------------------------------------------
@app.command()
def cites(
    number: Annotated[str, typer.Argument(help="Số hiệu văn bản được trích dẫn, ví dụ 34-CT/TW.")],
    data_dir: DataDir = None,
    limit: Annotated[int, typer.Option(help="Số kết quả tối đa.", min=0, max=10000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
) -> None:
    """Các văn bản trong kho trích dẫn một số hiệu (mới nhất trước)."""
    result = _archive(data_dir).cites(number, limit)
    if as_json:
        print_json(result)
        return
    if result["document"] is not None:
        console.print(f"Văn bản {number} có trong kho: [bold][{result['document']}][/bold]")
    console.print(f"Các văn bản trích dẫn [bold]{number}[/bold]:")
    search_table(result)


# -- extract -----------------------------------------------------------------------
@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Các tệp cần trích xuất.")],
    as_json: Annotated[bool, typer.Option("--json", help="In JSON Lines (mặc định).")] = True,
) -> None:
    """Trích xuất các trường từ tệp, in một dòng JSON mỗi tệp; không ghi vào kho."""
    from vanban.archive import CONTRACT_KEYS
    from vanban.archive import extract as extract_file

    failed = 0
    for f in files:
        d = extract_file(f)
        failed += "error" in d
        if as_json:
            print_json(d)
        else:
            console.print(kv_table(f, [(k, d.get(k)) for k in CONTRACT_KEYS]))
    raise typer.Exit(1 if failed else 0)


# -- reindex / check / stats -------------------------------------------------------
@app.command()
def reindex(data_dir: DataDir = None) -> None:
    """Xóa và dựng lại chỉ mục từ kho lưu trữ (không đọc lại tệp)."""
    archive = _archive(data_dir)
    n = archive.reindex()
    console.print(f"Đã lập lại chỉ mục ({archive.engine_name}) cho {n} văn bản.")


@app.command()
def check(
    data_dir: DataDir = None,
    repair: Annotated[bool, typer.Option("--repair", help="Dựng lại chỉ mục từ kho (và xóa "
                                         "dòng mồ côi) nếu có lỗi.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
) -> None:
    """Kiểm tra kho: toàn vẹn SQLite, dòng mồ côi, chỉ mục khớp với kho; --repair để sửa."""
    archive = _archive(data_dir)
    report, done = archive.check(repair)
    if as_json:
        print_json({"ok": report.ok, "problems": report.problems, "repaired": done,
                    **report.facts})
    else:
        for line in done:
            console.print(f"[green]✓[/green] {line}")
        for line in report.problems:
            console.print(f"[red]✗[/red] {line}", markup=True)
        facts = ", ".join(f"{k}: {v}" for k, v in report.facts.items())
        console.print(("Kho nhất quán" if report.ok else "Kho có lỗi") + f" ({facts}).")
        if not report.ok and not repair:
            console.print("Chạy [bold]vanban check --repair[/bold] để dựng lại chỉ mục.")
    archive.close()
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def stats(data_dir: DataDir = None,
          as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False) -> None:
    """Thống kê kho: số văn bản, trang, số liệu, trích dẫn, lỗi lần nạp gần nhất."""
    s = _archive(data_dir).stats()
    if as_json:
        print_json(s)
        return
    console.print(kv_table("Thống kê kho", [(STATS_LABELS.get(k, k), json.dumps(
        v, ensure_ascii=False) if isinstance(v, dict) else v) for k, v in s.items()]))


# -- figures -----------------------------------------------------------------------
@app.command()
def figures(
    query: Annotated[str, typer.Argument(help="Tìm trong chủ thể và câu chứa số liệu.")] = "",
    data_dir: DataDir = None,
    don_vi: Annotated[str | None, typer.Option("--don-vi", help="Đơn vị (hoặc một phần tên).")
                      ] = None,
    nam: Annotated[str | None, typer.Option(help="Năm của văn bản.")] = None,
    tu: Annotated[str | None, typer.Option("--tu", help="Từ ngày.")] = None,
    den: Annotated[str | None, typer.Option("--den", help="Đến ngày.")] = None,
    kind: Annotated[str | None, typer.Option(help="target (chỉ tiêu) hoặc result (kết quả).")
                    ] = None,
    phong_trao: Annotated[str | None, typer.Option("--phong-trao", help="Phong trào.")] = None,
    limit: Annotated[int | None, typer.Option(help="Số dòng tối đa.", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON Lines.")] = False,
    csv_file: Annotated[str | None, typer.Option("--csv", help="Ghi CSV (- là màn hình).")
                        ] = None,
    xlsx_file: Annotated[Path | None, typer.Option("--xlsx", help="Ghi bảng tính Excel.")
                         ] = None,
) -> None:
    """Bảng số liệu (chỉ tiêu, kết quả) từ các văn bản, để đưa vào báo cáo mới."""
    from vanban.search.export import figures_table, write_csv, write_xlsx

    if kind is not None and kind not in ("target", "result"):
        _usage("--kind chỉ nhận 'target' hoặc 'result'")
    year = _year(nam)
    rows = _archive(data_dir).figures(query or None, don_vi, year, tu, den, kind, phong_trao,
                                      limit)
    if as_json:
        for r in rows:
            print_json(r)
    if csv_file:
        write_csv(rows, csv_file)
    if xlsx_file:
        write_xlsx(rows, xlsx_file)
        err.print(f"Đã ghi {len(rows)} dòng vào {xlsx_file}")
    if not (as_json or csv_file == "-" or xlsx_file):
        console.print(figures_table(rows))


# -- duplicates --------------------------------------------------------------------
@app.command()
def duplicates(data_dir: DataDir = None,
               as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False) -> None:
    """Liệt kê văn bản trùng (cùng tệp, gần trùng) và các đoạn lặp đã gộp trong từng văn bản."""
    d = _archive(data_dir).duplicates()
    if as_json:
        print_json(d)
    else:
        print_duplicates(d)


# -- eval --------------------------------------------------------------------------
EVALS = {
    "fields": "vanban.evaluation.fields",
    "figures": "vanban.evaluation.figures",
    "readers": "vanban.evaluation.readers",
    "dedup": "vanban.evaluation.dedup",
    "search": "vanban.evaluation.search",
}


@app.command(name="eval", context_settings={"allow_extra_args": True,
                                            "ignore_unknown_options": True})
def evaluate(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="fields | figures | readers | dedup | search")],
) -> None:
    """Đánh giá độ chính xác so với dữ liệu chuẩn (gold); in bảng kết quả."""
    import importlib

    if what not in EVALS:
        _usage(f"không có phép đánh giá '{what}' (chọn: {', '.join(EVALS)})")
    module = importlib.import_module(EVALS[what])
    code = module.main(list(ctx.args))
    raise typer.Exit(int(code or 0))


# Typer ships its own copy of Click; its usage errors all derive from BadParameter's base.
ClickUsageError = typer.BadParameter.__mro__[1]
Abort = typer.Abort

# Click's own usage messages, said in Vietnamese (the longest first).
_CLICK_VI = [
    ("Input should be a valid integer, unable to parse string as an integer",
     "giá trị phải là số nguyên"),
    ("Missing parameter", "Thiếu tham số"),
    ("Input should be greater than or equal to", "giá trị phải từ"),
    ("Input should be less than or equal to", "giá trị phải không quá"),
    ("Got unexpected extra arguments", "Thừa đối số"),
    ("Got unexpected extra argument", "Thừa đối số"),
    ("No such option", "Không có tùy chọn"),
    ("No such command", "Không có lệnh"),
    ("Missing argument", "Thiếu đối số"),
    ("Missing option", "Thiếu tùy chọn"),
    ("Invalid value for", "Giá trị không hợp lệ cho"),
    ("Option '", "Tùy chọn '"),
    ("requires an argument", "cần một giá trị"),
    ("is not a valid integer", "không phải số nguyên"),
    ("is not in the range", "nằm ngoài khoảng"),
    ("Did you mean", "Có phải ý bạn là"),
]


def _usage_vi(exc: Exception) -> str:
    message = exc.format_message()
    for en, vi in _CLICK_VI:
        message = message.replace(en, vi)
    return message


def main() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except ClickUsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `vanban` alone: the help
            err.print(exc.format_message(), markup=False)
            sys.exit(2)
        ctx = exc.ctx
        if ctx is not None:
            err.print(ctx.get_usage().replace("Usage:", "Cách dùng:"), markup=False)
            err.print(f"Xem '{ctx.command_path} --help' để biết cách dùng.", markup=False)
        err.print(f"Lỗi: {_usage_vi(exc)}", markup=False)
        sys.exit(2)
    except Abort:
        err.print("Đã dừng.")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("Đã dừng.")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        if os.environ.get("VANBAN_DEBUG"):
            raise
        err.print(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}\n"
                  "(đặt VANBAN_DEBUG=1 để xem chi tiết)", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
