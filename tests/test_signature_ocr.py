"""The signer under the seal: signature blocks drawn here (title, red seal, a pen stroke over
the name) read by the targeted second OCR; a title-only block, a damaged title and the
recipients never give a name; the field step fills only what the text pass left null."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont
from vanban.ingest.fields import signer_ocr
from vanban.ingest.fields.signature import is_name, title_like
from vanban.ingest.readers import signature_ocr

from tests.fields_util import record

needs_tesseract = pytest.mark.skipif(not shutil.which("tesseract"), reason="không có tesseract")
FONTS = Path("/usr/share/fonts/truetype/dejavu")
needs_fonts = pytest.mark.skipif(not (FONTS / "DejaVuSerif-Bold.ttf").exists(),
                                 reason="không có phông DejaVu")


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf")),
                              size)


def _page(name: str | None, title: tuple[str, ...] = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
          ) -> Image.Image:
    """A scanned last page at 300 dpi: a body line, `Nơi nhận:` with a recipient who has a
    name, the title lines on the right, a red seal over the block and a pen stroke running
    from the seal across the space above the name and into its first letters."""
    page = Image.new("RGB", (2480, 1500), "white")
    dr = ImageDraw.Draw(page)
    body, small, bold = _font(False, 40), _font(False, 34), _font(True, 42)
    dr.text((250, 120), "Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết./.",
            fill=(15, 15, 15), font=body)
    dr.text((250, 330), "Nơi nhận:", fill=(15, 15, 15), font=_font(True, 34))
    for i, item in enumerate(("- Như trên;", "- Ông Nguyễn Văn An;", "- Lưu: VT, VX.")):
        dr.text((250, 390 + 50 * i), item, fill=(15, 15, 15), font=small)
    for i, line in enumerate(title):
        dr.text((1450, 330 + 60 * i), line, fill=(15, 15, 15), font=bold)
    if name:
        dr.text((1480, 900), name, fill=(15, 15, 15), font=_font(True, 46))
    # the seal and the signature are ink laid over the print: multiplied onto the page
    ink = Image.new("RGB", page.size, "white")
    di = ImageDraw.Draw(ink)
    cx, cy, r = 1560, 720, 230
    di.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(205, 35, 40), width=12)
    di.ellipse((cx - r + 45, cy - r + 45, cx + r - 45, cy + r - 45), outline=(205, 35, 40),
               width=6)
    for j, word in enumerate(("ỦY BAN", "NHÂN DÂN", "TỈNH")):
        di.text((cx - 110, cy - 80 + 55 * j), word, fill=(210, 40, 45), font=_font(True, 40))
    # the signature: a dark pen stroke through the seal, its long tail sweeping back just
    # over the name
    di.line([(1500, 640), (1620, 560), (1700, 700), (1800, 600), (2150, 560)],
            fill=(25, 30, 90), width=5)
    di.line([(2150, 560), (1750, 870), (1300, 890)], fill=(25, 30, 90), width=4)
    page = ImageChops.multiply(page, ink)
    return page


def _ocr(img: Image.Image):
    from vanban.ingest.readers import ocr
    from vanban.ingest.tools import tesseract

    gray = ocr.prepare(img)[0]
    return gray, ocr.tsv_words(tesseract.ocr_tsv(ocr.pgm_bytes(gray), 300))


@needs_tesseract
@needs_fonts
def test_name_under_seal_and_stroke_is_read() -> None:
    from vanban.ingest.readers.ocr import ocr_image

    page = ocr_image(_page("Trần Văn Lâu"), 300)
    assert page.signer is not None
    assert page.signer["name"] == "Trần Văn Lâu"
    assert page.signer["confidence"] >= signer_ocr.THRESHOLD
    assert "CHỦ TỊCH" in page.signer["title"]


@needs_tesseract
@needs_fonts
def test_crop_reads_the_name_the_page_ocr_lost() -> None:
    """The page OCR's words without the name line (what the seal and stroke do to a real
    page): the second OCR of the strip below the title reads it."""
    gray, words = _ocr(_page("Lê Minh Hải"))
    title = signature_ocr.title_block(words, *gray.size)
    assert title and "CHỦ TỊCH" in title[-1].text
    kept = [w for w in words if w.top < title[-1].bottom + 20 or w.left < 1000]
    got = signature_ocr.read_signer(gray, kept, 300)
    assert got is not None and got["method"] == "signature_ocr"
    assert got["name"] == "Lê Minh Hải"


@needs_tesseract
@needs_fonts
def test_title_only_block_gives_no_name_and_never_a_recipient() -> None:
    gray, words = _ocr(_page(None))
    got = signature_ocr.read_signer(gray, words, 300)
    assert got is not None and "CHỦ TỊCH" in (got["title"] or "")
    assert got["name"] is None  # not "Nguyễn Văn An" from the recipients, not a seal word


def test_page_without_a_block_is_not_read() -> None:
    assert signature_ocr.read_signer(Image.new("L", (800, 1000), 255), [], 300) is None


def test_damaged_title_is_never_a_name() -> None:
    """`PHÓ` under the seal's ring read as `HỘ`: still a title, not a person."""
    for text in ("HỘ TRƯỞNG PHÒNG", "Hộ Trưởng Phòng", "PHÓ GIÁM ĐỐC", "Chú Tịch"):
        assert title_like(text) and not is_name(text), text
    for text in ("Lê Minh Hải", "Hồ Trường Phong", "Trần Văn Lâu"):
        assert is_name(text) and not title_like(text), text


def test_syllables_of_a_name() -> None:
    assert all(signature_ocr.syllable_like(w) for w in "Vương Quốc Tuấn".split())
    assert not signature_ocr.syllable_like("ZÝê")  # a stroke glued onto `Lê`
    assert not signature_ocr.syllable_like("MiNh")


TEXT = ("ỦY BAN NHÂN DÂN\n\nTỈNH SÓC TRĂNG\n\nSố: 56/TB-UBND\n\nSóc Trăng, ngày 15 tháng 12 "
        "năm 2020\n\nTHÔNG BÁO\n\nVề việc nghỉ Tết\n\n" + "Các cơ quan thực hiện nghỉ Tết. " * 20
        + "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n{block}")


def _reading(page: int = 1, **kw) -> dict:
    r = {"page": page, "title": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "name": "Trần Văn Lâu",
         "confidence": 0.95, "method": "signature_ocr"}
    r.update(kw)
    return {"signature_ocr": [r]}


def test_field_step_fills_null_signer_with_provenance() -> None:
    rec = record(TEXT.format(block="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"), fmt="pdf", meta=_reading())
    assert rec.nguoi_ky == "Trần Văn Lâu"
    assert rec.chuc_vu == "Phó Chủ tịch"
    sp = rec.provenance["nguoi_ky"]
    assert sp.method == "signature_ocr" and sp.confidence == pytest.approx(0.95)


def test_field_step_title_when_the_seal_hid_it_kt_means_deputy() -> None:
    rec = record(TEXT.format(block=""), fmt="pdf", meta=_reading(title="KT. CHỦ TỊCH"))
    assert rec.chuc_vu == "Phó Chủ tịch"
    assert rec.provenance["chuc_vu"].method == "signature_ocr"
    assert rec.nguoi_ky == "Trần Văn Lâu"


def test_field_step_unsure_name_stays_null_and_text_value_stands() -> None:
    rec = record(TEXT.format(block="CHỦ TỊCH"), fmt="pdf", meta=_reading(confidence=0.5))
    assert rec.chuc_vu == "Chủ tịch" and rec.nguoi_ky is None
    rec = record(TEXT.format(block="CHỦ TỊCH\n\nNguyễn Văn Sơn"), fmt="pdf", meta=_reading())
    assert rec.nguoi_ky == "Nguyễn Văn Sơn"
    assert rec.provenance["nguoi_ky"].method is None


def test_field_step_takes_the_block_of_the_main_documents_page() -> None:
    """The text pass found the title on page 1: a block read on a later page (an attached
    document's signer) is not the document's."""
    rec = record(TEXT.format(block="CHỦ TỊCH"), fmt="pdf", meta=_reading(page=3))
    assert rec.nguoi_ky is None


@needs_tesseract
@needs_fonts
def test_block_beside_recipients_when_no_title_was_read() -> None:
    """The seal hid the title from the page OCR: the column right of `Nơi nhận:` is read,
    and the recipient on the left (`Ông Nguyễn Văn An`) is never the signer."""
    gray, words = _ocr(_page("Vương Quốc Tuấn", title=()))
    assert not signature_ocr.title_block(words, *gray.size)
    got = signature_ocr.read_signer(gray, words, 300)
    assert got is not None and got["name"] == "Vương Quốc Tuấn"
    gray, words = _ocr(_page(None, title=()))
    got = signature_ocr.read_signer(gray, words, 300)
    assert got is not None and got["name"] is None
