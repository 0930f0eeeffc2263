"""The index schema is declared once and every index records the versions it was built with:
a different analysis or schema version makes the engine stale and the archive rebuilds it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from vanban.index import analysis, schema, stamp
from vanban.index.build import add_documents
from vanban.index.open import index_dir, open_engine
from vanban.ingest.batch import ingest_files
from vanban.search.query import Filters
from vanban.search.searcher import search

from tests.conftest import SAMPLES
from vanban.archive import Archive

ENGINES = ["tantivy", "whoosh"]


def _build(data: Path, engine: str) -> int:
    arch = Archive(data, engine)
    summary = ingest_files(arch.store, sorted(SAMPLES.glob("*.txt")), arch.store.start_run([]))
    n = add_documents(arch.store, arch.engine, summary.changed_ids)
    arch.close()
    return n


def _hits(arch: Archive, q: str) -> int:
    return len(search(arch.store, arch.engine, q, Filters(), limit=50)["hits"])


@pytest.mark.parametrize("engine", ENGINES)
def test_analysis_version_change_rebuilds(tmp_path: Path, engine: str, monkeypatch) -> None:
    n = _build(tmp_path, engine)
    assert n == 5
    folder = index_dir(tmp_path, engine)
    assert json.loads((folder / stamp.STAMP).read_text()) == stamp.current()
    eng = open_engine(tmp_path, engine)
    assert not eng.stale and len(eng.ids()) == eng.doc_count() == 5
    eng.close()

    monkeypatch.setattr(analysis, "ANALYSIS_VERSION", analysis.ANALYSIS_VERSION + 1)
    eng = open_engine(tmp_path, engine)
    assert eng.stale and eng.ids() == set() and eng.doc_count() == 0  # dropped, not reused
    eng.close()

    monkeypatch.setattr(analysis, "ANALYSIS_VERSION", analysis.ANALYSIS_VERSION + 1)
    arch = Archive(tmp_path)
    assert arch.engine.stale is False  # the archive rebuilt it from the store
    assert arch.engine.doc_count() == 5
    assert _hits(arch, "lao dong gioi") >= 3
    arch.close()
    recorded = json.loads((folder / stamp.STAMP).read_text())
    assert recorded["analysis"] == analysis.ANALYSIS_VERSION
    assert not open_engine(tmp_path, engine).stale  # current now: opened as it is


@pytest.mark.parametrize("engine", ENGINES)
def test_schema_version_change_or_no_stamp_is_stale(tmp_path: Path, engine: str,
                                                     monkeypatch) -> None:
    _build(tmp_path, engine)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    assert open_engine(tmp_path, engine).stale
    monkeypatch.undo()
    _build(tmp_path / "b", engine)
    (index_dir(tmp_path / "b", engine) / stamp.STAMP).unlink()  # built before stamps
    arch = Archive(tmp_path / "b")
    assert arch.engine.doc_count() == 5 and _hits(arch, "lao dong gioi") >= 3
    arch.close()


def test_fresh_index_is_not_stale(tmp_path: Path) -> None:
    for engine in ENGINES:
        eng = open_engine(tmp_path, engine)
        assert not eng.stale and eng.doc_count() == 0
        assert stamp.is_current(index_dir(tmp_path, engine))


@pytest.mark.parametrize("engine", ENGINES)
def test_every_declared_field_is_indexed(tmp_path: Path, engine: str) -> None:
    """A document with every field set is found through each field of `schema.FIELDS`."""
    from vanban.index.engine import IndexDoc
    from vanban.index.query import Range, Term

    assert list(IndexDoc.__dataclass_fields__) == [f.name for f in schema.FIELDS]
    values = {}
    for f in schema.FIELDS:
        if f.name == "id":
            continue
        if f.kind == "int":
            values[f.name] = 2021
        elif f.kind == "tokens" or f.multi:
            values[f.name] = [f"{f.name}1", f"{f.name}2"]
        else:
            values[f.name] = f"{f.name}-v"
    eng = open_engine(tmp_path, engine)
    eng.add([IndexDoc(id=7, **values), IndexDoc(id=8)])
    eng.commit()
    for f in schema.FIELDS:
        if f.name == "id":
            continue
        if f.kind == "int":
            node = Range(f.name, 2021, 2021)
        else:
            v = values[f.name]
            node = Term(f.name, v[1] if isinstance(v, list) else v)
        assert [i for i, _ in eng.search(node, 5)[1]] == [7], f.name
    assert eng.ids() == {7, 8} and eng.doc_count() == 2


@pytest.mark.parametrize(("module", "absent"), [
    ("vanban.index.engine", "vanban.index.tantivy_engine"),
    ("vanban.index.engine", "vanban.index.whoosh_engine"),
    ("vanban.index.tantivy_engine", "vanban.index.engine"),
    ("vanban.index.whoosh_engine", "vanban.index.engine"),
])
def test_no_import_cycle(module: str, absent: str) -> None:
    """The interface does not import the engines, nor the engines the interface."""
    code = f"import sys, {module}; sys.exit({absent!r} in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_damaged_stamp_is_reported_not_hidden(tmp_path: Path) -> None:
    """Unreadable stamp = damaged index: opening fails (check reports, --repair rebuilds)."""
    _build(tmp_path, "tantivy")
    (index_dir(tmp_path, "tantivy") / stamp.STAMP).write_bytes(b"\x00garbage")
    with pytest.raises(ValueError, match="chỉ mục hỏng"):
        open_engine(tmp_path, "tantivy")
