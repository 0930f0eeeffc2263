"""The command-line conventions people expect from ripgrep or sqlite-utils: --version, help
all in Vietnamese, no wrapping when piped, one JSON convention, paths from stdin, shell
completion, the same counts with the same Vietnamese labels in `stats` and `check`, and a
sentence (not a traceback) for an output path that cannot be written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from vanban.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]  # the 5 text seeds
runner = CliRunner()


def _cli(*args: str, stdin: str | None = None, env: dict | None = None
         ) -> subprocess.CompletedProcess:
    """The installed command as a user runs it: output to a pipe (not a terminal)."""
    e = {**os.environ, "COLUMNS": "60", **(env or {})}
    return subprocess.run([sys.executable, "-m", "vanban", *args], input=stdin,
                          capture_output=True, text=True, env=e, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("conv") / "data"
    res = runner.invoke(app, ["--data-dir", str(d), "ingest", "-q", *SEEDS])
    assert res.exit_code == 0, res.output
    return d


def test_version() -> None:
    from importlib.metadata import version

    res = _cli("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"vanban {version('vanban')}"
    assert _cli("-V").returncode == 0


# English words Click and Typer would print if a string escaped the catalogue.
ENGLISH = re.compile(r"\b(Usage|Options|Arguments|Commands|Show this message|default|required"
                     r"|Install completion|Show completion|Possible options|str|int range"
                     r"|float range|path|TEXT|INTEGER|OPTIONS|COMMAND|ARGS)\b")


def _commands() -> list[str]:
    import typer

    return [c.name for c in typer.main.get_command(app).commands.values()]


def test_help_is_all_vietnamese() -> None:
    wide = {"COLUMNS": "80"}
    pages = {"": runner.invoke(app, ["--help"], env=wide)}
    for name in _commands():
        pages[name] = runner.invoke(app, [name, "--help"], env=wide)
    for name, res in pages.items():
        assert res.exit_code == 0, (name, res.output)
        # option names (--json, --data-dir) and value lists (target, result) are the
        # program's words; everything else must come from the Vietnamese catalogue
        prose = re.sub(r"--?[\w-]+|\b(tantivy|whoosh|target|result|relevance|date|fields|"
                       r"figures|readers|dedup|search|xdg-open|vanban|path|bytes)\b", "",
                       res.output)
        found = ENGLISH.findall(prose)
        assert not found, (name, found, res.output)
        assert "Cách dùng:" in res.output and "Tùy chọn:" in res.output
    top = pages[""].output
    assert "..." not in top.split("Lệnh:")[1].replace("[ĐỐI_SỐ]...", "")  # summaries fit
    for name in _commands():
        if name != "eval":
            assert "Ví dụ:" in pages[name].output, name


def test_allowed_values_listed() -> None:
    search_help = " ".join(_cli("search", "--help").stdout.split())
    for word in ("co-so", "cơ sở", "tinh", "Báo cáo", "Kế hoạch"):
        assert word in search_help
    figures_help = " ".join(_cli("figures", "--help").stdout.split())
    assert "target" in figures_help and "result" in figures_help


def test_usage_error_is_vietnamese() -> None:
    res = _cli("search", "--limt", "3")
    assert res.returncode == 2
    assert "Không có tùy chọn" in res.stderr and "Cách dùng:" in res.stderr
    assert "Possible" not in res.stderr and "Usage" not in res.stderr


def test_catalogue_compiled_from_po() -> None:
    """The shipped .mo says what the .po says (regenerate with msgfmt after editing)."""
    import gettext

    base = ROOT / "vanban" / "locale" / "vi" / "LC_MESSAGES" / "vanban"
    po = base.with_suffix(".po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', po, flags=re.M)
    with open(base.with_suffix(".mo"), "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    assert pairs and all(mo.gettext(k.replace('\\"', '"')) == v.replace('\\"', '"')
                         for k, v in pairs)


def test_no_wrap_when_piped(data: Path) -> None:
    """A long path or value stays on one line in a pipe, whatever COLUMNS says."""
    res = _cli("--data-dir", str(data), "show", "3")
    assert res.returncode == 0
    lines = res.stdout.splitlines()
    tep = [ln for ln in lines if ln.startswith("Tệp\t")]
    assert tep and tep[0].split("\t")[1] in SEEDS  # the whole path, not cut with "…"
    assert "…" not in res.stdout
    assert any(len(ln) > 200 for ln in lines)  # long values kept whole
    assert not any(ln.endswith(" ") for ln in lines)  # no padding to a table width
    dup = _cli("--data-dir", str(data), "duplicates")
    assert all("giống" not in ln or "%)" in ln for ln in dup.stdout.splitlines())


def test_one_json_convention(data: Path) -> None:
    """Every --json prints JSON Lines: each line one object; a one-result command one line.
    Whole numbers print as integers, as in the CSV."""
    d = ["--data-dir", str(data)]
    one_line = [("search", "lao dong gioi"), ("stats",), ("check",), ("show", "1"),
                ("cites", "34-CT/TW"), ("duplicates",)]
    for args in one_line:
        res = runner.invoke(app, [*d, *args, "--json"])
        lines = res.output.strip().splitlines()
        assert len(lines) == 1, (args, res.output[:300])
        assert isinstance(json.loads(lines[0]), dict)
    for args in (("figures",), ("facets",)):
        res = runner.invoke(app, [*d, *args, "--json"])
        lines = res.output.strip().splitlines()
        assert len(lines) > 1 and all(isinstance(json.loads(x), dict) for x in lines)
    res = runner.invoke(app, ["extract", "--json", *SEEDS[:2]])
    assert len(res.output.strip().splitlines()) == 2
    figs = [json.loads(x) for x in runner.invoke(app, [*d, "figures", "--json"]
                                                   ).output.splitlines()]
    values = [f["value"] for f in figs if f.get("value") is not None]
    assert any(isinstance(v, int) for v in values)
    assert not any(isinstance(v, float) and v.is_integer() for v in values)
    assert ".0," not in runner.invoke(app, [*d, "figures", "--json"]).output


def test_ingest_paths_from_stdin(tmp_path: Path) -> None:
    d = tmp_path / "data"
    res = _cli("--data-dir", str(d), "ingest", "-q", "-", stdin="\n".join(SEEDS[:2]) + "\n")
    assert res.returncode == 0, res.stderr
    stats = json.loads(_cli("--data-dir", str(d), "stats", "--json").stdout)
    assert stats["documents"] == 2 and stats["sources"] == 2
    empty = _cli("--data-dir", str(d), "ingest", "-q", "-", stdin="")
    assert empty.returncode == 2 and "đầu vào chuẩn" in empty.stderr


def test_completion_installs(tmp_path: Path) -> None:
    # the shell named, not detected from the process tree (CI runs us under make, not a shell)
    env = {"HOME": str(tmp_path), "SHELL": "/bin/bash",
           "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    res = _cli("--install-completion", "bash", env=env)
    if res.returncode != 0:  # older Typer: the shell is detected, no argument
        res = _cli("--install-completion", env=env)
    assert res.returncode == 0, res.stderr
    script = (tmp_path / ".bashrc").read_text() if (tmp_path / ".bashrc").exists() else ""
    installed = list(tmp_path.rglob("*vanban*"))
    assert "vanban" in script or installed
    shown = _cli("--show-completion", "bash", env=env)
    assert "_VANBAN_COMPLETE" in shown.stdout or "complete" in shown.stdout


def test_facets_list_values_with_counts(data: Path) -> None:
    res = runner.invoke(app, ["--data-dir", str(data), "facets", "cap", "loai"])
    assert res.exit_code == 0
    assert "Cấp" in res.output and "tỉnh" in res.output and "tinh\n" not in res.output
    rows = [json.loads(x) for x in runner.invoke(
        app, ["--data-dir", str(data), "facets", "loai", "--json"]).output.splitlines()]
    assert rows and all(r["field"] == "loai" and r["count"] >= 1 for r in rows)
    bad = runner.invoke(app, ["--data-dir", str(data), "facets", "khong-co"])
    assert bad.exit_code == 2


def test_stats_and_check_counts_agree_in_vietnamese(data: Path) -> None:
    d = ["--data-dir", str(data)]
    stats = json.loads(runner.invoke(app, [*d, "stats", "--json"]).output)
    check = json.loads(runner.invoke(app, [*d, "check", "--json"]).output)
    assert stats["documents"] == check["documents_all"]
    assert stats["documents_indexable"] == check["documents"] == check["indexed"]
    assert stats["near_duplicate_documents"] == check["near_duplicates"]
    s_text = runner.invoke(app, [*d, "stats"]).output
    c_text = runner.invoke(app, [*d, "check"]).output
    for label in ("Văn bản (kể cả bản gần trùng)", "Bản gần trùng (không lập chỉ mục)",
                  "Đã lập chỉ mục"):
        assert label in s_text and label in c_text
    for english in ("near_duplicate", "unfinished_runs", "documents", "indexed"):
        assert english not in s_text and english not in c_text
    show = runner.invoke(app, [*d, "show", "1"]).output
    assert "Cấp" in show and "tỉnh" in show and not re.search(r"\btinh\b", show)


@pytest.mark.parametrize("target", ["/nonexistent/a.xlsx", "/nonexistent/a.csv"])
def test_unwritable_output_is_a_sentence(data: Path, target: str) -> None:
    flag = "--xlsx" if target.endswith("xlsx") else "--csv"
    res = _cli("--data-dir", str(data), "figures", flag, target)
    assert res.returncode == 1
    assert target in res.stderr and "không ghi được" in res.stderr
    assert "Traceback" not in res.stderr and "không mong đợi" not in res.stderr


def test_progress_names_the_file_being_read(tmp_path: Path) -> None:
    """The bar shows the file being read now (not the last one finished), pages read and
    OCR'd so far, and a time estimate."""
    import io

    from rich.console import Console

    from vanban import output
    from vanban.archive import Archive

    events = []
    with Archive(tmp_path / "data") as a:
        a.ingest([Path(p) for p in SEEDS[:3]], isolate=False, mp_context=None,
                 on_progress=events.append)
    files = [e for e in events if e.stage == "files"]
    names = [Path(p).name for p in SEEDS[:3]]
    assert [e.current and Path(e.current).name for e in files] == [*names, None][:len(files)]
    assert [Path(e.outcome.path).name for e in files if e.outcome] == names
    buf = io.StringIO()
    real = output.err
    output.err = Console(file=buf, force_terminal=True, width=200)
    try:
        with output.ingest_progress() as report:
            for e in files[:2]:
                report(e)
    finally:
        output.err = real
    shown = buf.getvalue()
    assert f"đang đọc {names[1]}" in shown and "trang (OCR 0)" in shown and "còn" in shown
