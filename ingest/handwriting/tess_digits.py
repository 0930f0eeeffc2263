"""The second candidate reader, for comparison: Tesseract on the crop alone, one text line
(`--psm 7`), digits only (a whitelist), the English model. Its confidence is the lowest word
confidence (0-100) scaled to 0-1."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageOps
from vanban.ingest.readers.ocr import pgm_bytes, tsv_words
from vanban.ingest.tools import tesseract


def read_digits(arr: np.ndarray, dpi: int) -> tuple[str | None, float]:
    img = ImageOps.expand(Image.fromarray(arr), border=20, fill=255)
    tsv = tesseract.ocr_tsv(pgm_bytes(img), dpi, lang="eng", psm=7, timeout=30,
                            config=("tessedit_char_whitelist=0123456789",))
    words = [w for w in tsv_words(tsv) if w.text.strip()]
    if not words:
        return None, 0.0
    text = "".join(w.text for w in words)
    if not text.isdigit():
        return None, 0.0
    return text, min(w.conf for w in words) / 100
