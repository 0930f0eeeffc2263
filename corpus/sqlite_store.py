"""The SQLite store: the archive's truth. The index is derived from it.

The only module that speaks SQL; everything else uses the `Store` protocol
(`corpus/store_api.py`). One transaction per document: a document, its sources, paragraphs,
figures and citations are written together or not at all (inside `group()`, a savepoint per
document and a commit per group of documents). WAL lets searches read while an ingest writes.

The schema changes only through named migrations (`MIGRATIONS`), applied in order on open
and each recorded in the `migrations` table with the time it was applied; `meta.schema_version`
is the number of migrations the archive has. An archive from a newer vanban is refused.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from vanban.corpus.gazetteer import matches as gazetteer_matches
from vanban.corpus.gazetteer import unit_key as don_vi_key
from vanban.corpus.keys import citation_key
from vanban.corpus.keys import figure_key as vn_key
from vanban.corpus.schema import Paragraph, Record
from vanban.corpus.store_api import (
    StoreCorrupt,
    StoreError,
    StoreRefused,
    moments_row,
    refuse_newer,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a stale index entry can't alias
    sha256 TEXT UNIQUE NOT NULL,
    format TEXT, so_hieu TEXT, loai TEXT, ngay TEXT, nam INTEGER, dia_danh TEXT,
    don_vi TEXT, cap TEXT, tinh TEXT, trich_yeu TEXT, nguoi_ky TEXT, chuc_vu TEXT,
    text TEXT NOT NULL,
    record TEXT NOT NULL,
    near_duplicate_of INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    near_duplicate_similarity REAL,
    ingested_at REAL
);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL, format TEXT, size INTEGER, mtime REAL, seen_at REAL
);
CREATE TABLE IF NOT EXISTS pages (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER, method TEXT, confidence REAL, seconds REAL, chars INTEGER,
    raw BLOB,  -- the page as the reader gave it (zlib), for display and provenance
    PRIMARY KEY (document_id, number)
);
CREATE TABLE IF NOT EXISTS paragraphs (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER, page INTEGER, start INTEGER, "end" INTEGER, section TEXT, kind TEXT,
    text TEXT, section_title TEXT, line INTEGER, PRIMARY KEY (document_id, idx)
);
CREATE TABLE IF NOT EXISTS duplicates (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kept_start INTEGER, kept_end INTEGER, similarity REAL, text TEXT, kept_text TEXT, diffs TEXT
);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    value REAL, value_max REAL, total REAL, raw TEXT, unit TEXT, kind TEXT, qualifier TEXT,
    subject TEXT, period TEXT, phong_trao TEXT, text TEXT,
    page INTEGER, paragraph INTEGER, start INTEGER, "end" INTEGER
);
CREATE TABLE IF NOT EXISTS citations (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    so_hieu TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (document_id, key)
);
CREATE INDEX IF NOT EXISTS citations_key ON citations(key);
CREATE TABLE IF NOT EXISTS lsh (
    band INTEGER NOT NULL, hash INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, document_id)
);
CREATE INDEX IF NOT EXISTS lsh_document ON lsh(document_id);
-- child rows by document: every search hit looks up its sources; deletes cascade
CREATE INDEX IF NOT EXISTS sources_document ON sources(document_id);
CREATE INDEX IF NOT EXISTS duplicates_document ON duplicates(document_id);
CREATE INDEX IF NOT EXISTS figures_document ON figures(document_id);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started REAL, finished REAL, args TEXT);
CREATE TABLE IF NOT EXISTS ingest_log (
    id INTEGER PRIMARY KEY, run_id INTEGER, path TEXT, sha256 TEXT,
    status TEXT NOT NULL, reason TEXT, document_id INTEGER, at REAL
);
"""


# Tables whose rows belong to a document (`vanban check` looks for rows left without one).
CHILD_TABLES = ("sources", "pages", "paragraphs", "duplicates", "figures", "citations")


def _statements(script: str) -> Iterator[str]:
    """The statements of a script, one at a time: `executescript` would commit the
    migration's transaction before running."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf
            buf = ""
    if any(ln.strip() and not ln.strip().startswith("--") for ln in buf.splitlines()):
        yield buf  # unfinished: let SQLite say what is wrong with it


def _m0001_schema(db: sqlite3.Connection) -> None:
    """The schema as it was when migrations began (version 1). Every statement is
    IF NOT EXISTS: archives from before migrations were recorded re-ran it on each open, so
    applying it to them is safe and adds anything they lack."""
    for stmt in _statements(SCHEMA):
        db.execute(stmt)


def _m0002_originals(db: sqlite3.Connection) -> None:
    """The archive keeps each ingested file: one copy per content (sha256), stored under
    the data directory at `stored` (relative), so the archive outlives the source folders."""
    db.execute("CREATE TABLE IF NOT EXISTS originals (sha256 TEXT PRIMARY KEY, stored TEXT NOT"
               " NULL, size INTEGER NOT NULL, kept_at REAL NOT NULL)")


# Figure context (issue 16): section movement, programme, body it is about, zone, table cell
# labels, comparable unit.
FIGURE_CONTEXT = ("muc_phong_trao", "chuong_trinh", "don_vi_ve", "zone", "row_label",
                  "col_header", "unit_key")


def _m0003_figure_context(db: sqlite3.Connection) -> None:
    """Figures keep their context; documents stored before have NULLs until re-ingested."""
    have = {r[1] for r in db.execute("PRAGMA table_info(figures)")}
    for col in FIGURE_CONTEXT:
        if col not in have:
            db.execute(f"ALTER TABLE figures ADD COLUMN {col} TEXT")


def _m0004_don_vi_gazetteer(db: sqlite3.Connection) -> None:
    """The unit gazetteer: every unit name the archive has seen, under its unit key
    (`corpus/gazetteer.py`), with level and province; filled from the documents already in."""
    db.execute("CREATE TABLE IF NOT EXISTS don_vi_names (name TEXT PRIMARY KEY,"
               " unit_key TEXT NOT NULL, cap TEXT, tinh TEXT, documents INTEGER DEFAULT 0)")
    db.execute("CREATE INDEX IF NOT EXISTS don_vi_names_key ON don_vi_names(unit_key)")
    rows = db.execute("SELECT don_vi, cap, tinh, COUNT(*) FROM documents"
                      " WHERE don_vi IS NOT NULL GROUP BY don_vi").fetchall()
    db.executemany("INSERT OR IGNORE INTO don_vi_names VALUES (?,?,?,?,?)",
                   [(n, don_vi_key(n), c, t, k) for n, c, t, k in rows])


def _m0005_lookup_indexes(db: sqlite3.Connection) -> None:
    """Documents by số hiệu and by the original they copy: the near-duplicate check asks for
    each new document's number, the index build for each document's copies; without these
    both scanned the whole table, so per-document cost grew with the archive."""
    db.execute("CREATE INDEX IF NOT EXISTS documents_so_hieu ON documents(so_hieu)")
    db.execute("CREATE INDEX IF NOT EXISTS documents_copy_of ON documents(near_duplicate_of)")


# Append only: never edit or reorder a migration that has shipped.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_schema", _m0001_schema),
    ("0002_originals", _m0002_originals),
    ("0003_figure_context", _m0003_figure_context),
    ("0004_don_vi_gazetteer", _m0004_don_vi_gazetteer),
    ("0005_lookup_indexes", _m0005_lookup_indexes),
]

SCHEMA_VERSION = len(MIGRATIONS)

MIGRATIONS_TABLE = ("CREATE TABLE IF NOT EXISTS migrations ("
                    "name TEXT PRIMARY KEY, version INTEGER NOT NULL, applied_at REAL NOT NULL)")


def _reads(method: Callable[..., Any]) -> Callable[..., Any]:
    """A health probe: a damaged file surfaces as StoreError (message kept), which `vanban
    check` reports as a problem instead of stopping."""
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except StoreError:
            raise
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
    return wrapper


def _record_json(rec: Record) -> str:
    """The record column: everything but texts (the clean text, paragraphs and raw pages have
    their own columns, each stored once).

    Serializing a light copy gives the same JSON as `to_json(with_text=False)` without
    deep-copying every paragraph first (the largest part of `put` when profiled).
    """
    pages = [dataclasses.replace(p, text="") for p in rec.pages]
    light = dataclasses.replace(rec, text="", paragraphs=[], pages=pages)
    return json.dumps(light.to_json(with_text=False), ensure_ascii=False)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open without writing anything: `mode=ro`, or `immutable` when the WAL side files
    cannot be created (a read-only mount of a cleanly closed archive)."""
    from urllib.parse import quote

    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
    return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=60, isolation_level=None)


class SqliteStore:
    """A data directory's SQLite database (implements `store_api.Store`)."""

    def __init__(self, path: Path, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self._grouped = False
        if read_only:
            self.db = _connect_read_only(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=60, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        try:
            if read_only:
                self._check_current()
                self.db.create_function("vn_key", 1, vn_key, deterministic=True)
                return
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            # locked or unreachable (OperationalError) is not damage: raised as it is
            if isinstance(exc, (StoreError, sqlite3.OperationalError)):
                raise
            raise StoreCorrupt(f"tệp SQLite không đọc được: {exc}") from exc
        except StoreError:
            self.db.close()
            raise
        self.db.create_function("vn_key", 1, vn_key, deterministic=True)

    def _check_current(self) -> None:
        """A read-only archive cannot be migrated: it must already have this code's schema."""
        version, names = self._recorded()
        self._refuse_newer(version, names)
        if version != len(MIGRATIONS) or len(names) != len(MIGRATIONS):
            raise StoreError(f"kho {self.path} cần được nâng cấp lược đồ nhưng thư mục chỉ "
                             "đọc được; hãy chạy vanban trên một bản sao ghi được")

    # -- schema migrations -----------------------------------------------------
    def _has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                               (name,)).fetchone() is not None

    def _recorded(self) -> tuple[int, set[str]]:
        """(meta.schema_version or 0, names in the migrations table)."""
        version = 0
        if self._has_table("meta"):
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is not None:
                try:
                    version = int(row[0])
                except (TypeError, ValueError):
                    raise StoreCorrupt(f"phiên bản lược đồ kho không hợp lệ: {row[0]!r}") from None
        names: set[str] = set()
        if self._has_table("migrations"):
            names = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        return version, names

    def _refuse_newer(self, version: int, names: set[str]) -> None:
        refuse_newer(self.path, version, names, [name for name, _ in MIGRATIONS])

    def _migrate(self) -> None:
        """Bring the archive to the schema this code knows, one recorded migration at a time.

        A plain read first, so opening an up-to-date archive takes no write lock; the
        versions are read again under the lock since another process may migrate first."""
        version, names = self._recorded()
        self._refuse_newer(version, names)
        if version == len(MIGRATIONS) and len(names) == len(MIGRATIONS):
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            version, names = self._recorded()
            self._refuse_newer(version, names)
            self.db.execute(MIGRATIONS_TABLE)
            for number, (name, apply) in enumerate(MIGRATIONS, 1):
                if name in names:
                    continue
                apply(self.db)
                self.db.execute("INSERT INTO migrations(name, version, applied_at)"
                                " VALUES (?,?,?)", (name, number, time.time()))
            self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES"
                            " ('schema_version', ?)", (str(len(MIGRATIONS)),))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def schema_version(self) -> int:
        return int(self.get_meta("schema_version") or 0)

    def migrations(self) -> list[tuple[str, float]]:
        """Applied migrations with when (Unix time), in order."""
        return [(r[0], float(r[1])) for r in self.db.execute(
            "SELECT name, applied_at FROM migrations ORDER BY version")]

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one transaction (store-internal; tests use it to damage)."""
        if self._grouped:  # inside `group()`: a savepoint keeps this document atomic
            self.db.execute("SAVEPOINT doc")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:  # a full disk may have ended it already
                    self.db.execute("ROLLBACK TO doc")
                    self.db.execute("RELEASE doc")
                raise
            else:
                self.db.execute("RELEASE doc")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self._rollback()
            raise
        else:
            self.db.execute("COMMIT")

    @contextmanager
    def group(self, seconds: float = 1.0, max_writes: int = 200) -> Iterator[None]:
        """Commit many small writes together (a commit per document and per log line was
        a fifth of a text ingest, profiled). Each document stays atomic (a savepoint); what
        is written is committed at least every `seconds` or `max_writes` writes, and at the
        end, so a crash loses at most that much work, which a rerun redoes."""
        if self._grouped:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._grouped, self._writes, self._since = True, 0, time.monotonic()
        self._seconds, self._max_writes = seconds, max_writes
        try:
            yield
        except BaseException:
            self._grouped = False
            try:
                self.db.execute("COMMIT")  # what was written is whole documents: keep it
            except sqlite3.Error:  # the disk is full: SQLite rolled back, nothing half-written
                self._rollback()
            raise
        self._grouped = False
        self.db.execute("COMMIT")

    def _rollback(self) -> None:
        """Roll back if a transaction is still open (SQLite ends it itself on a full disk)."""
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def _wrote(self) -> None:
        """Called after each write in a group: commit when the group is old or large."""
        if not self._grouped:
            return
        self._writes += 1
        if self._writes >= self._max_writes or time.monotonic() - self._since >= self._seconds:
            self.db.execute("COMMIT")
            self.db.execute("BEGIN IMMEDIATE")
            self._writes, self._since = 0, time.monotonic()

    # -- meta ---------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # -- runs and log ---------------------------------------------------------
    def start_run(self, args: list[str]) -> int:
        cur = self.db.execute(
            "INSERT INTO runs(started, args) VALUES (?, ?)", (time.time(), json.dumps(args))
        )
        return int(cur.lastrowid)

    def finish_run(self, run_id: int) -> None:
        self.db.execute("UPDATE runs SET finished=? WHERE id=?", (time.time(), run_id))

    def recent_runs(self, limit: int = 5) -> list[dict[str, Any]]:
        """The last ingest runs, newest first: times, roots, counts by status, failed files."""
        out = []
        for r in self.db.execute("SELECT id, started, finished, args FROM runs"
                                 " ORDER BY id DESC LIMIT ?", (limit,)).fetchall():
            counts = dict(self.db.execute("SELECT status, COUNT(*) FROM ingest_log"
                                          " WHERE run_id=? GROUP BY status", (r["id"],)))
            failed = [{"path": f["path"], "reason": f["reason"]} for f in self.db.execute(
                "SELECT path, reason FROM ingest_log WHERE run_id=? AND status='failed'"
                " ORDER BY id", (r["id"],))]
            out.append({"id": r["id"], "started": r["started"], "finished": r["finished"],
                        "args": json.loads(r["args"] or "[]"), "counts": counts,
                        "failed": failed})
        return out

    def last_run_id(self) -> int | None:
        """The newest finished ingest run (what a search node's index has caught up to)."""
        row = self.db.execute("SELECT MAX(id) FROM runs WHERE finished IS NOT NULL").fetchone()
        return int(row[0]) if row[0] is not None else None

    def log(self, run_id: int, path: str, status: str, reason: str | None = None,
            sha256: str | None = None, document_id: int | None = None) -> None:
        self.db.execute(
            "INSERT INTO ingest_log(run_id, path, sha256, status, reason, document_id, at)"
            " VALUES (?,?,?,?,?,?,?)",
            (run_id, path, sha256, status, reason, document_id, time.time()),
        )
        self._wrote()

    # -- sources -------------------------------------------------------------
    def source(self, path: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM sources WHERE path=?", (path,)).fetchone()
        return dict(row) if row is not None else None

    def document_id_by_sha(self, sha256: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE sha256=?", (sha256,)).fetchone()
        return int(row[0]) if row else None

    def add_source(self, doc_id: int, rec_path: str, sha256: str, fmt: str, size: int,
                   mtime: float) -> list[int]:
        """Point `rec_path` at a document (same file seen at another path). Returns orphaned ids."""
        with self.transaction():
            orphans = self._attach_source(doc_id, rec_path, sha256, fmt, size, mtime)
        self._wrote()
        return orphans

    def _attach_source(self, doc_id: int, path: str, sha256: str, fmt: str, size: int,
                       mtime: float) -> list[int]:
        old = self.source(path)
        self.db.execute(
            "INSERT OR REPLACE INTO sources(path, document_id, sha256, format, size, mtime,"
            " seen_at) VALUES (?,?,?,?,?,?,?)",
            (path, doc_id, sha256, fmt, size, mtime, time.time()),
        )
        orphans: list[int] = []
        if old is not None and old["document_id"] != doc_id:
            left = self.db.execute(
                "SELECT COUNT(*) FROM sources WHERE document_id=?", (old["document_id"],)
            ).fetchone()[0]
            if left == 0:  # the file changed: its old version has no source left
                self.db.execute("DELETE FROM documents WHERE id=?", (old["document_id"],))
                orphans.append(int(old["document_id"]))
        return orphans

    def document_sha(self, doc_id: int) -> str | None:
        row = self.db.execute("SELECT sha256 FROM documents WHERE id=?", (doc_id,)).fetchone()
        return str(row[0]) if row else None

    def all_sources(self) -> list[dict[str, Any]]:
        """Every source row (path as ingested, document, sha256...), by document then path."""
        return [dict(r) for r in self.db.execute(
            "SELECT * FROM sources ORDER BY document_id, path")]

    def rename_source(self, old: str, new: str) -> None:
        """A source recorded under another path (an import restores the path as ingested)."""
        with self.transaction():
            self.db.execute("DELETE FROM sources WHERE path=? AND ? <> ?", (new, old, new))
            self.db.execute("UPDATE sources SET path=? WHERE path=?", (new, old))
        self._wrote()

    # -- originals (kept copies of the ingested files) -----------------------
    def original(self, sha256: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM originals WHERE sha256=?", (sha256,)).fetchone()
        return dict(row) if row is not None else None

    def keep_original(self, sha256: str, stored: str, size: int) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO originals(sha256, stored, size, kept_at)"
                            " VALUES (?,?,?,?)", (sha256, stored, size, time.time()))
        self._wrote()

    def originals(self) -> list[dict[str, Any]]:
        """The kept copies still backing a document's file (by sha256)."""
        return [dict(r) for r in self.db.execute(
            "SELECT o.* FROM originals o WHERE EXISTS (SELECT 1 FROM sources s WHERE"
            " s.sha256 = o.sha256) ORDER BY o.sha256")]

    def backup(self, dest: Path) -> None:
        """A consistent copy of the database to `dest` while others read and write
        (SQLite's online backup API, page by page)."""
        target = sqlite3.connect(str(dest))
        try:
            self.db.backup(target, pages=256)
        finally:
            target.close()

    # -- documents -----------------------------------------------------------
    def put(self, rec: Record, bands: list[int] | None = None,
            near_duplicate: tuple[int, float] | None = None) -> tuple[int, list[int]]:
        """Store a record with all its parts in one transaction; returns (id, removed ids).

        `bands`: the document's MinHash LSH band hashes (cross-document near-duplicates);
        `near_duplicate`: (id of the document it nearly repeats, similarity).
        Content SQLite cannot hold raises StoreRefused (nothing of it is kept).
        """
        try:
            return self._put(rec, bands, near_duplicate)
        except (sqlite3.IntegrityError, sqlite3.InterfaceError) as exc:
            raise StoreRefused(f"{type(exc).__name__}: {exc}") from exc

    def _put(self, rec: Record, bands: list[int] | None,
             near_duplicate: tuple[int, float] | None) -> tuple[int, list[int]]:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO documents(sha256, format, so_hieu, loai, ngay, nam, dia_danh, don_vi,"
                " cap, tinh, trich_yeu, nguoi_ky, chuc_vu, text, record, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (rec.sha256, rec.format, rec.so_hieu, rec.loai, rec.ngay, rec.nam, rec.dia_danh,
                 rec.don_vi, rec.cap, rec.tinh, rec.trich_yeu, rec.nguoi_ky, rec.chuc_vu,
                 rec.text, _record_json(rec),
                 time.time()),
            )
            doc_id = int(cur.lastrowid)
            # the gazetteer grows as the archive ingests: the canonical name and the one written
            for name in dict.fromkeys(n for n in (rec.don_vi, rec.don_vi_raw) if n):
                db.execute("INSERT INTO don_vi_names VALUES (?,?,?,?,1) ON CONFLICT(name) DO"
                           " UPDATE SET documents = documents + 1, cap = coalesce(cap, ?),"
                           " tinh = coalesce(tinh, ?)",
                           (name, don_vi_key(name), rec.cap, rec.tinh, rec.cap, rec.tinh))
            db.executemany(
                "INSERT INTO pages VALUES (?,?,?,?,?,?,?)",
                [(doc_id, p.number, p.method, p.confidence, p.seconds, len(p.text),
                  zlib.compress(p.text.encode("utf-8"), 6)) for p in rec.pages],
            )
            db.executemany(
                'INSERT INTO paragraphs(document_id, idx, page, start, "end", section, kind, text,'
                " section_title, line) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(doc_id, p.index, p.page, p.start, p.end, p.section, p.kind,
                  None if rec.text[p.start:p.end] == p.text else p.text,  # else a slice
                  p.section_title, p.line) for p in rec.paragraphs],
            )
            db.executemany(
                "INSERT INTO duplicates(document_id, kept_start, kept_end, similarity, text,"
                " kept_text, diffs) VALUES (?,?,?,?,?,?,?)",
                [(doc_id, d.kept_start, d.kept_end, d.similarity, d.text, d.kept_text,
                  json.dumps(d.diffs, ensure_ascii=False)) for d in rec.duplicates],
            )
            db.executemany(
                "INSERT INTO figures(document_id, value, value_max, total, raw, unit, kind,"
                " qualifier, subject, period, phong_trao, text, page, paragraph, start, \"end\","
                " " + ", ".join(FIGURE_CONTEXT) + ")"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?" + ",?" * len(FIGURE_CONTEXT) + ")",
                [(doc_id, f.value, f.value_max, f.total, f.raw, f.unit, f.kind, f.qualifier,
                  f.subject, f.period, f.phong_trao, f.text, f.span.page, f.span.paragraph,
                  f.span.start, f.span.end, *(getattr(f, c, None) for c in FIGURE_CONTEXT))
                 for f in rec.chi_tieu],
            )
            db.executemany(
                "INSERT OR IGNORE INTO citations VALUES (?,?,?)",
                [(doc_id, c, citation_key(c)) for c in rec.van_ban_dan_chieu],
            )
            if bands:
                db.executemany("INSERT OR IGNORE INTO lsh VALUES (?,?,?)",
                               [(i, h, doc_id) for i, h in enumerate(bands)])
            if near_duplicate is not None:
                db.execute("UPDATE documents SET near_duplicate_of=?, near_duplicate_similarity=?"
                           " WHERE id=?", (near_duplicate[0], near_duplicate[1], doc_id))
            orphans = self._attach_source(doc_id, rec.path, rec.sha256, rec.format, rec.size,
                                          rec.mtime)
        self._wrote()
        return doc_id, orphans

    def get(self, doc_id: int, paragraphs: bool = True) -> Record | None:
        """The stored record; `paragraphs=False` skips reading them (indexing needs none)."""
        row = self.db.execute("SELECT text, record FROM documents WHERE id=?",
                              (doc_id,)).fetchone()
        if row is None:
            return None
        rec = Record.from_json(json.loads(row["record"]))
        rec.text = row["text"]
        if paragraphs:
            rec.paragraphs = self.paragraphs(doc_id, rec.text)
            raw = dict(self.db.execute("SELECT number, raw FROM pages WHERE document_id=?",
                                       (doc_id,)).fetchall())
            for p in rec.pages:
                if raw.get(p.number) is not None:
                    p.text = zlib.decompress(raw[p.number]).decode("utf-8")
        return rec

    def paragraphs(self, doc_id: int, text: str | None = None) -> list[Paragraph]:
        if text is None:
            text = self.text_of(doc_id)
        rows = self.db.execute(
            'SELECT idx, text, page, start, "end", section, kind, section_title, line'
            " FROM paragraphs WHERE document_id=? ORDER BY idx", (doc_id,),
        ).fetchall()
        return [Paragraph(index=r[0], text=r[1] if r[1] is not None else text[r[3]:r[4]],
                          page=r[2], start=r[3], end=r[4], section=r[5], kind=r[6],
                          section_title=r[7], line=r[8]) for r in rows]

    def find(self, key: str) -> int | None:
        """A document by id, by so_hieu (folded) or by source path."""
        if key.isdigit():
            if self.db.execute("SELECT 1 FROM documents WHERE id=?", (int(key),)).fetchone():
                return int(key)
        row = self.db.execute("SELECT document_id FROM sources WHERE path=?", (key,)).fetchone()
        if row:
            return int(row[0])
        wanted = citation_key(key)
        for r in self.db.execute("SELECT id, so_hieu FROM documents WHERE so_hieu IS NOT NULL"):
            if citation_key(r["so_hieu"]) == wanted:
                return int(r["id"])
        return None

    def ids(self) -> list[int]:
        # unordered, SQLite reads the ids from the small sha256 index instead of walking the
        # whole table (texts inline): 2-7× faster at 10k documents; sorting here is cheap
        return sorted(r[0] for r in self.db.execute("SELECT id FROM documents"))

    @_reads
    def indexable_ids(self) -> list[int]:
        """Documents the index holds: all but near-duplicates of another document."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE near_duplicate_of IS NULL ORDER BY id")]

    def indexable_moments(self) -> tuple[int, float, float, float, float]:
        """(count, sum, sum of squares, min, max) of `indexable_ids`, from the covering index
        (`Engine.id_moments` gives the same for the index: the cheap test that they agree)."""
        n, s1, s2, lo, hi = self.db.execute(
            "SELECT COUNT(*), SUM(id), SUM(id * id), MIN(id), MAX(id) FROM documents"
            " WHERE near_duplicate_of IS NULL").fetchone()
        return moments_row(n, s1, s2, lo, hi)

    def lsh_candidates(self, bands: list[int]) -> list[int]:
        """Documents sharing at least one LSH band with these band hashes."""
        if not bands:
            return []
        found: set[int] = set()
        for i, h in enumerate(bands):
            found.update(r[0] for r in self.db.execute(
                "SELECT document_id FROM lsh WHERE band=? AND hash=?", (i, h)))
        return sorted(found)

    def text_of(self, doc_id: int) -> str:
        row = self.db.execute("SELECT text FROM documents WHERE id=?", (doc_id,)).fetchone()
        return row[0] if row else ""

    def near_duplicates(self) -> list[dict[str, Any]]:
        """Pairs (document, the document it nearly repeats, similarity): keys id, of,
        similarity, so_hieu, trich_yeu."""
        return [dict(r) for r in self.db.execute(
            "SELECT d.id, d.near_duplicate_of AS of, d.near_duplicate_similarity AS similarity,"
            " d.so_hieu, d.trich_yeu FROM documents d WHERE d.near_duplicate_of IS NOT NULL"
            " ORDER BY d.near_duplicate_of, d.id")]

    def same_file_sources(self) -> list[tuple[int, list[str]]]:
        """Documents read from more than one path (the same file twice)."""
        rows = self.db.execute(
            "SELECT document_id, GROUP_CONCAT(path, char(10)) FROM sources GROUP BY document_id"
            " HAVING COUNT(*) > 1 ORDER BY document_id").fetchall()
        return [(r[0], sorted(r[1].split("\n"))) for r in rows]

    def iter_documents(self) -> Iterator[tuple[int, Record]]:
        for doc_id in self.ids():
            rec = self.get(doc_id)
            if rec is not None:
                yield doc_id, rec

    def sources_of(self, doc_id: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT path FROM sources WHERE document_id=? ORDER BY path", (doc_id,))]

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def unit_names(self, query: str) -> list[dict[str, Any]]:
        """Every known name of the units `query` names (any of their spellings, folded or
        not): rows name, unit_key, cap, tinh, documents."""
        keys = [k for (k,) in self.db.execute("SELECT DISTINCT unit_key FROM don_vi_names")
                if gazetteer_matches(query, k)]
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return [dict(r) for r in self.db.execute(
            "SELECT name, unit_key, cap, tinh, documents FROM don_vi_names"
            f" WHERE unit_key IN ({marks}) ORDER BY unit_key, documents DESC, name", keys)]

    def cited_by(self, so_hieu: str) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT c.document_id FROM citations c JOIN documents d"
            " ON d.id = c.document_id WHERE c.key=? AND d.near_duplicate_of IS NULL"
            " ORDER BY c.document_id",
            (citation_key(so_hieu),))]

    def stats(self) -> dict[str, object]:
        q = self.db.execute
        return {
            "documents": self.count(),
            "sources": q("SELECT COUNT(*) FROM sources").fetchone()[0],
            "pages": q("SELECT COUNT(*) FROM pages").fetchone()[0],
            "paragraphs": q("SELECT COUNT(*) FROM paragraphs").fetchone()[0],
            "figures": q("SELECT COUNT(*) FROM figures").fetchone()[0],
            "citations": q("SELECT COUNT(*) FROM citations").fetchone()[0],
            "duplicates": q("SELECT COUNT(*) FROM duplicates").fetchone()[0],
            "near_duplicate_documents": q(
                "SELECT COUNT(*) FROM documents WHERE near_duplicate_of IS NOT NULL").fetchone()[0],
            "by_format": dict(
                q("SELECT format, COUNT(*) FROM documents GROUP BY format").fetchall()),
            "by_method": dict(q("SELECT method, COUNT(*) FROM pages GROUP BY method").fetchall()),
            "failed_last_run": q(
                "SELECT COUNT(*) FROM ingest_log WHERE status='failed' AND run_id="
                "(SELECT MAX(id) FROM runs)").fetchone()[0],
        }

    # -- rows other modules read ------------------------------------------------
    def document_row(self, doc_id: int, text: bool = False) -> dict[str, Any] | None:
        """A search hit's fields (id, so_hieu, loai, ngay, don_vi, trich_yeu; `text` adds
        the clean text) without loading the whole record."""
        cols = "id, so_hieu, loai, ngay, don_vi, trich_yeu" + (", text" if text else "")
        row = self.db.execute(f"SELECT {cols} FROM documents WHERE id=?", (doc_id,)).fetchone()
        return dict(row) if row is not None else None

    def hit_rows(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Search hits' rows in one query: `document_row(i, text=True)` plus `path`, the
        first of `sources_of(i)` (None without a source); ids not in the store are absent."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            "SELECT id, so_hieu, loai, ngay, don_vi, trich_yeu, text, (SELECT path FROM sources"
            " s WHERE s.document_id = d.id ORDER BY path LIMIT 1) AS path FROM documents d"
            f" WHERE id IN ({marks})", [int(i) for i in ids])
        return {r["id"]: dict(r) for r in rows}

    def original_candidate(self, doc_id: int) -> dict[str, Any] | None:
        """What near-duplicate detection compares: near_duplicate_of, so_hieu, ngay, don_vi,
        text."""
        row = self.db.execute("SELECT near_duplicate_of, so_hieu, ngay, don_vi, text FROM"
                              " documents WHERE id=?", (doc_id,)).fetchone()
        return dict(row) if row is not None else None

    @_reads
    def ids_with_so_hieu(self, so_hieu: str) -> list[int]:
        """Originals (not copies) carrying this số hiệu: a scan's OCR may differ too much
        from its PDF for the text hashes to meet, its number still names it."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE so_hieu=? AND near_duplicate_of IS NULL"
            " ORDER BY id", (so_hieu,))]

    @_reads
    def copies_of(self, doc_id: int) -> list[dict[str, Any]]:
        """The near-duplicate copies linked to a document: id, similarity, path, format."""
        return [dict(r) for r in self.db.execute(
            "SELECT d.id, d.near_duplicate_similarity AS similarity, s.path, s.format"
            " FROM documents d JOIN sources s ON s.document_id = d.id"
            " WHERE d.near_duplicate_of=? ORDER BY d.id, s.path", (doc_id,))]

    def repeated_sections(self) -> list[tuple[int, int, int]]:
        """Documents with merged repeated blocks: (document_id, blocks, chars removed)."""
        return [(int(r[0]), int(r[1]), int(r[2] or 0)) for r in self.db.execute(
            "SELECT document_id, COUNT(*), SUM(LENGTH(text)) FROM duplicates"
            " GROUP BY document_id ORDER BY document_id")]

    def figure_rows(self, words: Sequence[str] = (), don_vi: str | None = None,
                    phong_trao: str | None = None, kind: str | None = None,
                    document_id: int | None = None) -> Iterator[Mapping[str, Any]]:
        """Figures with their document, newest document first then reading order.

        `words`, `don_vi`, `phong_trao` are already in `vn_key` form: each word must occur in
        the figure's subject/sentence/unit/award; don_vi in the body's name or province;
        phong_trao in the award or the sentence. Without `document_id`, near-duplicate
        documents are left out (their figures repeat the original's). Each row also carries
        `doc_nam`, the document's year.
        """
        where: list[str] = []
        args: list[Any] = []
        if document_id is not None:
            where.append("f.document_id = ?")
            args.append(document_id)
        else:
            where.append("d.near_duplicate_of IS NULL")
        if kind:
            where.append("f.kind = ?")
            args.append(kind)
        for word in words:
            where.append("(' ' || vn_key(coalesce(f.subject, '') || ' ' || coalesce(f.text, '')"
                         " || ' ' || coalesce(f.unit, '') || ' ' || coalesce(f.phong_trao, ''))"
                         " || ' ') LIKE ?")
            args.append(f"% {word} %")
        if don_vi:
            where.append("(vn_key(coalesce(d.don_vi, '') || ' ' || coalesce(d.tinh, '')) LIKE ?)")
            args.append(f"%{don_vi}%")
        if phong_trao:
            where.append("(vn_key(coalesce(f.phong_trao, '')) LIKE ? OR vn_key(f.text) LIKE ?)")
            args += [f"%{phong_trao}%"] * 2
        sql = (
            "SELECT f.value, f.value_max, f.total, f.raw, f.unit, f.qualifier, f.subject, f.kind,"
            " f.period, f.phong_trao, d.so_hieu, d.ngay, d.don_vi,"
            " (SELECT MIN(s.path) FROM sources s WHERE s.document_id = d.id) AS path,"
            ' f.page, f.paragraph, f.start, f."end", f.text, f.document_id, d.nam AS doc_nam,'
            " d.loai AS loai, d.tinh AS tinh, "
            + ", ".join(f"f.{c}" for c in FIGURE_CONTEXT) +
            " FROM figures f JOIN documents d ON d.id = f.document_id"
            " WHERE " + " AND ".join(where)
            + " ORDER BY d.ngay IS NULL, d.ngay DESC, f.document_id, f.id"
        )
        for r in self.db.execute(sql, args):
            yield dict(r)

    # -- health (`vanban check`) ----------------------------------------------
    @_reads
    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity check reports; empty when the file is sound."""
        rows = [str(r[0]) for r in self.db.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    @_reads
    def foreign_key_violations(self) -> int:
        return len(self.db.execute("PRAGMA foreign_key_check").fetchall())

    @_reads
    def orphan_counts(self) -> dict[str, int]:
        """Rows per child table whose document no longer exists (only tables that have some)."""
        out: dict[str, int] = {}
        for table in CHILD_TABLES:
            n = self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE document_id NOT IN "
                                "(SELECT id FROM documents)").fetchone()[0]
            if n:
                out[table] = int(n)
        return out

    @_reads
    def documents_without_source(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents WHERE id NOT IN "
                                   "(SELECT document_id FROM sources)").fetchone()[0])

    @_reads
    def damaged_documents(self) -> list[int]:
        """Documents whose record or text cannot be read (a damaged page can garble them
        while the b-tree stays sound, so the integrity check says ok)."""
        damaged: list[int] = []
        for doc_id, raw, text in self.db.execute(
                "SELECT id, CAST(record AS BLOB), CAST(text AS BLOB) FROM documents"):
            try:
                json.loads(raw.decode("utf-8"))
                text.decode("utf-8")
            except (AttributeError, UnicodeDecodeError, ValueError):
                damaged.append(int(doc_id))
        return damaged

    @_reads
    def stored_twice(self) -> int:
        """Contents (sha256) stored as more than one document."""
        return int(self.db.execute("SELECT COUNT(*) FROM (SELECT sha256 FROM documents GROUP BY"
                                   " sha256 HAVING COUNT(*) > 1)").fetchone()[0])

    @_reads
    def unfinished_runs(self) -> int:
        return int(self.db.execute(
            "SELECT COUNT(*) FROM runs WHERE finished IS NULL").fetchone()[0])

    def delete_documents(self, ids: list[int]) -> None:
        """Drop documents with all their rows (sources included, so an ingest reads the
        files again)."""
        with self.transaction() as db:
            db.executemany("DELETE FROM documents WHERE id=?", [(i,) for i in ids])

    def delete_orphans(self, tables: list[str]) -> None:
        """Delete rows of these child tables whose document no longer exists."""
        unknown = set(tables) - set(CHILD_TABLES)
        if unknown:
            raise ValueError(f"không phải bảng con của văn bản: {sorted(unknown)}")
        with self.transaction() as db:
            for table in tables:
                db.execute(f"DELETE FROM {table} WHERE document_id NOT IN "
                           "(SELECT id FROM documents)")
