"""The store: one transaction per document, skip-unchanged, same file twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from vanban.corpus.schema import Figure, Record
from vanban.corpus.store import Store
from vanban.ingest.batch import OK, SAME_FILE, SKIPPED, ingest_files
from vanban.ingest.pipeline import process_file

from tests.conftest import seed


def _ingest(store: Store, files: list[Path]):
    run = store.start_run([])
    return ingest_files(store, files, run)


def test_put_and_get_roundtrip(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    rec = process_file(seed(2))
    rec.chi_tieu = [Figure(text="có 25 tập thể", value=25, unit="tập thể", kind="result")]
    rec.van_ban_dan_chieu = ["34-CT/TW"]
    doc_id, _ = store.put(rec)
    back = store.get(doc_id)
    assert back is not None
    assert back.text == rec.text
    assert back.so_hieu == rec.so_hieu
    assert back.chi_tieu[0].value == 25
    assert [p.text for p in back.paragraphs] == [p.text for p in rec.paragraphs]
    assert [p.text for p in back.pages] == [p.text for p in rec.pages]  # the raw reading
    # each text once: no page text inside the record JSON, paragraphs as slices of the text
    row = store.db.execute("SELECT record FROM documents WHERE id=?", (doc_id,)).fetchone()
    assert rec.pages[0].text[:200] not in row[0]
    assert store.db.execute("SELECT COUNT(*) FROM paragraphs WHERE text IS NOT NULL"
                            ).fetchone()[0] == 0
    assert store.cited_by("34-ct/tw") == [doc_id]


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    """A document is fully stored or not at all: a failure mid-write rolls back every table."""
    store = Store(tmp_path / "s.sqlite")
    rec = process_file(seed(0))
    rec.chi_tieu = [Figure(text="x", value=1.0)]
    rec.chi_tieu[0].span = "not a span"  # type: ignore[assignment]  # fails at the figures insert
    with pytest.raises(AttributeError):
        store.put(rec)
    assert store.count() == 0
    for table in ("pages", "paragraphs", "figures", "sources", "citations"):
        assert store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_reingest_skips_unchanged_and_links_copies(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed(0), src / "a.txt")
    shutil.copy(seed(0), src / "copy of a.txt")
    shutil.copy(seed(3), src / "b.txt")
    store = Store(tmp_path / "s.sqlite")
    files = sorted(src.iterdir())
    first = _ingest(store, files)
    assert [o.status for o in first.outcomes].count(OK) == 2
    assert [o.status for o in first.outcomes].count(SAME_FILE) == 1
    assert store.count() == 2
    second = _ingest(store, files)
    assert all(o.status == SKIPPED for o in second.outcomes)
    assert store.count() == 2
    # a changed file replaces its old version
    (src / "b.txt").write_text("Số: 5/KH-LĐLĐ\n\nKẾ HOẠCH\nthử\n", encoding="utf-8")
    third = _ingest(store, [src / "b.txt"])
    assert third.outcomes[0].status == OK
    assert third.removed_ids
    assert store.count() == 2


def test_failed_file_is_logged_and_batch_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    store = Store(tmp_path / "s.sqlite")
    summary = _ingest(store, [bad, seed(1)])
    assert [o.status for o in summary.outcomes] == ["failed", "ok"]
    row = store.db.execute("SELECT status, reason FROM ingest_log WHERE path LIKE '%bad.txt'"
                           ).fetchone()
    assert row["status"] == "failed" and "rỗng" in row["reason"]


def test_parallel_ingest_matches_serial(tmp_path: Path, samples: Path) -> None:
    files = sorted(samples.glob("*.txt"))
    a, b = Store(tmp_path / "a.sqlite"), Store(tmp_path / "b.sqlite")
    ingest_files(a, files, a.start_run([]), workers=1)
    ingest_files(b, files, b.start_run([]), workers=2)
    q = "SELECT sha256, so_hieu, text FROM documents ORDER BY id"
    assert [tuple(r) for r in a.db.execute(q)] == [tuple(r) for r in b.db.execute(q)]


def test_record_json_roundtrip() -> None:
    rec = Record(path="x", ngay="2020-06", chi_tieu=[Figure(text="t", value=1.5)])
    back = Record.from_json(rec.to_json())
    assert back.ngay == "2020-06" and back.nam == 2020 and back.chi_tieu[0].value == 1.5
