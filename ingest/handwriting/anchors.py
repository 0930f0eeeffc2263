"""A gap's edges found in the pixels of the printed anchors around it.

`locate` estimates where the handwriting ends from Tesseract's word boxes; when the
handwriting is merged into a printed word (`:40/KH-PGDĐT`, `ê622/PGDĐT`) that estimate is off
by a glyph, and a crop that keeps the printed slash reads `40` as `401` (a wrong number) or one
that stops short reads `625` as `62`. The printed glyphs themselves are easy to find: they
share the line's cap height and baseline. The number's right edge is the slash of the type
code: the strokes leaning like `/` are counted from the code's right end. (Counting the
letters of `Số` and `ngày` from the left, for the left edges, was tried and moved more crops
the wrong way than the right way on the dev scans: not used.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage
from vanban.ingest.handwriting.locate import Gap
from vanban.ingest.handwriting.segment import ink_mask


@dataclass(frozen=True)
class Blob:
    """A connected piece of ink, in page pixels."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def h(self) -> int:
        return self.y1 - self.y0


def blobs(gray: Image.Image, box: tuple[int, int, int, int], min_size: float) -> list[Blob]:
    """The pieces of ink inside a page box, left to right; specks below `min_size` pixels
    dropped. Accents stay apart from their letters: the heights measured are the letters'."""
    x0, y0 = box[0], box[1]
    lab, _ = ndimage.label(ink_mask(np.asarray(gray.crop(box), dtype=np.uint8)),
                           structure=np.ones((3, 3)))
    out = []
    for sl in ndimage.find_objects(lab):
        if sl is None:
            continue
        a, b, c, d = sl[1].start, sl[0].start, sl[1].stop, sl[0].stop
        if max(c - a, d - b) >= min_size:
            out.append(Blob(x0 + a, y0 + b, x0 + c, y0 + d))
    return sorted(out, key=lambda bl: bl.x0)


SLASHY = set("AVXZMW7/")  # printed capitals and digits with a full-height `/` stroke
SLOPES = (0.25, 0.32, 0.39, 0.46, 0.53)  # the lean (dx/dy) of a printed slash, by font


def _line_metrics(bs: list[Blob], ref: float) -> tuple[float, float] | None:
    """Cap height and baseline of the printed glyphs at the right end of a list of blobs."""
    tall = [b for b in bs if 0.4 * ref <= b.h <= 1.6 * ref][-4:]
    if not tall:
        return None
    return float(np.median([b.h for b in tall])), float(np.median([b.y1 for b in tall]))


def slash_strokes(mask: np.ndarray, cap: float) -> list[int]:
    """The left ends (at the baseline: the mask's last row) of the strokes leaning like `/`
    that run the capitals' full height: ink all along a line from the baseline up one cap
    height at one of the usual slants, where the upright line from the same point is not
    (a letter's stem)."""
    h, w = mask.shape
    ink = mask.copy()
    ink[:, 1:] |= mask[:, :-1]  # a pixel's tolerance for jagged scans
    ink[:, :-1] |= mask[:, 1:]
    rise = min(h, int(round(cap)))
    ys = np.arange(h - 1, h - 1 - rise, -1)
    up = h - 1 - ys
    xs = np.arange(w)
    upright = ink[ys].mean(axis=0)
    hit = np.zeros(w, dtype=bool)
    for k in SLOPES:
        cols = xs[:, None] + np.round(up * k).astype(int)[None, :]
        inside = cols < w
        vals = np.where(inside, ink[ys[None, :], np.minimum(cols, w - 1)], False)
        span = int(k * rise) + 3
        # no upright stem under the leaning line: a stem would fill a column there
        stem = np.array([upright[max(0, x - 2):x + span].max() for x in range(w)])
        hit |= (vals.mean(axis=1) >= 0.92) & (stem < 0.6)
    out, x = [], 0
    while x < w:
        if hit[x]:
            out.append(x)
            while x < w and hit[x]:
                x += 1
        x += 1
    return out


def number_right(gray: Image.Image, gap: Gap, symbol: str = "") -> int | None:
    """The left edge of the type code's slash (`/KH-PGDĐT`) at the baseline: counting the
    `/`-like strokes from the code's right end, past those of the code itself (its inner
    slashes, a V, an A), the next one is the slash that ends the number. None when it is not
    found within a glyph or two of the estimate."""
    if gap.code_right <= gap.box[0]:
        return None
    x0, top, x1, bottom = gap.box
    bs = blobs(gray, (x0, top, gap.code_right + 2, bottom), 0.15 * gap.line_height)
    met = _line_metrics(bs, gap.line_height)
    if met is None:
        return None
    cap, base = met
    y0, y1 = max(top, int(base - 1.2 * cap)), int(base + 1)
    arr = np.asarray(gray.crop((x0, y0, gap.code_right + 2, y1)), dtype=np.uint8)
    strokes = slash_strokes(ink_mask(arr), 0.95 * cap)
    def printed(x: int) -> bool:
        """The stroke's glyph is of the printed line's size (handwriting is taller, and a
        cut at a handwritten `1` would drop digits)."""
        glyph = [b for b in bs if b.x0 <= x + 2 and b.x1 > x]
        return bool(glyph) and all(b.h <= 1.45 * cap and -0.2 * cap <= b.y1 - base <= 0.35 * cap
                                   for b in glyph)

    want = sum(c in SLASHY for c in symbol) + 1
    if len(strokes) >= want:
        right = x0 + strokes[-want]
        # cutting the estimate shorter only at a printed-size stroke (a handwritten digit
        # touching the slash makes it taller: extending up to it is safe)
        if abs(right - x1) <= 1.2 * cap and right - x0 >= 0.3 * cap \
                and (right >= x1 or printed(right)):
            return right
    # a stroke of the code was missed: the slash is still the printed-size stroke at the
    # estimate's right end, if there is one (a crop keeping it reads `40/` as `401`)
    for st in reversed(strokes):
        x = x0 + st
        if x1 - 1.0 * cap <= x <= x1 and x - x0 >= 0.3 * cap and printed(x):
            return x
    return None


def refine(gray: Image.Image, gap: Gap, symbol: str = "") -> tuple[int, int, int, int]:
    """The gap's box with the right edge the printed slash gives (the number gap only; the
    other edges are the word boxes' estimates)."""
    x0, y0, x1, y1 = gap.box
    if gap.field == "so":
        right = number_right(gray, gap, symbol)
        if right is not None:
            x1 = right
    return x0, y0, x1, y1
