"""Format detection for the readers: images, UTF-16 text, HTML sniffing."""

from __future__ import annotations

from PIL import Image
from vanban.ingest.detect import detect_format
from vanban.ingest.readers import ReadError, read


def test_images(tmp_path) -> None:
    for ext in ("png", "jpg", "bmp", "tif", "gif", "webp"):
        path = tmp_path / f"a.{ext}"
        Image.new("RGB", (20, 20), "white").save(path)
        assert detect_format(path) == "image", ext


def test_text_starting_like_a_bitmap(tmp_path) -> None:
    path = tmp_path / "bm.txt"
    path.write_text("BM nội dung văn bản bình thường", encoding="utf-8")
    assert detect_format(path) == "text"


def test_utf16_without_bom_and_html(tmp_path) -> None:
    path = tmp_path / "u16"
    path.write_bytes("Công đoàn cơ sở".encode("utf-16-le"))
    assert detect_format(path) == "text"
    page = tmp_path / "saved"
    page.write_text("<!-- saved from url -->\n<html><body><p>Tin</p></body></html>", "utf-8")
    assert detect_format(page) == "html"
    md = tmp_path / "a.md"
    md.write_text("# Tiêu đề\n\n<div>khối html trong markdown</div>", "utf-8")
    assert detect_format(md) == "text"


def test_unknown_and_empty_raise_read_error(tmp_path) -> None:
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    for fmt in ("empty", "zip", "binary"):
        try:
            read(empty, fmt)
        except ReadError as exc:
            assert str(exc)
        else:
            raise AssertionError(fmt)
