"""Where the day gap is cut: a `tháng` box that swallowed the end of the day, and the printed
`ngày`'s descender joined to the first handwritten digit."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from vanban.ingest.handwriting import segment
from vanban.ingest.handwriting.locate import locate
from vanban.ingest.readers.ocr import Word


def _word(text: str, left: int, width: int, conf: float = 95.0) -> Word:
    return Word(text, left, 500, width, 55, conf, (5, 1, 1))


def test_day_gap_ends_at_the_printed_thang_inside_a_wide_box() -> None:
    """`ngày 1` + `7tháng` + typed `5`: the day gap runs up to the printed `tháng` at the
    right end of its box, not to the box's left edge (which cuts the 7 in two)."""
    words = [_word("Bắc", 1371, 90), _word("Ninh,", 1475, 121), _word("ngày", 1619, 114),
             _word("Íđ", 1773, 54, 25.0), _word("tháng", 1801, 197), _word("5", 2042, 27, 96.3),
             _word("năm", 2114, 98), _word("2021", 2229, 111)]
    head = locate(words, 300, (2480, 3508))
    assert head is not None
    right = head.gaps["ngay"].box[2]
    assert 1998 - 0.5 * 300 <= right <= 1998 - 0.35 * 300  # the printed word's ~0.43 in
    # an ordinary `tháng` box: the day ends at the box
    words[4] = _word("tháng", 1801, 130)
    assert locate(words, 300, (2480, 3508)).gaps["ngay"].box[2] == 1801
    # a wide box with a handwritten month (no typed digits after it): the box's left edge
    words[4] = _word("tháng", 1801, 197)
    words[5] = _word("J~", 2042, 27, 30.0)
    assert locate(words, 300, (2480, 3508)).gaps["ngay"].box[2] == 1801


def _joined(low_left: bool) -> np.ndarray:
    """A tall handwritten `1` (a slanted stroke) whose foot is joined, at the crop's left
    edge, to a short stroke: low (the arm of the printed `y` before the gap) or rising as
    high as the digit (a digit's own stroke)."""
    img = Image.new("L", (90, 100), 250)
    dr = ImageDraw.Draw(img)
    dr.line([(30, 10), (14, 90)], fill=20, width=5)  # the digit, 80 px tall
    top = 55 if low_left else 12
    dr.line([(0, top), (14, 88)], fill=20, width=4)  # joined at the foot
    return segment.ink_mask(np.asarray(img))


def test_low_ink_at_the_left_edge_is_also_cut_off() -> None:
    """The day gap's crop starts where the word box says `ngày` ends; the `y`'s arm may
    reach in, joined to the first digit: the glyph is also read without its low left end
    (and without it only for the day, after a printed word)."""
    groups, _, _ = segment.glyph_parts(_joined(True), 60, edge=True)
    assert len(groups) == 1
    starts = {way[0][0] for way in groups[0] if way[0]}
    assert 0 in starts and any(s > 0 for s in starts)
    groups, _, _ = segment.glyph_parts(_joined(True), 60)  # not after a printed word
    assert {way[0][0] for way in groups[0] if way[0]} == {0}
    # ink at the edge that rises as high as the digit is the digit's own: kept whole
    groups, _, _ = segment.glyph_parts(_joined(False), 60, edge=True)
    assert {way[0][0] for way in groups[0] if way[0]} == {0}


def test_a_cut_off_edge_never_drops_a_digit() -> None:
    """Cut ways read at least as many digits as the whole glyph's fewest (`28` touching the
    `y` is never read as `8` alone)."""
    img = Image.new("L", (120, 100), 250)
    dr = ImageDraw.Draw(img)
    dr.line([(0, 60), (29, 80)], fill=20, width=4)  # the low arm, joined to the first
    dr.ellipse((20, 10, 62, 90), outline=20, width=5)  # two digits touching
    dr.ellipse((58, 10, 100, 90), outline=20, width=5)
    groups, _, _ = segment.glyph_parts(segment.ink_mask(np.asarray(img)), 60, edge=True)
    assert len(groups) == 1
    fewest = min(len(w) for w in groups[0] if w[0] and w[0][0] == 0)
    assert all(len(w) >= fewest for w in groups[0])
