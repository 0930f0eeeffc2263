"""The `vanban` command: a thin Typer app over ingest, corpus, index and search."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from vanban.output import CONTRACT_KEYS, console, err, kv_table, print_json, search_table

app = typer.Typer(
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
SAMPLES = Path(__file__).resolve().parent.parent / "corpus" / "samples"
_global: dict[str, Path | None] = {"data_dir": None}


def _samples_dir() -> Path:
    import corpus

    return Path(corpus.__file__).resolve().parent / "samples"


def _archive(data_dir: Path | None, engine: str | None = None):
    from vanban.archive import Archive, default_data_dir

    path = data_dir or _global["data_dir"] or default_data_dir()
    try:
        return Archive(path, engine)
    except sqlite3.DatabaseError as exc:
        err.print(f"[red]Tệp kho {path / 'vanban.sqlite'} bị hỏng ({exc}). Hãy khôi phục từ "
                  "bản sao lưu, hoặc chuyển nó đi rồi nạp lại các tệp.[/red]")
        raise typer.Exit(1) from exc
    except ValueError as exc:
        _usage(str(exc))
    except OSError as exc:
        err.print(f"[red]Không mở được kho dữ liệu {path}: {exc}[/red]")
        raise typer.Exit(2) from exc


def _usage(message: str) -> None:
    err.print(f"[red]Lỗi:[/red] {message}")
    raise typer.Exit(2)


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

    from vanban.archive import ArchiveBusy
    from vanban.index.build import add_documents, sync
    from vanban.ingest.batch import FAILED, ingest_files
    from vanban.ingest.discover import discover

    archive = _archive(data_dir, engine)
    if archive.engine_mismatch:
        err.print(f"[yellow]Kho đã dùng bộ máy '{archive.engine_name}'; bỏ qua --engine.[/yellow]")
    roots = paths or [_samples_dir()]
    try:
        with archive.write_lock():
            sync(archive.store, archive.engine)  # finish what an interrupted run left
            files = list(discover(roots))
            run_id = archive.store.start_run([str(p) for p in roots])
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TextColumn("{task.fields[name]}"), console=err,
                          disable=quiet or not err.is_terminal) as progress:
                task = progress.add_task("Đang nạp", total=len(files), name="")

                def done(o: Any) -> None:
                    progress.update(task, advance=1, name=Path(o.path).name[:40])

                # read in child processes: a reader that crashes or hangs costs one file
                summary = ingest_files(archive.store, files, run_id, workers, done,
                                       isolate=True, timeout=timeout or None,
                                       mp_context=_mp_context())
                progress.update(task, description="Lập chỉ mục", name="")
                if summary.removed_ids:
                    archive.engine.delete(summary.removed_ids)
                add_documents(archive.store, archive.engine, summary.changed_ids)
                sync(archive.store, archive.engine)
            archive.store.finish_run(run_id)
    except ArchiveBusy as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    _print_summary(summary, len(files), verbose)
    archive.close()
    raise typer.Exit(1 if summary.count(FAILED) else 0)


def _mp_context():
    """Reader processes start from a clean forkserver, not a fork of this process: by then it
    has index threads running, and forking a threaded process can deadlock the child."""
    import multiprocessing

    try:
        return multiprocessing.get_context("forkserver")
    except ValueError:  # a platform without it
        return None


def _print_summary(summary: Any, n_files: int, verbose: bool = False) -> None:
    from rich.table import Table

    from vanban.ingest.batch import FAILED, OK, SAME_FILE, SKIPPED

    methods: dict[str, int] = {}
    for o in summary.outcomes:
        for m, n in o.pages.items():
            methods[m] = methods.get(m, 0) + n
    table = Table(title="Kết quả nạp", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("Tệp", str(n_files))
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
    from vanban.search.query import Filters, QueryError
    from vanban.search.searcher import search as run_search

    year: int | None = None
    if nam is not None:
        if not nam.strip().isdigit() or not 1900 <= int(nam) <= 2100:
            _usage(f"--nam: năm không hợp lệ '{nam}'")
        year = int(nam)
    filters = Filters(don_vi=don_vi, loai=loai, nam=year, tu=tu, den=den, phong_trao=phong_trao,
                      so_hieu=so_hieu, cap=cap, trich_dan=trich_dan)
    archive = _archive(data_dir)
    try:
        result = run_search(archive.store, archive.engine, query, filters, limit, sort)
    except QueryError as exc:
        _usage(str(exc))
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
    from vanban.search.searcher import citations_of

    archive = _archive(data_dir)
    doc_id = archive.store.find(key)
    if doc_id is None:
        err.print(f"[red]Không tìm thấy văn bản '{key}'.[/red]")
        raise typer.Exit(1)
    rec = archive.store.get(doc_id)
    assert rec is not None
    sources = archive.store.sources_of(doc_id)
    cites = citations_of(archive.store, archive.engine, doc_id)
    cited_by = [r["id"] for r in cites["duoc_trich_dan"]]
    if as_json:
        d = rec.to_json(with_text=True)
        d.update(id=doc_id, sources=sources, cited_by=cited_by, trich_dan=cites["trich_dan"],
                 duoc_trich_dan=cites["duoc_trich_dan"])
        print_json(d)
        return
    cite_text = ", ".join(c["so_hieu"] + (f" [{', '.join(map(str, c['ids']))}]" if c["ids"]
                                          else "") for c in cites["trich_dan"])
    by_text = "\n".join(f"[{r['id']}] {r['so_hieu'] or '(không số)'} {r['ngay'] or ''} "
                        f"{r['trich_yeu'] or r['path'] or ''}"[:120]
                        for r in cites["duoc_trich_dan"])
    rows = [("Mã", doc_id), ("Số hiệu", rec.so_hieu), ("Loại", rec.loai),
            ("Ngày", rec.ngay), ("Địa danh", rec.dia_danh), ("Đơn vị", rec.don_vi),
            ("Cấp", rec.cap), ("Trích yếu", rec.trich_yeu), ("Người ký", rec.nguoi_ky),
            ("Chức vụ", rec.chuc_vu), ("Nơi nhận", "; ".join(rec.noi_nhan) or None),
            ("Phong trào", "; ".join(rec.phong_trao) or None),
            ("Trích dẫn", cite_text or None),
            ("Được trích dẫn bởi", by_text or None),
            ("Đợt thi đua", "; ".join(f"{d.get('ten')}: {d.get('tu')} → {d.get('den')}"
                                      for d in rec.dot_thi_dua) or None),
            ("Tệp", "\n".join(sources)), ("Định dạng", rec.format),
            ("Trang", ", ".join(f"{p.number}:{p.method}" for p in rec.pages)),
            ("Đoạn trùng đã bỏ", len(rec.duplicates))]
    console.print(kv_table(f"Văn bản {doc_id}", rows))
    if rec.chi_tieu:
        console.print(f"[bold]Số liệu ({len(rec.chi_tieu)})[/bold]")
        for f in rec.chi_tieu:
            console.print(f"  • {f.value:g} {f.unit or ''} — {f.kind} — {f.subject or ''}"
                          if f.value is not None else f"  • {f.raw} — {f.subject or ''}")
    if text:
        console.print()
        console.print(rec.text, markup=False)


# -- cites -------------------------------------------------------------------------
@app.command()
def cites(
    number: Annotated[str, typer.Argument(help="Số hiệu văn bản được trích dẫn, ví dụ 34-CT/TW.")],
    data_dir: DataDir = None,
    limit: Annotated[int, typer.Option(help="Số kết quả tối đa.", min=0, max=10000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
) -> None:
    """Các văn bản trong kho trích dẫn một số hiệu (mới nhất trước)."""
    from vanban.index.analysis import key as number_key
    from vanban.index.query import Term
    from vanban.search.query import Filters, QueryError
    from vanban.search.searcher import search as run_search

    archive = _archive(data_dir)
    try:
        result = run_search(archive.store, archive.engine, "", Filters(trich_dan=number), limit,
                            "date")
    except QueryError as exc:
        _usage(str(exc))
    own = [i for i, _ in archive.engine.search(Term("so_hieu", number_key(number)), 5)[1]]
    result["so_hieu"] = number
    result["document"] = own[0] if own else None
    if as_json:
        print_json(result)
        return
    if own:
        console.print(f"Văn bản {number} có trong kho: [bold][{own[0]}][/bold]")
    console.print(f"Các văn bản trích dẫn [bold]{number}[/bold]:")
    search_table(result)


# -- extract -----------------------------------------------------------------------
def extract_json(path: str) -> dict[str, Any]:
    from dataclasses import asdict

    from vanban.ingest.pipeline import ReadError, process_file

    p = Path(path)
    try:
        if not p.is_file():
            raise ReadError("không tìm thấy tệp" if not p.exists() else "không phải tệp thường")
        rec = process_file(p, display_path=path)
    except ReadError as exc:
        return {"path": path, "error": str(exc), **{k: None for k in CONTRACT_KEYS},
                "text": None, "duplicates": []}
    except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
        return {"path": path, "error": f"lỗi khi đọc tệp ({type(exc).__name__}: {exc})",
                **{k: None for k in CONTRACT_KEYS}, "text": None, "duplicates": []}
    d = rec.to_json(with_text=True)
    out = {"path": path}
    out.update({k: d[k] for k in CONTRACT_KEYS})
    out["text"] = rec.text
    out["duplicates"] = [asdict(x) for x in rec.duplicates]
    for k in ("ngay_precision", "so_hieu_raw", "cap", "tinh", "format", "sha256", "pages",
              "corrections", "provenance", "warnings"):
        out[k] = d[k]
    return out


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Các tệp cần trích xuất.")],
    as_json: Annotated[bool, typer.Option("--json", help="In JSON Lines (mặc định).")] = True,
) -> None:
    """Trích xuất các trường từ tệp, in một dòng JSON mỗi tệp; không ghi vào kho."""
    failed = 0
    for f in files:
        d = extract_json(f)
        failed += "error" in d
        if as_json:
            print_json(d)
        else:
            console.print(kv_table(f, [(k, d.get(k)) for k in CONTRACT_KEYS]))
    raise typer.Exit(1 if failed else 0)


# -- reindex / stats ---------------------------------------------------------------
@app.command()
def reindex(data_dir: DataDir = None) -> None:
    """Xóa và dựng lại chỉ mục từ kho lưu trữ (không đọc lại tệp)."""
    from vanban.archive import ArchiveBusy
    from vanban.index.build import rebuild

    archive = _archive(data_dir)
    try:
        with archive.write_lock():
            n = rebuild(archive.store, archive.engine)
    except ArchiveBusy as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Đã lập lại chỉ mục ({archive.engine_name}) cho {n} văn bản.")


@app.command()
def check(
    data_dir: DataDir = None,
    repair: Annotated[bool, typer.Option("--repair", help="Dựng lại chỉ mục từ kho (và xóa "
                                         "dòng mồ côi) nếu có lỗi.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
) -> None:
    """Kiểm tra kho: toàn vẹn SQLite, dòng mồ côi, chỉ mục khớp với kho; --repair để sửa."""
    from vanban.archive import ArchiveBusy
    from vanban.check import check as run_check
    from vanban.check import repair as run_repair

    archive = _archive(data_dir)
    done: list[str] = []
    try:
        report = run_check(archive)
        if repair and not report.ok:
            with archive.write_lock():
                done = run_repair(archive, report)
            report = run_check(archive)
    except ArchiveBusy as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
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
    archive = _archive(data_dir)
    s = archive.store.stats()
    s["engine"] = archive.engine_name
    s["data_dir"] = str(archive.data_dir)
    s["indexed"] = len(archive.engine.ids())
    if as_json:
        print_json(s)
        return
    labels = {"documents": "Văn bản", "sources": "Tệp nguồn", "pages": "Trang",
              "paragraphs": "Đoạn", "figures": "Số liệu", "citations": "Trích dẫn",
              "duplicates": "Đoạn trùng đã bỏ", "by_format": "Theo định dạng",
              "by_method": "Trang theo cách đọc", "failed_last_run": "Lỗi lần nạp gần nhất",
              "engine": "Bộ máy chỉ mục", "indexed": "Đã lập chỉ mục", "data_dir": "Thư mục"}
    console.print(kv_table("Thống kê kho", [(labels.get(k, k), json.dumps(v, ensure_ascii=False)
                                            if isinstance(v, dict) else v)
                                           for k, v in s.items()]))


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
    from vanban.search.figures import query_figures
    from vanban.search.query import QueryError, parse_date

    if kind is not None and kind not in ("target", "result"):
        _usage("--kind chỉ nhận 'target' hoặc 'result'")
    year: int | None = None
    if nam is not None:
        if not nam.strip().isdigit() or not 1900 <= int(nam) <= 2100:
            _usage(f"--nam: năm không hợp lệ '{nam}'")
        year = int(nam)
    try:
        tu_iso = parse_date(tu, "--tu") if tu else None
        den_iso = parse_date(den, "--den") if den else None
    except QueryError as exc:
        _usage(str(exc))
    archive = _archive(data_dir)
    rows = query_figures(archive.store.db, query or None, don_vi, year, tu_iso, den_iso, kind,
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
               as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False) -> None:
    """Liệt kê văn bản trùng (cùng tệp, gần trùng) và các đoạn lặp đã gộp trong từng văn bản."""
    archive = _archive(data_dir)
    store = archive.store
    same = [{"id": i, "paths": paths} for i, paths in store.same_file_sources()]
    near = [{"id": r["id"], "of": r["of"], "similarity": r["similarity"],
             "paths": store.sources_of(r["id"]), "of_paths": store.sources_of(r["of"])}
            for r in store.near_duplicates()]
    sections = [{"id": r[0], "blocks": r[1], "chars": r[2], "paths": store.sources_of(r[0])}
                for r in store.db.execute(
                    "SELECT document_id, COUNT(*), SUM(LENGTH(text)) FROM duplicates"
                    " GROUP BY document_id ORDER BY document_id")]
    if as_json:
        print_json({"same_file": same, "near_duplicates": near, "repeated_sections": sections})
        return
    console.print(f"[bold]Cùng một tệp ở nhiều nơi[/bold] ({len(same)})")
    for d in same:
        console.print(f"  [{d['id']}] " + "\n       ".join(d["paths"]), markup=False)
    console.print(f"[bold]Văn bản gần trùng[/bold] ({len(near)})")
    for d in near:
        console.print(f"  [{d['id']}] {d['paths'][0]}\n    ≈ [{d['of']}] {d['of_paths'][0]}"
                      f"  (giống {d['similarity']:.0%})", markup=False)
    console.print(f"[bold]Đoạn lặp đã gộp trong văn bản[/bold] ({len(sections)})")
    for d in sections:
        console.print(f"  [{d['id']}] {d['blocks']} khối, {d['chars']} ký tự — {d['paths'][0]}",
                      markup=False)


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
UsageError = typer.BadParameter.__mro__[1]
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
    except UsageError as exc:
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
