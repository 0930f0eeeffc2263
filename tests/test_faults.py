"""Fault injection, fast: the seven failures of issue 15 each give the right outcome and lose no
document. Real files, real SQLite and tantivy, real read-only mounts and full filesystems (as
root; skipped otherwise). The slow versions with the printed table: `python -m bench.faults`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner
from vanban.corpus.legacy import encode_cp1258

from bench.faults import (
    SEEDS,
    _can_mount,
    _tagged,
    count_docs,
    noisy,
    read_only_view,
    sibling,
    small_disk,
)
from vanban.archive import Archive
from vanban.cli import app

runner = CliRunner()
SEED0 = unicodedata.normalize("NFC", SEEDS[0].read_text(encoding="utf-8"))


def _mountable() -> bool:
    if not _can_mount():
        return False
    probe = Path("/tmp") / f"vanban-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                            capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", str(probe)], check=False)
        return ok
    finally:
        probe.rmdir()


needs_mount = pytest.mark.skipif(not _mountable(), reason="needs root and mount")


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("faults") / "kho"
    with Archive(d) as a:
        a.ingest(SEEDS, isolate=False)
    return d


# 1 -------------------------------------------------------------------------------------
def test_cp1258_decomposed_text_extracts_right_fields(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.txt"
    path.write_bytes(encode_cp1258(SEED0, decomposed=True))
    row = Archive.extract(str(path))
    assert row["so_hieu"] == "13/PĐTĐ-LĐLĐ"
    assert "Lai Châu" in row["don_vi"]
    assert any("cp1258-decomposed" in w for w in row["warnings"])


def test_text_no_code_page_makes_vietnamese_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_bytes(("Le comité a décidé de lancer une campagne d'émulation. " * 20)
                     .encode("latin-1"))
    row = Archive.extract(str(path))
    assert row["error"] and "bảng mã" in row["error"] and row["text"] is None


# 2 -------------------------------------------------------------------------------------
def test_copies_need_agreeing_identity(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a_original.txt").write_text(SEED0, encoding="utf-8")
    (src / "b_scan_ocr.txt").write_text(noisy(SEED0, 0.03, 1), encoding="utf-8")
    (src / "c_other_unit.txt").write_text(sibling(SEED0), encoding="utf-8")
    with Archive(tmp_path / "kho") as a:
        summary = a.ingest([src], isolate=False)
        by_name = {Path(o.path).name: o for o in summary.outcomes}
        assert by_name["b_scan_ocr.txt"].near_duplicate_of == by_name["a_original.txt"].document_id
        assert by_name["c_other_unit.txt"].near_duplicate_of is None
        shown = a.show(str(by_name["a_original.txt"].document_id), with_text=False)
        assert [Path(c["path"]).name for c in shown["copies"]] == ["b_scan_ocr.txt"]
        assert shown["copies"][0]["format"] == "text"
        from vanban.search.query import Filters

        hits = a.search("", Filters(don_vi="Điện Biên"))
        assert hits["total"] == 1  # the other unit's plan is not hidden


# 3 -------------------------------------------------------------------------------------
@needs_mount
def test_read_only_archive_reads_and_refuses_writes(archive_dir: Path) -> None:
    with read_only_view(archive_dir) as ro:
        res = runner.invoke(app, ["search", "công đoàn", "--data-dir", str(ro), "--json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["total"] > 0
        for cmd in (["stats"], ["show", "1"], ["figures"]):
            res = runner.invoke(app, [*cmd, "--data-dir", str(ro)])
            assert res.exit_code == 0 and "hỏng" not in res.output, (cmd, res.output)
        res = runner.invoke(app, ["ingest", str(SEEDS[0]), "--data-dir", str(ro)])
        assert res.exit_code == 1 and "chỉ đọc" in res.output and "hỏng" not in res.output


# 4 -------------------------------------------------------------------------------------
@needs_mount
def test_disk_full_says_so_and_rerun_completes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for k, seed in enumerate(SEEDS):
        for y in range(4):
            (src / f"{k}_{y}.txt").write_text(
                seed.read_text(encoding="utf-8").replace("2020", str(2000 + y)), "utf-8")
    with small_disk("600k") as disk:
        data = disk / "kho"
        res = runner.invoke(app, ["ingest", str(src), "--data-dir", str(data), "-q"])
        assert res.exit_code == 1
        assert str(data) in res.output and "đầy" in res.output
        assert "OperationalError" not in res.output and "StorageFull" not in res.output
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        res = runner.invoke(app, ["ingest", str(src), "--data-dir", str(data), "-q"])
        assert res.exit_code == 0, res.output
        assert count_docs(data, "sources") == len(SEEDS) * 4  # every file, none lost
        res = runner.invoke(app, ["check", "--data-dir", str(data)])
        assert res.exit_code == 0, res.output


# 5 -------------------------------------------------------------------------------------
def test_big_text_refused_at_once(tmp_path: Path) -> None:
    from vanban.ingest.readers.text import MAX_BYTES

    big = tmp_path / "big.txt"
    with open(big, "w", encoding="utf-8") as fh:
        while fh.tell() <= MAX_BYTES:
            fh.write(SEED0)
    t0 = time.perf_counter()
    row = Archive.extract(str(big))
    assert time.perf_counter() - t0 < 10
    assert row["error"] and "quá lớn" in row["error"] and "MB" in row["error"]


def test_dedup_candidates_grow_linearly() -> None:
    """Above EXACT_LIMIT paragraphs the seed pairs come from MinHash buckets: at most a
    fixed number of candidates per paragraph, however long the document."""
    from vanban.ingest import dedup

    paras = [p for p in SEED0.split("\n") if len(p) > 60]
    texts = {i: f"{paras[i % len(paras)]} {i}" for i in range(4000)}
    pairs = sum(1 for _ in dedup._near_pairs(texts))
    assert pairs <= len(texts) * dedup._BANDS * (dedup._PER_BUCKET + 1)
    # and a long document's repeats are still found: 3 copies of a run of 30 paragraphs
    doc = [f"Đoạn {i}: " + paras[i % len(paras)] + f" (mục {i})" for i in range(1600)]
    doc += doc[100:130] + doc[700:730]
    runs = dedup.find_repeats(doc)
    assert sorted(x for r in runs for x in r.removed) == list(range(1600, 1660))


def test_default_timeout_per_file() -> None:
    from vanban.ingest.batch import DEFAULT_TIMEOUT

    res = runner.invoke(app, ["ingest", "--help"])
    assert "--timeout" in res.output and DEFAULT_TIMEOUT > 0


# 6 -------------------------------------------------------------------------------------
def test_kill_9_leaves_no_reader_and_next_search_catches_up(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for k, seed in enumerate(SEEDS):
        for y in range(6):
            (src / f"{k}_{y}.txt").write_text(
                seed.read_text(encoding="utf-8").replace("2020", str(2000 + y)), "utf-8")
    data = tmp_path / "kho"
    tag = f"VANBAN_FAULT_{os.getpid()}_{time.time_ns()}"
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "ingest", str(src), "--data-dir",
                             str(data), "-q", "-j", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, tag: "1"})
    deadline = time.monotonic() + 120
    while count_docs(data) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate()
    time.sleep(3)
    left = _tagged(tag)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "reader processes outlived the killed ingest"
    assert "leaked" not in err and "Traceback" not in err
    res = runner.invoke(app, ["search", "--data-dir", str(data), "--json", "--limit", "0"])
    assert res.exit_code == 0
    with Archive(data, create=False) as a:
        indexable = len(a.store.indexable_ids())  # near-duplicate copies are not indexed
        assert indexable and a.engine.ids() == set(a.store.indexable_ids())
    assert json.loads(res.stdout)["total"] == indexable  # the index caught up


def test_index_behind_caught_up_or_reported(tmp_path: Path, archive_dir: Path) -> None:
    d = tmp_path / "kho"
    shutil.copytree(archive_dir, d)
    with Archive(d) as a:
        ids = a.store.indexable_ids()
        a.engine.delete(ids[:2])
        a.engine.commit()
    if _mountable():
        with read_only_view(d) as ro:
            res = runner.invoke(app, ["search", "--data-dir", str(ro), "--json", "--limit", "0"])
            assert res.exit_code == 0 and "reindex" in res.stderr and "thiếu 2" in res.stderr
    res = runner.invoke(app, ["search", "--data-dir", str(d), "--json", "--limit", "0"])
    assert res.exit_code == 0 and "đã cập nhật" in res.stderr
    assert json.loads(res.stdout)["total"] == len(ids)


# 7 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("cmd", [["search", "x"], ["stats"], ["show", "1"], ["figures"],
                                 ["duplicates"], ["check"], ["reindex"]])
def test_only_ingest_creates_an_archive(tmp_path: Path, cmd: list[str]) -> None:
    typo = tmp_path / "kho-go-sai"
    res = runner.invoke(app, [*cmd, "--data-dir", str(typo)])
    assert res.exit_code == 1, res.output
    assert "không có kho" in res.output and not typo.exists()


def test_filter_matching_only_a_copy_finds_the_document(tmp_path: Path) -> None:
    """The scan lost its số hiệu line; its PDF (a copy, not indexed) has it: a search by the
    number finds the scan's document, and `show` lists the PDF under `copies`."""
    from vanban.search.query import Filters

    src = tmp_path / "src"
    src.mkdir()
    (src / "a_scan.txt").write_text(SEED0.replace("Số: 13 /PĐTĐ-LĐLĐ", ""), encoding="utf-8")
    (src / "b_pdf.txt").write_text(SEED0, encoding="utf-8")
    with Archive(tmp_path / "kho") as a:
        summary = a.ingest([src], isolate=False)
        scan, pdf = (next(o for o in summary.outcomes if o.path.endswith(n))
                     for n in ("a_scan.txt", "b_pdf.txt"))
        assert pdf.near_duplicate_of == scan.document_id
        hits = a.search("", Filters(so_hieu="13/PĐTĐ-LĐLĐ"))
        assert [h["id"] for h in hits["hits"]] == [scan.document_id]
        shown = a.show(str(scan.document_id), with_text=False)
        assert shown["so_hieu"] is None
        assert [Path(c["path"]).name for c in shown["copies"]] == ["b_pdf.txt"]
