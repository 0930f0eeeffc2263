"""The PostgreSQL store answers as the SQLite store does for the methods the later branches
added (originals, unit gazetteer, figure context, runs, sources): one folder ingested into
each (a real throwaway server, `tests/pg.py`) gives the same rows back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from vanban.archive import Archive


def _folder(root: Path) -> Path:
    """The sample texts and a near-duplicate copy of one (a line added)."""
    root.mkdir(parents=True)
    texts = sorted(SAMPLES.glob("*.txt"))
    for f in texts:
        shutil.copy(f, root / f.name)
    (root / "zz_copy.txt").write_text(texts[0].read_text(encoding="utf-8") + "\nGhi chú.\n",
                                      encoding="utf-8")
    return root


def _base(obj):
    """Paths differ between the two data directories: keep file names."""
    if isinstance(obj, dict):
        return {k: _base(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_base(v) for v in obj]
    if isinstance(obj, str) and obj.startswith("/"):
        return os.path.basename(obj)
    return obj


def _answers(a: Archive) -> dict:
    s = a.store
    ids = s.ids()
    runs = [{k: r[k] for k in ("id", "counts", "failed")} for r in s.recent_runs()]
    return {
        "figures": _base([dict(r) for r in s.figure_rows()]),
        "figures_one": _base([dict(r) for r in s.figure_rows(document_id=ids[0])]),
        "units": [s.unit_names(q) for q in ("Liên đoàn Lao động", "LĐLĐ Lai Châu", "không có")],
        "runs": runs,
        "sources": [{k: _base(v) for k, v in r.items() if k not in ("mtime", "seen_at")}
                    for r in s.all_sources()],
        "originals": [{k: r[k] for k in ("sha256", "stored", "size")} for r in s.originals()],
        "original": {k: v for k, v in (s.original(s.document_sha(ids[0])) or {}).items()
                     if k != "kept_at"},
        "copies": {i: _base(s.copies_of(i)) for i in ids},
        "so_hieu": {i: s.ids_with_so_hieu(s.document_row(i)["so_hieu"] or "") for i in ids},
        "candidate": [s.original_candidate(i) for i in ids],
        "sha": [s.document_sha(i) for i in ids] + [s.document_sha(10**9)],
    }


def test_pg_answers_as_sqlite(pg_url, tmp_path) -> None:
    folder = _folder(tmp_path / "in")
    with Archive(tmp_path / "local") as lite, Archive(tmp_path / "pg", store=pg_url) as pg:
        lite.ingest([folder])
        pg.ingest([folder])
        want, got = _answers(lite), _answers(pg)
        for key in want:
            assert got[key] == want[key], key
        assert any(want["copies"].values())  # the copy was linked to its original
        assert want["units"][0] and want["originals"] and want["figures"]
        assert {"muc_phong_trao", "loai", "tinh", "unit_key"} <= set(got["figures"][0])
        report, _ = pg.check()
        assert report.ok, report.problems
        assert report.facts["originals_missing"] == 0

        for store in (lite.store, pg.store):  # a renamed source, a re-kept original
            old = store.all_sources()[0]["path"]
            store.rename_source(old, "/elsewhere/x.txt")
            sha = store.document_sha(store.ids()[0])
            store.keep_original(sha, "originals/moved", 7)
        want, got = _answers(lite), _answers(pg)
        assert got["sources"] == want["sources"] and got["original"] == want["original"]
        assert want["original"]["stored"] == "originals/moved"


def test_pg_backup_says_use_pg_dump(pg_url, tmp_path) -> None:
    from vanban.corpus.errors import UsageError, VanbanError
    from vanban.corpus.store import open_store

    s = open_store(pg_url)
    with pytest.raises(UsageError, match="pg_dump"):
        s.backup(tmp_path / "b.sqlite")
    s.close()
    with Archive(tmp_path / "d", store=pg_url) as a:
        with pytest.raises(VanbanError, match="pg_dump"):
            a.backup(tmp_path / "b.sqlite")
    assert not (tmp_path / "b.sqlite").exists()


def test_pg_read_only_open_refuses_writes(pg_url) -> None:
    import psycopg
    from vanban.corpus.store import open_store
    from vanban.corpus.store_api import StoreError

    with pytest.raises(StoreError):  # a database never migrated cannot be opened read-only
        open_store(pg_url, read_only=True)
    open_store(pg_url).close()
    s = open_store(pg_url, read_only=True)
    assert s.count() == 0 and s.schema_version() == 5
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        s.set_meta("x", "y")
    s.close()


def test_pg_gazetteer_migration_fills_from_documents(pg_url) -> None:
    """0004 on a database that has documents but no gazetteer yet (as an archive made before
    it) fills don_vi_names as `put` would have."""
    from vanban.corpus.store import open_store
    from vanban.ingest.pipeline import process_file

    s = open_store(pg_url)
    for f in sorted(SAMPLES.glob("*.txt")):
        s.put(process_file(f))
    before = s.db.execute("SELECT * FROM don_vi_names ORDER BY name").fetchall()
    assert before
    s.db.execute("DROP TABLE don_vi_names")
    s.db.execute("DELETE FROM migrations WHERE name IN ('0004_don_vi_gazetteer',"
                 " '0005_lookup_indexes')")  # as an archive made before 0004 (and 0005)
    s.db.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
    s.close()
    s = open_store(pg_url)
    assert [n for n, _ in s.migrations()][-2:] == ["0004_don_vi_gazetteer", "0005_lookup_indexes"]
    assert s.db.execute("SELECT * FROM don_vi_names ORDER BY name").fetchall() == before
    s.close()
