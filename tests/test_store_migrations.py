"""Schema migrations: named, applied in order, recorded; old archives migrate, newer ones are
refused untouched; a failed migration leaves the archive as it was."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from vanban.corpus import sqlite_store
from vanban.corpus.errors import VanbanError
from vanban.corpus.schema import Duplicate, Record
from vanban.corpus.store import (
    SCHEMA_VERSION,
    Store,
    StoreCorrupt,
    StoreRefused,
    StoreTooNew,
    open_store,
)

# An archive as vanban wrote it before migrations were recorded: schema_version 1 in meta,
# no migrations table, and (as the oldest archives) no index on sources(document_id).
OLD_ARCHIVE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT UNIQUE NOT NULL,
    format TEXT, so_hieu TEXT, loai TEXT, ngay TEXT, nam INTEGER, dia_danh TEXT,
    don_vi TEXT, cap TEXT, tinh TEXT, trich_yeu TEXT, nguoi_ky TEXT, chuc_vu TEXT,
    text TEXT NOT NULL, record TEXT NOT NULL,
    near_duplicate_of INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    near_duplicate_similarity REAL, ingested_at REAL
);
CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL, format TEXT, size INTEGER, mtime REAL, seen_at REAL
);
INSERT INTO meta VALUES ('schema_version', '1'), ('engine', 'whoosh');
"""


def _old_archive(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(OLD_ARCHIVE)
    rec = Record(path="/kho/cu.txt", sha256="ab" * 32, format="text", so_hieu="12/KH-LĐLĐ")
    db.execute("INSERT INTO documents(sha256, format, so_hieu, text, record) VALUES (?,?,?,?,?)",
               (rec.sha256, rec.format, rec.so_hieu, "Kế hoạch cũ",
                json.dumps(rec.to_json(with_text=False), ensure_ascii=False)))
    db.execute("INSERT INTO sources(path, document_id, sha256) VALUES (?, 1, ?)",
               (rec.path, rec.sha256))
    db.commit()
    db.close()


def _tables(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    finally:
        db.close()


def test_new_archive_records_every_migration(tmp_path: Path) -> None:
    before = time.time()
    store = open_store(tmp_path / "v.sqlite")
    applied = store.migrations()
    assert [name for name, _ in applied] == [n for n, _ in sqlite_store.MIGRATIONS]
    assert applied[0][0] == "0001_schema" and before - 1 <= applied[0][1] <= time.time() + 1
    assert store.schema_version() == SCHEMA_VERSION == len(sqlite_store.MIGRATIONS)
    store.close()
    again = Store(tmp_path / "v.sqlite")  # reopening applies nothing twice
    assert again.migrations() == applied
    again.close()


def test_old_archive_is_migrated_and_keeps_its_documents(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _old_archive(path)
    assert "migrations" not in _tables(path) and "sources_document" not in _tables(path)
    store = Store(path)
    known = [name for name, _ in sqlite_store.MIGRATIONS]  # every one this code knows
    assert [name for name, _ in store.migrations()] == known and known[0] == "0001_schema"
    assert store.schema_version() == SCHEMA_VERSION
    assert {"migrations", "sources_document", "figures", "lsh", "don_vi_names"} <= _tables(path)
    assert store.get_meta("engine") == "whoosh"
    assert store.count() == 1 and store.find("12/KH-LĐLĐ") == 1
    assert store.find("/kho/cu.txt") == 1 and store.text_of(1) == "Kế hoạch cũ"
    store.close()


def test_newer_archive_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    _old_archive(path)
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    db.commit()
    db.close()
    with pytest.raises(StoreTooNew) as err:
        Store(path)
    msg = str(err.value)
    assert "phiên bản vanban mới hơn" in msg and "99" in msg and "cập nhật vanban" in msg
    assert "migrations" not in _tables(path)  # nothing written
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "99"
    db.close()


def test_unknown_recorded_migration_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations VALUES ('0002_from_the_future', 2, 0)")
    db.commit()
    db.close()
    with pytest.raises(StoreTooNew, match="mới hơn"):
        Store(path)


def test_added_migration_runs_once_in_order(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "v.sqlite"
    Store(path).close()  # an archive at the current version
    known = [name for name, _ in sqlite_store.MIGRATIONS]
    ran: list[str] = []

    def add_note(db: sqlite3.Connection) -> None:
        ran.append("0002")
        db.execute("ALTER TABLE documents ADD COLUMN ghi_chu TEXT")

    monkeypatch.setattr(sqlite_store, "MIGRATIONS",
                        [*sqlite_store.MIGRATIONS, ("0002_ghi_chu", add_note)])
    store = Store(path)
    assert ran == ["0002"]
    assert [n for n, _ in store.migrations()] == [*known, "0002_ghi_chu"]
    assert store.schema_version() == len(known) + 1
    assert "ghi_chu" in {r[1] for r in store.db.execute("PRAGMA table_info(documents)")}
    store.close()
    Store(path).close()
    assert ran == ["0002"]


def test_failed_migration_leaves_archive_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "v.sqlite"
    Store(path).close()
    known = [name for name, _ in sqlite_store.MIGRATIONS]

    def half_done(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE nua_chung (x)")
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(sqlite_store, "MIGRATIONS",
                        [*sqlite_store.MIGRATIONS, ("0002_half", half_done)])
    with pytest.raises(RuntimeError):
        Store(path)
    monkeypatch.undo()
    store = Store(path)
    assert [n for n, _ in store.migrations()] == known
    assert store.schema_version() == len(known) and "nua_chung" not in _tables(path)
    store.close()


def test_corrupt_file_raises_store_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite"
    path.write_bytes(b"not a database!!" * 512)
    with pytest.raises(StoreCorrupt, match="không đọc được") as err:
        Store(path)
    assert isinstance(err.value, VanbanError)  # the CLI turns it into a message and exit 1


def test_refused_content_and_repeated_sections(tmp_path: Path) -> None:
    store = Store(tmp_path / "v.sqlite")
    rec = Record(path="/a.txt", sha256="cd" * 32, format="text", text="Điều 1. Lặp lại.",
                 duplicates=[Duplicate(text="Điều 1. Lặp lại.", kept_text="Điều 1. Lặp lại.")])
    doc_id, _ = store.put(rec)
    assert store.repeated_sections() == [(doc_id, 1, len("Điều 1. Lặp lại."))]
    with pytest.raises(StoreRefused):  # the same content as a second document
        store.put(Record(path="/b.txt", sha256=rec.sha256, format="text", text="khác"))
    assert store.count() == 1 and store.sources_of(doc_id) == ["/a.txt"]
    store.close()


def test_documents_by_so_hieu_use_an_index(tmp_path: Path) -> None:
    """0005: the look-ups by số hiệu (near-duplicate check) and by original (copies, at
    index time) do not scan the table (issue 20: they made every document's cost grow with
    the archive)."""
    store = Store(tmp_path / "s.sqlite")
    plan = store.db.execute("EXPLAIN QUERY PLAN SELECT id FROM documents WHERE so_hieu=? AND"
                            " near_duplicate_of IS NULL ORDER BY id", ("1/KH",)).fetchall()
    assert any("documents_so_hieu" in str(row[-1]) for row in plan), plan
    plan = store.db.execute("EXPLAIN QUERY PLAN SELECT id FROM documents"
                            " WHERE near_duplicate_of=?", (1,)).fetchall()
    assert any("documents_copy_of" in str(row[-1]) for row in plan), plan
    store.close()
