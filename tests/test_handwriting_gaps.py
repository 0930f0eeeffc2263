"""Where the day gap is cut: a `tháng` box that swallowed the end of the day, and the printed
`ngày`'s descender joined to the first handwritten digit."""

from __future__ import annotations

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
