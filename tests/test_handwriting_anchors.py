"""The number gap's right edge found at the printed slash of the type code (a crop keeping
the slash reads `40/` as `401`), and two readers disagreeing give null, never a number."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from vanban.ingest import handwriting
from vanban.ingest.fields import handwritten
from vanban.ingest.handwriting import anchors, synth
from vanban.ingest.handwriting.locate import Gap

from tests.fields_util import record


def _serif() -> str:
    fs = synth.fonts()
    if not fs:
        pytest.skip("không có phông chữ TrueType")
    return next((f for f in fs if "Serif-Regular" in f or f.endswith("Serif.ttf")), fs[0])


def _number_line(number: str, code: str, seed: int) -> tuple[Image.Image, int, int]:
    """A generated `Số: <handwritten number> /<code>` line at 300 dpi; the printed slash's
    left edge at the baseline and the code's right end."""
    rng = np.random.default_rng(seed)
    page = Image.new("L", (1400, 260), 250)
    dr = ImageDraw.Draw(page)
    font = ImageFont.truetype(_serif(), 50)
    dr.text((40, 100), "Số:", fill=10, font=font)
    hand = synth.form_crop(number, rng, height=60, dots=False)
    page.paste(Image.fromarray(hand), (150, 62))
    x = 150 + hand.shape[1] + 4
    dr.text((x, 100), "/" + code, fill=10, font=font)
    slash = dr.textbbox((x, 100), "/", font=font)
    right = dr.textbbox((x, 100), "/" + code, font=font)[2]
    return page, slash[0], right


@pytest.mark.parametrize("number,code,seed", [("40", "KH-PGDĐT", 1), ("7", "QĐ-UBND", 2),
                                              ("115", "UBND-KGVX", 3), ("26", "2017/TT-BGDĐT", 4)])
def test_number_gap_ends_at_the_printed_slash(number: str, code: str, seed: int) -> None:
    page, slash, code_right = _number_line(number, code, seed)
    moved = 0
    for est in (slash + 25, slash - 15):  # the word-box estimate: a glyph too far either way
        gap = Gap("so", (140, 60, est, 200), "", 0.0, 50, code_right, code.count("/"))
        x0, _, x1, _ = anchors.refine(page, gap, code)
        assert x0 == 140
        if est > slash:  # a crop that kept the slash is always cut before it
            assert slash - 8 <= x1 <= slash + 4, (est, x1, slash)
        else:  # a short one is extended to the slash when the code's strokes are all found
            assert x1 == est or slash - 8 <= x1 <= slash + 4, (est, x1, slash)
            moved += x1 != est
    if code != "UBND-KGVX":  # DejaVu's V and X: one `/` stroke is missed, the count fails
        assert moved == 1


def test_refined_crop_does_not_read_the_slash_as_a_one() -> None:
    page, slash, code_right = _number_line("40", "KH-PGDĐT", 11)
    gap = Gap("so", (140, 60, slash + 25, 200), "", 0.0, 50, code_right, 0)
    arr = np.asarray(page.crop(anchors.refine(page, gap, "KH-PGDĐT")), dtype=np.uint8)
    digits, conf = handwriting.read_digits(arr, 0.75 * 50)
    assert digits == "40" or digits is None or conf < handwritten.THRESHOLD


def test_no_slash_found_keeps_the_estimate() -> None:
    page = Image.new("L", (600, 200), 250)
    gap = Gap("so", (100, 40, 300, 160), "", 0.0, 50, 500, 0)
    assert anchors.refine(page, gap, "QĐ-UBND") == (100, 40, 300, 160)


def test_readers_disagreeing_give_null_not_the_sure_reading() -> None:
    """Tesseract read `:40` in the gap fairly confidently, the digit model a sure `401`: the
    number is null (the date, where both agree, stands)."""
    meta = {"handwriting": {
        "symbol": "KH-PGDĐT", "year": 2020,
        "so": {"printed": ":40", "printed_conf": 74.5, "value": "401", "confidence": 0.999},
        "ngay": {"printed": "01", "printed_conf": 93.0, "value": "01", "confidence": 0.99},
        "thang": {"printed": "12", "printed_conf": 92.0, "value": "12", "confidence": 0.99}}}
    rec = record("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n\nSố :401/KH-PGDĐT\n\nTP.Cà Mau, ngày 01 tháng 12 "
                 "năm 2020\n\nKẾ HOẠCH\n\nHoạt động tháng 12\n\n"
                 + "Thực hiện Kế hoạch số 35/KH-PGDĐT ngày 5 tháng 11 năm 2020. " * 4,
                 fmt="pdf", meta=meta)
    assert rec.so_hieu is None
    assert (rec.ngay, rec.ngay_precision) == ("2020-12-01", "day")


def test_day_past_the_month_end_is_null_and_the_month_stays() -> None:
    meta = {"handwriting": {
        "symbol": "QĐ-UBND", "year": 2020,
        "ngay": {"printed": "", "printed_conf": 0.0, "value": "31", "confidence": 0.99},
        "thang": {"printed": "9", "printed_conf": 96.0, "value": "9", "confidence": 0.99}}}
    rec = record("UBND TỈNH CÀ MAU\n\nSố: 12/QĐ-UBND\n\nCà Mau, ngày 3l tháng 9 năm 2020\n\n"
                 "QUYẾT ĐỊNH\n\nBan hành kế hoạch\n\n", fmt="pdf", meta=meta)
    assert (rec.ngay, rec.ngay_precision) == ("2020-09", "month")


@pytest.mark.parametrize("value,expected", [(None, "2020-12-15"), ("15", "2020-12-15"),
                                            ("16", "2020-12")])
def test_typed_day_read_at_80_stands_unless_the_model_reads_other_digits(
        value: str | None, expected: str) -> None:
    meta = {"handwriting": {
        "symbol": "TB-UBND", "year": 2020,
        "ngay": {"printed": "15", "printed_conf": 80.8, "value": value, "confidence": 0.5},
        "thang": {"printed": "12", "printed_conf": 85.5, "value": "12", "confidence": 1.0}}}
    rec = record("UBND TỈNH SÓC TRĂNG\n\nSố: 56/TB-UBND\n\nSóc Trăng, ngày 15 tháng 12 năm "
                 "2020\n\nTHÔNG BÁO\n\nVề việc nghỉ Tết\n\n", fmt="pdf", meta=meta)
    assert rec.ngay == expected


def test_number_gap_found_when_the_printed_pass_lost_the_slash() -> None:
    from vanban.ingest.handwriting.locate import locate
    from vanban.ingest.readers.ocr import Word

    def word(text: str, left: int, width: int, line: int = 1) -> Word:
        return Word(text, left, 300, width, 40, 95.0, (1, 1, line))

    for code_word, symbol in (("QĐ-HKH", "QĐ-HKH"), ("IQĐ-HKH", "QĐ-HKH")):
        words = [word("Số:", 400, 70), word("o6", 490, 60), word(code_word, 600, 170),
                 word("Hà", 1300, 70, 2), word("Nội,", 1380, 90, 2), word("ngày", 1490, 110, 2),
                 word("07", 1620, 50, 2), word("tháng", 1690, 130, 2), word("4", 1840, 25, 2),
                 word("năm", 1880, 100, 2), word("2021", 2000, 110, 2)]
        head = locate(words, 300, (2500, 3500))
        assert head is not None and head.symbol == symbol
        gap = head.gaps["so"]
        assert gap.box[0] == 470 and gap.box[2] == 600 and gap.code_right == 770
        assert gap.printed == "o6"


def test_handwritten_values_survive_an_annex_zone() -> None:
    """With an annex after the signature the main-document families run on a view of the
    text and their scalars are copied back: the handwriting step is one of them, else its
    number and day were overwritten by the printed pass's."""
    meta = {"handwriting": {
        "symbol": "PGDĐT", "year": 2019,
        "so": {"printed": "ÝZ", "printed_conf": 47.9, "value": "625", "confidence": 0.99},
        "ngay": {"printed": "(3", "printed_conf": 77.7, "value": "03", "confidence": 0.981},
        "thang": {"printed": "12", "printed_conf": 92.5, "value": "12", "confidence": 0.982}}}
    text = ("UBND THÀNH PHỐ CÀ MAU\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n\nSố: ÝZ/PGDĐT\n\n"
            "TP. Cà Mau, ngày (3 tháng 12 năm 2019\n\nV/v báo cáo giáo viên\n\n"
            "Kính gửi: Hiệu trưởng các trường\n\n"
            + "Phòng Giáo dục đề nghị các trường báo cáo đúng hạn. " * 5
            + "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\n\n"
            "Lê Minh Hải\n\nPHỤ LỤC\n\nMẪU BÁO CÁO\n\n"
            + "Tên trường, số giáo viên, số học sinh. " * 10)
    rec = record(text, fmt="pdf", meta=meta)
    assert any(z.name == "annex" for z in rec.zones)
    assert rec.so_hieu == "625/PGDĐT"
    assert (rec.ngay, rec.ngay_precision) == ("2019-12-03", "day")


@pytest.mark.parametrize("seed", range(21, 29))
def test_no_printed_slash_never_cuts_into_a_handwritten_one(seed: int) -> None:
    """The slash itself is lost (not printed, torn): the leaning strokes of a handwritten
    `11` are taller than the printed capitals, so the crop is not cut at one of them."""
    rng = np.random.default_rng(seed)
    page = Image.new("L", (1400, 260), 250)
    dr = ImageDraw.Draw(page)
    font = ImageFont.truetype(_serif(), 50)
    dr.text((40, 100), "Số:", fill=10, font=font)
    hand = synth.form_crop("11", rng, height=60, dots=False)
    page.paste(Image.fromarray(hand), (150, 62))
    end = 150 + hand.shape[1]
    code_right = dr.textbbox((end + 6, 100), "KH-PGDĐT", font=font)[2]
    dr.text((end + 6, 100), "KH-PGDĐT", fill=10, font=font)
    gap = Gap("so", (140, 60, end + 4, 200), "", 0.0, 50, code_right, 0)
    assert anchors.refine(page, gap, "KH-PGDĐT")[2] >= end - 2
