"""Concurrent use: searches during an ingest see the last committed state and never fail; a
second writer on the same data directory stops with a clear message and corrupts nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, variant
from tests.test_crash import ROOT, env

N_FILES = 60
SEEDS = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]  # the 5 text seeds only


def _count(data: Path, sql: str) -> int:
    try:
        db = sqlite3.connect(f"file:{data / 'vanban.sqlite'}?mode=ro", uri=True, timeout=0.05)
        try:
            return int(db.execute(sql).fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return -1


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vanban", "--data-dir", str(data), *args],
                          env=env(), cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture
def busy(tmp_path: Path):
    """A data dir with the 5 samples committed, and an ingest of N_FILES more running."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    samples = sorted(SAMPLES.glob("*.txt"))
    for i in range(N_FILES):
        text = variant(samples[i % len(samples)].read_text(encoding="utf-8"), i)
        (corpus / f"{i:03d}.txt").write_text(f"{text}\n\nBản đồng thời {i}.\n",
                                             encoding="utf-8")
    data = tmp_path / "data"
    assert _cli(data, "ingest", "-q", *SEEDS).returncode == 0
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "--data-dir", str(data), "ingest",
                             "-q", str(corpus)], env=env(), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _count(data, "SELECT COUNT(*) FROM runs") < 2 and time.monotonic() < deadline:
        time.sleep(0.005)  # the writer holds the lock once its run is recorded
    yield data, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_search_during_ingest(busy) -> None:
    from vanban.search.searcher import search

    from vanban.archive import Archive

    data, proc = busy
    totals: list[int] = []
    cli_runs = 0
    while proc.poll() is None:
        a = Archive(data)
        try:
            res = search(a.store, a.engine, "công đoàn", limit=100)
        finally:
            a.close()
        assert all(h["so_hieu"] is not None or h["path"] for h in res["hits"])
        totals.append(res["total"])
        if cli_runs < 2:  # the real command too, as a user would run it
            r = _cli(data, "search", "công đoàn", "--json")
            assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
            totals.append(json.loads(r.stdout)["total"])
            cli_runs += 1
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    a = Archive(data)
    final = search(a.store, a.engine, "công đoàn", limit=100)["total"]
    a.close()
    assert len(totals) >= 3
    assert totals == sorted(totals), totals  # never goes back to an older state
    assert final == 5 + N_FILES and totals[0] <= 5 + N_FILES
    print(f"\n{len(totals)} searches during the ingest; totals seen: {sorted(set(totals))}")


def test_second_writer_stops_clearly(busy) -> None:
    data, proc = busy
    second = _cli(data, "ingest", "-q", *SEEDS)
    reindex = _cli(data, "reindex")
    assert proc.poll() is None, "the first ingest ended before the second started"
    for r in (second, reindex):
        assert r.returncode == 1
        assert "một tiến trình khác" in r.stderr and "đang ghi vào kho" in r.stderr
        assert "Traceback" not in r.stdout + r.stderr
    proc.communicate()
    assert proc.returncode == 0
    check = _cli(data, "check", "--json")
    assert check.returncode == 0, check.stdout
    assert json.loads(check.stdout)["documents"] == 5 + N_FILES
