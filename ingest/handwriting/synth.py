"""Generated handwritten digits: the training data of the digit reader and the crops of the
tests. Each digit is a few pen strokes (several ways of writing it: a flagged or plain 1, a
crossed 7, a looped 2, an open or closed 4), jittered, slanted, drawn with a pen of random
width, blurred and noised; printed digits from the machine's fonts are mixed in (typed
numbers and dates are read by the same model). No public data set is used."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

Stroke = list[tuple[float, float]]


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 14) -> Stroke:
    """Points of an elliptic arc, angles in degrees (0 = right, 90 = down)."""
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


# each digit: ways of writing it, each a list of strokes in a unit box (x right, y down)
SHAPES: dict[int, list[list[Stroke]]] = {
    0: [[_arc(0.5, 0.5, 0.42, 0.5, -90, 275, 20)],
        [_arc(0.5, 0.5, 0.35, 0.5, -100, 265, 20)]],
    1: [[[(0.55, 0.0), (0.5, 1.0)]],
        [[(0.15, 0.3), (0.6, 0.0), (0.5, 1.0)]],
        [[(0.05, 0.35), (0.65, 0.0), (0.45, 1.0)]],
        [[(0.3, 0.15), (0.7, 0.0), (0.2, 1.0)]],
        [[(0.35, 0.25), (0.75, 0.0), (0.35, 1.0)]],
        [[(0.25, 0.2), (0.55, 0.0), (0.55, 1.0)], [(0.25, 1.0), (0.85, 1.0)]]],
    2: [[_arc(0.5, 0.28, 0.4, 0.28, 200, 360, 10) + [(0.85, 0.4), (0.08, 1.0), (0.95, 1.0)]],
        [_arc(0.5, 0.28, 0.4, 0.28, 190, 370, 10)
         + [(0.6, 0.7), (0.2, 0.95), (0.1, 0.85), (0.3, 0.8), (0.6, 0.98), (0.95, 0.95)]],
        [_arc(0.45, 0.3, 0.4, 0.3, 180, 390, 12) + [(0.1, 1.0), (0.9, 0.98)]]],
    3: [[*_arc(0.45, 0.27, 0.38, 0.25, 200, 450, 12), *_arc(0.45, 0.73, 0.42, 0.27, 270, 500, 12)],
        [[(0.1, 0.0), (0.85, 0.0), (0.4, 0.42)] + _arc(0.45, 0.7, 0.42, 0.3, 270, 500, 12)]],
    4: [[[(0.6, 0.0), (0.05, 0.68), (0.95, 0.68)], [(0.68, 0.25), (0.66, 1.0)]],
        [[(0.2, 0.0), (0.1, 0.6), (0.9, 0.6)], [(0.7, 0.1), (0.7, 1.0)]],
        [[(0.65, 0.0), (0.65, 1.0)], [(0.65, 0.0), (0.0, 0.7), (0.95, 0.7)]]],
    5: [[[(0.9, 0.0), (0.25, 0.0), (0.2, 0.45)], _arc(0.45, 0.68, 0.45, 0.32, 215, 505, 14)],
        [[(0.25, 0.0), (0.18, 0.45)] + _arc(0.45, 0.68, 0.45, 0.32, 215, 505, 14),
         [(0.25, 0.02), (0.95, 0.0)]]],
    6: [[[(0.8, 0.0), (0.4, 0.25), (0.15, 0.6)] + _arc(0.5, 0.72, 0.37, 0.28, 180, 540, 16)],
        [_arc(0.85, 0.55, 0.7, 0.55, 250, 180, 8) + _arc(0.5, 0.74, 0.36, 0.26, 180, 530, 14)]],
    7: [[[(0.05, 0.0), (0.95, 0.0), (0.35, 1.0)]],
        [[(0.05, 0.05), (0.95, 0.0), (0.4, 1.0)], [(0.3, 0.5), (0.85, 0.48)]],
        [[(0.05, 0.15), (0.1, 0.0), (0.95, 0.0), (0.5, 1.0)]]],
    8: [[*_arc(0.5, 0.25, 0.32, 0.25, 90, 450, 16), *_arc(0.5, 0.74, 0.4, 0.26, -90, 270, 16)],
        [_arc(0.5, 0.25, 0.3, 0.24, 30, 390, 14) + _arc(0.5, 0.74, 0.4, 0.26, 210, -150, 14)]],
    9: [[*_arc(0.5, 0.28, 0.38, 0.28, 0, 360, 16), (0.88, 0.28), (0.8, 1.0)],
        [_arc(0.5, 0.28, 0.38, 0.28, 10, 370, 16) + [(0.85, 0.4), (0.5, 1.0)]],
        [_arc(0.5, 0.3, 0.38, 0.3, 0, 360, 16)
         + [(0.88, 0.3), (0.8, 0.8), (0.5, 1.0), (0.2, 0.9)]]],
}
# the list of a multi-stroke shape written as one flat list of points is a single stroke
for _d, _ways in SHAPES.items():
    SHAPES[_d] = [[s] if isinstance(s[0], tuple) else s for s in _ways]  # type: ignore[misc]

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]


@cache
def fonts() -> tuple[str, ...]:
    """TrueType fonts on the machine (printed digits for the training set)."""
    out = []
    for d in FONT_DIRS:
        if d.is_dir():
            out += [str(p) for p in sorted(d.rglob("*.ttf"))]
    return tuple(out)


def draw_digit(d: int, rng: np.random.Generator, height: int = 48) -> np.ndarray:
    """One handwritten-looking digit as ink (0..1 floats), about `height` pixels tall."""
    ways = SHAPES[d]
    strokes = ways[int(rng.integers(len(ways)))]
    w_scale = rng.uniform(0.5, 0.85) * (0.55 if d == 1 else 1.0)
    slant = rng.uniform(-0.15, 0.5) if rng.random() < 0.7 else rng.uniform(0.4, 0.8)
    rot = math.radians(rng.uniform(-8, 8))
    pen = max(1.0, height * rng.uniform(0.05, 0.14))
    margin = int(pen * 2 + height * 0.6)
    size = (int(height * 1.2) + 2 * margin, height + 2 * margin)
    img = Image.new("L", size, 0)
    dr = ImageDraw.Draw(img)
    jit = rng.uniform(0.0, 0.06)
    for stroke in strokes:
        pts = []
        # smooth wobble along the stroke (a hand, not a jagged noise)
        ax, ay, fx, fy, px0, py0 = (*rng.uniform(0, jit, 2), *rng.uniform(0.3, 1.5, 2),
                                    *rng.uniform(0, 2 * math.pi, 2))
        sx, sy = rng.normal(0, jit / 2, 2)
        n = max(1, len(stroke) - 1)
        for i, (x, y) in enumerate(stroke):
            t = 2 * math.pi * i / n
            x += sx + ax * math.sin(fx * t + px0)
            y += sy + ay * math.sin(fy * t + py0)
            px, py = x * height * w_scale, y * height
            px += slant * (height - py)
            qx = px * math.cos(rot) - (py - height / 2) * math.sin(rot)
            qy = px * math.sin(rot) + (py - height / 2) * math.cos(rot) + height / 2
            pts.append((qx + margin, qy + margin))
        dr.line(pts, fill=255, width=int(round(pen)), joint="curve")
        r = pen / 2
        for px, py in (pts[0], pts[-1]):
            dr.ellipse((px - r, py - r, px + r, py + r), fill=255)
    arr = np.asarray(img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2))),
                     dtype=np.float32) / 255
    return _trim(arr)


def print_digit(d: int, rng: np.random.Generator, height: int = 48) -> np.ndarray:
    """A digit in one of the machine's fonts (typed numbers, stamped dates)."""
    fs = fonts()
    img = Image.new("L", (height * 2, height * 2), 0)
    font = ImageFont.truetype(fs[int(rng.integers(len(fs)))], height) if fs \
        else ImageFont.load_default()
    ImageDraw.Draw(img).text((height // 3, height // 4), str(d), fill=255, font=font)
    if rng.random() < 0.5:  # italic
        s = rng.uniform(0.1, 0.3)
        img = img.transform(img.size, Image.AFFINE, (1, s, -s * height, 0, 1, 0), Image.BILINEAR)
    arr = np.asarray(img.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 1.0))),
                     dtype=np.float32) / 255
    return _trim(arr)


def _trim(arr: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(arr > 0.2)
    if len(xs) == 0:
        return arr
    return arr[max(0, ys.min() - 2):ys.max() + 3, max(0, xs.min() - 2):xs.max() + 3]


def form_crop(text: str, rng: np.random.Generator, height: int = 40,
              dots: bool = True, colour: bool = False) -> np.ndarray:
    """A greyscale crop of a form's gap (paper 255, ink dark) with `text` written by hand:
    leader dots on the baseline, digits that may touch them, pen pressure, scan noise."""
    glyphs = [draw_digit(int(c), rng, int(height * rng.uniform(0.9, 1.15))) for c in text]
    width = sum(g.shape[1] for g in glyphs) + int(height * (0.8 + 0.15 * len(text)))
    h = int(height * 2.0)
    canvas = np.zeros((h, width), dtype=np.float32)
    x = int(height * rng.uniform(0.2, 0.5))
    base = int(h * 0.78)
    for g in glyphs:
        gh, gw = g.shape
        y = base - gh + int(rng.integers(-2, 4))
        y = min(max(0, y), h - gh)
        if x + gw > width:
            break
        canvas[y:y + gh, x:x + gw] = np.maximum(canvas[y:y + gh, x:x + gw], g)
        x += gw - int(gw * rng.uniform(0.0, 0.2))
    if dots:
        for dx in range(2, width - 2, max(3, int(height * 0.18))):
            canvas[base + 2:base + 4, dx:dx + 2] = np.maximum(canvas[base + 2:base + 4, dx:dx + 2],
                                                            0.8)
    ink_level = rng.uniform(0.55, 0.95)
    paper = rng.uniform(215, 250)
    arr = paper - canvas * (paper - 255 * (1 - ink_level))
    arr += rng.normal(0, rng.uniform(2, 10), arr.shape)
    return np.clip(arr, 0, 255).astype(np.uint8)
