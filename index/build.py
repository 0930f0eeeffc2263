"""Build and update the index from the store alone (the store is the truth)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from vanban.corpus.store import open_store
from vanban.corpus.store_api import Store
from vanban.index.engine import Engine, IndexDoc, to_index_doc

BATCH = 500
# Below this many documents a pool costs more (start-up) than the analysis it shares.
PARALLEL_MIN = 2000
CHUNK = 100

_worker_store: Store | None = None


def _analyze_chunk(db_path: str, ids: list[int]) -> list[IndexDoc]:
    """In a worker: read documents from the store (WAL allows readers) and analyze them."""
    global _worker_store
    if _worker_store is None or _where(_worker_store) != db_path:
        _worker_store = open_store(db_path if "://" in db_path else Path(db_path))
    out = []
    for doc_id in ids:
        rec = _worker_store.get(doc_id)  # paragraphs: their kinds give the headings
        if rec is not None:
            out.append(to_index_doc(doc_id, rec, _copies(_worker_store, doc_id)))
    return out


def _copies(store: Store, doc_id: int) -> list:
    """The records of a document's near-duplicate copies (they lend it missing fields)."""
    ids = dict.fromkeys(c["id"] for c in store.copies_of(doc_id))
    return [r for r in (store.get(i, paragraphs=False) for i in ids) if r is not None]


def _where(store: Store) -> str:
    """What a worker opens: the SQLite file, or a shared store's URL."""
    return getattr(store, "url", None) or str(store.path)


def _workers(n_docs: int, workers: int | None) -> int:
    if workers is None:
        workers = os.cpu_count() or 1
    return workers if n_docs >= PARALLEL_MIN else 1


def _index_docs(store: Store, ids: list[int], workers: int) -> Iterator[IndexDoc]:
    """IndexDocs in id order; the Python analysis (the indexing wall) shared by `workers`."""
    if workers <= 1:
        for doc_id in ids:
            rec = store.get(doc_id)  # paragraphs: their kinds give the headings
            if rec is not None:
                yield to_index_doc(doc_id, rec, _copies(store, doc_id))
        return
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
    # spawn: the parent may hold an index writer with live threads; never fork those
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        window = []
        it = iter(chunks)
        for chunk in it:
            window.append(pool.submit(_analyze_chunk, _where(store), chunk))
            if len(window) >= workers * 3:
                break
        while window:
            docs = window.pop(0).result()
            nxt = next(it, None)
            if nxt is not None:
                window.append(pool.submit(_analyze_chunk, _where(store), nxt))
            yield from docs


def add_documents(store: Store, engine: Engine, ids: list[int],
                  progress: Callable[[int], None] | None = None,
                  workers: int | None = None) -> int:
    """Index the given store documents (replacing any older entry); commits at the end.

    `workers` processes analyze the text (default: all cores for large batches); the
    engine writer stays in this process, so the result is the same as one process.
    """
    batch = []
    done = 0
    for doc in _index_docs(store, ids, _workers(len(ids), workers)):
        batch.append(doc)
        if len(batch) >= BATCH:
            engine.add(batch)
            done += len(batch)
            batch = []
            if progress:
                progress(done)
    if batch:
        engine.add(batch)
        done += len(batch)
        if progress:
            progress(done)
    engine.commit()
    return done


def sync(store: Store, engine: Engine) -> tuple[int, int]:
    """Make the index hold exactly the store's documents. Returns (added, removed)."""
    in_store = set(store.indexable_ids())
    in_index = engine.ids()
    stale = sorted(in_index - in_store)
    missing = sorted(in_store - in_index)
    if stale:
        engine.delete(stale)
    if missing:
        add_documents(store, engine, missing)
    elif stale:
        engine.commit()
    return len(missing), len(stale)


def rebuild(store: Store, engine: Engine, progress: Callable[[int], None] | None = None,
            workers: int | None = None) -> int:
    engine.clear()
    return add_documents(store, engine, store.indexable_ids(), progress, workers)
