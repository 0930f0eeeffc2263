"""Capital words glued by a lost space (photocopied scans) are cut back into syllables."""

from __future__ import annotations

import pytest
from vanban.ingest.fields.don_vi import recase
from vanban.ingest.glued import is_syllable, split_glued, unglue_caps
from vanban.ingest.readers.ocr import fix_ocr_text


@pytest.mark.parametrize("glued, parts", [
    ("LIÊNĐOÀNLAOĐỘNG", "LIÊN ĐOÀN LAO ĐỘNG"),
    ("CÔNGĐOÀNGIÁODỤC", "CÔNG ĐOÀN GIÁO DỤC"),
    ("PHÒNGGIÁODỤCVÀĐÀOTẠO", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
    ("TỈNHNGHỆAN", "TỈNH NGHỆ AN"),
    ("HUYỆNQUỲNHLƯU", "HUYỆN QUỲNH LƯU"),
    ("THÀNHPHỐHỒCHÍMINH", "THÀNH PHỐ HỒ CHÍ MINH"),
    ("QUYẾTĐỊNH", "QUYẾT ĐỊNH"),
    ("GIỮGÌN", "GIỮ GÌN"),
    ("ĐỘNGTỈNH", "ĐỘNG TỈNH"),
])
def test_glued_capitals_are_split(glued: str, parts: str) -> None:
    assert " ".join(split_glued(glued)) == parts


@pytest.mark.parametrize("glued, parts", [
    ("UBNDTỈNH", "UBND TỈNH"),
    ("ƯBNDTỈNHNGHỆAN", "ƯBND TỈNH NGHỆ AN"),  # `U` read as `Ư`: still the abbreviation
    ("LĐLĐHUYỆN", "LĐLĐ HUYỆN"),
    ("CNVCLĐTỈNH", "CNVCLĐ TỈNH"),
])
def test_an_abbreviation_opening_the_run_stays_whole(glued: str, parts: str) -> None:
    assert " ".join(split_glued(glued)) == parts


@pytest.mark.parametrize("word", [
    "LĐLĐ", "CNVCLĐ", "UBND", "GDĐT", "TLĐ",  # abbreviations
    "NGHIÊNG", "NGUYỄN", "TRƯỜNG", "KHUYẾT", "QUỲNH", "XOONG",  # long single syllables
    "Hànội", "ĐoànThanh",  # mixed case
    "COVID", "VIETCOMBANK", "HANOI",  # no Vietnamese letter
    "12ĐỘNG", "QĐ-LĐLĐ",  # codes
])
def test_words_that_are_not_glued_syllables_are_kept(word: str) -> None:
    assert split_glued(word) == (word,)


def test_lower_case_only_on_request() -> None:
    assert split_glued("liênđoàn") == ("liênđoàn",)
    assert split_glued("liênđoàn", lower_ok=True) == ("liên", "đoàn")


def test_syllable_shape() -> None:
    for s in ("gì giết gìn giữ gia quốc quyết khuya nguyệt thuở oanh khuếch huỳnh yêu ốc "
              "ênh").split():
        assert is_syllable(s), s
    for s in "ge ci kan ngi viet bank ac ât dòc nghả".split():
        assert not is_syllable(s), s  # spelling rules, a stop coda needs the sharp/heavy tone


def test_typed_text_is_unchanged() -> None:
    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 12/QĐ-LĐLĐ ngày 3/5/2024 về phòng chống COVID-19 của CNVCLĐ Hà Nội.")
    assert unglue_caps(text) == text


def test_ocr_text_and_issuer_line() -> None:
    assert fix_ocr_text("LIÊNĐOÀNLAOĐỘNG TỈNHNGHỆAN\nSố: 5/KH") == \
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN\nSố: 5/KH"
    assert recase("CÔNGĐOÀNGIÁODỤC HUYỆNQUỲNHLƯU") == "Công đoàn Giáo dục huyện Quỳnh Lưu"


@pytest.mark.parametrize("glued, parts", [
    ("CĐNGÀNH", "CĐ NGÀNH"),  # not `CĐN GÀNH`: the known word wins
    ("GDĐTHUYỆN", "GDĐT HUYỆN"),
    ("CĐCSTRƯỜNG", "CĐCS TRƯỜNG"),
])
def test_the_abbreviation_boundary_follows_the_best_cut(glued: str, parts: str) -> None:
    assert " ".join(split_glued(glued)) == parts
