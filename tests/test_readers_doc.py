"""Word 97 .doc reader (antiword) on the real archive files; broken files."""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from vanban.ingest.readers import ReadError, read
from vanban.ingest.readers.doc import tidy

needs_antiword = pytest.mark.skipif(not shutil.which("antiword"), reason="antiword chưa cài")


def test_tidy_tables_and_gaps() -> None:
    raw = ("|LIÊN ĐOÀN LAO ĐỘNG TỈNH   |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
           "|Số: 06/HD-CĐN             |Hà Giang, ngày 06 tháng 10 năm 2017|\n"
           "|   |HƯỚNG DẪN                                                  |\n"
           "\n      Căn cứ   Điều lệ.\n"
           "CĐCS CÔNG TY       Độc lập - Tự do - Hạnh phúc\n")
    paras = tidy(raw).split("\n\n")
    assert paras[0] == "LIÊN ĐOÀN LAO ĐỘNG TỈNH\nSố: 06/HD-CĐN"
    assert paras[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Giang, ngày 06 tháng 10 năm 2017"
    assert paras[2] == "HƯỚNG DẪN"  # a new table (other column borders)
    assert paras[3] == "Căn cứ Điều lệ."
    assert paras[4:] == ["CĐCS CÔNG TY", "Độc lập - Tự do - Hạnh phúc"]


@needs_antiword
def test_real_doc_files(shared) -> None:
    real = shared / "corpus" / "real"
    r001 = read(real / "r001.doc", "doc")
    text = r001.pages[0].text
    assert r001.pages[0].method == "doc" and r001.meta["tool"] == "antiword"
    assert "LIÊN ĐOÀN LAO ĐỘNG TỈNH HÀ GIANG\nCÔNG ĐOÀN NGÀNH GIÁO DỤC\nSố: 06/HD-CĐN" in text
    assert "Hà Giang, ngày 06 tháng 10 năm 2017" in text
    assert "Nguyễn Thị Phương" in text
    r008 = read(real / "r008.doc", "doc").pages[0].text  # typed in NFD
    assert unicodedata.is_normalized("NFC", r008)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in r008
    assert "Lê Thị Nguyệt Mai" in r008
    r006 = read(real / "r006.doc", "doc").pages[0].text
    assert "Số: 07/TTr-CĐCS/2024" in r006 and "Tân an, ngày 31 tháng 05 năm 2024" in r006
    for t in (text, r006, r008):
        assert not any(0x4E00 <= ord(c) <= 0x9FFF for c in t)  # no binary garbage


@needs_antiword
def test_broken_doc(tmp_path) -> None:
    path = tmp_path / "bad.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReadError):
        read(path, "doc")


@needs_antiword
def test_doc_and_its_text_export_read_alike(shared) -> None:
    """`real-text/r00N.txt` is antiword's export: the text reader gives the same paragraphs,
    so the fields extracted from both are the same."""
    for n in ("r001", "r006", "r008"):
        doc = read(shared / "corpus" / "real" / f"{n}.doc", "doc").pages[0].text
        txt = read(shared / "corpus" / "real-text" / f"{n}.txt", "text")
        assert txt.meta["layout"] == "line-paragraphs"
        assert txt.pages[0].text == doc, n


def test_wrapped_text_is_not_split_per_line() -> None:
    from vanban.ingest.readers.text import line_paragraphs

    wrapped = "\n".join(["Công đoàn phát động phong trào thi đua yêu nước trong toàn ngành,"] * 20)
    assert not line_paragraphs(wrapped)
    assert line_paragraphs("\n".join(["Ngắn", "x" * 200, "Tiêu đề", "y" * 300, "Ký tên"]))
