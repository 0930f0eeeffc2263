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


def _archive(data_dir: Path | None, engine: str | None = None):
    from vanban.archive import Archive, default_data_dir

    return Archive(data_dir or _global["data_dir"] or default_data_dir(), engine)


def _year(nam: str | None) -> int | None:
    from vanban.search.query import parse_year

    return parse_year(nam, "--nam")


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
    archive = _archive(data_dir, engine)
    if archive.engine_mismatch:
        err.print(f"[yellow]Kho đã dùng bộ máy '{archive.engine_name}'; bỏ qua --engine.[/yellow]")
    with ingest_progress(quiet) as on_progress:
        summary = archive.ingest(paths, workers, timeout or None, on_progress)
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
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Ghi kết quả ra tệp CSV "
                                                  "(UTF-8 có BOM, mở được bằng Excel).")] = None,
    xlsx_file: Annotated[Path | None, typer.Option("--xlsx", help="Ghi kết quả ra bảng tính "
                                                   "Excel.")] = None,
) -> None:
    """Tìm văn bản (không dấu cũng được), lọc theo đơn vị, loại, năm, phong trào."""
    from vanban.search.query import Filters

    filters = Filters(don_vi=don_vi, loai=loai, nam=_year(nam), tu=tu, den=den,
                      phong_trao=phong_trao, so_hieu=so_hieu, cap=cap, trich_dan=trich_dan)
    archive = _archive(data_dir)
    result = archive.search(query, filters, limit, sort)
    if csv_file or xlsx_file:
        _export_files(result["hits"], csv_file, xlsx_file, archive, "search",
                      [("Từ khóa", query), ("Đơn vị", don_vi), ("Loại", loai), ("Năm", nam),
                       ("Từ ngày", tu), ("Đến ngày", den), ("Phong trào", phong_trao)])
        return
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
    csv_file: Annotated[str | None, typer.Option("--csv", help="Ghi CSV, UTF-8 có BOM cho "
                                                 "Excel (- là màn hình).")] = None,
    xlsx_file: Annotated[Path | None, typer.Option("--xlsx", help="Ghi bảng tính Excel.")
                         ] = None,
    wide: Annotated[bool, typer.Option("--wide", help="Bảng đầy đủ mọi cột (cần màn hình "
                                       "rộng).")] = False,
) -> None:
    """Bảng số liệu (chỉ tiêu, kết quả) từ các văn bản, để đưa vào báo cáo mới."""
    from vanban.search.export import figures_table, write_file

    archive = _archive(data_dir)
    rows = archive.figures(query or None, don_vi, _year(nam), tu, den, kind, phong_trao, limit)
    if as_json:
        for r in rows:
            print_json(r)
    if csv_file == "-":
        write_file("csv", rows, "-")
    elif csv_file or xlsx_file:
        _export_files(rows, Path(csv_file) if csv_file else None, xlsx_file, archive, "figures",
                      [("Từ khóa", query), ("Đơn vị", don_vi), ("Năm", nam), ("Từ ngày", tu),
                       ("Đến ngày", den), ("Loại", kind), ("Phong trào", phong_trao)])
    if not (as_json or csv_file or xlsx_file):
        console.print(figures_table(rows, wide=wide, width=console.width))


def _export_files(rows: list, csv_file: Path | None, xlsx_file: Path | None, archive,
                  what: str, query: list[tuple[str, str | None]]) -> None:
    """Write the requested files and say, in one line each, where and how many rows."""
    from vanban.search.export import write_file

    asked = [*query, ("Kho dữ liệu", str(archive.data_dir))]
    for kind, path in (("csv", csv_file), ("xlsx", xlsx_file)):
        if path:
            n = write_file(kind, rows, path, asked, what)
            console.print(f"đã ghi {n} dòng vào {path}", soft_wrap=True, markup=False)


# -- report / pairs / chart --------------------------------------------------------
@app.command()
def report(
    don_vi: DonVi = None,
    tu: Tu = None,
    den: Den = None,
    phong_trao: Annotated[list[str] | None, typer.Option(
        "--phong-trao", help="Phong trào (lặp lại để chọn nhiều; mặc định: mọi phong trào).")
                          ] = None,
    xlsx_file: Annotated[Path | None, typer.Option("--xlsx", help="Ghi bảng tính Excel.")
                         ] = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Ghi CSV (UTF-8 có BOM).")
                        ] = None,
    no_chart: Annotated[bool, typer.Option("--khong-bieu-do", help="Không chèn biểu đồ.")
                        ] = False,
    data_dir: DataDir = None,
) -> None:
    """Báo cáo chỉ tiêu và kết quả theo phong trào (để viết báo cáo mới): mỗi phong trào một
    trang tính, có % đạt và nguồn (số hiệu, ngày, trang)."""
    info = _archive(data_dir).report(xlsx_file, don_vi, tu, den, phong_trao, csv_file,
                                     not no_chart)
    for path in (xlsx_file, csv_file):
        if path:
            console.print(f"đã ghi {info['rows']} dòng vào {path}", soft_wrap=True, markup=False)


@app.command()
def pairs(
    don_vi: DonVi = None,
    tu: Tu = None,
    den: Den = None,
    phong_trao: PhongTrao = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Ghép chỉ tiêu với kết quả thực hiện (cùng chỉ tiêu, cùng đơn vị tính, văn bản sau)."""
    from vanban.search.export import format_value

    found = _archive(data_dir).pairs(don_vi, tu, den, phong_trao)
    if as_json:
        for p in found:
            print_json(p.to_json())
        return
    for p in found:
        t = f"{format_value(p.target)} {p.target.get('unit')}" if p.target else "—"
        r = f"{format_value(p.result)} {p.result.get('unit')}" if p.result else "—"
        pct = f" ({100 * p.achieved:.0f}%)" if p.achieved is not None else ""
        console.print(f"{p.indicator()[:50]}: chỉ tiêu {t} → kết quả {r}{pct}", markup=False,
                      soft_wrap=True)


@app.command()
def chart(
    query: Annotated[str, typer.Argument(help="Chỉ tiêu cần vẽ (từ khóa).")] = "",
    out: Annotated[Path, typer.Option("--out", "-o", help="Tệp PNG.")] = Path("bieu_do.png"),
    don_vi: DonVi = None,
    tu: Tu = None,
    den: Den = None,
    phong_trao: PhongTrao = None,
    kind: Annotated[str, typer.Option(help="result (kết quả) hoặc target (chỉ tiêu).")
                    ] = "result",
    by: Annotated[str, typer.Option("--theo", help="nam (qua các năm) hoặc don_vi (giữa "
                                    "các đơn vị).")] = "nam",
    data_dir: DataDir = None,
) -> None:
    """Vẽ biểu đồ một chỉ tiêu qua các năm hoặc giữa các đơn vị (PNG, vừa khổ A4)."""
    n = _archive(data_dir).chart(out, query or None, don_vi, tu, den, kind, phong_trao, by)
    console.print(f"đã vẽ {n} cột vào {out}", soft_wrap=True, markup=False)


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
