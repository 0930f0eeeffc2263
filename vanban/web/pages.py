"""The pages: each opens the archive for the request (so an ingest that just finished shows),
asks `Archive` for plain data and renders a template. No SQL, no copy of CLI logic."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from vanban.archive import Archive
from vanban.corpus.errors import NotFound, UsageError
from vanban.search.export import EXPORT_COLUMNS, write_csv, write_xlsx
from vanban.search.query import Filters, parse_year

PER_PAGE = 10  # as `vanban search`: each hit costs a snippet
MAX_PAGE = 100  # deeper than 1 000 hits: refine the query instead
EXPORT_LIMIT = 10_000
FIGURES_SHOWN = 1000  # the page; the downloads carry every row
SEARCH_KEYS = ("q", "don_vi", "loai", "nam", "phong_trao", "cap", "tinh", "tu", "den",
               "so_hieu", "trich_dan", "sort")
FIGURE_KEYS = ("q", "don_vi", "nam", "tu", "den", "kind", "phong_trao")
HIT_COLUMNS = ("id", "so_hieu", "ngay", "don_vi", "loai", "trich_yeu", "path")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextmanager
def archive(request: Request) -> Iterator[Archive]:
    a = Archive(request.app.state.data_dir, create=False)
    try:
        yield a
    finally:
        a.close()


def params(request: Request, keys: tuple[str, ...]) -> dict[str, str]:
    """The page's query as typed (the URL holds all of it), empty values dropped."""
    return {k: v.strip() for k in keys if (v := request.query_params.get(k, "")).strip()}


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    if "p" in ctx:  # the filters in use, each removable
        ctx["active"] = [(k, v) for k, v in ctx["p"].items() if k not in ("q", "sort")]
    html = request.app.state.env.get_template(name).render(request=request, **ctx)
    return HTMLResponse(html, status_code=status)


def _filters(p: dict[str, str]) -> Filters:
    return Filters(don_vi=p.get("don_vi"), loai=p.get("loai"),
                   nam=parse_year(p.get("nam"), "năm") if p.get("nam") else None,
                   tu=p.get("tu"), den=p.get("den"), phong_trao=p.get("phong_trao"),
                   so_hieu=p.get("so_hieu"), cap=p.get("cap"), tinh=p.get("tinh"),
                   trich_dan=p.get("trich_dan"))


def _run_search(a: Archive, p: dict[str, str], limit: int, offset: int = 0) -> dict[str, Any]:
    return a.search(p.get("q", ""), _filters(p), limit, p.get("sort", "relevance"),
                    offset=offset)


def search_page(request: Request) -> Response:
    p = params(request, SEARCH_KEYS)
    try:
        page = min(max(int(request.query_params.get("trang", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    with archive(request) as a:
        try:
            result = _run_search(a, p, PER_PAGE, (page - 1) * PER_PAGE)
        except UsageError as exc:  # a query the user must fix (QueryError is one)
            return render(request, "search.html", 400, p=p, error=str(exc), result=None,
                          page=page, pages=0)
    hits = result["hits"]
    pages = min(-(-result["total"] // PER_PAGE), MAX_PAGE)
    return render(request, "search.html", p=p, result=result, hits=hits, page=page,
                  pages=pages, error=None, per_page=PER_PAGE)


def _safe_cell(v: Any) -> Any:
    """Document text never becomes a spreadsheet formula."""
    if isinstance(v, str) and v[:1] in ("=", "+", "@"):
        return "'" + v
    return v


def _table(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...], name: str,
           sheet: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise NotFound(f"Không có định dạng tải về '{fmt}' (chọn csv hoặc xlsx).")
    rows = [{k: _safe_cell(v) for k, v in r.items()} for r in rows]
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{name}.xlsx"
            write_xlsx(rows, path, columns, sheet)
            body = path.read_bytes()
        media = XLSX
    else:
        buf = io.StringIO()
        write_csv(rows, buf, columns)
        body, media = ("\ufeff" + buf.getvalue()).encode(), "text/csv; charset=utf-8"
    return Response(body, media_type=media,
                    headers={"content-disposition": f'attachment; filename="{name}.{fmt}"'})


def search_export(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    p = params(request, SEARCH_KEYS)
    with archive(request) as a:
        result = _run_search(a, p, EXPORT_LIMIT)
    return _table(result["hits"], fmt, HIT_COLUMNS, "ket-qua-tim-kiem", "ket_qua")


def _spans(d: dict[str, Any]) -> list[dict[str, Any]]:
    """Each field value with where it was read (provenance key `name` or `name[i]`)."""
    prov = d.get("provenance") or {}
    out = []
    for name in ("so_hieu", "loai", "ngay", "dia_danh", "don_vi", "cap", "tinh", "trich_yeu",
                 "nguoi_ky", "chuc_vu", "noi_nhan", "phong_trao", "van_ban_dan_chieu",
                 "dot_thi_dua"):
        value = d.get(name)
        if value in (None, "", []):
            continue
        items = value if isinstance(value, list) else [value]
        for i, v in enumerate(items):
            where = prov.get(f"{name}[{i}]") if isinstance(value, list) else prov.get(name)
            out.append({"name": name, "first": i == 0, "value": v, "where": where})
    return out


def document_page(request: Request) -> Response:
    doc_id = request.path_params["doc_id"]
    with archive(request) as a:
        d = a.show(str(doc_id))
        has_original = _original(a, d["id"]) is not None
    return render(request, "document.html", d=d, fields=_spans(d), has_original=has_original)


def _original(a: Archive, doc_id: int | str) -> Path | None:
    """The kept original (or an unchanged source file) of a document, by id only."""
    try:
        return a.original(str(doc_id))
    except NotFound:
        return None


def original_file(request: Request) -> Response:
    """The original file, by document id only: the path is the one the archive recorded."""
    doc_id = request.path_params["doc_id"]
    with archive(request) as a:
        path = _original(a, doc_id)
        names = a.store.sources_of(int(doc_id)) if path is not None else []
    if path is None:
        raise NotFound(f"Không còn tệp gốc của văn bản {doc_id}.")
    name = Path(names[0]).name if names else path.name  # the name as ingested
    return FileResponse(path, media_type="application/octet-stream", filename=name,
                        headers={"content-security-policy": "sandbox; default-src 'none'"})


def _figures(a: Archive, p: dict[str, str], limit: int | None = None) -> list[dict[str, Any]]:
    return a.figures(p.get("q"), p.get("don_vi"),
                     parse_year(p.get("nam"), "năm") if p.get("nam") else None,
                     p.get("tu"), p.get("den"), p.get("kind"), p.get("phong_trao"), limit)


def _pairs(a: Archive, p: dict[str, str]) -> list[dict[str, Any]] | None:
    """Targets beside the results that answer them, for a chosen unit or movement (the
    pairing needs one of them to stay meaningful and fast)."""
    if not (p.get("don_vi") or p.get("phong_trao")):
        return None
    out = []
    for x in a.pairs(p.get("don_vi"), p.get("tu"), p.get("den"), p.get("phong_trao")):
        t, r = x.target or {}, x.result or {}
        out.append({
            "Chỉ tiêu": x.indicator(),
            "Mục tiêu": t.get("raw") or t.get("value"),
            "Kết quả": r.get("raw") or r.get("value"),
            "% đạt": f"{100 * x.achieved:.0f}%" if x.achieved is not None else "",
            "Nguồn chỉ tiêu": " ".join(str(v) for v in (t.get("so_hieu"), t.get("ngay")) if v),
            "Nguồn kết quả": " ".join(str(v) for v in (r.get("so_hieu"), r.get("ngay")) if v),
        })
    return out


def figures_page(request: Request) -> Response:
    p = params(request, FIGURE_KEYS)
    with archive(request) as a:
        try:
            rows = _figures(a, p, FIGURES_SHOWN + 1)
        except UsageError as exc:
            return render(request, "figures.html", 400, p=p, rows=[], error=str(exc),
                          pairs=None)
        pairs = _pairs(a, p)
    return render(request, "figures.html", p=p, rows=rows[:FIGURES_SHOWN], error=None,
                  pairs=pairs, more=len(rows) > FIGURES_SHOWN)


def figures_export(request: Request) -> Response:
    p = params(request, FIGURE_KEYS)
    with archive(request) as a:
        rows = _figures(a, p)
    return _table(rows, request.path_params["fmt"], EXPORT_COLUMNS, "so-lieu", "chi_tieu")


def status_page(request: Request) -> Response:
    with archive(request) as a:
        stats, runs = a.stats(), a.runs(5)
    return render(request, "status.html", stats=stats, runs=runs)
