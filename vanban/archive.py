"""An archive = a data directory holding the store (truth) and one derived index."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vanban.corpus.store import Store
from vanban.index.engine import ENGINES, Engine, open_engine

DEFAULT_ENGINE = "tantivy"


class ArchiveBusy(Exception):
    """Another ingest holds the archive's write lock."""


def default_data_dir() -> Path:
    env = os.environ.get("VANBAN_HOME")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vanban"


class Archive:
    def __init__(self, data_dir: Path, engine: str | None = None):
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(data_dir / "vanban.sqlite")
        recorded = self.store.get_meta("engine")
        if recorded is None:
            recorded = engine or DEFAULT_ENGINE
            if recorded not in ENGINES:
                raise ValueError(f"bộ máy chỉ mục không hợp lệ: {recorded}")
            self.store.set_meta("engine", recorded)
        self.engine_name = recorded
        self.engine_mismatch = engine is not None and engine != recorded
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_engine(self.data_dir, self.engine_name)
            if getattr(self._engine, "stale", False):  # index layout changed: it is derived
                from vanban.index.build import rebuild

                rebuild(self.store, self._engine)
                self._engine.stale = False
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        self.store.close()

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer at a time: a second ingest stops with a clear message."""
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
