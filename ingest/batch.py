"""Ingest a batch of files into the store: the single writer.

Reading and extraction may run in a process pool; results come back in input order
and are written one document at a time (atomic), committed in groups of at most a second's
work (`Store.group`), so a crash loses at most that and a rerun finishes the job.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from corpus.schema import Record
from corpus.store import Store
from ingest.pipeline import ReadError, Timings, process_file, sha256_file

OK, SKIPPED, FAILED, SAME_FILE = "ok", "skipped-unchanged", "failed", "same-file"
CHUNK_FILES = 16  # files per pool task at most
CHUNK_BYTES = 256 * 1024  # ... and about this much input per task


@dataclass
class Outcome:
    path: str
    status: str
    reason: str | None = None
    document_id: int | None = None
    pages: dict[str, int] = field(default_factory=dict)  # reading method -> pages


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)  # documents added
    removed_ids: list[int] = field(default_factory=list)  # documents replaced by a new version
    timings: Timings = field(default_factory=Timings)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]


def _work(path: str, sha: str) -> tuple[Record | None, str | None, dict[str, float]]:
    """Runs in a worker: never raises, returns (record, error message, stage timings)."""
    timings = Timings()
    try:
        return process_file(Path(path), display_path=path, timings=timings, sha256=sha), None, \
            timings.stages
    except ReadError as exc:
        return None, str(exc), timings.stages
    except MemoryError:
        return None, "tệp quá lớn, không đủ bộ nhớ để đọc", timings.stages
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop the batch
        return None, f"lỗi khi đọc tệp ({type(exc).__name__}: {exc})"[:500], timings.stages


def _work_many(items: list[tuple[str, str]]
               ) -> list[tuple[Record | None, str | None, dict[str, float]]]:
    return [_work(path, sha) for path, sha in items]


def _abspath(p: Path) -> str:
    return os.path.abspath(str(p))


def ingest_files(store: Store, files: Iterable[Path], run_id: int, workers: int = 1,
                 on_done: Callable[[Outcome], None] | None = None) -> Summary:
    with store.group():
        return _ingest_files(store, files, run_id, workers, on_done)


def _ingest_files(store: Store, files: Iterable[Path], run_id: int, workers: int,
                  on_done: Callable[[Outcome], None] | None) -> Summary:
    summary = Summary()

    def record(o: Outcome) -> None:
        summary.outcomes.append(o)
        store.log(run_id, o.path, o.status, o.reason, document_id=o.document_id)
        if on_done:
            on_done(o)

    def plan(files: Iterable[Path]) -> Iterable[tuple[str, str] | Outcome]:
        """Decide per file without reading it: skip, attach, or process (path, sha)."""
        for f in files:
            path = _abspath(f)
            try:
                if not f.is_file():
                    reason = "không phải tệp thường" if f.exists() else "không tìm thấy tệp"
                    yield Outcome(path, FAILED, reason)
                    continue
                sha = sha256_file(f)
            except PermissionError:
                yield Outcome(path, FAILED, "không có quyền đọc tệp")
                continue
            except OSError as exc:
                yield Outcome(path, FAILED, f"không đọc được tệp ({exc.strerror or exc})")
                continue
            src = store.source(path)
            if src is not None and src["sha256"] == sha:
                yield Outcome(path, SKIPPED, document_id=src["document_id"])
                continue
            existing = store.document_id_by_sha(sha)
            if existing is not None:
                st = f.stat()
                orphans = store.add_source(existing, path, sha, "", st.st_size, st.st_mtime)
                summary.removed_ids.extend(orphans)
                yield Outcome(path, SAME_FILE, "cùng nội dung với một tệp đã có", existing)
                continue
            yield (path, sha)

    def finish(path: str, result: tuple[Record | None, str | None, dict[str, float]]) -> None:
        rec, error, stages = result
        for k, v in stages.items():
            summary.timings.add(k, v)
        if rec is None:
            record(Outcome(path, FAILED, error))
            return
        src = store.source(path)
        if src is not None and src["sha256"] == rec.sha256:  # the same path twice in a batch
            record(Outcome(path, SKIPPED, document_id=src["document_id"]))
            return
        existing = store.document_id_by_sha(rec.sha256)
        if existing is not None:  # the same content seen twice in one parallel batch
            summary.removed_ids.extend(
                store.add_source(existing, path, rec.sha256, rec.format, rec.size, rec.mtime))
            record(Outcome(path, SAME_FILE, "cùng nội dung với một tệp đã có", existing))
            return
        t0 = time.perf_counter()
        doc_id, orphans = store.put(rec)
        summary.timings.add("store", time.perf_counter() - t0)
        summary.changed_ids.append(doc_id)
        summary.removed_ids.extend(orphans)
        methods: dict[str, int] = {}
        for p in rec.pages:
            methods[p.method] = methods.get(p.method, 0) + 1
        record(Outcome(path, OK, None, doc_id, methods))

    if workers <= 1:
        for item in plan(files):
            if isinstance(item, Outcome):
                record(item)
            else:
                finish(item[0], _work(*item))
        return summary

    # Files go to the pool in small chunks (few files, little data each) so the per-task
    # cost of a process pool does not eat the gain on many small text files; a large file
    # (a scan to OCR) still travels alone. Results are written in input order.
    window: deque[tuple[list[tuple[str, str]] | str, Future | Outcome]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk: list[tuple[str, str]] = []
        chunk_bytes = 0

        def flush() -> None:
            nonlocal chunk, chunk_bytes
            if chunk:
                window.append((chunk, pool.submit(_work_many, chunk)))
                chunk, chunk_bytes = [], 0

        def drain(limit: int) -> None:
            while len(window) > limit:
                key, fut = window.popleft()
                if isinstance(fut, Outcome):
                    record(fut)
                else:
                    for (path, _), result in zip(key, fut.result(), strict=True):
                        finish(path, result)

        for item in plan(files):
            if isinstance(item, Outcome):
                flush()
                window.append((item.path, item))
            else:
                chunk.append(item)
                try:
                    chunk_bytes += os.path.getsize(item[0])
                except OSError:
                    chunk_bytes = CHUNK_BYTES
                if len(chunk) >= CHUNK_FILES or chunk_bytes >= CHUNK_BYTES:
                    flush()
            drain(workers * 3)
        flush()
        drain(0)
    return summary
