"""The signer's name under the seal: a second, targeted OCR of a scanned signature block.

Whole-page OCR reads the printed title of a signature block (`KT. TRƯỞNG PHÒNG`) well, but
often drops the name printed below it: the seal's ring and the signature's long stroke run
through those lines and Tesseract's page layout throws them away as a picture. The block is
found from the page's word boxes (a title line in the right half of the page), and only the
strip below the title is OCR'd again as one block of text (`--psm 6`), with the thin
signature strokes thinned out in a second try. A line that looks like a person's name is
kept with its confidence; the field step `ingest.fields.signer_ocr` decides whether to use
it. Cost: one small crop (a tenth of a page) on the pages that carry a signature block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image
from vanban.ingest.tools import tesseract

METHOD = "signature_ocr"
MIN_CONF = 70  # mean Tesseract word confidence (0-100) from which a name line is kept
PAGE_NAME_CONF = 85  # a name the page OCR already read this well needs no second look
STRIP_INCHES = 2.4  # the strip below the title: this high (a fifth of an A4 page)
PAD_INCHES = 0.5  # and this much wider than the title on each side
RIGHT_HALF = 0.45  # a signature title's centre lies right of this share of the width
CLIP_LEVEL = 120  # second try: pixels lighter than this (a seal's remains) become paper


@dataclass
class _Seg:
    """A run of words of one OCR line standing together (one column of that line)."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float


def _segments(words: list[Any]) -> list[_Seg]:
    """Each OCR line cut into its columns at wide gaps (recipients | signature title)."""
    lines: dict[tuple[int, int, int], list[Any]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    out: list[_Seg] = []
    for ws in lines.values():
        h = max(8, sorted(w.height for w in ws)[len(ws) // 2])
        runs: list[list[Any]] = [[ws[0]]]
        for w0, w1 in zip(ws, ws[1:], strict=False):
            if w1.left - w0.right > 3 * h:
                runs.append([w1])
            else:
                runs[-1].append(w1)
        for run in runs:
            confs = [w.conf for w in run if w.conf >= 0]
            out.append(_Seg(" ".join(w.text for w in run), min(w.left for w in run),
                            min(w.top for w in run), max(w.right for w in run),
                            max(w.bottom for w in run),
                            sum(confs) / len(confs) if confs else 0.0))
    return out


def _is_title(text: str) -> bool:
    from vanban.ingest.fields.signature import position

    return position(text) is not None


def title_block(words: list[Any], width: int, height: int) -> list[_Seg]:
    """The signature block's title lines (`KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`), top to bottom:
    the lowest title line in the right part of the page, with the title lines just above it.
    Empty when the page has none."""
    segs = [s for s in _segments(words)
            if (s.left + s.right) / 2 > RIGHT_HALF * width and _is_title(s.text)]
    if not segs:
        return []
    segs.sort(key=lambda s: s.top)
    block = [segs[-1]]
    for s in reversed(segs[:-1]):
        gap = block[0].top - s.bottom
        if gap > 2.5 * (block[0].bottom - block[0].top):
            break
        block.insert(0, s)
    return block


def strip_box(block: list[_Seg], width: int, height: int,
              dpi: int = 300) -> tuple[int, int, int, int]:
    """Where the name can be: below the title, as wide as the title column and a bit more
    (a name is often longer than `CHỦ TỊCH`), a fifth of an A4 page down. The title stays out
    of the crop: Tesseract then takes the strip for one block of text and keeps the name."""
    left = min(s.left for s in block)
    right = max(s.right for s in block)
    pad = max((right - left) // 2, int(PAD_INCHES * dpi))
    x0, x1 = max(0, left - pad), min(width, right + pad)
    y0 = block[-1].bottom + 2
    y1 = min(height, y0 + int(STRIP_INCHES * dpi))
    return x0, y0, x1, y1


_NOI_NHAN = re.compile(r"^N[ơoó]i\s*nh[ậaầ]n\b", re.IGNORECASE)


def beside_recipients(words: list[Any], width: int, height: int,
                      dpi: int = 300) -> tuple[int, int, int, int] | None:
    """No title was read (the seal lies over it): the signature column stands beside the
    `Nơi nhận:` block, on the right half from just above that label down."""
    labels = [s for s in _segments(words)
              if s.right < 0.55 * width and _NOI_NHAN.match(s.text.strip(" _-~.:"))]
    if not labels:
        return None
    lab = labels[-1]
    y0 = max(0, lab.top - 2 * (lab.bottom - lab.top))
    return int(RIGHT_HALF * width), y0, width, min(height, lab.top + int(3 * dpi))


_FOREIGN = set("fjwzFJWZ")  # letters no Vietnamese syllable has


def syllable_like(word: str) -> bool:
    """A word that can be a Vietnamese name syllable as printed: `Hải` or `HẢI`, at most
    seven letters, none of f, j, w, z (`ZÝê`, a stroke glued onto `Lê`, is none)."""
    if not (word.isalpha() and len(word) <= 7) or _FOREIGN & set(word):
        return False
    return word.isupper() or (word[0].isupper() and (len(word) == 1 or word[1:].islower()))


def _name_lines(words: list[Any]) -> list[tuple[str, float, int]]:
    """The lines of a crop's OCR that look like a person's name: (name, confidence 0-100,
    top). Stroke debris around the name is cleaned the same way as in the text pass."""
    from vanban.ingest.fields.signature import clean_name, is_name

    out = []
    for s in _segments(words):
        name = clean_name(s.text)
        if is_name(name) and all(syllable_like(w) for w in name.split()):
            out.append((name, s.conf, s.top))
    return out


def clip_light(gray: Image.Image, level: int = CLIP_LEVEL) -> Image.Image:
    """The crop with every pixel lighter than `level` turned to paper: what the red channel
    leaves of a seal (its ring, coat of arms and letters in light grey) goes, while printed
    and signed ink, darker, stays."""
    arr = np.asarray(gray.convert("L"))
    return Image.fromarray(np.where(arr > level, 255, arr).astype(np.uint8))


def has_grey(gray: Image.Image, level: int = CLIP_LEVEL) -> bool:
    """Whether the crop has light-grey ink for `clip_light` to remove (a bilevel scan has
    none: the second try would read the same pixels again)."""
    arr = np.asarray(gray.convert("L"))
    return bool(((arr > level) & (arr < 230)).mean() > 0.005)


def _ocr(crop: Image.Image, dpi: int) -> list[Any]:
    from vanban.ingest.readers.ocr import pgm_bytes, tsv_words

    return tsv_words(tesseract.ocr_tsv(pgm_bytes(crop), dpi, psm=6))


def _read(words: list[Any]) -> tuple[list[str], tuple[str, float] | None]:
    """A crop's title lines, and its best name line below the last of them (by confidence)."""
    segs = sorted(_segments(words), key=lambda s: s.top)
    titles = [s for s in segs if _is_title(s.text)]
    below = titles[-1].bottom if titles else -1
    names = [n for n in _name_lines(words) if n[2] >= below and n[1] >= MIN_CONF]
    best = max(names, key=lambda n: n[1]) if names else None
    return [t.text for t in titles], (best[0], best[1]) if best else None


def read_signer(gray: Image.Image, words: list[Any], dpi: int) -> dict[str, Any] | None:
    """The signer's name (and the title, when the page OCR lost it) in the page's signature
    block, read again from one crop: a dict with the title line(s), the name, its
    confidence (0-1) and how it was read; None when the page shows no signature block.
    `name` is None when no line looked like a name."""
    width, height = gray.size
    block = title_block(words, width, height)
    box = (strip_box(block, width, height, dpi) if block
           else beside_recipients(words, width, height, dpi))
    if box is None:
        return None
    out: dict[str, Any] = {"title": " / ".join(s.text for s in block) or None, "name": None,
                           "confidence": None, "method": METHOD, "box": list(box)}
    below = block[-1].bottom if block else box[1]
    inside = [w for w in words if w.top >= below and w.bottom <= box[3]
              and w.left >= box[0] and w.right <= box[2]]
    seen = [n for n in _name_lines(inside) if n[1] >= PAGE_NAME_CONF]
    if block and seen:  # the page OCR read it: nothing to do
        out.update(name=seen[0][0], confidence=round(seen[0][1] / 100, 3), method="ocr")
        return out
    crop = gray.crop(box)
    best: tuple[str, float] | None = None
    for variant in (crop, clip_light(crop) if has_grey(crop) else None):
        if variant is None:
            break
        titles, name = _read(_ocr(variant, dpi))
        if titles and not out["title"]:
            out["title"] = " / ".join(titles)
        if name and (best is None or name[1] > best[1]):
            best = name
        if best and out["title"]:  # both found: no need for the second look
            break
    if best:
        out.update(name=best[0], confidence=round(best[1] / 100, 3))
    return out
