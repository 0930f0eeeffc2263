"""Tesseract OCR of one page image (run through `ingest.tools.tesseract`).

Measured on the samples (2 cores, tesseract 5.3, `vie`): `-l vie` alone (adding `eng`
triples the error), `--oem 1 --psm 3`, the true DPI, `OMP_THREAD_LIMIT=1` (Debian's OpenMP
build burns ~7x the CPU otherwise), deskew first (harsh pages 2.7 % -> 0.7 %), a 3x3 median
only on speckled pages, never Otsu binarization.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter
from vanban.corpus.vntext import ETH
from vanban.ingest.tools import tesseract

LANG = tesseract.LANG
MIN_DPI, MAX_DPI = 70, 600
LOW_DPI = 200  # below this an image is upsampled to 300 dpi before OCR
RED_INK_MIN = 0.001  # share of red pixels from which a page counts as carrying a seal/stamp
TIMEOUT = tesseract.TIMEOUT  # seconds per page


@dataclass
class OcrPage:
    text: str
    confidence: float | None
    seconds: float
    angle: float = 0.0
    despeckled: bool = False


def available() -> bool:
    return tesseract.available()


def _gray_array(img: Image.Image, width: int = 1000) -> tuple[np.ndarray, float]:
    """A small greyscale copy for measuring (skew, speckle): fast and good enough."""
    scale = min(1.0, width / max(1, img.width))
    small = img if scale == 1.0 else img.resize(
        (max(1, int(img.width * scale)), max(1, int(img.height * scale))), Image.BILINEAR)
    return np.asarray(small, dtype=np.uint8), scale


def _dark_mask(arr: np.ndarray) -> np.ndarray:
    return arr < min(160, int(arr.mean()) - 40 if arr.size else 128)


def estimate_skew(img: Image.Image, limit: float = 5.0) -> float:
    """Skew angle in degrees by the projection profile: text lines give the sharpest row
    profile when horizontal. Coarse 0.5° steps, then 0.1° around the best."""
    arr, _ = _gray_array(img, 800)
    mask = _dark_mask(arr)
    if mask.sum() < 200:
        return 0.0
    ink = Image.fromarray((mask * 255).astype(np.uint8))

    def score(angle: float) -> float:
        rot = np.asarray(ink.rotate(angle, resample=Image.NEAREST, expand=False), dtype=np.float64)
        rows = rot.sum(axis=1)
        return float(np.sum(np.diff(rows) ** 2))

    best = max((a / 2 for a in range(int(-limit * 2), int(limit * 2) + 1)), key=score)
    fine = [best + d / 10 for d in range(-5, 6)]
    return max(fine, key=score)


def speckle_ratio(img: Image.Image) -> float:
    """Share of dark pixels that stand alone (no dark 4-neighbour): salt-and-pepper noise."""
    arr = np.asarray(img.convert("L"), dtype=np.uint8)  # full size: a speck is one pixel
    mask = _dark_mask(arr)
    if mask.sum() == 0:
        return 0.0
    pad = np.pad(mask, 1)
    neigh = pad[:-2, 1:-1].astype(np.uint8) + pad[2:, 1:-1] + pad[1:-1, :-2] + pad[1:-1, 2:]
    lone = mask & (neigh == 0)
    return float(lone.sum() / mask.sum())


def red_ink_share(img: Image.Image) -> float:
    """Share of the page's pixels in strong red ink (a seal, a `HỎA TỐC` stamp)."""
    if img.mode != "RGB":
        return 0.0
    scale = min(1.0, 800 / max(1, img.width))
    small = img if scale == 1.0 else img.resize(
        (max(1, int(img.width * scale)), max(1, int(img.height * scale))), Image.BILINEAR)
    arr = np.asarray(small, dtype=np.int16)
    r, g, b = arr[..., 0], arr[..., 1], arr[..., 2]
    red = (r > 120) & (r - np.maximum(g, b) > 60)
    return float(red.mean()) if red.size else 0.0


def to_gray(img: Image.Image) -> Image.Image:
    """Greyscale for OCR. On a colour page with red ink the red channel is used instead of
    luminance: the red seal laid over the signer's title and name (and red stamps over the
    margin) turns to paper white there while black and blue ink stay dark, so Tesseract no
    longer reads the seal's ring as text and skips the lines under it (a decision page: the
    title `CHỦ TỊCH` and the name came back only once the seal was gone)."""
    if red_ink_share(img) >= RED_INK_MIN:
        return img.getchannel("R")
    return img.convert("L")


def prepare(img: Image.Image) -> tuple[Image.Image, float, bool]:
    """Greyscale (red ink dropped), deskew, median filter on speckled pages only."""
    if img.mode in ("RGBA", "LA", "P", "PA"):  # transparent background is white paper
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, "white")
        img.paste(rgba, mask=rgba.getchannel("A"))
    gray = to_gray(img)
    despeckled = False
    if speckle_ratio(gray) > 0.02:
        gray = gray.filter(ImageFilter.MedianFilter(3))
        despeckled = True
    angle = estimate_skew(gray)
    if abs(angle) >= 0.2:
        gray = gray.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    return gray, angle, despeckled


def working_scale(dpi: int) -> float:
    """Resize factor before OCR. 600-dpi scans: 300 dpi reads as well at a quarter of the
    pixels. Low-resolution scans and phone photos (~100-160 dpi): letters of 10-15 px are
    below what Tesseract reads well; upsampled to 300 dpi real ones read better (a ~100-dpi
    phone photo of a công văn: header, recipients and signer lines come out right). Costs a
    little on the synthetic harsh 150-dpi sample (0.6 -> 0.85 % CER, target 2 %)."""
    return 300 / dpi if dpi > 400 or dpi < LOW_DPI else 1.0


def ocr_image(img: Image.Image, dpi: int | None = None) -> OcrPage:
    """OCR one page image at its true DPI; text by Tesseract's own line layout."""
    tesseract.TOOL.require("nhận dạng chữ")  # before the costly image preparation
    t0 = time.perf_counter()
    dpi = int(dpi or 300)
    scale = working_scale(dpi)
    if scale != 1.0:
        img = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))),
                         Image.LANCZOS)
        dpi = 300
    gray, angle, despeckled = prepare(img)
    dpi = max(MIN_DPI, min(MAX_DPI, dpi))
    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        src = Path(tmp) / "page.png"
        gray.save(src, dpi=(dpi, dpi), compress_level=1)  # speed over size: a temp file
        out = Path(tmp) / "out"
        tesseract.ocr(src, out, dpi, lang=LANG, timeout=TIMEOUT)
        text = (out.with_suffix(".txt")).read_text(encoding="utf-8", errors="replace")
        tsv = (out.with_suffix(".tsv")).read_text(encoding="utf-8", errors="replace")
    conf = _mean_confidence(tsv)
    text = _layout_text(tsv) or text.replace("\x0c", "").strip()
    text = fix_ocr_text(text)
    return OcrPage(text=text, confidence=conf, seconds=time.perf_counter() - t0,
                   angle=angle, despeckled=despeckled)


_TILDE_DASH = re.compile(r"(?m)^~(?=\s)")


def fix_ocr_text(text: str) -> str:
    """Exact, letter-level repairs of Tesseract's look-alikes in Vietnamese: the Icelandic eth
    `Ð` for `Đ`, and `~` read for a list dash at the start of a line."""
    return _TILDE_DASH.sub("-", text.translate(ETH))


def _layout_text(tsv: str) -> str | None:
    """Tesseract's own lines and paragraphs from its TSV, with one change: a line whose
    words stand apart by a wide gap (a two-column header, "UBND TỈNH ... CỘNG HÒA ...")
    is split into columns, read column by column like the DOC/PDF readers do."""
    from vanban.ingest.readers.tables import assemble_lines

    lines: dict[tuple[int, int, int], list[tuple[int, int, int, str]]] = {}
    order: list[tuple[int, int, int]] = []
    try:
        for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("level") != "5" or not (row.get("text") or "").strip():
                continue
            key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            if key not in lines:
                lines[key] = []
                order.append(key)
            lines[key].append((int(row["left"]), int(row["width"]), int(row["height"]),
                               row["text"]))
    except (KeyError, ValueError, csv.Error):
        return None
    if not order:
        return None
    out: list[tuple[list[str], bool]] = []
    prev_par = None
    for key in order:
        words = lines[key]
        heights = sorted(w[2] for w in words)
        h = max(8, heights[len(heights) // 2])
        segs: list[list[str]] = [[words[0][3]]]
        for (l0, w0, _, _), (l1, _, _, t1) in zip(words, words[1:], strict=False):
            if l1 - (l0 + w0) > 4 * h:
                segs.append([t1])
            else:
                segs[-1].append(t1)
        out.append(([" ".join(s) for s in segs], key[:2] != prev_par))
        prev_par = key[:2]
    return assemble_lines(out)


def _mean_confidence(tsv: str) -> float | None:
    """Mean word confidence (0-100) over recognised words."""
    confs = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            c = float(row.get("conf") or -1)
        except ValueError:
            continue
        if c >= 0 and (row.get("text") or "").strip():
            confs.append(c)
    return round(sum(confs) / len(confs), 2) if confs else None
