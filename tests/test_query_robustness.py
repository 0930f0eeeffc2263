"""Malformed queries and option values: a Vietnamese message and exit code 2, never a
traceback; random queries either search or raise QueryError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from vanban.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("query")
    seeds = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]
    assert runner.invoke(app, ["--data-dir", str(d), "ingest", "-q", *seeds]).exit_code == 0
    return d


@pytest.fixture(scope="module")
def archive(data_dir: Path):
    from vanban.archive import Archive

    a = Archive(data_dir)
    yield a
    a.close()


BAD = [
    (["x", "--nam", "abc"], "--nam"),
    (["x", "--nam", "99999"], "--nam"),
    (["x", "--nam", "-5"], "--nam"),
    (["x", "--nam", ""], "--nam"),
    (["x", "--tu", "2020-13-45"], "--tu"),
    (["x", "--tu", "abc"], "--tu"),
    (["x", "--tu", "2020-00"], "--tu"),
    (["x", "--den", "2020-02-30"], "--den"),
    (["x", "--den", "31/2/2021"], "--den"),
    (["x", "--tu", "2021", "--den", "2020-06"], "khoảng ngày"),
    (["x", "--sort", "foo"], "--sort"),
    (['"lao động'], "ngoặc kép"),
    (["-"], "không có từ"),
    ([":;,.!?"], "không có từ"),
    (["x" * 20000], "quá dài"),
    (["x", "--don-vi", "..."], "--don-vi"),
]


@pytest.mark.parametrize(("args", "says"), BAD, ids=[" ".join(a)[:30] for a, _ in BAD])
def test_bad_input_exit_2(data_dir: Path, args: list[str], says: str) -> None:
    res = runner.invoke(app, ["--data-dir", str(data_dir), "search", *args])
    assert res.exit_code == 2, res.output
    assert says in res.output and "Lỗi" in res.output
    assert isinstance(res.exception, SystemExit)  # a message, not a crash


@pytest.mark.parametrize("args", [["--limit", "-1"], ["--limit", "abc"], ["--bogus"]])
def test_option_type_errors_exit_2(data_dir: Path, args: list[str]) -> None:
    res = runner.invoke(app, ["--data-dir", str(data_dir), "search", "x", *args])
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit)


@pytest.mark.parametrize("query", ["((((", "AND OR NOT", "*", "so_hieu:31", "\x00\x01",
                                   "🙂 công đoàn", "ÐẠI HỘI", "c\u00f4\u0302ng"])
def test_odd_but_valid_queries(data_dir: Path, query: str) -> None:
    res = runner.invoke(app, ["--data-dir", str(data_dir), "search", query, "--json"])
    assert res.exit_code in (0, 2), res.output
    assert isinstance(res.exception, SystemExit) or res.exception is None


def test_show_unknown_key(data_dir: Path) -> None:
    res = runner.invoke(app, ["--data-dir", str(data_dir), "show", "không-có/QĐ"])
    assert res.exit_code == 1 and "Không tìm thấy" in res.output


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
_date = st.one_of(st.none(), st.from_regex(r"\A[0-9/\-]{0,12}\Z"), _text)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=_text, don_vi=st.one_of(st.none(), _text), loai=st.one_of(st.none(), _text),
       tu=_date, den=_date, sort=st.sampled_from(["relevance", "date", "x"]))
def test_search_never_crashes(archive, q, don_vi, loai, tu, den, sort) -> None:
    from vanban.search.query import Filters, QueryError
    from vanban.search.searcher import search

    try:
        out = search(archive.store, archive.engine, q,
                     Filters(don_vi=don_vi, loai=loai, tu=tu, den=den), limit=5, sort=sort)
        assert out["total"] >= len(out["hits"])
    except QueryError as exc:
        assert str(exc)
