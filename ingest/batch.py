"""Ingest a batch of files into the store: the single writer.

Reading and extraction may run in a process pool; results come back in input order
and are written one document at a time (atomic), committed in groups of at most a second's
work (`Store.group`), so a crash loses at most that and a rerun finishes the job.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from vanban.corpus.schema import Record
from vanban.corpus.store_api import Store, StoreRefused
from vanban.ingest.near_dup import attach_bands, bands_of, find_original
from vanban.ingest.pipeline import ReadError, Timings, process_file, sha256_file
from vanban.ingest.safety import display_path, scrub

OK, SKIPPED, FAILED, SAME_FILE = "ok", "skipped-unchanged", "failed", "same-file"


@dataclass
class Outcome:
    path: str
    status: str
    reason: str | None = None
    document_id: int | None = None
    pages: dict[str, int] = field(default_factory=dict)  # reading method -> pages
    ocr_confidence: float | None = None  # mean over the OCR'd pages
    near_duplicate_of: int | None = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)  # documents added
    # originals that gained a near-duplicate copy: indexed again with the copy's fields
    reindex_ids: list[int] = field(default_factory=list)
    removed_ids: list[int] = field(default_factory=list)  # documents replaced by a new version
    timings: Timings = field(default_factory=Timings)
    n_files: int = 0  # files found under the given paths

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]


def _work(path: str, display: str, sha: str
          ) -> tuple[Record | None, str | None, dict[str, float]]:
    """Runs in a worker: never raises, returns (record, error message, stage timings)."""
    timings = Timings()
    try:
        rec = process_file(Path(path), display_path=display, timings=timings, sha256=sha)
        t0 = time.perf_counter()
        attach_bands(rec)  # MinHash here, in parallel; the writer only stores the bands
        timings.add("dedup", time.perf_counter() - t0)
        return rec, None, timings.stages
    except ReadError as exc:
        return None, scrub(str(exc)), timings.stages
    except MemoryError:
        return None, "tệp quá lớn, không đủ bộ nhớ để đọc", timings.stages
    except RecursionError:
        return None, "cấu trúc tệp lồng nhau quá sâu, không đọc được", timings.stages
    except PermissionError:
        return None, "không có quyền đọc tệp", timings.stages
    except OSError as exc:
        return None, scrub(f"không đọc được tệp ({exc.strerror or exc})"), timings.stages
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop the batch
        return None, scrub(f"lỗi khi đọc tệp ({type(exc).__name__}: {exc})")[:500], \
            timings.stages


def _abspath(p: Path) -> str:
    return os.path.abspath(str(p))


def _not_a_file(f: Path) -> str:
    """Why a discovered path cannot be read as a file, in words."""
    if f.is_symlink() and not f.exists():
        try:
            f.resolve(strict=True)
        except RuntimeError:
            return "liên kết tượng trưng lặp vòng (symlink loop)"
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "liên kết tượng trưng lặp vòng (symlink loop)"
        return "liên kết tượng trưng trỏ tới tệp không tồn tại"
    if not f.exists():
        return "không tìm thấy tệp"
    if f.is_dir():
        return "là thư mục nhưng không đọc được nội dung"
    return "không phải tệp thường (thiết bị, ống dẫn hoặc socket)"


DEFAULT_TIMEOUT = 600.0  # seconds per file unless the user says otherwise (--timeout)

# The resource tracker (a helper process of the reader pool) warns in English about "leaked
# semaphore objects" when the ingest was killed; it takes its warning filters from ours.
_QUIET_TRACKER = "ignore:resource_tracker:UserWarning"
if _QUIET_TRACKER not in sys.warnoptions:
    sys.warnoptions.append(_QUIET_TRACKER)


def _die_with(parent: int) -> None:
    """Reader initializer: exit when the ingest that started us is gone (`kill -9` of the
    ingest must not leave readers OCR'ing, then hanging on a pipe nobody reads)."""
    import threading

    def watch() -> None:
        while _alive(parent):
            time.sleep(0.5)
        helper = os.getppid()  # the forkserver that forked us serves nobody now
        if helper not in (parent, 1):
            try:
                os.kill(helper, signal.SIGKILL)
            except OSError:
                pass
        os._exit(1)

    threading.Thread(target=watch, name="vanban-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    """Is the process running (a killed one not yet reaped by its shell is a zombie)?"""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rindex(")") + 2] != "Z"
    except FileNotFoundError:
        return False
    except (OSError, ValueError, IndexError):  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True


CRASHED = "bộ đọc bị dừng đột ngột khi đọc tệp này (tệp có thể hỏng hoặc gây lỗi bộ đọc)"


class _Readers:
    """Reader processes that may die or hang on a hostile file without taking the batch down.

    A worker that crashes (segfault in a C library, killed for memory) breaks the pool: every
    file whose result was still pending is then re-read alone in a fresh one-process pool, so
    only the file that really kills its reader is marked failed; later files get a new pool.
    With a timeout, a file still unread after `timeout` seconds has its worker killed."""

    def __init__(self, workers: int, timeout: float | None, mp_context=None):
        self.workers, self.timeout, self.ctx = workers, timeout or None, mp_context
        self.pool = self._new(workers)
        self.owner: dict[Future, ProcessPoolExecutor] = {}

    def _new(self, n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=n, mp_context=self.ctx,
                                   initializer=_die_with, initargs=(os.getpid(),))

    def submit(self, item: tuple[str, str, str]) -> Future:
        try:
            fut = self.pool.submit(_work, *item)
        except BrokenProcessPool:
            self._replace(self.pool)
            fut = self.pool.submit(_work, *item)
        self.owner[fut] = self.pool
        return fut

    def result(self, fut: Future, item: tuple[str, str, str]
               ) -> tuple[Record | None, str | None, dict[str, float]]:
        pool = self.owner.pop(fut, self.pool)
        try:
            return fut.result(timeout=self.timeout)
        except (BrokenProcessPool, CancelledError):
            self._replace(pool)
        except FuturesTimeout:
            _kill(pool)
            self._replace(pool)
        return self._alone(item)

    def _alone(self, item: tuple[str, str, str]
               ) -> tuple[Record | None, str | None, dict[str, float]]:
        pool = self._new(1)
        try:
            return pool.submit(_work, *item).result(timeout=self.timeout)
        except BrokenProcessPool:
            return None, CRASHED, {}
        except FuturesTimeout:
            _kill(pool)
            return None, f"đọc tệp quá {self.timeout:g} giây, đã dừng", {}
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _replace(self, pool: ProcessPoolExecutor) -> None:
        """A broken or killed pool is never reused (replaced once, however many of its
        futures report it)."""
        if pool is self.pool:
            pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new(self.workers)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now (a hung reader ignores everything else)."""
    for proc in list((pool._processes or {}).values()):
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass


def ingest_files(store: Store, files: Iterable[Path], run_id: int, workers: int = 1,
                 on_done: Callable[[Outcome], None] | None = None, isolate: bool = False,
                 timeout: float | None = None, mp_context=None, readers=None) -> Summary:
    """Ingest files, each document atomic (a savepoint), committed in groups of about a
    second (`Store.group`). `workers` > 1 or `isolate` reads in separate processes, so a
    reader that crashes or hangs (`timeout` seconds per file) costs only its file; otherwise
    files are read in this process. `readers` replaces the local pool with another executor
    of the same shape (submit/result/shutdown, e.g. `ingest.distributed.DaskReaders`); the
    writer stays here either way."""
    with store.group():
        return _ingest_files(store, files, run_id, workers, on_done, isolate, timeout,
                             mp_context, readers)


def _ingest_files(store: Store, files: Iterable[Path], run_id: int, workers: int,
                  on_done: Callable[[Outcome], None] | None, isolate: bool,
                  timeout: float | None, mp_context, readers=None) -> Summary:
    summary = Summary()

    def record(o: Outcome) -> None:
        summary.outcomes.append(o)
        store.log(run_id, o.path, o.status, o.reason, document_id=o.document_id)
        if on_done:
            on_done(o)

    def plan(files: Iterable[Path]) -> Iterable[tuple[str, str, str] | Outcome]:
        """Decide per file without reading it: skip, attach, or process (path, display, sha).

        `path` opens the file; `display` (the same unless the name is not UTF-8) is what the
        store and log keep."""
        for f in files:
            real = _abspath(f)
            path = display_path(real)
            try:
                if not f.is_file():
                    yield Outcome(path, FAILED, _not_a_file(f))
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
            yield (real, path, sha)

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
        bands = bands_of(rec)
        original = find_original(store, rec, bands)
        summary.timings.add("dedup", time.perf_counter() - t0)
        t0 = time.perf_counter()
        try:
            doc_id, orphans = store.put(rec, bands, original)
        except (UnicodeError, ValueError, OverflowError,
                StoreRefused) as exc:  # content the store refuses: this file only
            record(Outcome(path, FAILED, scrub(f"không lưu được văn bản vào kho "
                                               f"({type(exc).__name__}: {exc})")[:500]))
            return
        summary.timings.add("store", time.perf_counter() - t0)
        if original is None:
            summary.changed_ids.append(doc_id)
        else:
            summary.reindex_ids.append(original[0])
        summary.removed_ids.extend(orphans)
        methods: dict[str, int] = {}
        for p in rec.pages:
            methods[p.method] = methods.get(p.method, 0) + 1
        confs = [p.confidence for p in rec.pages if p.method == "ocr" and p.confidence is not None]
        conf = round(sum(confs) / len(confs), 1) if confs else None
        if original is not None:
            note = (f"gần trùng văn bản {original[0]} (giống {original[1]:.0%}),"
                    " không lập chỉ mục lại")
            record(Outcome(path, OK, note, doc_id, methods, conf, near_duplicate_of=original[0]))
        else:
            record(Outcome(path, OK, None, doc_id, methods, conf))

    if workers <= 1 and not isolate and readers is None:
        for item in plan(files):
            if isinstance(item, Outcome):
                record(item)
            else:
                finish(item[1], _work(*item))
        return summary

    if readers is None:
        readers = _Readers(max(1, workers), timeout, mp_context)
    window: deque[tuple[str, Future | Outcome, tuple[str, str, str] | None]] = deque()
    try:
        def drain(limit: int) -> None:
            while len(window) > limit:
                path, fut, item = window.popleft()
                if isinstance(fut, Outcome):
                    record(fut)
                else:
                    assert item is not None
                    finish(path, readers.result(fut, item))

        for item in plan(files):
            if isinstance(item, Outcome):
                window.append((item.path, item, None))
            else:
                window.append((item[1], readers.submit(item), item))
            drain(max(1, workers) * 4)
        drain(0)
    finally:
        readers.shutdown()
    return summary
