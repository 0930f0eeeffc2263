"""Reading files on a Dask cluster: the same per-file work as the local pool, elsewhere.

`DaskReaders` has the local pool's shape (`submit`, `result`, `shutdown`), so
`batch.ingest_files(..., readers=DaskReaders(...))` keeps its one writer, its planning and its
one transaction per document; only `batch._work` (read, OCR, clean, dedup, extract) runs on
the workers. A worker that dies mid-file has its tasks re-run by Dask on another worker
(`distributed.scheduler.allowed-failures`, 3 by default); a file that keeps killing workers
fails alone, like a crashing reader in the local pool.

Files reach the workers one of two ways (`ship`):
- "path" (default): the worker opens the same path, so every worker must see the files at
  the same place (a shared folder: NFS, SMB, a bind mount). The worker checks that it sees
  the file and that its sha256 is the one the client planned with; if not, that file fails
  with the reason and the rest goes on.
- "bytes": the client reads each file and sends its bytes; workers need no shared folder
  (costs the client's network; fine for documents, not for multi-gigabyte scans).
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from vanban.corpus.errors import UsageError, VanbanError
from vanban.ingest.batch import CRASHED, _work
from vanban.ingest.pipeline import sha256_file

SHIPS = ("path", "bytes")
Result = tuple[Any, str | None, dict[str, float]]


class ClusterUnavailable(VanbanError):
    """The Dask scheduler cannot be reached or was lost during the batch."""


def _host() -> str:
    return socket.gethostname()


def work_on_path(path: str, display: str, sha: str, *rest: Any) -> Result:
    """On a worker: the file at a shared path, checked to be the one the client planned."""
    if not os.path.isfile(path):
        return None, (f"máy thợ {_host()} không thấy tệp tại đường dẫn này (mọi máy thợ phải "
                      "thấy tệp ở cùng đường dẫn, qua thư mục dùng chung; hoặc dùng "
                      "--ship bytes)"), {}
    try:
        seen = sha256_file(Path(path))
    except OSError as exc:
        return None, f"máy thợ {_host()} không đọc được tệp ({exc.strerror or exc})", {}
    if seen != sha:
        return None, (f"tệp mà máy thợ {_host()} thấy khác tệp trên máy khách (sha256 khác): "
                      "thư mục dùng chung chưa đồng bộ"), {}
    return _work(path, display, sha, *rest)


def work_on_bytes(name: str, data: bytes, mtime: float, display: str, sha: str,
                  *rest: Any) -> Result:
    """On a worker: the file's bytes, written to a private temporary file of the same name
    (readers look at the extension) and mtime, then read as usual."""
    with tempfile.TemporaryDirectory(prefix="vanban-") as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as fh:
            fh.write(data)
        os.utime(path, (mtime, mtime))
        return _work(path, display, sha, *rest)


class DaskReaders:
    """The per-file work on a Dask cluster (`client`); results are taken in input order."""

    def __init__(self, client: Any, timeout: float | None = None, ship: str = "path"):
        if ship not in SHIPS:
            raise UsageError(f"--ship chỉ nhận: {', '.join(SHIPS)}")
        self.client, self.timeout, self.ship = client, timeout or None, ship
        self.width = max(1, sum(client.nthreads().values()))  # tasks that can run at once

    def submit(self, item: tuple) -> Any:
        if self.ship == "bytes":
            path = item[0]
            with open(path, "rb") as fh:
                data = fh.read()
            return self.client.submit(work_on_bytes, os.path.basename(path), data,
                                      os.stat(path).st_mtime, *item[1:], pure=False)
        return self.client.submit(work_on_path, *item, pure=False)

    def result(self, fut: Any, item: tuple) -> Result:
        from distributed import KilledWorker

        try:
            return fut.result(timeout=self.timeout)
        except KilledWorker:
            return None, CRASHED, {}
        except TimeoutError:
            if self.client.status not in ("running", "connecting"):
                raise ClusterUnavailable("mất kết nối tới bộ lập lịch Dask") from None
            fut.cancel()  # the worker's thread runs on; its result is dropped
            return None, f"đọc tệp quá {self.timeout:g} giây, đã dừng", {}
        except CancelledError:
            raise ClusterUnavailable("mất kết nối tới bộ lập lịch Dask (tác vụ bị huỷ)") from None

    def shutdown(self) -> None:
        pass  # the cluster outlives the batch; `cluster()` closes what it opened


@contextmanager
def cluster(spec: str) -> Iterator[Any]:
    """A Dask client for `spec`: "tcp://HOST:8786" (a running `dask scheduler`) or
    "local:N" (a LocalCluster of N one-thread worker processes on this machine)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise UsageError("cần cài Dask: pip install 'vanban[cluster]'") from exc
    spec = spec.strip()
    if spec.startswith("local"):
        n_text = spec.partition(":")[2] or str(os.cpu_count() or 1)
        if not n_text.isdigit() or int(n_text) < 1:
            raise UsageError(f"--scheduler local:N cần N là số máy thợ (nhận: {spec!r})")
        with LocalCluster(n_workers=int(n_text), threads_per_worker=1, processes=True,
                          dashboard_address=":0") as lc, Client(lc) as client:
            yield client
        return
    if "://" not in spec:
        raise UsageError(f"--scheduler phải là tcp://MÁY:8786 hoặc local:N (nhận: {spec!r})")
    try:
        client = Client(spec, timeout="20s")
    except OSError as exc:
        raise ClusterUnavailable(f"không kết nối được bộ lập lịch Dask {spec}: {exc}") from exc
    try:
        yield client
    finally:
        client.close()
