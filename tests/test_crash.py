"""Crash safety: SIGKILL `vanban ingest` at random points, run it again, and the archive is
the one an uninterrupted run gives (same documents and sources, no duplicates, index equal to
the store).

Kills are aimed three ways so every phase gets hit: after a random number of documents is
committed (polling the store read-only), after a random delay, and as soon as the last document
is stored (the index phase). The random choices are seeded and printed.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
N_FILES = 40
SEED = int(os.environ.get("VANBAN_CRASH_SEED", "20261125"))


def make_corpus(root: Path) -> int:
    """N_FILES distinct texts, two copies of one file (same content, two paths), one empty."""
    samples = sorted(SAMPLES.glob("*.txt"))
    root.mkdir(parents=True)
    for i in range(N_FILES):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        (root / f"{i:03d}.txt").write_text(f"{text}\n\nBản số {i}.\n", encoding="utf-8")
    (root / "ban-sao.txt").write_bytes((root / "007.txt").read_bytes())
    (root / "rong.txt").write_bytes(b"")
    return N_FILES


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("VANBAN")}
    e.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return e


def ingest_cmd(data: Path, corpus: Path) -> list[str]:
    return [sys.executable, "-m", "vanban", "--data-dir", str(data), "ingest", "-q",
            str(corpus)]


def stored(data: Path) -> int:
    """Documents committed so far (read-only; 0 if the store does not exist yet)."""
    db_file = data / "vanban.sqlite"
    if not db_file.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=0.05)
        try:
            return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def archive_state(data: Path) -> dict:
    """What must be equal between runs: documents by content, their parts, sources, index."""
    from vanban.archive import Archive

    a = Archive(data)
    db = a.store.db
    docs = {}
    for row in db.execute("SELECT id, sha256, so_hieu, loai, ngay, don_vi, trich_yeu, text "
                          "FROM documents"):
        parts = tuple(db.execute(f"SELECT COUNT(*) FROM {t} WHERE document_id=?",
                                 (row["id"],)).fetchone()[0]
                      for t in ("pages", "paragraphs", "figures", "citations", "duplicates"))
        docs[row["sha256"]] = (row["so_hieu"], row["loai"], row["ngay"], row["don_vi"],
                               row["trich_yeu"], hashlib.sha256(row["text"].encode()).hexdigest(),
                               parts)
    id_sha = dict(db.execute("SELECT id, sha256 FROM documents").fetchall())
    sources = {r[0]: id_sha.get(r[1]) for r in db.execute("SELECT path, document_id FROM sources")}
    state = {"docs": docs, "sources": sources, "n_docs": len(id_sha),
             "index_equals_store": a.engine.ids() == set(a.store.indexable_ids())}
    a.close()
    return state


def search_shas(data: Path, query: str) -> list[str]:
    from vanban.search.searcher import search

    from vanban.archive import Archive

    a = Archive(data)
    try:
        hits = search(a.store, a.engine, query, limit=100)["hits"]
        return sorted(a.store.db.execute("SELECT sha256 FROM documents WHERE id=?",
                                         (h["id"],)).fetchone()[0] for h in hits)
    finally:
        a.close()


def kill_run(data: Path, corpus: Path, how: str, arg: float) -> dict:
    """Start an ingest and SIGKILL it at the chosen point; returns what the kill hit.

    "docs": once `arg` more documents are committed; "index": once all are stored (the index
    phase); "time": after `arg` seconds."""
    before = stored(data)
    proc = subprocess.Popen(ingest_cmd(data, corpus), env=env(), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    while proc.poll() is None and time.monotonic() - start < 60:
        n = stored(data)
        if (how == "docs" and n >= before + arg) or (how == "index" and n >= N_FILES) or \
                (how == "time" and time.monotonic() - start >= arg):
            break
        time.sleep(0.002)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return {"how": how, "arg": arg, "killed": not finished, "docs_after": stored(data)}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("crash")
    corpus = base / "corpus"
    make_corpus(corpus)
    data = base / "ref"
    t0 = time.monotonic()
    res = subprocess.run(ingest_cmd(data, corpus), env=env(), cwd=ROOT, capture_output=True)
    seconds = time.monotonic() - t0
    assert res.returncode == 1, res.stderr  # the empty file fails, the rest is ingested
    return {"base": base, "corpus": corpus, "data": data, "seconds": seconds,
            "state": archive_state(data), "rc": res.returncode}


def test_reference_run(reference: dict) -> None:
    st = reference["state"]
    assert st["n_docs"] == N_FILES and st["index_equals_store"]
    assert len(st["sources"]) == N_FILES + 1  # the copy points at the same document


def test_kill_at_random_points_then_rerun(reference: dict) -> None:
    rng = random.Random(SEED)
    data = reference["base"] / "killed"
    plan = [("time", rng.uniform(0.0, 0.5)), ("docs", rng.randint(1, N_FILES // 4)),
            ("docs", rng.randint(1, N_FILES // 4)), ("index", 0),
            ("time", rng.uniform(0.2, reference["seconds"]))]
    hits = [kill_run(data, reference["corpus"], how, arg) for how, arg in plan]
    print(f"\nseed {SEED}, uninterrupted run {reference['seconds']:.2f} s")
    for h in hits:
        print(f"  kill {h['how']}={h['arg']:.2f}: killed={h['killed']} "
              f"documents after={h['docs_after']}")
    assert any(h["killed"] and 0 < h["docs_after"] < N_FILES for h in hits), \
        "no kill landed mid-ingest: the corpus is too fast for this machine"
    res = subprocess.run(ingest_cmd(data, reference["corpus"]), env=env(), cwd=ROOT,
                         capture_output=True)
    assert res.returncode == reference["rc"], res.stderr.decode()
    assert b"Traceback" not in res.stdout + res.stderr
    state = archive_state(data)
    ref = reference["state"]
    assert state["docs"] == ref["docs"]
    assert {os.path.basename(p): s for p, s in state["sources"].items()} == \
        {os.path.basename(p): s for p, s in ref["sources"].items()}
    assert state["index_equals_store"]
    check = subprocess.run([sys.executable, "-m", "vanban", "--data-dir", str(data), "check"],
                           env=env(), cwd=ROOT, capture_output=True)
    assert check.returncode == 0, check.stdout.decode()
    for q in ("công đoàn", "lao động giỏi", "Bản số 7"):
        assert search_shas(data, q) == search_shas(reference["data"], q), q
