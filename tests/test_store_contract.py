"""The store contract: the SQLite store implements the protocol, and the CLI's figures and
duplicates output agree with the store methods it will be wired to
(`query_figures(store, ...)`, `Store.repeated_sections()`)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner
from vanban.corpus.store import open_store
from vanban.search.figures import query_figures

from tests.conftest import SAMPLES
from vanban.cli import app

runner = CliRunner()


def _objects(text: str) -> list[dict]:
    dec, out, i = json.JSONDecoder(), [], 0
    text = text.strip()
    while i < len(text):
        obj, i = dec.raw_decode(text, i)
        out.append(obj)
        while i < len(text) and text[i].isspace():
            i += 1
    return out


def test_cli_figures_and_duplicates_match_store(tmp_path: Path) -> None:
    d = tmp_path / "data"
    res = runner.invoke(app, ["--data-dir", str(d), "ingest", "-q", *map(str, SAMPLES.iterdir())])
    assert res.exit_code == 0, res.output
    store = open_store(d / "vanban.sqlite")
    expected = query_figures(store, None)
    assert expected  # the samples carry figures
    res = runner.invoke(app, ["--data-dir", str(d), "figures", "--json"])
    assert res.exit_code == 0, res.output
    assert _objects(res.output) == json.loads(json.dumps(expected, ensure_ascii=False))
    res = runner.invoke(app, ["--data-dir", str(d), "duplicates", "--json"])
    assert res.exit_code == 0, res.output
    sections = _objects(res.output)[0]["repeated_sections"]
    assert [(s["id"], s["blocks"], s["chars"]) for s in sections] == store.repeated_sections()
    assert store.repeated_sections()  # the samples repeat blocks
    store.close()


def test_sqlite_store_implements_the_protocol() -> None:
    """Every method the protocol promises exists on the SQLite store with the same parameters
    (what the rest of vanban may call is exactly what the store provides)."""
    import inspect

    from vanban.corpus.sqlite_store import SqliteStore
    from vanban.corpus.store_api import Store

    promised = [n for n, v in vars(Store).items() if callable(v) and not n.startswith("_")]
    assert "repeated_sections" in promised and "figure_rows" in promised
    for name in promised:
        assert hasattr(SqliteStore, name), name
        want = list(inspect.signature(getattr(Store, name)).parameters)
        assert list(inspect.signature(getattr(SqliteStore, name)).parameters) == want, name
