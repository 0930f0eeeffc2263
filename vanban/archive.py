"""The vanban library: an archive = a data directory holding the store (truth) and one
derived index, and every operation a front end needs, returning plain data.

The CLI, the benchmarks, the evaluations and the web page call these methods; none of them
repeats the ingest flow or assembles a document view on its own.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from vanban.corpus.errors import (
    ArchiveBusy,
    ArchiveCorrupt,
    ArchiveIOError,
    ArchiveUnavailable,
    NotFound,
    UsageError,
    VanbanError,
    io_failure,
)
from vanban.corpus.store import StoreCorrupt, open_store
from vanban.index.engine import Engine
from vanban.index.open import ENGINES, index_dir, open_engine

DEFAULT_ENGINE = "tantivy"

# The record fields every `extract --json` line carries (the contract other tools read).
CONTRACT_KEYS = ("so_hieu", "loai", "ngay", "dia_danh", "don_vi", "trich_yeu", "nguoi_ky",
                 "chuc_vu", "noi_nhan", "phong_trao", "chi_tieu", "van_ban_dan_chieu",
                 "dot_thi_dua")
EXTRA_KEYS = ("ngay_precision", "so_hieu_raw", "cap", "tinh", "format", "sha256", "pages",
              "corrections", "provenance", "warnings", "zones", "don_vi_raw")

__all__ = ["Archive", "ArchiveBusy", "IngestProgress", "default_data_dir", "extract",
           "samples_dir"]


def default_data_dir() -> Path:
    env = os.environ.get("VANBAN_HOME")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vanban"


def samples_dir() -> Path:
    """The bundled sample archive (seeds and their format copies)."""
    from importlib.resources import files

    return Path(str(files("vanban.corpus") / "samples"))


@dataclass
class IngestProgress:
    """What `Archive.ingest` reports while it works: a stage, and per file its outcome."""

    stage: str  # "files" (reading), "index" (indexing), "done"
    total: int = 0
    outcome: Any = None  # ingest.batch.Outcome of the file just finished
    current: str | None = None  # the file being read now (results come in input order)


def extract(path: str) -> dict[str, Any]:
    """One file's record as the `extract --json` contract, without touching any archive.

    Never raises for a bad file: the row carries `error` (Vietnamese) and null fields.
    """
    from vanban.ingest.pipeline import ReadError, process_file

    p = Path(path)
    empty = {"path": path, **{k: None for k in CONTRACT_KEYS}, "text": None, "duplicates": []}
    try:
        if not p.is_file():
            raise ReadError("không tìm thấy tệp" if not p.exists() else "không phải tệp thường")
        rec = process_file(p, display_path=path)
    except ReadError as exc:
        return {**empty, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
        return {**empty, "error": f"lỗi khi đọc tệp ({type(exc).__name__}: {exc})"}
    d = rec.to_json(with_text=True)
    out: dict[str, Any] = {"path": path}
    out.update({k: d[k] for k in CONTRACT_KEYS})
    out["text"] = rec.text
    out["duplicates"] = [asdict(x) for x in rec.duplicates]
    out.update({k: d[k] for k in EXTRA_KEYS})
    return out


class Archive:
    """One data directory: open it, then call the operations below."""

    def __init__(self, data_dir: Path, engine: str | None = None, create: bool = True,
                 on_notice: Callable[[str], None] | None = None, store: str | None = None):
        """`create=False` (every command but ingest): a directory without an archive is an
        error, not a new empty archive; an archive that cannot be written opens read-only.
        `store`: a postgresql:// URL for a shared store (default: $VANBAN_DATABASE_URL, else
        the data directory's SQLite file). The index always lives in `data_dir`."""
        self.data_dir = Path(data_dir)
        self.notice = on_notice or (lambda _m: None)
        url = store or os.environ.get("VANBAN_DATABASE_URL") or None
        db_path = self.data_dir / "vanban.sqlite"
        if url is None and not create and not db_path.is_file():
            raise NotFound(f"Lỗi: không có kho dữ liệu ở {self.data_dir} (chưa nạp tệp nào, "
                           "hoặc --data-dir gõ sai). Kho chỉ được tạo bởi 'vanban ingest'.")
        self.shared = url is not None  # a shared store: other machines write to it too
        self.read_only = url is None and db_path.is_file() and not _writable(self.data_dir,
                                                                              db_path)
        try:
            if not self.read_only:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            self.store = open_store(url or db_path, read_only=self.read_only)
        except StoreCorrupt as exc:
            if url:
                raise ArchiveCorrupt(f"kho PostgreSQL không dùng được ({exc})") from exc
            raise ArchiveCorrupt(
                f"tệp kho {self.data_dir / 'vanban.sqlite'} bị hỏng ({exc}). Hãy khôi phục từ "
                "bản sao lưu, hoặc chuyển nó đi rồi nạp lại các tệp.") from exc
        except OSError as exc:
            raise ArchiveUnavailable(f"không mở được kho dữ liệu {self.data_dir}: {exc}") from exc
        recorded = self.store.get_meta("engine")
        if recorded is None and self.read_only:
            recorded = engine or DEFAULT_ENGINE
        elif recorded is None:
            recorded = engine or DEFAULT_ENGINE
            if recorded not in ENGINES:
                self.store.close()
                raise UsageError(f"bộ máy chỉ mục không hợp lệ: {recorded} "
                                 f"(chọn: {', '.join(ENGINES)})")
            self.store.set_meta("engine", recorded)
        self.engine_name = recorded
        self.engine_mismatch = engine is not None and engine != recorded
        self._engine: Engine | None = None
        self._checked_behind = False
        self._tmp: Path | None = None  # a read-only archive's private index copy

    # -- plumbing ---------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_engine(self._index_home(), self.engine_name)
            if getattr(self._engine, "stale", False) and not self.read_only:
                from vanban.index.build import rebuild  # index layout changed: it is derived

                rebuild(self.store, self._engine)
                self._engine.stale = False
        return self._engine

    def _index_home(self) -> Path:
        """Where the index is opened from: a read-only archive's index is read from a private
        copy (the engines take a lock file next to the index even to read)."""
        if not self.read_only:
            return self.data_dir
        import shutil
        import tempfile
        import weakref

        self._tmp = Path(tempfile.mkdtemp(prefix="vanban-ro-"))
        weakref.finalize(self, shutil.rmtree, str(self._tmp), True)  # CLI commands never close
        src = index_dir(self.data_dir, self.engine_name)
        if src.is_dir():
            shutil.copytree(src, index_dir(self._tmp, self.engine_name))
        return self._tmp

    @property
    def current_engine(self) -> Engine:
        """The engine for a read command: an index left behind by an interrupted run is
        brought up to date first (or, read-only, the user is told)."""
        engine = self.engine
        if not self._checked_behind:
            self._checked_behind = True
            if self.read_only:
                self._say_behind()
            else:
                self._catch_up()
        return engine

    def _behind(self) -> int:
        """Documents the store has and the index lacks (an interrupted ingest)."""
        assert self._engine is not None
        if self._engine.id_moments() == self.store.indexable_moments():
            return 0  # same count, sums and ends on both sides: nothing lacks
        return len(set(self.store.indexable_ids()) - self._engine.ids())

    def _catch_up(self) -> None:
        """Bring an index left behind by an interrupted run up to date, unless a writer is
        at work (it will do so itself)."""
        if not self._behind():
            return
        from vanban.index.build import sync  # multiprocessing & co: only when there is work
        fh = open(self.data_dir / "ingest.lock", "a+")
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            added, _ = sync(self.store, self._engine)  # type: ignore[arg-type]
            if added:
                self.notice(f"Chỉ mục thiếu {added} văn bản (lần nạp trước bị ngắt); "
                            "đã cập nhật xong.")
        except Exception as exc:  # noqa: BLE001 - reading still works on the old index
            self.notice(f"Chỉ mục chưa cập nhật được ({type(exc).__name__}); hãy chạy "
                        "'vanban reindex'.")
        finally:
            fh.close()

    def _say_behind(self) -> None:
        if self.read_only and (n := self._behind()):
            self.notice(f"Chỉ mục thiếu {n} văn bản so với kho (lần nạp trước bị ngắt) và kho "
                        f"chỉ đọc được nên không cập nhật được: kết quả có thể thiếu. Hãy chạy "
                        f"'vanban reindex' trên bản ghi được của {self.data_dir}.")

    def _require_writable(self) -> None:
        if self.read_only:
            raise ArchiveIOError(f"thư mục kho {self.data_dir} chỉ đọc được, lệnh này cần "
                                 "ghi vào kho. Hãy chạy trên một bản sao ghi được.")

    @contextmanager
    def _io_guard(self) -> Iterator[None]:
        """A full disk or I/O error while writing: one clear message naming the directory."""
        try:
            yield
        except VanbanError:
            raise
        except Exception as exc:
            failure = io_failure(exc, self.data_dir)
            if failure is None:
                raise
            raise failure from exc

    def reset_engine(self) -> None:
        """Throw the index folder away and open an empty one (it is rebuilt from the store)."""
        import shutil

        if self._engine is not None:
            try:
                self._engine.close()
            except Exception:  # noqa: BLE001 - a broken index is why we are here
                pass
            self._engine = None
        shutil.rmtree(index_dir(self.data_dir, self.engine_name), ignore_errors=True)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        self.store.close()
        if self._tmp is not None:
            import shutil

            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer at a time: a second ingest stops with a clear message (a shared store
        adds its own lock, held across machines)."""
        shared = getattr(self.store, "writer_lock", None)
        with self._file_lock(), (shared() if shared else nullcontext()):
            yield

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        fh = open(self.data_dir / "ingest.lock", "a+")  # not "w": keep the holder's pid
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                fh.seek(0)
                holder = fh.read().strip()
                raise ArchiveBusy(
                    f"một tiến trình khác{f' (pid {holder})' if holder.isdigit() else ''} "
                    f"đang ghi vào kho {self.data_dir}; hãy chờ nó xong rồi chạy lại"
                ) from exc
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()))
            fh.flush()
            yield
        finally:
            fh.close()

    # -- write side ---------------------------------------------------------------------
    def ingest(self, paths: list[Path] | None = None, workers: int = 1,
               timeout: float | None = -1.0,
               on_progress: Callable[[IngestProgress], None] | None = None,
               isolate: bool = True, mp_context: Any = "forkserver", copy: bool = True,
               scheduler: str | None = None, ship: str = "path"):
        """Read, clean, extract, store and index files (folders are walked); returns the
        batch `Summary`. Files already stored unchanged are skipped. With `copy` (the
        default) each file is also kept in the data directory (`originals/`), once per
        content, so the archive outlives the folders it was read from.

        The flow: take the write lock, finish what an interrupted run left in the index,
        ingest the files (one transaction per document), drop replaced documents from the
        index, index the new ones, and close the run. `scheduler` ("tcp://HOST:8786" or
        "local:N") reads the files on a Dask cluster instead of local processes
        (`ingest.distributed`); `ship` says how files reach its workers ("path": a shared
        folder, or "bytes").
        """
        from vanban.index.build import add_documents, sync
        from vanban.ingest.batch import DEFAULT_TIMEOUT, ingest_files
        from vanban.ingest.discover import discover

        if timeout is not None and timeout < 0:  # not given: the default limit per file
            timeout = DEFAULT_TIMEOUT

        roots = list(paths) if paths else [samples_dir()]
        report = on_progress or (lambda _p: None)
        self._require_writable()
        with self._io_guard(), self.write_lock(), \
                _dask_readers(scheduler, timeout, ship) as readers:
            sync(self.store, self.engine)  # finish what an interrupted run left
            files = list(discover(roots))
            run_id = self.store.start_run([str(p) for p in roots])
            report(IngestProgress("files", len(files), current=str(files[0]) if files else None))
            done = [0]

            def finished(o: Any) -> None:
                done[0] += 1
                nxt = str(files[done[0]]) if done[0] < len(files) else None
                report(IngestProgress("files", len(files), o, nxt))

            summary = ingest_files(
                self.store, files, run_id, readers.width if readers else workers, finished,
                isolate=isolate, timeout=timeout, mp_context=_mp_context(mp_context),
                readers=readers)
            report(IngestProgress("index", len(files)))
            if summary.removed_ids:
                self.engine.delete(summary.removed_ids)
            add_documents(self.store, self.engine,
                          list(dict.fromkeys(summary.changed_ids + summary.reindex_ids)))
            sync(self.store, self.engine)
            if copy:
                self._keep_originals(summary)
            self.store.finish_run(run_id)
            report(IngestProgress("done", len(files)))
        summary.n_files = len(files)
        return summary

    def _keep_originals(self, summary: Any) -> None:
        from vanban.ingest.batch import FAILED
        from vanban.originals import keep

        for o in summary.outcomes:
            if o.status == FAILED:
                continue
            src = self.store.source(o.path)
            if src is not None:
                keep(self.store, self.data_dir, Path(o.path), src["sha256"])

    def original(self, key: str) -> Path:
        """The file a document was read from: the kept copy, else a source path that still
        holds the same content; `NotFound` when neither is there."""
        from vanban.originals import locate

        doc_id = self.find(key)
        sha = self.store.document_sha(doc_id)
        found = locate(self.store, self.data_dir, sha, self.store.sources_of(doc_id)) \
            if sha else None
        if found is None:
            raise NotFound(f"Không còn bản gốc của văn bản {doc_id}: bản lưu trong kho và "
                           "các tệp nguồn đều không còn (hoặc đã bị sửa).")
        return found

    def export_original(self, key: str, folder: Path) -> Path:
        """Copy a document's original into `folder` under its file name as ingested."""
        import shutil

        doc_id = self.find(key)
        src = self.original(key)
        name = Path(self.store.sources_of(doc_id)[0]).name
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            dest = folder / name
            shutil.copyfile(src, dest)
        except OSError as exc:
            from vanban.corpus.errors import VanbanError

            raise VanbanError(f"không ghi được vào {folder}: {exc.strerror or exc}") from exc
        return dest

    def export(self, folder: Path) -> dict[str, Any]:
        """Write the originals, a manifest (JSON and CSV) and a database backup to `folder`,
        in a layout a person can browse without vanban (see `vanban.transfer`)."""
        from vanban.transfer import export_archive

        return export_archive(self, Path(folder))

    def import_(self, folder: Path, workers: int = 1) -> dict[str, Any]:
        """Rebuild an archive from `vanban export`'s folder: the same documents, read again
        from the exported originals, under their source paths as first ingested."""
        from vanban.transfer import import_archive

        return import_archive(self, Path(folder), workers)

    def backup(self, dest: Path) -> Path:
        """A consistent copy of the store (SQLite's backup API) while searches and ingests
        run; the index is derived, so the copy plus `reindex` is the whole archive."""
        from vanban.corpus.errors import VanbanError

        dest = Path(dest)
        if dest.exists():
            raise VanbanError(f"{dest} đã có; chọn tên tệp khác.")
        try:
            self.store.backup(dest)
        except Exception as exc:
            dest.unlink(missing_ok=True)
            raise VanbanError(f"không ghi được bản sao lưu {dest}: {exc}") from exc
        return dest

    def reindex(self) -> int:
        """Drop the index and rebuild it from the store (no file is read again)."""
        from vanban.index.build import rebuild

        self._require_writable()
        with self._io_guard(), self._file_lock():  # only this node's index, not the store
            return rebuild(self.store, self.engine)

    def catch_up(self) -> tuple[int, int, int | None]:
        """Bring this node's index up to the store's last finished ingest run (a search node
        over a shared store runs this on a timer): (added, removed, run id). Document ids
        are never reused and a changed file is a new document, so comparing ids is exact."""
        from vanban.index.build import sync

        with self._file_lock():
            run = self.store.last_run_id()
            added, removed = sync(self.store, self.engine)
        (self.data_dir / "index-run").write_text(f"{run or 0}\n")
        return added, removed, run

    def check(self, repair: bool = False) -> tuple[Any, list[str]]:
        """(report, what was repaired): store integrity, orphans, index ↔ store."""
        from vanban.check import check as run_check
        from vanban.check import repair as run_repair

        report = run_check(self)
        done: list[str] = []
        if repair and not report.ok:
            self._require_writable()
            with self._io_guard(), self.write_lock():
                done = run_repair(self, report)
            report = run_check(self)
        return report, done

    # -- read side ---------------------------------------------------------------------
    def search(self, query: str = "", filters: Any = None, limit: int = 10,
               sort: str = "relevance", offset: int = 0) -> dict[str, Any]:
        """`{"total", "hits", "facets"}`; a query the user must fix raises `QueryError`.
        `offset`: skip that many hits (a later page of results)."""
        from vanban.search.searcher import search

        return search(self.store, self.current_engine, query, filters, limit, sort,
                      offset=offset)

    def find(self, key: str) -> int:
        """A document id from an id, a số hiệu or a source path; `NotFound` otherwise."""
        doc_id = self.store.find(key)
        if doc_id is None:
            raise NotFound(f"Không tìm thấy văn bản '{key}'.")
        return doc_id

    def show(self, key: str, with_text: bool = True) -> dict[str, Any]:
        """A document's record (fields with provenance, figures, pages...), its id, source
        paths, and citations both ways."""
        from vanban.search.searcher import citations_of

        doc_id = self.find(key)
        rec = self.store.get(doc_id)
        if rec is None:
            raise NotFound(f"Không tìm thấy văn bản '{key}'.")
        cites = citations_of(self.store, self.current_engine, doc_id)
        d = rec.to_json(with_text=with_text)
        d.update(id=doc_id, sources=self.store.sources_of(doc_id),
                 copies=self.store.copies_of(doc_id),
                 cited_by=[r["id"] for r in cites["duoc_trich_dan"]],
                 trich_dan=cites["trich_dan"], duoc_trich_dan=cites["duoc_trich_dan"])
        return d

    def cites(self, number: str, limit: int = 50) -> dict[str, Any]:
        """Documents citing a number (newest first), and the archive's own document with it."""
        from vanban.corpus.keys import number_key
        from vanban.index.query import Term
        from vanban.search.query import Filters
        from vanban.search.searcher import search

        result = search(self.store, self.current_engine, "", Filters(trich_dan=number), limit,
                        "date")
        own = [i for i, _ in self.engine.search(Term("so_hieu", number_key(number)), 5)[1]]
        result["so_hieu"] = number
        result["document"] = own[0] if own else None
        return result

    def duplicates(self) -> dict[str, list[dict[str, Any]]]:
        """Same file at several paths, near-duplicate documents, repeated sections removed."""
        store = self.store
        same = [{"id": i, "paths": paths} for i, paths in store.same_file_sources()]
        near = [{"id": r["id"], "of": r["of"], "similarity": r["similarity"],
                 "paths": store.sources_of(r["id"]), "of_paths": store.sources_of(r["of"])}
                for r in store.near_duplicates()]
        sections = [{"id": i, "blocks": n, "chars": chars, "paths": store.sources_of(i)}
                    for i, n, chars in store.repeated_sections()]
        return {"same_file": same, "near_duplicates": near, "repeated_sections": sections}

    def figures(self, query: str | None = None, don_vi: str | None = None,
                nam: int | None = None, tu: str | None = None, den: str | None = None,
                kind: str | None = None, phong_trao: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
        """Figure rows (targets, results) matching every given filter."""
        from vanban.search.figures import query_figures
        from vanban.search.query import parse_date

        if kind is not None and kind not in ("target", "result"):
            raise UsageError("--kind chỉ nhận 'target' hoặc 'result'")
        tu_iso = parse_date(tu, "--tu") if tu else None
        den_iso = parse_date(den, "--den") if den else None
        return query_figures(self.store, query or None, don_vi, nam, tu_iso, den_iso, kind,
                             phong_trao, limit)

    def facets(self, names: tuple[str, ...] | None = None) -> dict[str, list[dict[str, Any]]]:
        """Every value the archive knows for each filter field, with its document count
        (most documents first): what `--don-vi`, `--loai`, `--phong-trao`, `--cap` accept."""
        from vanban.index.engine import FACETS
        from vanban.index.query import All

        asked = tuple(names) if names else FACETS
        unknown = [n for n in asked if n not in FACETS]
        if unknown:
            raise UsageError(f"không có trường lọc '{unknown[0]}' (chọn: {', '.join(FACETS)})")
        counted = self.engine.facets(All(), asked, 100_000)
        return {k: [{"value": v, "count": c} for v, c in counted.get(k, [])] for k in asked}

    def pairs(self, don_vi: str | None = None, tu: str | None = None, den: str | None = None,
              phong_trao: str | None = None) -> list[Any]:
        """Targets paired with the results that answer them (`search.pairing.Pair`), then
        the unmatched ones, for a unit, a period and optionally a movement."""
        from vanban.search.pairing import pair_figures

        return pair_figures(self.figures(None, don_vi, None, tu, den, None, phong_trao))

    def report(self, xlsx: Path | None, don_vi: str | None = None, tu: str | None = None,
               den: str | None = None, phong_trao: list[str] | None = None,
               csv: Path | None = None, charts: bool = True) -> dict[str, Any]:
        """The report workbook (and/or CSV) for a unit and a period: one sheet per movement
        with targets, results, % achieved and sources; a summary and a query sheet."""
        from vanban.search.report import build_report, write_report_csv, write_workbook

        if not (xlsx or csv):
            raise UsageError("cần --xlsx hoặc --csv để ghi báo cáo")
        rows = self.figures(None, don_vi, None, tu, den)
        sections = build_report(rows, phong_trao or None)
        query = [("Đơn vị", don_vi), ("Từ", tu), ("Đến", den),
                 ("Phong trào", "; ".join(phong_trao or []) or "tất cả"),
                 ("Kho dữ liệu", str(self.data_dir)), ("Số văn bản trong kho", self.store.count())]
        info: dict[str, Any] = {"sections": len(sections)}
        if xlsx:
            info.update(write_workbook(sections, xlsx, query, charts))
        if csv:
            info["csv_rows"] = write_report_csv(sections, csv)
        info["rows"] = info.get("rows", info.get("csv_rows", 0))
        return info

    def chart(self, out: Path, query: str | None = None, don_vi: str | None = None,
              tu: str | None = None, den: str | None = None, kind: str = "result",
              phong_trao: str | None = None, by: str = "nam") -> int:
        """An indicator across years (`by="nam"`) or units (`by="don_vi"`) as a PNG; returns
        the number of bars."""
        from vanban.search.charts import bar_chart, indicator_points

        if by not in ("nam", "don_vi"):
            raise UsageError("--theo chỉ nhận 'nam' hoặc 'don_vi'")
        rows = self.figures(query, don_vi, None, tu, den, kind, phong_trao)
        points, unit = indicator_points(rows, by)
        if not points:
            raise NotFound("không có số liệu nào để vẽ biểu đồ")
        what = "chỉ tiêu" if kind == "target" else "kết quả"
        title = f"{query or phong_trao or 'Số liệu'}: {what} theo " + (
            "năm" if by == "nam" else "đơn vị")
        bar_chart(points, title, unit, out)
        return len(points)

    def stats(self) -> dict[str, Any]:
        s = self.store.stats()
        s["documents_indexable"] = s["documents"] - s["near_duplicate_documents"]
        s["engine"] = self.engine_name
        s["data_dir"] = str(self.data_dir)
        s["indexed"] = len(self.current_engine.ids())
        return s

    def runs(self, limit: int = 5) -> list[dict[str, Any]]:
        """The last ingest runs (newest first) with their failed files and reasons."""
        return self.store.recent_runs(limit)

    extract = staticmethod(extract)


def _writable(data_dir: Path, db_path: Path) -> bool:
    """Can this process write the archive (False on a read-only mount, even for root)?"""
    return os.access(data_dir, os.W_OK) and os.access(db_path, os.W_OK)


@contextmanager
def _dask_readers(scheduler: str | None, timeout: float | None, ship: str) -> Iterator[Any]:
    """The Dask cluster's readers for one ingest, or None for the local pool."""
    if not scheduler:
        yield None
        return
    from vanban.ingest.distributed import DaskReaders, cluster

    with cluster(scheduler) as client:
        yield DaskReaders(client, timeout, ship)


def _mp_context(name: Any) -> Any:
    """Reader processes start from a clean forkserver, not a fork of this process: by then it
    has index threads running, and forking a threaded process can deadlock the child."""
    if not isinstance(name, str):
        return name
    import multiprocessing

    try:
        return multiprocessing.get_context(name)
    except ValueError:  # a platform without it
        return None
