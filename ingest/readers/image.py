"""Images (JPEG, PNG, TIFF with several pages, BMP): every frame is one OCR'd page."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError
from vanban.corpus.schema import Page, ReadResult
from vanban.corpus.vntext import nfc
from vanban.ingest import safety
from vanban.ingest.errors import ReadError
from vanban.ingest.readers.ocr import ocr_image

MAX_PIXELS = safety.MAX_IMAGE_PIXELS  # Pillow's decompression-bomb guard, set by safety
safety.configure_pillow()
A4_LONG_INCHES = 11.69
MAX_FRAMES = 500


def true_dpi(img: Image.Image) -> int:
    """The DPI the image declares if it gives a plausible paper size, else one estimated
    from an A4 page (phone photos declare 72 or 96 whatever their size)."""
    long_px = max(img.size)
    dpi = img.info.get("dpi")
    if dpi:
        try:
            d = float(dpi[0])
        except (TypeError, ValueError, IndexError):
            d = 0.0
        if d >= 50 and 5.0 <= long_px / d <= 17.0:
            return int(round(d))
    return max(70, int(round(long_px / A4_LONG_INCHES)))


def open_image(path: Path) -> Image.Image:
    """Open with the bomb guard turned into an error (Pillow only warns below 2x the limit)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
            img.size  # noqa: B018 - header parsed, pixels not yet decoded
        return img
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ReadError("ảnh quá lớn (nghi là bom giải nén), không đọc") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ReadError("không mở được ảnh (tệp hỏng hoặc định dạng ảnh lạ)") from exc


def read(path: Path) -> ReadResult:
    img = open_image(path)
    pages: list[Page] = []
    warns: list[str] = []
    meta: dict = {"image_format": img.format, "ocr_pages": []}
    try:
        for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
            if n > MAX_FRAMES:
                warns.append(f"ảnh có hơn {MAX_FRAMES} trang: chỉ đọc {MAX_FRAMES} trang đầu")
                break
            if frame.width * frame.height > MAX_PIXELS:
                raise ReadError("ảnh quá lớn (nghi là bom giải nén), không đọc")
            t0 = time.perf_counter()
            dpi = true_dpi(frame)
            try:
                frame.load()
                page_img = ImageOps.exif_transpose(frame) if n == 1 else frame.copy()
            except (OSError, ValueError, SyntaxError) as exc:
                raise ReadError(f"ảnh hỏng ở trang {n}") from exc
            res = ocr_image(page_img, dpi, handwriting=n == 1)
            if res.handwriting:
                meta["handwriting"] = res.handwriting
            if res.signer:
                meta.setdefault("signature_ocr", []).append({"page": n, **res.signer})
            pages.append(Page(number=n, text=nfc(res.text), method="ocr",
                              confidence=res.confidence, seconds=time.perf_counter() - t0))
            meta["ocr_pages"].append(n)
            meta.setdefault("dpi", dpi)
            if res.confidence is not None and res.confidence < 60:
                warns.append(f"trang {n}: độ tin cậy nhận dạng thấp ({res.confidence:.0f})")
    finally:
        img.close()
    if not pages:
        raise ReadError("ảnh không có trang nào")
    return ReadResult(pages=pages, format="image", meta=meta, warnings=warns)
