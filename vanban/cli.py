"""The `vanban` command: a thin Typer app over ingest, corpus, index and search."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from vanban.output import (
    console,
    err,
    figure_line,
    ingest_progress,
    print_check,
    print_duplicates,
    print_ingest_summary,
    print_json,
    print_kv,
    print_stats,
    search_table,
    show_rows,
    writable,
)
from vanban.runner import VanbanGroup, VanbanTyper, run

app = VanbanTyper(
    cls=VanbanGroup,
    help="vanban — kho văn bản công đoàn: nạp, làm sạch, trích xuất, tìm kiếm.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Thư mục dữ liệu của kho (mặc định: $VANBAN_HOME hoặc "
                 "~/.local/share/vanban)."),
]
# One JSON convention: every --json prints JSON Lines, one object a line (a command with one
# result prints one line); whole numbers print as in CSV (25, not 25.0).
AsJson = Annotated[bool, typer.Option("--json", help="In JSON Lines (một đối tượng mỗi dòng).")]
DonVi = Annotated[str | None, typer.Option("--don-vi", metavar="TÊN",
                                           help="Đơn vị (hoặc một phần tên).")]
Nam = Annotated[str | None, typer.Option(metavar="NĂM", help="Năm ban hành.")]
Tu = Annotated[str | None, typer.Option("--tu", metavar="NGÀY",
                                        help="Từ ngày (2020, 2020-06, 2020-06-26).")]
Den = Annotated[str | None, typer.Option("--den", metavar="NGÀY", help="Đến ngày.")]
PhongTrao = Annotated[str | None, typer.Option("--phong-trao", metavar="TÊN",
                                               help="Phong trào thi đua.")]
_global: dict[str, Path | None] = {"data_dir": None}
_store: dict[str, str | None] = {"url": None}


def _loai_names() -> str:
    from vanban.corpus import data

    return ", ".join(name for name, _codes in data.loai_van_ban())


def _cap_names() -> str:
    from vanban.corpus.keys import CAP_NAMES

    return ", ".join(f"{code} ({word})" for code, word in CAP_NAMES.items())


def _example(*lines: str) -> str:
    """An epilog Click prints as written (\b stops it from re-wrapping the lines)."""
    return "\b\nVí dụ:\n" + "\n".join(f"  {x}" for x in lines)


def _archive(data_dir: Path | None, engine: str | None = None, create: bool = False):
    """Only `ingest` creates an archive; notices (an index caught up) go to stderr."""
    from vanban.archive import Archive, default_data_dir

    return Archive(data_dir or _global["data_dir"] or default_data_dir(), engine, create=create,
                   on_notice=lambda m: err.print(f"[yellow]{m}[/yellow]", markup=True),
                   store=_store["url"])


def _year(nam: str | None) -> int | None:
    from vanban.search.query import parse_year

    return parse_year(nam, "--nam")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        console.print(f"vanban {version('vanban')}")
        raise typer.Exit(0)


@app.callback()
def _main(data_dir: DataDir = None,
          _v: Annotated[bool, typer.Option("--version", "-V", callback=_version,
                                           is_eager=True, expose_value=False,
                                           help="In phiên bản rồi thoát.")] = False,
          store: Annotated[str | None, typer.Option(
              "--store", envvar="VANBAN_DATABASE_URL",
              help="Kho dùng chung trên PostgreSQL (postgresql://NGƯỜI@MÁY/CSDL); mặc định: "
                   "tệp SQLite trong thư mục dữ liệu.")] = None) -> None:
    """vanban — kho văn bản công đoàn."""
    _global["data_dir"] = data_dir
    _store["url"] = store


# -- ingest ------------------------------------------------------------------------
@app.command(short_help="Nạp tệp vào kho (đọc, trích xuất, lập chỉ mục).",
             epilog=_example("vanban ingest ~/van-ban/2024", "find . -name '*.pdf' | vanban "
                             "ingest -", "vanban ingest --no-copy /mnt/chia-se/"))
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="TỆP...", help="Tệp hoặc thư mục (mặc định: kho mẫu đi kèm); '-' đọc danh "
        "sách đường dẫn từ đầu vào chuẩn, mỗi dòng một đường dẫn.")] = None,
    data_dir: DataDir = None,
    engine: Annotated[str | None, typer.Option(help="Bộ máy chỉ mục khi tạo kho mới: "
                                               "tantivy (mặc định) hoặc whoosh.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", help="Số tiến trình đọc tệp "
                                         "(mặc định: số lõi CPU).", min=1, max=64)
                       ] = min(64, os.cpu_count() or 1),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không hiện thanh tiến độ.")
                     ] = False,
    verbose: Annotated[bool, typer.Option("--chi-tiet", "-v", help="Liệt kê cách đọc từng tệp "
                                          "(mặc định khi có tối đa 30 tệp).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Giây tối đa để đọc một tệp "
                                           "(0: không giới hạn).", min=0)] = 600,
    no_copy: Annotated[bool, typer.Option("--no-copy", help="Không lưu bản gốc vào kho, chỉ "
                                          "ghi đường dẫn (mặc định: lưu một bản mỗi nội "
                                          "dung).")] = False,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", envvar="VANBAN_SCHEDULER",
        help="Đọc tệp trên cụm Dask: tcp://MÁY:8786 (bộ lập lịch đang chạy) hoặc local:N "
             "(N máy thợ trên máy này).")] = None,
    ship: Annotated[str, typer.Option(
        "--ship", help="Cách gửi tệp tới máy thợ Dask: path (thư mục dùng chung, mặc định) "
                       "hoặc bytes (gửi nội dung tệp).")] = "path",
) -> None:
    """Nạp tệp vào kho: đọc, làm sạch, trích xuất trường, lưu và lập chỉ mục."""
    paths = _stdin_paths(paths)
    from vanban.transfer import is_export

    if paths and len(paths) == 1 and is_export(paths[0]):  # a `vanban export` folder
        import_cmd(paths[0], data_dir, workers, False)
        return
    archive = _archive(data_dir, engine, create=True)
    if archive.engine_mismatch:
        err.print(f"[yellow]Kho đã dùng bộ máy '{archive.engine_name}'; bỏ qua --engine.[/yellow]")
    with ingest_progress(quiet) as on_progress:
        summary = archive.ingest(paths, workers, timeout or None, on_progress,
                                 copy=not no_copy, scheduler=scheduler, ship=ship)
    print_ingest_summary(summary, verbose)
    archive.close()
    raise typer.Exit(1 if summary.failed else 0)


def _stdin_paths(paths: list[Path] | None) -> list[Path] | None:
    """`-` among the paths: read more paths from standard input, one a line."""
    import sys

    if not paths or Path("-") not in paths:
        return paths
    out: list[Path] = []
    for p in paths:
        if p == Path("-"):
            out.extend(Path(line.rstrip("\r\n")) for line in sys.stdin if line.strip())
        else:
            out.append(p)
    if not out:
        from vanban.corpus.errors import UsageError

        raise UsageError("không có đường dẫn nào ở đầu vào chuẩn")
    return out


# -- search ------------------------------------------------------------------------
@app.command(short_help="Tìm văn bản, lọc theo đơn vị, loại, năm, phong trào.",
             epilog=_example('vanban search "lao dong gioi"', 'vanban search "văn hoá công sở" '
                             '--loai "báo cáo" --nam 2023', "vanban search --cap tinh --json"))
def search(
    query: Annotated[str, typer.Argument(metavar="TỪ_KHÓA",
        help="Từ khóa (không dấu cũng được, viết tắt như CNVCLĐ, TULĐTT); \"cụm từ\" trong "
             "ngoặc kép; số hiệu như 34-CT/TW; AND, OR, NOT hoặc -từ để loại trừ. Để trống: "
             "duyệt theo bộ lọc.")] = "",
    data_dir: DataDir = None,
    don_vi: DonVi = None,
    loai: Annotated[str | None, typer.Option(metavar="LOẠI", help="Loại văn bản: "
                                             + _loai_names() + ".")] = None,
    nam: Nam = None,
    tu: Tu = None,
    den: Den = None,
    phong_trao: PhongTrao = None,
    so_hieu: Annotated[str | None, typer.Option("--so-hieu", metavar="SỐ_HIỆU",
                                                help="Số hiệu văn bản.")] = None,
    cap: Annotated[str | None, typer.Option(metavar="CẤP", help="Cấp đơn vị: " + _cap_names()
                                            + ".")] = None,
    trich_dan: Annotated[str | None, typer.Option("--trich-dan", metavar="SỐ_HIỆU",
                                                  help="Văn bản có trích dẫn số hiệu này.")
                         ] = None,
    limit: Annotated[int, typer.Option(help="Số kết quả tối đa.", min=0, max=10000)] = 10,
    sort: Annotated[str, typer.Option(metavar="CÁCH", help="Sắp xếp: relevance (liên quan) "
                                      "hoặc date (ngày).")] = "relevance",
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
@app.command(short_help="Xem một văn bản: trường, số liệu, trích dẫn.",
             epilog=_example("vanban show 12", "vanban show 34-CT/TW --text",
                             "vanban show 12 --export ~/Desktop"))
def show(
    key: Annotated[str, typer.Argument(metavar="MÃ", help="Mã văn bản, số hiệu hoặc đường "
                                       "dẫn tệp.")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
    text: Annotated[bool, typer.Option("--text", help="In toàn văn.")] = False,
    open_file: Annotated[bool, typer.Option("--open", help="Mở bản gốc bằng chương trình mặc "
                                            "định.")] = False,
    export_dir: Annotated[Path | None, typer.Option("--export", metavar="THƯ_MỤC",
                                                    help="Chép bản gốc vào thư mục này.")
                          ] = None,
) -> None:
    """Xem các trường, số liệu, trích dẫn và nội dung của một văn bản."""
    archive = _archive(data_dir)
    if export_dir is not None:
        dest = archive.export_original(key, export_dir)
        console.print(f"Đã chép bản gốc vào {dest}", markup=False)
        return
    if open_file:
        _open_file(archive.original(key))
        return
    d = archive.show(key)
    if as_json:
        print_json(d)
        return
    print_kv(f"Văn bản {d['id']}", show_rows(d))
    if d["chi_tieu"]:
        console.print(f"[bold]Số liệu ({len(d['chi_tieu'])})[/bold]")
        for f in d["chi_tieu"]:
            console.print(figure_line(f))
    if text:
        console.print()
        console.print(d["text"], markup=False)


def _open_file(path: Path) -> None:
    """Hand the file to the desktop's default program (xdg-open / open)."""
    import shutil
    import subprocess
    import sys

    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        console.print(f"Không có {opener} để mở tệp; bản gốc ở: {path}", markup=False)
        return
    subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
    console.print(f"Đã mở {path}", markup=False)


# -- cites -------------------------------------------------------------------------
@app.command(short_help="Văn bản trích dẫn một số hiệu.",
             epilog=_example("vanban cites 34-CT/TW"))
def cites(
    number: Annotated[str, typer.Argument(metavar="SỐ_HIỆU", help="Số hiệu văn bản được trích "
                                          "dẫn, ví dụ 34-CT/TW.")],
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
@app.command(short_help="Trích xuất trường từ tệp (JSON Lines), không ghi kho.",
             epilog=_example("vanban extract a.pdf b.docx > truong.jsonl"))
def extract(
    files: Annotated[list[str], typer.Argument(metavar="TỆP...",
                                               help="Các tệp cần trích xuất.")],
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
            print_kv(f, [(k, d.get(k)) for k in CONTRACT_KEYS])
    raise typer.Exit(1 if failed else 0)


# -- reindex / check / stats -------------------------------------------------------
@app.command(short_help="Dựng lại chỉ mục từ kho.",
             epilog=_example("vanban reindex", "vanban reindex --catch-up"))
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


@app.command(short_help="Kiểm tra kho và chỉ mục; --repair để sửa.",
             epilog=_example("vanban check", "vanban check --repair"))
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


@app.command(short_help="Thống kê kho.", epilog=_example("vanban stats --json"))
def stats(data_dir: DataDir = None,
          as_json: AsJson = False) -> None:
    """Thống kê kho: số văn bản, trang, số liệu, trích dẫn, lỗi lần nạp gần nhất."""
    s = _archive(data_dir).stats()
    if as_json:
        print_json(s)
    else:
        print_stats(s)


# -- figures -----------------------------------------------------------------------
@app.command(short_help="Bảng số liệu (chỉ tiêu, kết quả) từ các văn bản.",
             epilog=_example('vanban figures "đoàn viên" --kind result --xlsx so-lieu.xlsx',
                             "vanban figures --nam 2023 --csv - | cut -d, -f1-3"))
def figures(
    query: Annotated[str, typer.Argument(metavar="TỪ_KHÓA", help="Tìm trong chủ thể và câu "
                                         "chứa số liệu.")] = "",
    data_dir: DataDir = None,
    don_vi: DonVi = None,
    nam: Nam = None,
    tu: Tu = None,
    den: Den = None,
    kind: Annotated[str | None, typer.Option(metavar="KIỂU", help="Kiểu số liệu: target (chỉ "
                                             "tiêu) hoặc result (kết quả).")] = None,
    phong_trao: PhongTrao = None,
    limit: Annotated[int | None, typer.Option(help="Số dòng tối đa.", min=1)] = None,
    as_json: AsJson = False,
    csv_file: Annotated[str | None, typer.Option("--csv", metavar="TỆP", help="Ghi CSV, UTF-8 "
                                                 "có BOM cho Excel (- là màn hình).")] = None,
    xlsx_file: Annotated[Path | None, typer.Option("--xlsx", metavar="TỆP",
                                                   help="Ghi bảng tính Excel.")] = None,
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
            with writable(path):
                n = write_file(kind, rows, path, asked, what)
            console.print(f"đã ghi {n} dòng vào {path}", soft_wrap=True, markup=False)


# -- report / pairs / chart --------------------------------------------------------
@app.command(short_help="Bảng tính báo cáo chỉ tiêu ↔ kết quả theo phong trào.",
             epilog=_example('vanban report --don-vi "Lai Châu" --tu 2015 --den 2020 '
                             '--xlsx bao-cao.xlsx'))
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


@app.command(short_help="Ghép chỉ tiêu với kết quả trả lời nó.",
             epilog=_example('vanban pairs --don-vi "Lai Châu"'))
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


@app.command(short_help="Biểu đồ một chỉ tiêu qua các năm hoặc các đơn vị.",
             epilog=_example('vanban chart "đoàn viên" --theo nam -o bieu-do.png'))
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


# -- facets ------------------------------------------------------------------------
@app.command(short_help="Giá trị dùng để lọc, kèm số văn bản.",
             epilog=_example("vanban facets", "vanban facets don_vi loai",
                             "vanban facets phong_trao --json"))
def facets(
    names: Annotated[list[str] | None, typer.Argument(
        metavar="TRƯỜNG...", help="don_vi, loai, nam, phong_trao, cap, tinh (mặc định: tất "
        "cả).")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Liệt kê các giá trị dùng được cho bộ lọc (--don-vi, --loai, --phong-trao, --cap,
    --nam) cùng số văn bản của mỗi giá trị."""
    from vanban.output import print_facets

    result = _archive(data_dir).facets(tuple(names) if names else None)
    if as_json:
        for name, vals in result.items():
            for x in vals:
                print_json({"field": name, **x})
    else:
        print_facets(result)


# -- export / import / backup -------------------------------------------------------
@app.command(name="export", short_help="Xuất kho: bản gốc, bảng kê, bản sao lưu.",
             epilog=_example("vanban export /media/usb/kho-2024"))
def export_cmd(
    folder: Annotated[Path, typer.Argument(metavar="THƯ_MỤC", help="Thư mục mới (hoặc trống) "
                                           "để ghi vào.")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Xuất toàn bộ kho ra một thư mục xem được không cần vanban: bản gốc theo năm
    (van-ban/NĂM/), manifest.json và manifest.csv (trường, sha256, đường dẫn khi nạp, bản
    trùng đã bỏ) và vanban.sqlite (bản sao lưu nhất quán)."""
    result = _archive(data_dir).export(folder)
    if as_json:
        print_json(result)
        return
    console.print(f"Đã xuất {result['documents']} văn bản ({result['files']} tệp gốc) vào "
                  f"{result['folder']}", markup=False)
    if result["missing"]:
        err.print(f"Thiếu bản gốc của {len(result['missing'])} văn bản (mã "
                  f"{result['missing'][:10]}); bảng kê vẫn ghi trường của chúng.", markup=False)


@app.command(name="import", short_help="Nhập lại thư mục do vanban export ghi.",
             epilog=_example("vanban --data-dir ~/kho-moi import /media/usb/kho-2024"))
def import_cmd(
    folder: Annotated[Path, typer.Argument(metavar="THƯ_MỤC", help="Thư mục xuất của vanban.")],
    data_dir: DataDir = None,
    workers: Annotated[int, typer.Option("--workers", "-j", help="Số tiến trình đọc tệp.",
                                         min=1, max=64)] = 1,
    as_json: AsJson = False,
) -> None:
    """Dựng lại kho từ thư mục xuất: đọc lại các bản gốc và khôi phục đường dẫn khi nạp."""
    archive = _archive(data_dir, create=True)
    result = archive.import_(folder, workers)
    archive.close()
    if as_json:
        print_json(result)
    else:
        console.print(f"Đã nhập {result['documents']} văn bản ({result['sources']} đường dẫn "
                      "nguồn).", markup=False)
    raise typer.Exit(1 if result["failed"] else 0)


@app.command(short_help="Sao lưu kho đang dùng ra một tệp SQLite.",
             epilog=_example("vanban backup ~/sao-luu/vanban-2024-06-30.sqlite"))
def backup(
    dest: Annotated[Path, typer.Argument(metavar="TỆP", help="Tệp sao lưu (chưa có).")],
    data_dir: DataDir = None,
) -> None:
    """Sao lưu nhất quán cơ sở dữ liệu của kho (API sao lưu của SQLite), kể cả khi đang có
    người tìm kiếm hoặc nạp; khôi phục bằng cách đặt tệp vào thư mục kho rồi `vanban
    reindex`."""
    out = _archive(data_dir).backup(dest)
    console.print(f"Đã sao lưu kho vào {out}", markup=False)


# -- duplicates --------------------------------------------------------------------
@app.command(short_help="Văn bản trùng và đoạn lặp đã gộp.",
             epilog=_example("vanban duplicates"))
def duplicates(data_dir: DataDir = None,
               as_json: AsJson = False) -> None:
    """Liệt kê văn bản trùng (cùng tệp, gần trùng) và các đoạn lặp đã gộp trong từng văn bản."""
    d = _archive(data_dir).duplicates()
    if as_json:
        print_json(d)
    else:
        print_duplicates(d)


# -- serve -------------------------------------------------------------------------
@app.command(short_help="Trang web tra cứu cho cả văn phòng.",
             epilog=_example("vanban serve", "vanban serve --host 0.0.0.0 --password MẬT_KHẨU"))
def serve(
    data_dir: DataDir = None,
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe (mặc định chỉ máy này).")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng.", min=1, max=65535)] = 8080,
    password: Annotated[str | None, typer.Option(
        "--password", help="Mật khẩu (HTTP Basic) cho trang; bắt buộc khi --host khác "
        "127.0.0.1. Cũng đọc từ biến VANBAN_WEB_PASSWORD.")] = None,
) -> None:
    """Mở trang web tra cứu kho (chỉ đọc) cho cả văn phòng."""
    from vanban.archive import default_data_dir
    from vanban.web.server import serve as run_server

    run_server(data_dir or _global["data_dir"] or default_data_dir(), host, port, password)


# -- eval --------------------------------------------------------------------------
@app.command(name="eval", context_settings={"allow_extra_args": True,
                                            "ignore_unknown_options": True},
             short_help="Đánh giá độ chính xác so với dữ liệu chuẩn.",
             epilog=_example("vanban eval search --engine tantivy"))
def evaluate(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(
        metavar="PHẦN", help="fields | figures | pairs | readers | dedup | scans | search")],
) -> None:
    """Đánh giá độ chính xác so với dữ liệu chuẩn (gold); in bảng kết quả."""
    from vanban.evaluation import run_evaluation

    raise typer.Exit(run_evaluation(what, list(ctx.args)))


def main() -> None:
    run(app)


if __name__ == "__main__":
    main()
