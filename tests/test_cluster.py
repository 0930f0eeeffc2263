"""Distributed ingest (a real Dask LocalCluster, two worker processes) and the shared
PostgreSQL store (a real throwaway server, `tests/pg.py`).

Parity: one folder ingested locally into SQLite, through the cluster into SQLite, and through
the cluster into PostgreSQL gives the same documents, fields, figures, duplicates and search
hits. Faults: a worker killed mid-batch costs no file and stores none twice; a client killed
mid-batch, then rerun, gives the archive an uninterrupted run gives.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, variant
from vanban.archive import CONTRACT_KEYS, Archive

distributed = pytest.importorskip("distributed", reason="không có dask.distributed")

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["lao dong", "công đoàn", "thi đua", "\"nữ công\"", "an toàn vệ sinh"]


@pytest.fixture(scope="module")
def dask_cluster():
    """A LocalCluster of two one-thread worker processes, shared by this module's tests."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as lc:
        yield lc


def small_folder(root: Path) -> Path:
    """The five sample texts, a PDF with a scanned page (OCR), a text PDF and a DOCX."""
    root.mkdir(parents=True)
    for f in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(f, root / f.name)
    for name in ("mixed_text_scan.pdf", "doc0.pdf", "doc0.docx"):
        shutil.copy(SAMPLES / "formats" / name, root / name)
    return root


def snapshot(a: Archive, by_content: bool = False) -> dict:
    """What must be the same whichever way a folder was ingested. `by_content` names
    documents by sha256 instead of id (an interrupted run leaves gaps in the ids)."""
    sha_of = {i: a.store.get(i, paragraphs=False).sha256 for i in a.store.ids()}
    ident = (lambda i: sha_of.get(i, i)) if by_content else (lambda i: i)
    docs = {}
    for doc_id in a.store.ids():
        rec = a.store.get(doc_id)
        d = rec.to_json(with_text=False)
        docs[ident(doc_id)] = {
            **{k: d[k] for k in CONTRACT_KEYS},
            "sha256": rec.sha256, "format": rec.format,
            "text": hashlib.sha256(rec.text.encode()).hexdigest(),
            "paragraphs": len(rec.paragraphs), "methods": [p.method for p in rec.pages],
            "sources": [os.path.basename(p) for p in a.store.sources_of(doc_id)],
            "row": {**a.store.document_row(doc_id), "id": ident(doc_id)},
        }

    def names(obj):  # paths differ between the runs' folders: keep file names
        if isinstance(obj, dict):
            return {k: ident(v) if k in ("id", "of", "document_id") else names(v)
                    for k, v in obj.items()}
        if isinstance(obj, list):
            return [names(v) for v in obj]
        if isinstance(obj, str) and obj.startswith("/"):
            return os.path.basename(obj)
        return obj

    stats = a.stats()
    for k in ("data_dir", "failed_last_run"):
        stats.pop(k)
    return {
        "docs": docs,
        "figures": names(a.figures()),
        "figures_filtered": names(a.figures("đoàn viên", don_vi="công đoàn")),
        "duplicates": names(a.duplicates()),
        "hits": {q: sorted((ident(h["id"]), round(h.get("score", 0), 3)) for h in
                           a.search(q, limit=50)["hits"]) for q in QUERIES},
        "stats": stats,
        "index_equals_store": a.engine.ids() == set(a.store.indexable_ids()),
    }


def ingest(data: Path, folder: Path, store: str | None = None, by_content: bool = False,
           **kw) -> tuple[dict, list]:
    with Archive(data, store=store) as a:
        summary = a.ingest([folder], **kw)
        outcomes = sorted((os.path.basename(o.path), o.status, o.reason)
                          for o in summary.outcomes)
        return snapshot(a, by_content), outcomes


@pytest.fixture(scope="module")
def local_sqlite(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("parity")
    folder = small_folder(base / "in")
    snap, outcomes = ingest(base / "local", folder)
    return {"base": base, "folder": folder, "snap": snap, "outcomes": outcomes}


def test_cluster_into_sqlite_equals_local(local_sqlite, dask_cluster, tmp_path) -> None:
    snap, outcomes = ingest(tmp_path / "d", local_sqlite["folder"],
                            scheduler=dask_cluster.scheduler_address)
    assert outcomes == local_sqlite["outcomes"]
    assert all(s == "ok" for _, s, _ in outcomes)
    assert snap == local_sqlite["snap"]
    assert snap["docs"] and snap["figures"] and snap["duplicates"]["near_duplicates"]
    assert any(snap["hits"].values())
    assert {m for d in snap["docs"].values() for m in d["methods"]} >= {"ocr", "text"}


def test_cluster_into_postgresql_equals_local(local_sqlite, dask_cluster, pg_url,
                                              tmp_path) -> None:
    snap, outcomes = ingest(tmp_path / "d", local_sqlite["folder"], store=pg_url,
                            scheduler=dask_cluster.scheduler_address)
    assert outcomes == local_sqlite["outcomes"]
    assert snap == local_sqlite["snap"]


def test_shipping_bytes_equals_shared_path(local_sqlite, dask_cluster, tmp_path) -> None:
    snap, outcomes = ingest(tmp_path / "d", local_sqlite["folder"], ship="bytes",
                            scheduler=dask_cluster.scheduler_address)
    assert outcomes == local_sqlite["outcomes"]
    assert snap == local_sqlite["snap"]


def test_a_worker_that_cannot_see_the_file_fails_that_file(dask_cluster, tmp_path) -> None:
    """Path shipping: the worker must see the client's file, unchanged."""
    from vanban.ingest.distributed import DaskReaders
    from vanban.ingest.pipeline import sha256_file

    gone, changed, fine = (tmp_path / n for n in ("gone.txt", "changed.txt", "fine.txt"))
    for f in (gone, changed, fine):
        shutil.copy(next(SAMPLES.glob("000_*.txt")), f)
    items = [(str(f), str(f), sha256_file(f)) for f in (gone, changed, fine)]
    gone.unlink()  # planned on the client, not there for the worker
    changed.write_text("một văn bản khác", encoding="utf-8")
    with distributed.Client(dask_cluster) as client:
        readers = DaskReaders(client)
        results = [readers.result(readers.submit(it), it) for it in items]
    assert results[0][0] is None and "không thấy tệp" in results[0][1]
    assert results[1][0] is None and "sha256 khác" in results[1][1]
    assert results[2][0] is not None and results[2][1] is None


def test_a_file_over_the_timeout_fails_alone(dask_cluster) -> None:
    from vanban.ingest.distributed import DaskReaders
    from vanban.ingest.pipeline import sha256_file

    scan = SAMPLES / "formats" / "mixed_text_scan.pdf"
    text = next(SAMPLES.glob("000_*.txt"))
    with distributed.Client(dask_cluster) as client:
        slow = DaskReaders(client, timeout=0.05)
        item = (str(scan), str(scan), sha256_file(scan))
        rec, why, _ = slow.result(slow.submit(item), item)
        assert rec is None and "quá 0.05 giây" in why
        ok = DaskReaders(client, timeout=120)
        item = (str(text), str(text), sha256_file(text))
        assert ok.result(ok.submit(item), item)[0] is not None


def test_scheduler_spec_is_checked(tmp_path) -> None:
    from vanban.corpus.errors import UsageError

    with Archive(tmp_path / "d") as a:
        for bad in ("local:0", "local:x", "may-chu:8786"):
            with pytest.raises(UsageError):
                a.ingest([SAMPLES / "formats" / "README.md"], scheduler=bad)


# -- faults ----------------------------------------------------------------------------
def text_corpus(root: Path, n: int) -> Path:
    root.mkdir(parents=True)
    samples = sorted(SAMPLES.glob("*.txt"))
    for i in range(n):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        (root / f"{i:03d}.txt").write_text(variant(text, i), encoding="utf-8")
    return root


def test_worker_killed_mid_batch_costs_no_file(dask_cluster, tmp_path) -> None:
    folder = text_corpus(tmp_path / "in", 24)
    with distributed.Client(dask_cluster) as client:
        pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_one(p) -> None:
        if p.outcome is not None and not killed:
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    with Archive(tmp_path / "d") as a:
        summary = a.ingest([folder], scheduler=dask_cluster.scheduler_address,
                           on_progress=kill_one)
        assert killed
        assert [o.status for o in summary.outcomes] == ["ok"] * 24, summary.failed
        assert a.store.count() == 24 and a.store.stored_twice() == 0
        assert a.engine.ids() == set(a.store.indexable_ids())
    with distributed.Client(dask_cluster) as client:  # the nanny brought the worker back
        client.wait_for_workers(2, timeout=60)


def _env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("VANBAN")}
    e.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return e


def test_client_killed_then_rerun_gives_the_same_archive(dask_cluster, pg_url,
                                                         tmp_path) -> None:
    """SIGKILL the ingesting client once some documents are committed to PostgreSQL, run it
    again: same archive as one uninterrupted run (into SQLite, for a second opinion)."""
    folder = text_corpus(tmp_path / "in", 40)
    ref, _ = ingest(tmp_path / "ref", folder, by_content=True)
    cmd = [sys.executable, "-m", "vanban", "--data-dir", str(tmp_path / "d"), "--store", pg_url,
           "ingest", "-q", "--scheduler", dask_cluster.scheduler_address, str(folder)]
    proc = subprocess.Popen(cmd, env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    probe = None
    start = time.monotonic()
    killed_at = None
    try:
        while proc.poll() is None and time.monotonic() - start < 120:
            try:
                if probe is None:
                    from vanban.corpus.store import open_store

                    probe = open_store(pg_url)
                n = probe.count()
            except Exception:  # noqa: BLE001 - the client has not made the schema yet
                n = 0
            if n >= 8:
                killed_at = n
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.05)
    finally:
        proc.wait()
        if probe is not None:
            probe.close()
    assert killed_at is not None and killed_at < 40, "the client finished before the kill"
    res = subprocess.run(cmd, env=_env(), cwd=ROOT, capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    with Archive(tmp_path / "d", store=pg_url) as a:
        after = snapshot(a, by_content=True)
        assert a.store.stored_twice() == 0 and a.store.unfinished_runs() == 1
    for part in ("figures", "duplicates", "hits", "stats", "index_equals_store"):
        assert after[part] == ref[part], part
    assert after["docs"] == ref["docs"]


# -- the PostgreSQL store ------------------------------------------------------------
def test_pg_store_implements_the_protocol() -> None:
    import inspect

    from vanban.corpus.pg_store import PgStore
    from vanban.corpus.store_api import Store

    promised = [n for n, v in vars(Store).items() if callable(v) and not n.startswith("_")]
    for name in promised:
        assert hasattr(PgStore, name), name
        want = list(inspect.signature(getattr(Store, name)).parameters)
        assert list(inspect.signature(getattr(PgStore, name)).parameters) == want, name


def test_pg_migrations_mirror_sqlite(pg_url) -> None:
    from vanban.corpus import pg_store, sqlite_store
    from vanban.corpus.store import open_store

    assert [n for n, _ in pg_store.MIGRATIONS] == [n for n, _ in sqlite_store.MIGRATIONS]
    s = open_store(pg_url)
    first = s.migrations()
    assert [n for n, _ in first] == [n for n, _ in sqlite_store.MIGRATIONS]
    assert s.schema_version() == len(sqlite_store.MIGRATIONS)
    s.set_meta("schema_version", "99")
    s.close()
    from vanban.corpus.store_api import StoreTooNew

    with pytest.raises(StoreTooNew):
        open_store(pg_url)


def test_pg_single_writer_across_machines(pg_url, tmp_path) -> None:
    """Two data directories (two machines) on one PostgreSQL store: one writer at a time."""
    from vanban.corpus.errors import ArchiveBusy

    with Archive(tmp_path / "a", store=pg_url) as a, Archive(tmp_path / "b", store=pg_url) as b:
        with a.write_lock():
            with pytest.raises(ArchiveBusy):
                b.ingest([SAMPLES])
        b.ingest([next(SAMPLES.glob("000_*.txt"))])
        assert b.store.count() == 1


def test_pg_refuses_a_document_it_cannot_hold(pg_url) -> None:
    from vanban.corpus.store import open_store
    from vanban.corpus.store_api import StoreRefused
    from vanban.ingest.pipeline import process_file

    s = open_store(pg_url)
    rec = process_file(next(SAMPLES.glob("000_*.txt")))
    rec.text = rec.text + "\x00"
    with s.group():
        with pytest.raises(StoreRefused):
            s.put(rec)
        rec2 = process_file(next(SAMPLES.glob("001_*.txt")))
        s.put(rec2)
    assert s.count() == 1 and s.document_id_by_sha(rec2.sha256) is not None
    s.close()


def test_search_node_catches_up_from_the_shared_store(pg_url, tmp_path) -> None:
    """A second machine builds its own index from PostgreSQL and follows later runs."""
    texts = sorted(SAMPLES.glob("*.txt"))
    writer = Archive(tmp_path / "writer", store=pg_url)
    writer.ingest(texts[:3])
    node = Archive(tmp_path / "node", store=pg_url)
    added, removed, run = node.catch_up()
    assert (added, removed, run) == (len(writer.store.indexable_ids()), 0, 1)
    writer.ingest(texts[3:])
    added, removed, run = node.catch_up()
    assert added == len(writer.store.indexable_ids()) - 3 and run == 2
    assert (tmp_path / "node" / "index-run").read_text().strip() == "2"
    for q in QUERIES:
        assert node.search(q, limit=50)["hits"] == writer.search(q, limit=50)["hits"], q
    assert node.reindex() == len(writer.store.indexable_ids())
    report, _ = node.check()  # `vanban check` on the shared store and this node's index
    assert report.ok, report.problems
    writer.close()
    node.close()


def test_cli_store_and_scheduler_options(pg_url, dask_cluster, tmp_path) -> None:
    from typer.testing import CliRunner

    from vanban.cli import app

    runner = CliRunner()
    env = {"VANBAN_DATABASE_URL": pg_url, "VANBAN_SCHEDULER": dask_cluster.scheduler_address}
    res = runner.invoke(app, ["--data-dir", str(tmp_path / "d"), "ingest", "-q",
                              str(next(SAMPLES.glob("002_*.txt")))], env=env)
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["--data-dir", str(tmp_path / "n"), "reindex", "--catch-up"],
                        env={"VANBAN_DATABASE_URL": pg_url})
    assert res.exit_code == 0, res.output
    assert "thêm 1" in res.output
    res = runner.invoke(app, ["--data-dir", str(tmp_path / "n"), "--store", pg_url, "stats",
                              "--json"])
    assert res.exit_code == 0 and '"documents": 1' in res.output, res.output
