"""A reader that crashes (segfault) or hangs costs only its own file: the batch goes on, the
file is `failed` with a Vietnamese reason, the others are stored."""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
import vanban.ingest.batch as batch
from vanban.corpus.store import Store

from tests.hostile import _sample_text

real_process_file = batch.process_file


def hostile_process_file(path: Path, **kw):
    """Stands in for a C library that dies or loops on a crafted file."""
    if path.name.startswith("segv"):
        faulthandler.disable()  # pytest's dump of the dying child is noise here
        os.kill(os.getpid(), signal.SIGSEGV)
    if path.name.startswith("treo"):
        time.sleep(120)
    return real_process_file(path, **kw)


@pytest.mark.parametrize("workers", [1, 2])
def test_crash_and_hang_cost_one_file(tmp_path: Path, monkeypatch, workers: int) -> None:
    monkeypatch.setattr(batch, "process_file", hostile_process_file)  # inherited by fork
    corpus = tmp_path / "c"
    corpus.mkdir()
    names = ["a.txt", "segv-1.txt", "b.txt", "treo.txt", "c.txt", "d.txt", "segv-2.txt",
             "e.txt"]
    for i, n in enumerate(names):
        (corpus / n).write_bytes(_sample_text(i, n))
    store = Store(tmp_path / "s.sqlite")
    t0 = time.monotonic()
    summary = batch.ingest_files(store, sorted(corpus.iterdir()), store.start_run([]),
                                 workers=workers, isolate=True, timeout=2,
                                 mp_context=multiprocessing.get_context("fork"))
    took = time.monotonic() - t0
    status = {Path(o.path).name: (o.status, o.reason) for o in summary.outcomes}
    for n in ("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"):
        assert status[n][0] == "ok", status[n]
    for n in ("segv-1.txt", "segv-2.txt"):
        assert status[n] == ("failed", batch.CRASHED)
    assert status["treo.txt"][0] == "failed" and "quá 2 giây" in status["treo.txt"][1]
    assert store.count() == 5
    assert took < 30
