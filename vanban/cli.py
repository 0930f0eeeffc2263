"""The `vanban` command: a thin Typer app over ingest, corpus, index and search."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vanban.output import (
    console,
    err,
    figure_line,
    ingest_progress,
    kv_table,
    print_check,
    print_duplicates,
    print_ingest_summary,
    print_json,
    print_stats,
    search_table,
    show_rows,
)
from vanban.runner import VanbanGroup, run

app = typer.Typer(
    cls=VanbanGroup,
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
AsJson = Annotated[bool, typer.Option("--json", help="In JSON.")]
DonVi = Annotated[str | None, typer.Option("--don-vi", help="Đơn vị (hoặc một phần tên).")]
Nam = Annotated[str | None, typer.Option(help="Năm ban hành.")]
Tu = Annotated[str | None, typer.Option("--tu", help="Từ ngày (2020, 2020-06, 2020-06-26).")]
Den = Annotated[str | None, typer.Option("--den", help="Đến ngày.")]
PhongTrao = Annotated[str | None, typer.Option("--phong-trao", help="Phong trào thi đua.")]
_global: dict[str, Path | None] = {"data_dir": None}
_store: dict[str, str | None] = {"url": None}


def _archive(data_dir: Path | None, engine: str | None = None):
    from vanban.archive import Archive, default_data_dir

    return Archive(data_dir or _global["data_dir"] or default_data_dir(), engine, _store["url"])


def _year(nam: str | None) -> int | None:
    from vanban.search.query import parse_year

    return parse_year(nam, "--nam")


@app.callback()
def _main(data_dir: DataDir = None,
          store: Annotated[str | None, typer.Option(
              "--store", envvar="VANBAN_DATABASE_URL",
              help="Kho dùng chung trên PostgreSQL (postgresql://NGƯỜI@MÁY/CSDL); mặc định: "
                   "tệp SQLite trong thư mục dữ liệu.")] = None) -> None:
    """vanban — kho văn bản công đoàn."""
    _global["data_dir"] = data_dir
    _store["url"] = store


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
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", envvar="VANBAN_SCHEDULER",
        help="Đọc tệp trên cụm Dask: tcp://MÁY:8786 (bộ lập lịch đang chạy) hoặc local:N "
             "(N máy thợ trên máy này).")] = None,
    ship: Annotated[str, typer.Option(
        "--ship", help="Cách gửi tệp tới máy thợ Dask: path (thư mục dùng chung, mặc định) "
                       "hoặc bytes (gửi nội dung tệp).")] = "path",
) -> None:
    """Nạp tệp vào kho: đọc, làm sạch, trích xuất trường, lưu và lập chỉ mục."""
    archive = _archive(data_dir, engine)
    if archive.engine_mismatch:
        err.print(f"[yellow]Kho đã dùng bộ máy '{archive.engine_name}'; bỏ qua --engine.[/yellow]")
    with ingest_progress(quiet) as on_progress:
        summary = archive.ingest(paths, workers, timeout or None, on_progress,
                                 scheduler=scheduler, ship=ship)
    print_ingest_summary(summary, verbose)
    archive.close()
    raise typer.Exit(1 if summary.failed else 0)


# -- search ------------------------------------------------------------------------
@app.command()
def search(
    query: Annotated[str, typer.Argument(
        help="Từ khóa (không dấu cũng được, viết tắt như CNVCLĐ, TULĐTT); \"cụm từ\" trong "
             "ngoặc kép; số hiệu như 34-CT/TW; AND, OR, NOT hoặc -từ để loại trừ. Để trống: "
             "duyệt theo bộ lọc.")] = "",
    data_dir: DataDir = None,
    don_vi: DonVi = None,
    loai: Annotated[str | None, typer.Option(help="Loại văn bản.")] = None,
    nam: Nam = None,
    tu: Tu = None,
    den: Den = None,
    phong_trao: PhongTrao = None,
    so_hieu: Annotated[str | None, typer.Option("--so-hieu", help="Số hiệu văn bản.")] = None,
    cap: Annotated[str | None, typer.Option(help="Cấp đơn vị.")] = None,
    trich_dan: Annotated[str | None, typer.Option("--trich-dan",
                                                  help="Văn bản có trích dẫn số hiệu này.")
                         ] = None,
    limit: Annotated[int, typer.Option(help="Số kết quả tối đa.", min=0, max=10000)] = 10,
    sort: Annotated[str, typer.Option(help="Sắp xếp: relevance hoặc date.")] = "relevance",
    as_json: AsJson = False,
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
    as_json: AsJson = False,
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
    as_json: AsJson = False,
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
def reindex(data_dir: DataDir = None,
            catch_up: Annotated[bool, typer.Option(
                "--catch-up", help="Chỉ bổ sung/xóa những văn bản đã đổi từ lần trước (máy "
                                   "tìm kiếm đọc kho PostgreSQL dùng chung).")] = False) -> None:
    """Xóa và dựng lại chỉ mục từ kho lưu trữ (không đọc lại tệp)."""
    archive = _archive(data_dir)
    if catch_up:
        added, removed, run = archive.catch_up()
        console.print(f"Chỉ mục đã bắt kịp kho tới lượt nạp {run}: thêm {added}, "
                      f"xóa {removed} văn bản.")
        return
    n = archive.reindex()
    console.print(f"Đã lập lại chỉ mục ({archive.engine_name}) cho {n} văn bản.")


@app.command()
def check(
    data_dir: DataDir = None,
    repair: Annotated[bool, typer.Option("--repair", help="Dựng lại chỉ mục từ kho (và xóa "
                                         "dòng mồ côi) nếu có lỗi.")] = False,
    as_json: AsJson = False,
) -> None:
    """Kiểm tra kho: toàn vẹn SQLite, dòng mồ côi, chỉ mục khớp với kho; --repair để sửa."""
    archive = _archive(data_dir)
    report, done = archive.check(repair)
    if as_json:
        print_json({"ok": report.ok, "problems": report.problems, "repaired": done,
                    **report.facts})
    else:
        print_check(report, done, repair)
    archive.close()
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def stats(data_dir: DataDir = None,
          as_json: AsJson = False) -> None:
    """Thống kê kho: số văn bản, trang, số liệu, trích dẫn, lỗi lần nạp gần nhất."""
    s = _archive(data_dir).stats()
    if as_json:
        print_json(s)
    else:
        print_stats(s)


# -- figures -----------------------------------------------------------------------
@app.command()
def figures(
    query: Annotated[str, typer.Argument(help="Tìm trong chủ thể và câu chứa số liệu.")] = "",
    data_dir: DataDir = None,
    don_vi: DonVi = None,
    nam: Nam = None,
    tu: Tu = None,
    den: Den = None,
    kind: Annotated[str | None, typer.Option(help="target (chỉ tiêu) hoặc result (kết quả).")
                    ] = None,
    phong_trao: PhongTrao = None,
    limit: Annotated[int | None, typer.Option(help="Số dòng tối đa.", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON Lines.")] = False,
    csv_file: Annotated[str | None, typer.Option("--csv", help="Ghi CSV (- là màn hình).")
                        ] = None,
    xlsx_file: Annotated[Path | None, typer.Option("--xlsx", help="Ghi bảng tính Excel.")
                         ] = None,
) -> None:
    """Bảng số liệu (chỉ tiêu, kết quả) từ các văn bản, để đưa vào báo cáo mới."""
    from vanban.search.export import figures_table, write_csv, write_xlsx

    rows = _archive(data_dir).figures(query or None, don_vi, _year(nam), tu, den, kind,
                                      phong_trao, limit)
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
               as_json: AsJson = False) -> None:
    """Liệt kê văn bản trùng (cùng tệp, gần trùng) và các đoạn lặp đã gộp trong từng văn bản."""
    d = _archive(data_dir).duplicates()
    if as_json:
        print_json(d)
    else:
        print_duplicates(d)


# -- eval --------------------------------------------------------------------------
@app.command(name="eval", context_settings={"allow_extra_args": True,
                                            "ignore_unknown_options": True})
def evaluate(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="fields | figures | readers | dedup | search")],
) -> None:
    """Đánh giá độ chính xác so với dữ liệu chuẩn (gold); in bảng kết quả."""
    from vanban.evaluation import run_evaluation

    raise typer.Exit(run_evaluation(what, list(ctx.args)))


def main() -> None:
    run(app)


if __name__ == "__main__":
    main()
