"""A gap's crop to digit images: ink by Otsu's threshold, connected components, leader dots
and specks dropped, broken strokes joined, touching digits split, each glyph normalised the
MNIST way (slant removed, fitted into 20x20, centred by mass in 28x28)."""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

SIZE = 28
INNER = 20
TAIL = 0.3  # a glyph's right end whose ink is lower than this share of its height is a tail


def otsu(arr: np.ndarray) -> int:
    """Otsu's threshold of a greyscale array."""
    hist = np.bincount(arr.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mt = m0[-1]
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


def ink_mask(arr: np.ndarray) -> np.ndarray:
    """Dark ink of a crop; empty when the crop is blank paper."""
    if arr.size == 0 or int(arr.min()) > 150:
        return np.zeros(arr.shape, dtype=bool)
    thr = min(otsu(arr), 190)
    return arr <= thr


Box = tuple[int, int, int, int]


def _tail(glyph: np.ndarray) -> int | None:
    """Where a glyph's tail starts: the run of columns at its right end whose ink is too
    low to be a digit and lies in the lower half (the long flat stroke a hand ends a 2
    with). None when there is no such tail, at least a quarter of the height long."""
    h, w = glyph.shape
    any_ink = glyph.any(axis=0)
    top = np.where(any_ink, glyph.argmax(axis=0), h)
    bottom = np.where(any_ink, h - 1 - glyph[::-1].argmax(axis=0), -1)
    top_r = np.minimum.accumulate(top[::-1])[::-1]  # over the columns from x to the end
    bottom_r = np.maximum.accumulate(bottom[::-1])[::-1]
    low = (bottom_r - top_r + 1 < TAIL * h) & (top_r >= h / 2)
    if not low[-1]:
        return None
    start = w - int(np.argmin(low[::-1])) if not low.all() else 0
    return start if w - start >= 0.25 * h and start >= 0.3 * h else None


EDGE_TRIMS = (0.1, 0.2)  # shares of the glyph's height cut off a glyph at the crop's left edge
EDGE_LOW = 0.4  # ... when the ink cut off stays below this share of its height from the top


def _edge_trims(glyph: np.ndarray) -> list[int]:
    """Columns to cut a glyph at the crop's left edge from, when the ink left of them lies
    low (in the printed line's x-height band or under it: the arm or the descender of the
    `y` of `ngày` joined to the first digit); a handwritten digit rises above it."""
    h, w = glyph.shape
    out = []
    for share in EDGE_TRIMS:
        t = int(round(share * h))
        if t < 1 or w - t < 0.3 * h:
            break
        strip = glyph[:, :t]
        if strip.any() and strip.any(axis=1).argmax() >= EDGE_LOW * h:
            out.append(t)
    return out


def _ways(mask: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> list[list[Box | None]]:
    """A glyph cut into 1 to 5 touching digits at the thinnest columns, as many as a
    digit's width (0.4-1.15 of its height) allows."""
    h, w = y1 - y0, x1 - x0
    k_min = max(1, int(np.ceil(w / (1.15 * h))))
    k_max = min(5, max(k_min, int(w / (0.4 * h))))
    cols = mask[y0:y1, x0:x1].sum(axis=0).astype(float)
    ways: list[list[Box | None]] = []
    for k in range(k_min, k_max + 1):
        cuts = []
        for i in range(1, k):
            c = int(w * i / k)
            lo, hi = max(1, c - w // (3 * k)), min(w - 1, c + w // (3 * k))
            cuts.append(lo + int(np.argmin(cols[lo:hi])) if hi > lo else c)
        edges = [0, *cuts, w]
        ways.append([(x0 + a, y0, x0 + b, y1) for a, b in zip(edges, edges[1:], strict=False)])
    return ways


def glyph_boxes(mask: np.ndarray, ref: float) -> tuple[list[list[list[Box | None]]], np.ndarray]:
    """The glyphs of a gap, left to right, and the mask of the components kept. Each glyph
    is a list of ways to read it: one box (x0, y0, x1, y1), or cut into 2 or 3 touching
    digits; a glyph ending in a `_tail` is also read without it (the tail marked None).
    `ref` is the expected digit height in pixels: leader dots, commas and specks are much
    smaller."""
    groups, lab, owners = glyph_parts(mask, ref)
    return groups, np.isin(lab, [i for own in owners for i in own])


def glyph_parts(mask: np.ndarray, ref: float, edge: bool = False
                ) -> tuple[list[list[list[Box | None]]], np.ndarray, list[list[int]]]:
    """`glyph_boxes`' glyphs, the component labels of the mask and, per glyph, the labels of
    its own components: two digits whose boxes overlap (a `0` leaning into the loop of the
    `2` after it) are each read from their own ink only. `edge`: a glyph at the crop's left
    edge is also read with its low left end cut off (`_edge_trims`)."""
    lab, n = ndimage.label(mask, structure=np.ones((3, 3)))
    boxes = []
    keep = np.zeros(n + 1, dtype=bool)
    for i, sl in enumerate(ndimage.find_objects(lab), start=1):
        if sl is None:
            continue
        y0, y1, x0, x1 = sl[0].start, sl[0].stop, sl[1].start, sl[1].stop
        h, w = y1 - y0, x1 - x0
        if max(h, w) < 0.3 * ref:
            continue  # dots, commas, specks, leader dashes
        if h < 0.2 * ref and w > 1.5 * h:
            continue  # an underline, a dash
        if h > 3.0 * ref:
            continue  # a table rule, a page edge
        keep[i] = True
        boxes.append([x0, y0, x1, y1, i])
    boxes.sort()
    merged: list[list[int]] = []
    parts: list[list[int]] = []
    for b in boxes:  # parts of one glyph overlap in x (the bar of a 5, a crossed 7)
        if merged:
            m = merged[-1]
            overlap = min(m[2], b[2]) - max(m[0], b[0])
            if overlap > 0.5 * min(m[2] - m[0], b[2] - b[0]):
                merged[-1] = [min(m[0], b[0]), min(m[1], b[1]), max(m[2], b[2]), max(m[3], b[3])]
                parts[-1].append(b[4])
                continue
        merged.append(b[:4])
        parts.append([b[4]])
    kept = keep[lab]
    out: list[list[list[Box | None]]] = []
    owners: list[list[int]] = []
    for (x0, y0, x1, y1), own in zip(merged, parts, strict=True):
        h, w = y1 - y0, x1 - x0
        if h < 0.45 * ref:
            continue  # a stroke fragment too low to be a digit
        # touching digits: the reader chooses the way that reads best; a glyph ending in a
        # tail is also read without it (the tail, None, is no digit)
        ways = _ways(mask, x0, y0, x1, y1)
        if edge and x0 == 0:  # the printed word before the gap reaching in, joined to a digit
            least = min(len(way) for way in ways)  # a cut never reads fewer digits
            ways += [way for t in _edge_trims(kept[y0:y1, x0:x1])
                     for way in _ways(mask, t, y0, x1, y1) if len(way) >= least]
        t = _tail(kept[y0:y1, x0:x1])
        if t is not None:
            ways += [[*way, None] for way in _ways(mask, x0, y0, x0 + t, y1)]
        out.append(ways)
        owners.append(own)
    return out, lab, owners


def _deslant(img: np.ndarray) -> np.ndarray:
    """Shear a glyph upright by its second moments (slanted handwriting reads as upright)."""
    ys, xs = np.nonzero(img > 0.3)
    if len(xs) < 5:
        return img
    w = img[ys, xs]
    my, mx = np.average(ys, weights=w), np.average(xs, weights=w)
    vy = np.average((ys - my) ** 2, weights=w)
    if vy < 1e-3:
        return img
    skew = np.average((xs - mx) * (ys - my), weights=w) / vy
    skew = float(np.clip(skew, -0.8, 0.8))
    h, wd = img.shape
    pad = int(abs(skew) * h) + 2
    src = Image.fromarray((img * 255).astype(np.uint8)).crop((-pad, 0, wd + pad, h))
    out = src.transform(src.size, Image.AFFINE, (1, skew, -skew * my, 0, 1, 0), Image.BILINEAR)
    return np.asarray(out, dtype=np.float32) / 255


def normalise(glyph: np.ndarray) -> np.ndarray:
    """A glyph's ink (0..1 floats, any size) as a 28x28 image like MNIST's."""
    g = _deslant(glyph)
    ys, xs = np.nonzero(g > 0.2)
    if len(xs) == 0:
        return np.zeros((SIZE, SIZE), dtype=np.float32)
    g = g[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    h, w = g.shape
    s = INNER / max(h, w)
    nh, nw = max(1, int(round(h * s))), max(1, int(round(w * s)))
    small = np.asarray(Image.fromarray((g * 255).astype(np.uint8)).resize((nw, nh),
                       Image.BILINEAR), dtype=np.float32) / 255
    out = np.zeros((SIZE, SIZE), dtype=np.float32)
    tot = small.sum()
    if tot <= 0:
        return out
    cy = (small.sum(axis=1) * np.arange(nh)).sum() / tot
    cx = (small.sum(axis=0) * np.arange(nw)).sum() / tot
    oy = int(round(SIZE / 2 - cy))
    ox = int(round(SIZE / 2 - cx))
    oy = min(max(oy, 0), SIZE - nh)
    ox = min(max(ox, 0), SIZE - nw)
    out[oy:oy + nh, ox:ox + nw] = small
    return out


def uneven(groups: list[list[list[Box]]]) -> bool:
    """A glyph much lower than the others: a broken stroke or a mark, not a digit of the
    same hand (the reading is then unsure)."""
    heights = [next(b[3] - b[1] for b in ways[0] if b) for ways in groups]
    return bool(heights) and min(heights) < 0.6 * max(heights)


def glyphs(arr: np.ndarray, ref: float,
           edge: bool = False) -> tuple[list[list[list[np.ndarray | None]]], bool]:
    """The normalised images of a greyscale crop's glyphs: per glyph, per way of cutting
    it (see `glyph_boxes`), the digit images (None for a tail); and whether the glyphs are
    `uneven`."""
    groups, lab, owners = glyph_parts(ink_mask(arr), ref, edge)
    dark = np.clip((255.0 - arr.astype(np.float32)) / 255.0, 0, 1)
    out = []
    for ways, own in zip(groups, owners, strict=True):
        ink = dark * np.isin(lab, own)
        imgs = []
        for boxes in ways:
            cut: list[np.ndarray | None] = []
            for box in boxes:
                if box is None:
                    cut.append(None)
                    continue
                x0, y0, x1, y1 = box
                part = ink[y0:y1, x0:x1]
                cut.append(normalise(part / max(1e-3, float(part.max()))))
            imgs.append(cut)
        out.append(imgs)
    return out, uneven(groups)
