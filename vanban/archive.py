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
    ArchiveUnavailable,
    NotFound,
    UsageError,
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
              "corrections", "provenance", "warnings")

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

    def __init__(self, data_dir: Path, engine: str | None = None, store: str | None = None):
        """`store`: a postgresql:// URL for a shared store (default: $VANBAN_DATABASE_URL,
        else the data directory's SQLite file). The index always lives in `data_dir`."""
        self.data_dir = Path(data_dir)
        store = store or os.environ.get("VANBAN_DATABASE_URL") or None
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.store = open_store(store or self.data_dir / "vanban.sqlite")
        except StoreCorrupt as exc:
            if store:
                raise ArchiveCorrupt(f"kho PostgreSQL không dùng được ({exc})") from exc
            raise ArchiveCorrupt(
                f"tệp kho {self.data_dir / 'vanban.sqlite'} bị hỏng ({exc}). Hãy khôi phục từ "
                "bản sao lưu, hoặc chuyển nó đi rồi nạp lại các tệp.") from exc
        except OSError as exc:
            raise ArchiveUnavailable(f"không mở được kho dữ liệu {self.data_dir}: {exc}") from exc
        recorded = self.store.get_meta("engine")
        if recorded is None:
            recorded = engine or DEFAULT_ENGINE
            if recorded not in ENGINES:
                self.store.close()
                raise UsageError(f"bộ máy chỉ mục không hợp lệ: {recorded} "
                                 f"(chọn: {', '.join(ENGINES)})")
            self.store.set_meta("engine", recorded)
        self.engine_name = recorded
        self.engine_mismatch = engine is not None and engine != recorded
        self._engine: Engine | None = None

    # -- plumbing ---------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_engine(self.data_dir, self.engine_name)
            if getattr(self._engine, "stale", False):  # index layout changed: it is derived
                from vanban.index.build import rebuild

                rebuild(self.store, self._engine)
                self._engine.stale = False
        return self._engine

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
               timeout: float | None = None,
               on_progress: Callable[[IngestProgress], None] | None = None,
               isolate: bool = True, mp_context: Any = "forkserver",
               scheduler: str | None = None, ship: str = "path"):
        """Read, clean, extract, store and index files (folders are walked); returns the
        batch `Summary`. Files already stored unchanged are skipped.

        The flow: take the write lock, finish what an interrupted run left in the index,
        ingest the files (one transaction per document), drop replaced documents from the
        index, index the new ones, and close the run. `scheduler` ("tcp://HOST:8786" or
        "local:N") reads the files on a Dask cluster instead of local processes
        (`ingest.distributed`); `ship` says how files reach its workers ("path": a shared
        folder, or "bytes").
        """
        from vanban.index.build import add_documents, sync
        from vanban.ingest.batch import ingest_files
        from vanban.ingest.discover import discover

        roots = list(paths) if paths else [samples_dir()]
        report = on_progress or (lambda _p: None)
        with self.write_lock(), _dask_readers(scheduler, timeout, ship) as readers:
            sync(self.store, self.engine)  # finish what an interrupted run left
            files = list(discover(roots))
            run_id = self.store.start_run([str(p) for p in roots])
            report(IngestProgress("files", len(files)))
            summary = ingest_files(
                self.store, files, run_id, readers.width if readers else workers,
                lambda o: report(IngestProgress("files", len(files), o)),
                isolate=isolate, timeout=timeout, mp_context=_mp_context(mp_context),
                readers=readers)
            report(IngestProgress("index", len(files)))
            if summary.removed_ids:
                self.engine.delete(summary.removed_ids)
            add_documents(self.store, self.engine, summary.changed_ids)
            sync(self.store, self.engine)
            self.store.finish_run(run_id)
            report(IngestProgress("done", len(files)))
        summary.n_files = len(files)
        return summary

    def reindex(self) -> int:
        """Drop the index and rebuild it from the store (no file is read again)."""
        from vanban.index.build import rebuild

        with self._file_lock():  # only this node's index is written, not the store
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
            with self.write_lock():
                done = run_repair(self, report)
            report = run_check(self)
        return report, done

    # -- read side ---------------------------------------------------------------------
    def search(self, query: str = "", filters: Any = None, limit: int = 10,
               sort: str = "relevance") -> dict[str, Any]:
        """`{"total", "hits", "facets"}`; a query the user must fix raises `QueryError`."""
        from vanban.search.searcher import search

        return search(self.store, self.engine, query, filters, limit, sort)

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
        cites = citations_of(self.store, self.engine, doc_id)
        d = rec.to_json(with_text=with_text)
        d.update(id=doc_id, sources=self.store.sources_of(doc_id),
                 cited_by=[r["id"] for r in cites["duoc_trich_dan"]],
                 trich_dan=cites["trich_dan"], duoc_trich_dan=cites["duoc_trich_dan"])
        return d

    def cites(self, number: str, limit: int = 50) -> dict[str, Any]:
        """Documents citing a number (newest first), and the archive's own document with it."""
        from vanban.corpus.keys import number_key
        from vanban.index.query import Term
        from vanban.search.query import Filters
        from vanban.search.searcher import search

        result = search(self.store, self.engine, "", Filters(trich_dan=number), limit, "date")
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

    def stats(self) -> dict[str, Any]:
        s = self.store.stats()
        s["engine"] = self.engine_name
        s["data_dir"] = str(self.data_dir)
        s["indexed"] = len(self.engine.ids())
        return s

    extract = staticmethod(extract)


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
