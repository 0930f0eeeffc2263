"""The CLI end to end on the bundled samples (Typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES
from vanban.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    res = runner.invoke(app, ["--data-dir", str(d), "ingest", "-q"])
    assert res.exit_code == 0, res.output
    return d


def test_ingest_summary_and_idempotent(data_dir: Path) -> None:
    res = runner.invoke(app, ["--data-dir", str(data_dir), "ingest", "-q"])
    assert res.exit_code == 0
    assert "Bỏ qua" in res.output
    stats = json.loads(runner.invoke(app, ["stats", "--json", "--data-dir", str(data_dir)]).output)
    from vanban.ingest.discover import discover

    n_files = len(list(discover([SAMPLES])))
    assert stats["documents"] == n_files
    assert stats["indexed"] == n_files - stats["near_duplicate_documents"] < n_files


def test_search_json_contract(data_dir: Path) -> None:
    res = runner.invoke(app, ["--data-dir", str(data_dir), "search", "lao dong gioi", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["total"] >= 3
    for key in ("id", "path", "so_hieu", "loai", "ngay", "don_vi", "trich_yeu", "score",
                "snippet"):
        assert key in out["hits"][0]
    assert {"don_vi", "loai", "nam", "phong_trao"} <= set(out["facets"])


def test_search_terminal_output(data_dir: Path) -> None:
    res = runner.invoke(app, ["--data-dir", str(data_dir), "search", "văn hoá công sở"])
    assert res.exit_code == 0
    assert "Tìm thấy" in res.output


def test_bad_options_exit_2(data_dir: Path) -> None:
    d = ["--data-dir", str(data_dir)]
    assert runner.invoke(app, [*d, "search", "x", "--nam", "abc"]).exit_code == 2
    assert runner.invoke(app, [*d, "search", "x", "--tu", "2020-13-45"]).exit_code == 2
    res = runner.invoke(app, [*d, "search", '"lao động'])
    assert res.exit_code == 2 and "ngoặc kép" in res.output
    assert "Traceback" not in res.output


def test_show_by_so_hieu(data_dir: Path) -> None:
    res = runner.invoke(app, ["--data-dir", str(data_dir), "show", "31/KH-LĐLĐ", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["so_hieu"] == "31/KH-LĐLĐ" and d["sources"]


def test_extract_contract_writes_nothing(tmp_path: Path) -> None:
    files = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]
    res = runner.invoke(app, ["extract", *files, "--json"], env={"VANBAN_HOME": str(tmp_path)})
    assert res.exit_code == 0
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert len(lines) == 5
    for d, f in zip(lines, files, strict=True):
        assert d["path"] == f
        for key in ("so_hieu", "loai", "ngay", "dia_danh", "don_vi", "trich_yeu", "nguoi_ky",
                    "chuc_vu", "noi_nhan", "phong_trao", "chi_tieu", "van_ban_dan_chieu",
                    "dot_thi_dua", "text", "duplicates"):
            assert key in d
    assert lines[0]["so_hieu"] == "13/PĐTĐ-LĐLĐ"
    assert not list(tmp_path.iterdir())


def test_extract_bad_file_no_traceback(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    res = runner.invoke(app, ["extract", str(empty), "--json"])
    assert res.exit_code == 1
    d = json.loads(res.output)
    assert d["error"] and "Traceback" not in res.output


def test_search_bad_queries_exit_2(data_dir: Path) -> None:
    d = ["--data-dir", str(data_dir), "search"]
    for bad, word in (("AND", "AND"), ("lao động OR", "OR"), ("x" * 10_000, "quá dài"),
                      ("!!! ... ,,,", "không có từ"), ('"lao', "ngoặc kép")):
        res = runner.invoke(app, [*d, bad])
        assert res.exit_code == 2, bad[:20]
        assert word in res.output and "Traceback" not in res.output


def _names(out: dict) -> list[str]:
    """Hits as sample file prefixes (000…004): independent of how fields are extracted."""
    return [Path(h["path"]).name[:3] for h in out["hits"]]


def test_search_filters_sort_limit(data_dir: Path) -> None:
    d = ["--data-dir", str(data_dir), "search"]
    out = json.loads(runner.invoke(app, [*d, "", "--nam", "2020", "--json"]).output)
    assert {"000", "002"} <= set(_names(out)) and "003" not in _names(out)
    out = json.loads(runner.invoke(app, [*d, "thi đua", "--limit", "2", "--sort", "date",
                                         "--json"]).output)
    assert len(out["hits"]) == 2 and out["total"] >= 4
    assert out["hits"][0]["ngay"] >= (out["hits"][1]["ngay"] or "")
    out = json.loads(runner.invoke(app, [*d, "", "--don-vi", "lai chau", "--loai", "bao cao",
                                         "--json"]).output)
    assert _names(out) == ["002"]
    assert runner.invoke(app, [*d, "x", "--sort", "abc"]).exit_code == 2


def test_search_number_and_citations(data_dir: Path) -> None:
    d = ["--data-dir", str(data_dir)]
    out = json.loads(runner.invoke(app, [*d, "search", "276/BC-LĐLĐ", "--json"]).output)
    assert _names(out)[0] == "002"
    out = json.loads(runner.invoke(app, [*d, "search", "--trich-dan", "34-CT/TW",
                                         "--json"]).output)
    # the two seeds that cite it, and the scan of seed 000's first page (its own document);
    # the PDF/DOCX copies of the seeds are near-duplicates and are not counted again
    assert {"000", "002"} <= set(_names(out)) <= {"000", "002", "doc"}
    res = runner.invoke(app, [*d, "cites", "91/2017/ND-CP"])
    assert res.exit_code == 0 and "002_" in res.output
    out = json.loads(runner.invoke(app, [*d, "cites", "34 - CT/TW", "--json"]).output)
    assert out["total"] == len(set(_names(out)) | {"000", "002"}) and out["document"] is None


def test_show_lists_citations_both_ways(tmp_path: Path) -> None:
    d = ["--data-dir", str(tmp_path / "kho")]
    assert runner.invoke(app, [*d, "ingest", "-q"]).exit_code == 0
    out = json.loads(runner.invoke(app, [*d, "show", "276/BC-LDLD", "--json"]).output)
    assert "34-CT/TW" in [c["so_hieu"] for c in out["trich_dan"]]
    res = runner.invoke(app, [*d, "show", "276/BC-LDLD"])
    assert "Trích dẫn" in res.output and "91/2017/NĐ-CP" in res.output
    # a document in the archive that others cite: they are listed under it
    note = tmp_path / "ct34.txt"
    note.write_text("Số: 34-CT/TW\n\nHà Nội, ngày 7 tháng 4 năm 2014\n\nCHỈ THỊ\n\n"
                    "Về tiếp tục đổi mới công tác thi đua, khen thưởng\n", encoding="utf-8")
    assert runner.invoke(app, [*d, "ingest", "-q", str(note)]).exit_code == 0
    out = json.loads(runner.invoke(app, [*d, "show", "34-CT/TW", "--json"]).output)
    assert {"000", "002"} <= {Path(r["path"]).name[:3] for r in out["duoc_trich_dan"]} \
        <= {"000", "002", "doc"}
    res = runner.invoke(app, [*d, "cites", "34-CT/TW"])
    assert "có trong kho" in res.output


def test_eval_help_names_every_evaluation():
    """`vanban eval --help` is where a user learns which evaluations exist: all of them."""
    from vanban.evaluation import EVALUATIONS

    out = runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "200"}).output
    assert [name for name in EVALUATIONS if name not in out] == []
