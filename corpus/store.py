"""Opening the archive's store: `open_store(path)` gives a `Store` (see `store_api`).

The SQLite implementation lives in `sqlite_store.py`, the only module that speaks SQL.
`Store` here is the SQLite class under its old name, kept so `Store(path)` keeps working for
older callers and tests; new code types against `vanban.corpus.store_api.Store` and opens
with `open_store`.
"""

from __future__ import annotations

from pathlib import Path

from vanban.corpus import store_api
from vanban.corpus.keys import citation_key
from vanban.corpus.sqlite_store import (
    CHILD_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
    SqliteStore,
)
from vanban.corpus.store_api import StoreCorrupt, StoreError, StoreRefused, StoreTooNew

Store = SqliteStore

__all__ = ["CHILD_TABLES", "MIGRATIONS", "SCHEMA_VERSION", "SqliteStore", "Store", "StoreCorrupt",
           "StoreError", "StoreRefused", "StoreTooNew", "citation_key", "open_store"]


def open_store(path: Path | str, read_only: bool = False) -> store_api.Store:
    """The archive at `path` (created, or migrated to this code's schema, as needed): a
    SQLite file, or a `postgresql://` URL for a shared store (`pg_store`).

    Raises StoreCorrupt for a file that is not a readable database and StoreTooNew for an
    archive written by a newer vanban.
    """
    if isinstance(path, str) and path.startswith(("postgresql://", "postgres://")):
        from vanban.corpus.pg_store import PgStore

        return PgStore(path, read_only=read_only)
    return SqliteStore(Path(path), read_only=read_only)
