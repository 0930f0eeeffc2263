"""The start-up fast path (`vanban/fastpath.py`): it takes only the calls it can answer exactly
as the Typer CLI does, and then answers the same."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from vanban.cli import app
from vanban.fastpath import parse

runner = CliRunner()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("fast")
    files = sorted(SAMPLES.glob("*.txt"))[:4]
    res = runner.invoke(app, ["--data-dir", str(d), "ingest", "-q", "-j", "1",
                              *map(str, files)])
    assert res.exit_code == 0, res.output
    return d


def test_parse_takes_only_what_it_knows() -> None:
    cmd, a = parse(["--data-dir", "/x", "search", "lao dong", "--nam=2020", "--json"])
    assert cmd == "search" and a["query"] == "lao dong" and a["nam"] == "2020"
    assert a["data_dir"] == "/x" and a["as_json"]
    cmd, a = parse(["show", "34-CT/TW", "--json", "--data-dir", "/y", "--text"])
    assert cmd == "show" and a["key"] == "34-CT/TW" and a["data_dir"] == "/y"
    assert parse(["search", "x", "--limit", "5", "--json"])[1]["limit"] == 5
    assert parse(["search", "x"]) == ("search", {"query": "x", "data_dir": None})  # plain
    for argv in (["show", "1"],  # plain show: the full CLI's tables
                 ["search", "--help"], ["search", "x", "--json", "--json"],
                 ["search", "x", "--limit", "abc", "--json"],
                 ["search", "x", "--limit", "20000", "--json"],
                 ["search", "-từ", "--json"], ["search", "a", "b", "--json"],
                 ["search", "x", "--bogus", "1", "--json"], ["search", "x", "--nam", "--json"],
                 ["show", "--json"], ["ingest"], [], ["--data-dir", "/x"],
                 ["--data-dir", "/x", "search", "q", "--data-dir", "/y", "--json"]):
        assert parse(argv) is None, argv


def _fast(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("args", [["search", "lao dong gioi"],
                                  ["search", "", "--nam", "2020", "--limit", "3"],
                                  ["search", '"công đoàn"', "--sort", "date"]])
def test_fast_search_prints_what_the_cli_prints(data_dir: Path, args: list[str]) -> None:
    argv = ["--data-dir", str(data_dir), *args, "--json"]
    assert parse(argv) is not None
    fast = _fast(argv)
    full = runner.invoke(app, argv)
    assert fast.returncode == full.exit_code == 0, fast.stderr
    assert json.loads(fast.stdout) == json.loads(full.output)


@pytest.mark.parametrize("args", [["search", "lao dong gioi"],
                                  ["search", "", "--nam", "2020", "--limit", "3"],
                                  ["search", "khong-co-tu-nay-xyz"]])
def test_fast_plain_search_prints_what_the_cli_prints(data_dir: Path, args: list[str]) -> None:
    """Plain output through the fast path: the same lines (Rich, piped) as the Typer CLI."""
    argv = ["--data-dir", str(data_dir), *args]
    assert parse(argv) is not None
    fast = _fast(argv)
    full = subprocess.run([sys.executable, "-c", "import sys; from vanban.cli import main; "
                           "sys.argv[0] = 'vanban'; main()", *argv],
                          capture_output=True, text=True, timeout=120)
    assert fast.returncode == full.returncode == 0, fast.stderr + full.stderr
    assert fast.stdout == full.stdout and "Tìm thấy" in fast.stdout


def test_fast_show_and_errors(data_dir: Path) -> None:
    argv = ["--data-dir", str(data_dir), "show", "1", "--json"]
    fast = _fast(argv)
    assert fast.returncode == 0, fast.stderr
    assert json.loads(fast.stdout) == json.loads(runner.invoke(app, argv).output)
    missing = _fast(["--data-dir", str(data_dir), "show", "khong-co", "--json"])
    assert missing.returncode == runner.invoke(
        app, ["--data-dir", str(data_dir), "show", "khong-co", "--json"]).exit_code != 0
    assert "Không tìm thấy" in missing.stderr
    bad = _fast(["--data-dir", str(data_dir), "search", "x", "--sort", "abc", "--json"])
    assert bad.returncode == 2 and "--sort" in bad.stderr
