"""`vanban check`: finds store/index disagreement, orphan rows and a broken index;
`--repair` rebuilds the index from the store."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from vanban.archive import Archive
from vanban.cli import app

runner = CliRunner()
SEEDS = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]  # the 5 text seeds only


def _ingest(tmp_path: Path, engine: str = "tantivy") -> Path:
    d = tmp_path / "data"
    res = runner.invoke(app, ["--data-dir", str(d), "ingest", "-q", "--engine", engine,
                              *SEEDS])
    assert res.exit_code == 0, res.output
    return d


def _check(d: Path, *extra: str) -> tuple[int, dict]:
    res = runner.invoke(app, ["--data-dir", str(d), "check", "--json", *extra])
    assert "Traceback" not in res.output
    return res.exit_code, json.loads(res.output.splitlines()[-1])


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_consistent_then_index_drift_repaired(tmp_path: Path, engine: str) -> None:
    d = _ingest(tmp_path, engine)
    code, out = _check(d)
    assert code == 0 and out["ok"] and out["documents"] == out["indexed"] == 5
    a = Archive(d)
    ids = a.store.ids()
    a.engine.delete([ids[0]])  # the index lost a document ...
    a.engine.commit()
    with a.store.transaction() as db:  # ... and the store lost another one
        db.execute("DELETE FROM documents WHERE id=?", (ids[1],))
    a.close()
    code, out = _check(d)
    assert code == 1 and not out["ok"]
    text = " ".join(out["problems"])
    assert "chưa có trong chỉ mục" in text and "không còn trong kho" in text
    code, out = _check(d, "--repair")
    assert code == 0 and out["ok"] and out["repaired"]
    assert out["documents"] == out["indexed"] == 4


def test_orphan_rows_reported_and_removed(tmp_path: Path) -> None:
    d = _ingest(tmp_path)
    db = sqlite3.connect(d / "vanban.sqlite")  # foreign keys off: as a buggy writer would
    db.execute("INSERT INTO paragraphs(document_id, idx, text) VALUES (9999, 0, 'mồ côi')")
    db.execute("INSERT INTO citations VALUES (9999, '1/QĐ', '1/qd')")
    db.commit()
    code, out = _check(d)
    assert code == 1 and any("mồ côi" in p for p in out["problems"])
    code, out = _check(d, "--repair")
    assert code == 0, out
    assert db.execute("SELECT COUNT(*) FROM paragraphs WHERE document_id=9999").fetchone()[0] \
        == 0


def test_broken_index_files_rebuilt(tmp_path: Path) -> None:
    d = _ingest(tmp_path)
    folder = d / "index-tantivy"
    for f in folder.iterdir():
        if f.is_file():
            f.write_bytes(b"\x00garbage")
    code, out = _check(d)
    assert code == 1
    code, out = _check(d, "--repair")
    assert code == 0 and out["indexed"] == 5, out
    res = runner.invoke(app, ["--data-dir", str(d), "search", "lao động", "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["total"] > 0


def test_missing_index_folder_rebuilt(tmp_path: Path) -> None:
    d = _ingest(tmp_path)
    shutil.rmtree(d / "index-tantivy")
    code, out = _check(d)
    assert code == 1 and out["indexed"] == 0
    code, out = _check(d, "--repair")
    assert code == 0 and out["indexed"] == 5


def test_corrupt_store_gives_message_not_traceback(tmp_path: Path) -> None:
    d = _ingest(tmp_path)
    db_file = d / "vanban.sqlite"
    for extra in ("-wal", "-shm"):
        Path(str(db_file) + extra).unlink(missing_ok=True)
    data = bytearray(db_file.read_bytes())
    data[0:16] = b"not a database!!"
    db_file.write_bytes(bytes(data))
    res = runner.invoke(app, ["--data-dir", str(d), "check"])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit)
    assert "bị hỏng" in res.output


def test_damaged_document_dropped_and_reingested(tmp_path: Path) -> None:
    """A garbled row (the b-tree sound, the text not UTF-8) is found; repair drops it with its
    sources so the next ingest reads the file again."""
    d = _ingest(tmp_path)
    db = sqlite3.connect(d / "vanban.sqlite")
    db.execute("UPDATE documents SET text=CAST(X'C3' || CAST(text AS BLOB) AS TEXT) "
               "WHERE id=(SELECT MIN(id) FROM documents)")
    db.commit()
    code, out = _check(d)
    assert code == 1 and any("hỏng trong kho" in p for p in out["problems"])
    code, out = _check(d, "--repair")
    assert code == 0 and out["documents"] == 4
    res = runner.invoke(app, ["--data-dir", str(d), "ingest", "-q", *SEEDS])
    assert res.exit_code == 0
    code, out = _check(d)
    assert code == 0 and out["documents"] == out["indexed"] == 5
