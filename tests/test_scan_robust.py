"""Scans we have never seen: generated NĐ 30 pages (bench.scanpage) damaged like real archives
(faded toner, a phone photo in shadow) keep their fields, and the OCR-noise repairs behind
that (paper evened out, header columns split at the motto, damaged anchors and codes)."""

from __future__ import annotations

import pytest
from vanban.evaluation.fields import compare_scalar
from vanban.ingest.fields._common import MOTTO
from vanban.ingest.fields.header import _DATE_LINE
from vanban.ingest.fields.signature import position, signed_title
from vanban.ingest.fields.so_hieu import agree_with_type
from vanban.ingest.readers import ocr
from vanban.ingest.readers.ocr import Word, _layout_text, fix_ocr_text

from bench import scanpage
from bench.scans_synth import make

needs_ocr = pytest.mark.skipif(not ocr.available() or not scanpage.available(),
                               reason="cần tesseract (vie) và phông chữ")


def _fields(tmp_path, seed: int, kind: str) -> tuple[dict, dict]:
    from vanban.archive import extract

    path, gold = make(seed, kind, tmp_path)
    return extract(str(path)), gold


@needs_ocr
def test_faded_toner_page_keeps_place_subject_signer(tmp_path) -> None:
    # light grey, thin strokes: read as debris until the ink is stretched back to black
    rec, gold = _fields(tmp_path, 1, "faded")
    for f in ("dia_danh", "trich_yeu", "nguoi_ky"):  # scored as `vanban eval fields` does
        assert compare_scalar(f, rec[f], gold[f]), (f, rec[f])
    assert rec["ngay"] is None or gold["ngay"].startswith(rec["ngay"])  # never a wrong date


@needs_ocr
def test_phone_photo_in_shadow_keeps_header_and_signer(tmp_path) -> None:
    # small, tilted, dark at the top: Tesseract loses the header until the paper is evened
    rec, gold = _fields(tmp_path, 1, "lowphoto")
    for f in ("ngay", "dia_danh", "don_vi", "nguoi_ky", "chuc_vu"):
        assert compare_scalar(f, rec[f], gold[f]), (f, rec[f])


def test_flatten_evens_yellow_shaded_paper_and_leaves_white_pages() -> None:
    import numpy as np
    from PIL import Image, ImageDraw

    img = Image.new("L", (800, 1100), 255)
    ImageDraw.Draw(img).rectangle((100, 300, 700, 320), fill=0)
    same, changed = ocr.flatten(img)
    assert not changed and same is img
    arr = np.asarray(img, dtype=np.float32)
    shade = np.linspace(0.55, 0.9, 1100, dtype=np.float32)[:, None]  # shadow over paper
    dim = Image.fromarray((arr * shade).astype(np.uint8))
    flat, changed = ocr.flatten(dim)
    out = np.asarray(flat)
    assert changed
    assert out[50:250, 50:750].mean() > 240 and out[1000:1090, 50:750].mean() > 240
    assert out[305:316, 120:680].mean() < 60  # the ink stays dark


def _w(text: str, left: int, width: int, conf: float = 95) -> Word:
    return Word(text, left, 100, width, 40, conf, (1, 1, 1))


def test_header_line_split_at_motto_across_a_speck() -> None:
    # issuer and motto 2.5 word-heights apart, a speck read as `'` in between
    words = [_w("UBND", 100, 120), _w("TỈNH", 235, 110), _w("BẾN", 360, 100), _w("TRE", 470, 90),
             _w("'", 560, 10, conf=20), _w("GỘNG", 660, 130), _w("HÒA", 800, 100),
             _w("XÃ", 910, 60), _w("HỘI", 980, 80)]
    assert _layout_text(words).splitlines()[0] == "UBND TỈNH BẾN TRE"
    # body words at the same gap stay one line
    body = [_w("các", 100, 80), _w("đơn", 280, 90), _w("vị", 480, 50)]
    assert _layout_text(body) == "các đơn vị"


def test_ocr_damaged_anchors_and_codes() -> None:
    assert fix_ocr_text("UBND:TỈNH'ĐỒNG)'THÁP") == "UBND TỈNH ĐỒNG THÁP"
    assert fix_ocr_text("Số:12, 10:30, TP.HCM") == "Số:12, 10:30, TP.HCM"
    m = _DATE_LINE.search("Đồng Tháp, ngày 25 thủng 8 nằm 2017")
    assert m and (m.group("d").strip(), m.group("m"), m.group("y")) == ("25", "8", "2017")
    assert MOTTO.match("GỘNG HÒA XÃ HỘF CHỦ NGHĨA VIỆT NAM")
    assert agree_with_type("875/TIr-SGDĐT", "Tờ trình") == "875/TTr-SGDĐT"
    assert agree_with_type("595/TTIr-PGDĐT", "Tờ trình") == "595/TTr-PGDĐT"
    assert agree_with_type("12/KT-TC", "Kế hoạch") == "12/KT-TC"  # another code, not noise
    assert agree_with_type("12/TB-LĐLĐ", "Kế hoạch") == "12/TB-LĐLĐ"  # a real code stays
    assert position("“ˆ.' PHÓ GIÁM ĐỐC") == "Phó giám đốc"
    assert signed_title("KT-GIÁM ĐỐC", position("KT-GIÁM ĐỐC")) == "Phó giám đốc"


def test_wrapped_issuer_tail_read_after_motto_goes_back_to_its_column() -> None:
    # Tesseract's blocks: issuer lines, then the motto, then the issuer's last line
    def w(text: str, left: int, top: int, width: int, line: tuple[int, int, int]) -> Word:
        return Word(text, left, top, width, 40, 95, line)

    words = [w("PHÒNG", 200, 100, 150, (1, 1, 1)), w("GD&ĐT", 360, 100, 150, (1, 1, 1)),
             w("TRƯỜNG", 150, 150, 180, (1, 1, 2)), w("TIỂU", 340, 150, 100, (1, 1, 2)),
             w("HỌC", 450, 150, 100, (1, 1, 2)),
             w("CỘNG", 1300, 100, 130, (2, 1, 1)), w("HÒA", 1440, 100, 100, (2, 1, 1)),
             w("XÃ", 1550, 100, 60, (2, 1, 1)), w("HỘI", 1620, 100, 80, (2, 1, 1)),
             w("Độc", 1350, 150, 90, (2, 1, 2)), w("lập", 1450, 150, 80, (2, 1, 2)),
             w("KIM", 250, 200, 90, (3, 1, 1)), w("ĐỒNG", 350, 200, 130, (3, 1, 1)),
             w("KẾ", 900, 400, 60, (4, 1, 1)), w("HOẠCH", 970, 400, 160, (4, 1, 1)),
             w("Căn", 150, 500, 90, (5, 1, 1)), w("cứ", 250, 500, 50, (5, 1, 1)),
             w("Luật", 310, 500, 100, (5, 1, 1)), w("Công", 420, 500, 110, (5, 1, 1)),
             w("đoàn", 540, 500, 110, (5, 1, 1)), w("năm", 1600, 500, 90, (5, 1, 1)),
             w("2012", 1700, 500, 100, (5, 1, 1))]
    lines = _layout_text(words).splitlines()
    assert lines[:3] == ["PHÒNG GD&ĐT", "TRƯỜNG TIỂU HỌC", "KIM ĐỒNG"]
    assert lines.index("KẾ HOẠCH") > lines.index("Độc lập")


def test_short_tail_of_a_wrapped_issuer_name_is_joined(tmp_path) -> None:
    from vanban.archive import extract

    p = tmp_path / "kh.txt"
    p.write_text("PHÒNG GD&ĐT CẨM XUYÊN\nTRƯỜNG TIỂU HỌC PHAN BỘI\nCHÂU\nSố: 384/KH-TH\n\n"
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                 "Cẩm Xuyên, ngày 13 tháng 3 năm 2021\n\nKẾ HOẠCH\nTuyên truyền phòng, chống "
                 "tác hại của thuốc lá\n\nCăn cứ Luật Công đoàn năm 2012.\n\nHIỆU TRƯỞNG\n\n"
                 "Nguyễn Văn An\n", encoding="utf-8")
    assert extract(str(p))["don_vi"].lower() == "trường tiểu học phan bội châu"


def test_unreadable_own_number_is_not_replaced_by_a_later_one(tmp_path) -> None:
    from vanban.archive import extract

    p = tmp_path / "cv.txt"
    p.write_text("UBND HUYỆN TAM BÌNH\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố:¿4/PGDĐT\nV/v dạy học\n\n"
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                 "Tam Bình, ngày 5 tháng 10 năm 2020\n\nKính gửi: Các trường.\n\n"
                 "Thực hiện công văn của Sở (gửi kèm).\n\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n"
                 "Số: 2101/SGDĐT-MNPT\n\nTRƯỞNG PHÒNG\n\nLê Văn Hai\n", encoding="utf-8")
    rec = extract(str(p))
    assert rec["so_hieu"] is None and rec["so_hieu_raw"] is None
