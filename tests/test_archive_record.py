"""The archive of record: originals kept (once per content), given back by `show`,
checked by `check`; `export` → `import` rebuilds an equal archive; a backup is consistent
while searches run."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import SAMPLES
from vanban.archive import CONTRACT_KEYS, Archive
from vanban.cli import app
from vanban.originals import sha256_file

runner = CliRunner()
SEEDS = sorted(SAMPLES.glob("*.txt"))


def _copy_seeds(folder: Path, n: int = 5) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for p in SEEDS[:n]:
        shutil.copy(p, folder / p.name)
        out.append(folder / p.name)
    return out


def _cli(d: Path, *args: str):
    return runner.invoke(app, ["--data-dir", str(d), *args])


def test_originals_kept_once_and_given_back(tmp_path: Path) -> None:
    files = _copy_seeds(tmp_path / "src", 2)
    twin = tmp_path / "other" / files[0].name
    twin.parent.mkdir()
    shutil.copy(files[0], twin)  # the same content at a second path
    d = tmp_path / "data"
    assert _cli(d, "ingest", "-q", *map(str, files), str(twin)).exit_code == 0
    kept = [p for p in (d / "originals").rglob("*") if p.is_file()]
    assert len(kept) == 2  # one copy per content
    assert {p.name.split(".")[0] for p in kept} == {sha256_file(f) for f in files}
    shutil.rmtree(tmp_path / "src")  # the folder the archive was made from is gone
    shutil.rmtree(tmp_path / "other")
    out = tmp_path / "back"
    res = _cli(d, "show", "1", "--export", str(out))
    assert res.exit_code == 0, res.output
    assert (out / files[0].name).read_bytes() == SEEDS[0].read_bytes()
    with Archive(d) as a:
        assert a.original("1").read_bytes() == SEEDS[0].read_bytes()


def test_no_copy_indexes_in_place(tmp_path: Path) -> None:
    files = _copy_seeds(tmp_path / "src", 1)
    d = tmp_path / "data"
    assert _cli(d, "ingest", "-q", "--no-copy", str(files[0])).exit_code == 0
    assert not (d / "originals").exists() or not any((d / "originals").rglob("*.*"))
    with Archive(d) as a:
        assert a.original("1") == files[0]  # the source still holds the content
    files[0].unlink()
    res = _cli(d, "show", "1", "--export", str(tmp_path / "x"))
    assert res.exit_code == 1 and "bản gốc" in res.output


def test_check_catches_deleted_and_altered_originals(tmp_path: Path) -> None:
    files = _copy_seeds(tmp_path / "src", 3)
    d = tmp_path / "data"
    assert _cli(d, "ingest", "-q", *map(str, files)).exit_code == 0
    ok = json.loads(_cli(d, "check", "--json").output)
    assert ok["ok"] and ok["originals"] == 3 and ok["originals_missing"] == 0
    kept = sorted(p for p in (d / "originals").rglob("*") if p.is_file())
    kept[0].unlink()
    kept[1].chmod(0o644)
    kept[1].write_bytes(kept[1].read_bytes() + b"\nsua doi")
    res = _cli(d, "check", "--json")
    out = json.loads(res.output)
    assert res.exit_code == 1 and not out["ok"]
    assert out["originals_missing"] == 1 and out["originals_altered"] == 1
    text = " ".join(out["problems"])
    assert "bị mất" in text and "đã bị sửa" in text
    # the sources are still there unchanged: --repair copies them again
    res = _cli(d, "check", "--repair", "--json")
    out = json.loads(res.output)
    assert res.exit_code == 0 and out["ok"] and out["originals_missing"] == 0


def _snapshot(d: Path) -> dict[str, tuple]:
    """What makes two archives equal: per content, its fields, its source paths, and the
    content it is a near-duplicate of."""
    with Archive(d) as a:
        shas = {i: a.store.document_sha(i) for i in a.store.ids()}
        near = {r["id"]: shas[r["of"]] for r in a.store.near_duplicates()}
        out = {}
        for i, sha in shas.items():
            rec = a.store.get(i).to_json(with_text=True)
            out[sha] = (json.dumps({k: rec[k] for k in CONTRACT_KEYS}, ensure_ascii=False,
                                   sort_keys=True),
                        rec["text"], tuple(a.store.sources_of(i)), near.get(i))
        return out


def test_export_import_round_trip(tmp_path: Path) -> None:
    files = _copy_seeds(tmp_path / "src", 5)
    near = tmp_path / "src" / "ban-sao.txt"  # a near-duplicate: one line changed
    near.write_text(files[1].read_text(encoding="utf-8").replace("Chủ tịch", "Chủ  tịch", 1)
                    + "\n", encoding="utf-8")
    d = tmp_path / "data"
    assert _cli(d, "ingest", "-q", *map(str, files), str(near)).exit_code == 0
    export = tmp_path / "export"
    res = _cli(d, "export", str(export))
    assert res.exit_code == 0, res.output
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 6
    assert any(doc["near_duplicate_of"] for doc in manifest["documents"])
    for doc in manifest["documents"]:  # browsable: the original under its own name
        assert sha256_file(export / doc["file"]) == doc["sha256"]
        assert Path(doc["file"]).name == Path(doc["paths"][0]).name
    assert (export / "manifest.csv").read_text(encoding="utf-8-sig").count("\n") == 7
    assert sqlite3.connect(export / "vanban.sqlite").execute(
        "SELECT COUNT(*) FROM documents").fetchone()[0] == 6
    shutil.rmtree(tmp_path / "src")
    d2 = tmp_path / "restored"
    res = _cli(d2, "import", str(export))
    assert res.exit_code == 0, res.output
    assert _snapshot(d2) == _snapshot(d)
    hits = json.loads(_cli(d2, "search", "lao dong gioi", "--json").output)
    assert hits["total"] >= 3
    d3 = tmp_path / "ingested"  # `ingest` of an export folder restores it the same way
    assert _cli(d3, "ingest", "-q", str(export)).exit_code == 0
    assert _snapshot(d3) == _snapshot(d)
    assert _cli(d, "export", str(export)).exit_code == 2  # never over an earlier export


def test_backup_while_searching(tmp_path: Path) -> None:
    d = tmp_path / "data"
    assert _cli(d, "ingest", "-q", *map(str, SEEDS)).exit_code == 0
    stop = threading.Event()
    errors: list[BaseException] = []

    def searching() -> None:
        try:
            with Archive(d) as a:
                while not stop.is_set():
                    a.search("lao động giỏi")
        except BaseException as exc:  # noqa: BLE001 - reported by the assert below
            errors.append(exc)

    t = threading.Thread(target=searching)
    t.start()
    try:
        res = _cli(d, "backup", str(tmp_path / "copy.sqlite"))
    finally:
        stop.set()
        t.join()
    assert res.exit_code == 0 and not errors
    db = sqlite3.connect(tmp_path / "copy.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(SEEDS)
    again = _cli(d, "backup", str(tmp_path / "copy.sqlite"))
    assert again.exit_code == 1 and "đã có" in again.output
