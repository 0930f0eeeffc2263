"""Handwritten number and day of a scanned form.

On a scanned official document the number and the day are often written by hand into the
printed form (`Số: ___/QĐ-UBND`, `ngày __ tháng 4 năm 2019`); Tesseract reads the printed
text well but turns the handwriting into debris. `read_header` locates those gaps from the
printed words around them (`locate`), cuts the few small crops out of the page and reads
their digits with two small digit models (`model`: a perceptron trained on generated digits
by `train`, and a convolutional net trained on generated and real handwritten digits by
`training/digits_cnn.py`), on the same glyphs. Each reading carries its confidence; the field
step `ingest.fields.handwritten` decides what to keep. The crops are a few hundred pixels wide:
the cost is milliseconds per page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from vanban.ingest.handwriting import anchors, model, segment
from vanban.ingest.handwriting import locate as _locate

JUNK_SURE = 0.99  # "not a digit" this sure on most glyphs of a gap: letters, not digits
MIN_DIGIT_P = 0.80  # a glyph read below this probability makes the whole value unsure
RANGES = {"so": (1, 99999), "ngay": (1, 31), "thang": (1, 12)}
MAX_DIGITS = {"so": 5, "ngay": 2, "thang": 2}


def _digit_probs(imgs: list[np.ndarray],
                 path: Path) -> tuple[list[int], list[float], list[bool]]:
    """Each image's most likely digit, its probability among the ten digits, and whether
    the model is sure it is no digit at all. The "not a digit" class is trained on printed
    letters and scribbles; real handwriting (a flagged European 1, a looped 2) often lands
    there too, so it does not veto a glyph: the confidence is the digit's share of the
    digit classes."""
    full = model.classify(imgs, path)
    probs = full[:, :10] / np.maximum(full[:, :10].sum(axis=1, keepdims=True), 1e-9)
    junk = [bool(j) for j in full[:, model.JUNK] >= JUNK_SURE]
    return [int(c) for c in probs.argmax(axis=1)], [float(p) for p in probs.max(axis=1)], junk


def _best_way(ways: list[list[np.ndarray | None]],
              path: Path) -> tuple[list[int], list[float], list[bool]]:
    """The way of cutting a glyph whose digits read best (highest lowest probability). A
    tail cut off (None) is not read and costs nothing: it is no digit."""
    best: tuple[float, list[int], list[float], list[bool]] | None = None
    for way in ways:
        cls, ps, junk = _digit_probs([im for im in way if im is not None], path)
        score = min(ps) - 0.06 * (len(cls) - 1)  # a cut must earn its keep
        if best is None or score > best[0]:
            best = (score, cls, ps, junk)
    assert best is not None
    return best[1], best[2], best[3]


def _read(groups: list[list[list[np.ndarray | None]]], uneven: bool,
          path: Path) -> tuple[str | None, float]:
    if not groups or not model.available(path):
        return None, 0.0
    cls: list[int] = []
    ps: list[float] = []
    junk: list[bool] = []
    for ways in groups:
        c, p, j = _best_way(ways, path)
        cls += c
        ps += p
        junk += j
    if 2 * sum(junk) > len(junk):
        return None, 0.0
    conf = min(ps) * (0.5 if uneven else 1.0)
    return "".join(str(d) for d in cls), conf


def read_digits(arr: np.ndarray, ref: float, path: Path = model.WEIGHTS,
                edge: bool = False) -> tuple[str | None, float]:
    """The digits written in a greyscale crop and the reading's confidence (the lowest
    glyph probability, halved when the glyphs are of uneven height); None when nothing is
    written or most glyphs are surely letters or marks (printed text, not a number). `path`
    names the reader (`model.WEIGHTS`, `model.SECOND`); `edge`: the crop starts right after a
    printed word whose descender may reach into it (the day after `ngày`)."""
    return _read(*segment.glyphs(arr, ref, edge), path)


def read_both(arr: np.ndarray, ref: float, edge: bool = False
              ) -> tuple[tuple[str | None, float], tuple[str | None, float]]:
    """The first and the second reader's `read_digits` of one crop (cut into glyphs once)."""
    groups, uneven = segment.glyphs(arr, ref, edge)
    return _read(groups, uneven, model.WEIGHTS), _read(groups, uneven, model.SECOND)


def _value(field: str, digits: str | None, conf: float) -> dict[str, Any] | None:
    if digits is None or len(digits) > MAX_DIGITS[field]:
        return None
    lo, hi = RANGES[field]
    if not lo <= int(digits) <= hi:
        return None
    return {"value": digits, "confidence": round(conf, 3)}


def read_header(gray: Image.Image, words: list, dpi: int) -> dict[str, Any] | None:
    """The number line and date line of an OCR'd page, with what the printed pass and the
    digit reader read in each gap. JSON-ready (it is kept in the record's meta):
    `{"symbol": "QĐ-UBND", "year": 2019, "so": {"printed": "4@", "printed_conf": 12.0,
    "value": "103", "confidence": 0.97}, "ngay": {...}, "thang": {...}}`."""
    head = _locate.locate(words, dpi, gray.size)
    if head is None:
        return None
    out: dict[str, Any] = {"symbol": head.symbol, "year": head.year,
                           "number_line": head.number_line, "date_line": head.date_line}
    for field, gap in head.gaps.items():
        x0, y0, x1, y1 = anchors.refine(gray, gap, head.symbol or "")
        arr = np.asarray(gray.crop((x0, y0, x1, y1)), dtype=np.uint8)
        (digits, conf), (digits2, conf2) = read_both(arr, 0.75 * gap.line_height,
                                                            field == "ngay")
        entry: dict[str, Any] = {"printed": gap.printed, "printed_conf": round(gap.printed_conf, 1),
                                 "box": [x0, y0, x1, y1], "value": None,
                                 "confidence": round(conf, 3), "second": None,
                                 "second_confidence": round(conf2, 3)}
        val = _value(field, digits, conf)
        if val:
            entry.update(val)
        val2 = _value(field, digits2, conf2)
        if val2:
            entry["second"] = val2["value"]
        out[field] = entry
    return out
