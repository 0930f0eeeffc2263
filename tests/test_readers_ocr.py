"""OCR: one harsh scan page against its truth, deskew and speckle measures, image bombs."""

from __future__ import annotations

import json
import struct
import zlib

import pytest
from PIL import Image, ImageDraw
from vanban.ingest.readers import ReadError, read
from vanban.ingest.readers.image import true_dpi
from vanban.ingest.readers.ocr import estimate_skew, fix_ocr_text, speckle_ratio

from tests.readers_util import FORMATS, TRUTH, cer


def test_harsh_scan_page() -> None:
    res = read(FORMATS / "doc0_p1_harsh150.jpg", "image")
    page = res.pages[0]
    assert page.method == "ocr" and page.confidence and page.confidence > 80
    truth = "\n".join(json.loads((TRUTH / "doc0_rl.pages.json").read_text("utf-8"))[0])
    assert cer(page.text, truth) <= 2.0
    assert res.meta["dpi"] == 150


def _lines_image(angle: float) -> Image.Image:
    img = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(img)
    for y in range(150, 1450, 40):
        draw.rectangle((150, y, 1050, y + 14), fill=0)
    return img.rotate(angle, expand=False, fillcolor=255)


def test_deskew_estimate() -> None:
    assert abs(estimate_skew(_lines_image(2.0)) + 2.0) <= 0.3
    assert abs(estimate_skew(_lines_image(0.0))) <= 0.2


def test_speckle_ratio() -> None:
    clean = _lines_image(0.0)
    noisy = clean.copy()
    px = noisy.load()
    for i in range(0, 1200 * 1600, 97):
        px[i % 1200, i // 1200] = 0
    assert speckle_ratio(clean) < 0.01 < 0.02 < speckle_ratio(noisy)


def test_true_dpi() -> None:
    img = Image.new("L", (1654, 2339))
    img.info["dpi"] = (200, 200)
    assert true_dpi(img) == 200
    phone = Image.new("L", (843, 1200))
    phone.info["dpi"] = (1, 1)  # nonsense: estimated from an A4 page
    assert 90 <= true_dpi(phone) <= 110


def test_lookalikes() -> None:
    assert fix_ocr_text("\u00d0ảng\n~ Các Sở") == "Đảng\n- Các Sở"


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_decompression_bomb_and_corrupt_images(tmp_path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(40000, 40000))
    with pytest.raises(ReadError, match="quá lớn"):
        read(bomb, "image")
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50)
    with pytest.raises(ReadError):
        read(bad, "image")


def test_multipage_tiff(tmp_path) -> None:
    pages = [Image.new("L", (200, 100), 255) for _ in range(2)]
    path = tmp_path / "two.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(300, 300))
    res = read(path, "image")
    assert [p.number for p in res.pages] == [1, 2]
    assert all(p.method == "ocr" for p in res.pages)


def test_low_resolution_scans_upsampled_to_300_dpi() -> None:
    from vanban.ingest.readers.ocr import working_scale
    from vanban.ingest.readers.pdf import render_dpi

    assert working_scale(103) == pytest.approx(300 / 103)  # a phone photo of an A4 page
    assert working_scale(200) == 1.0 and working_scale(300) == 1.0
    assert working_scale(600) == 0.5
    assert render_dpi(164) == 300  # a 164-dpi scanned PDF page
    assert render_dpi(200) == 200 and render_dpi(600) == 400 and render_dpi(None) == 300


def test_red_seal_dropped_black_and_blue_ink_kept() -> None:
    from vanban.ingest.readers.ocr import red_ink_share, to_gray

    img = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((100, 100, 500, 120), fill=(20, 20, 20))  # a printed line
    draw.rectangle((100, 200, 300, 215), fill=(30, 40, 160))  # blue handwriting
    draw.ellipse((300, 300, 500, 500), outline=(220, 30, 40), width=12)  # the seal's ring
    assert red_ink_share(img) > 0.001
    gray = to_gray(img)
    assert gray.getpixel((110, 110)) < 60 and gray.getpixel((110, 205)) < 60
    assert gray.getpixel((400, 305)) > 200  # the ring is paper now
    plain = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(plain).rectangle((100, 100, 500, 120), fill=(20, 20, 20))
    assert red_ink_share(plain) == 0.0
    assert to_gray(plain).getpixel((110, 110)) < 60
