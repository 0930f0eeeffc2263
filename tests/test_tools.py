"""External-tool wrappers: the real tesseract/antiword/catdoc installed here, probed and run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from vanban.ingest import tools
from vanban.ingest.errors import ReadError, ToolError, ToolMissing, ToolTimeout
from vanban.ingest.tools import antiword, catdoc, tesseract
from vanban.ingest.tools._base import Tool, version_tuple

needs_tesseract = pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract chưa cài")


@needs_tesseract
def test_probe_all_reports_the_real_tesseract() -> None:
    tools.clear_cache()
    status = {s.name: s for s in tools.probe_all()}
    assert set(status) == {"tesseract", "antiword", "catdoc"}
    t = status["tesseract"]
    assert t.found and t.version and t.minimum == "4.0"
    assert version_tuple(t.version) >= (4,)
    assert t.ok == ("vie" in tesseract.languages())
    assert t.message_vi
    for s in status.values():
        assert s.found == (shutil.which(s.name) is not None)
        assert s.ok <= s.found


def test_probe_of_a_missing_tool_says_what_to_install() -> None:
    ghost = Tool("vanban-khong-co-chuong-trinh-nay", ("--version",), "1.0", "goi-gia",
                 "thử nghiệm")
    st = ghost.status()
    assert not st.found and not st.ok and st.version is None
    assert "không tìm thấy" in st.message_vi and "goi-gia" in st.message_vi
    with pytest.raises(ToolMissing) as exc:
        ghost.run([], timeout=5, what_vi="thử")
    assert isinstance(exc.value, ReadError) and exc.value.exit_code == 1


def test_too_old_version_is_not_ok() -> None:
    if not shutil.which("tesseract"):
        pytest.skip("tesseract chưa cài")
    future = Tool("tesseract", ("--version",), "999.0", "tesseract-ocr", "thử nghiệm")
    st = future.status()
    assert st.found and not st.ok and "quá cũ" in st.message_vi


def test_timeout_is_a_typed_error() -> None:
    sleeper = Tool("sleep", (), None, "coreutils", "thử nghiệm")
    if sleeper.path() is None:
        pytest.skip("không có lệnh sleep")
    with pytest.raises(ToolTimeout, match="quá thời gian"):
        sleeper.run(["5"], timeout=0.2, what_vi="chờ")


@needs_tesseract
def test_tesseract_wrapper_reads_a_page(tmp_path: Path) -> None:
    img = Image.new("L", (900, 200), 255)
    ImageDraw.Draw(img).text((40, 60), "HELLO 2024", fill=0, font_size=60)
    src = tmp_path / "p.png"
    img.save(src, dpi=(300, 300))
    tesseract.ocr(src, tmp_path / "out", 300, lang="eng")
    assert "HELLO" in (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert (tmp_path / "out.tsv").exists()
    with pytest.raises(ToolError, match="tesseract lỗi"):
        tesseract.ocr(tmp_path / "missing.png", tmp_path / "o2", 300)


@pytest.mark.skipif(not (shutil.which("antiword") and shutil.which("catdoc")),
                    reason="antiword/catdoc chưa cài")
def test_doc_wrappers(shared, tmp_path: Path) -> None:
    """Both wrappers read a real Word 97 file; antiword refuses a file that is not Word."""
    real = shared / "corpus" / "real" / "r001.doc"
    assert "Số: 06/HD-CĐN" in antiword.to_text(real)
    assert "06/HD" in catdoc.to_text(real)
    junk = tmp_path / "x.doc"
    junk.write_bytes(b"not a word file at all" * 10)
    assert antiword.to_text(junk) is None
    assert antiword.TOOL.version() == "0.37" or version_tuple(antiword.TOOL.version()) > (0, 37)


@needs_tesseract
def test_check_tools_lists_every_tool() -> None:
    from vanban.check import CheckReport, check_tools

    report = CheckReport()
    check_tools(report)
    listed = {t["name"]: t for t in report.facts["tools"]}
    assert set(listed) == {"tesseract", "antiword", "catdoc"}
    if all(t["ok"] for t in listed.values()):
        assert report.ok
    else:
        assert not report.ok
