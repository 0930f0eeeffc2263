"""Build and update the index from the store alone (the store is the truth)."""

from __future__ import annotations

from collections.abc import Callable

from corpus.store import Store
from index.engine import Engine, to_index_doc

BATCH = 500


def add_documents(store: Store, engine: Engine, ids: list[int],
                  progress: Callable[[int], None] | None = None) -> int:
    """Index the given store documents (replacing any older entry); commits at the end."""
    batch = []
    done = 0
    for doc_id in ids:
        rec = store.get(doc_id)
        if rec is None:
            continue
        batch.append(to_index_doc(doc_id, rec))
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


def rebuild(store: Store, engine: Engine, progress: Callable[[int], None] | None = None) -> int:
    engine.clear()
    return add_documents(store, engine, store.indexable_ids(), progress)
