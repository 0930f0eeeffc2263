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
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter
from vanban.corpus.vntext import ETH
from vanban.ingest.glued import unglue_caps
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
    handwriting: dict | None = None  # see `ingest.handwriting.read_header`
    signer: dict | None = None  # see `ingest.readers.signature_ocr.read_signer`


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


PAPER_DIM = 232  # paper (median background) darker than this: yellowed, grey or photographed
PAPER_UNEVEN = 40  # background spread (5th to 95th percentile): shadow, uneven lighting
INK_FAINT = 120  # the darkest 1 % of pixels lighter than this: faded toner


def flatten(gray: Image.Image) -> tuple[Image.Image, bool]:
    """Even out the paper and darken faint ink before OCR, only on pages that need it.

    The background is the page with the text lifted off (a max filter on a 400-px copy,
    smoothed: strokes are narrower than its window); dividing by it turns yellowed paper,
    a photocopy's grey, a photo's shadow and a scanner's black margin into white, and the
    ink keeps its contrast. Faint ink is then stretched so its darkest tone is near black.
    White pages with black ink (most scans) are returned unchanged."""
    arr = np.asarray(gray, dtype=np.uint8)
    if arr.size == 0:
        return gray, False
    def background(width: int, size: int) -> Image.Image:
        small = gray.resize((width, max(1, int(gray.height * width / max(1, gray.width)))),
                            Image.BILINEAR)
        return small.filter(ImageFilter.MaxFilter(size)).filter(ImageFilter.BoxBlur(size // 2))

    # the test on a 200-px copy (a few ms: most pages stop here), the work on a 400-px one
    b = np.asarray(background(200, 5), dtype=np.float32)
    p5, p50, p95 = (float(v) for v in np.percentile(b, (5, 50, 95)))
    ink = _ink_level(arr, p50)
    if p50 >= PAPER_DIM and p95 - p5 <= PAPER_UNEVEN and ink <= INK_FAINT:
        return gray, False
    bg_small = background(400, 9)
    bg = np.asarray(bg_small.resize(gray.size, Image.BILINEAR), dtype=np.float32)
    out = arr.astype(np.float32) * 255.0 / np.maximum(bg, 1.0)
    np.clip(out, 0, 255, out=out)
    dark = float(np.percentile(out[::2, ::2], 1))  # a flagged page: its darkest 1 %
    if dark > 40:  # faint ink: its darkest tone to near black, paper stays white
        out = 255 - (255 - out) * (235.0 / max(1.0, 255 - dark))
        np.clip(out, 0, 255, out=out)
    return Image.fromarray(out.astype(np.uint8)), True


def _ink_level(arr: np.ndarray, paper: float) -> float:
    """The tone of the ink: the darker end of the pixels clearly darker than the paper (a
    page with little text is mostly paper, so a plain percentile would measure the paper)."""
    px = arr[::4, ::4]
    ink = px[px < paper - 30]
    if ink.size < max(50, px.size // 1000):
        return 0.0  # hardly any ink: nothing to call faint
    return float(np.percentile(ink, 10))


def prepare(img: Image.Image) -> tuple[Image.Image, float, bool]:
    """Greyscale (red ink dropped), paper evened out where needed, deskew, median filter on
    speckled pages only."""
    if img.mode in ("RGBA", "LA", "P", "PA"):  # transparent background is white paper
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, "white")
        img.paste(rgba, mask=rgba.getchannel("A"))
    gray, _ = flatten(to_gray(img))
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


def ocr_image(img: Image.Image, dpi: int | None = None, handwriting: bool = False) -> OcrPage:
    """OCR one page image at its true DPI; text by Tesseract's own line layout. With
    `handwriting` (a document's first page) the handwritten number and day of the form are
    read too, from a few small crops located by the printed words around them."""
    tesseract.TOOL.require("nhận dạng chữ")  # before the costly image preparation
    t0 = time.perf_counter()
    dpi = int(dpi or 300)
    scale = working_scale(dpi)
    native_median = False
    if scale > 1.0 and img.mode in ("RGB", "L"):
        # a speck is one pixel only at the scan's own resolution: upsampled, it no longer
        # stands alone, so it is measured (and filtered) before
        native = to_gray(img)
        if speckle_ratio(native) > 0.02:
            img, native_median = native.filter(ImageFilter.MedianFilter(3)), True
    if scale != 1.0:
        img = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))),
                         Image.LANCZOS)
        dpi = 300
    gray, angle, despeckled = prepare(img)
    despeckled = despeckled or native_median
    dpi = max(MIN_DPI, min(MAX_DPI, dpi))
    tsv = tesseract.ocr_tsv(pgm_bytes(gray), dpi, lang=LANG, timeout=TIMEOUT)
    words = tsv_words(tsv)
    conf = _mean_confidence(words)
    text = fix_ocr_text(_layout_text(words) or "")
    page = OcrPage(text=text, confidence=conf, seconds=time.perf_counter() - t0,
                   angle=angle, despeckled=despeckled)
    if handwriting:
        from vanban.ingest.handwriting import read_header

        page.handwriting = read_header(gray, words, dpi)
    from vanban.ingest.readers.signature_ocr import read_signer

    page.signer = read_signer(gray, words, dpi)
    page.seconds = time.perf_counter() - t0
    return page


def pgm_bytes(gray: Image.Image) -> bytes:
    """The page as binary PGM: no compression to spend time on, read by Tesseract on stdin."""
    arr = np.ascontiguousarray(np.asarray(gray.convert("L"), dtype=np.uint8))
    return b"P5\n%d %d\n255\n" % (arr.shape[1], arr.shape[0]) + arr.tobytes()


@dataclass(frozen=True)
class Word:
    """One word of Tesseract's TSV: its text, box (pixels of the OCR'd image) and line."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int]  # block, paragraph, line

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def tsv_words(tsv: str) -> list[Word]:
    """The recognised words of a TSV in reading order (empty words dropped)."""
    out: list[Word] = []
    try:
        for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
            text = (row.get("text") or "").strip()
            if row.get("level") != "5" or not text:
                continue
            out.append(Word(text, int(row["left"]), int(row["top"]), int(row["width"]),
                            int(row["height"]), float(row.get("conf") or -1),
                            (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    except (KeyError, ValueError, csv.Error):
        return out
    return out


_TILDE_DASH = re.compile(r"(?m)^~(?=\s)")
# a speck or show-through read as a mark between two capitals: `UBND:TỈNH'ĐỒNG)'THÁP`
_CAPS_SPECK = re.compile(r"(?<=[^\W\d_])[:;'’‘`\")]{1,2}(?=[^\W\d_])")


def _caps_speck(m: re.Match[str]) -> str:
    s = m.string
    return " " if s[m.start() - 1].isupper() and s[m.end()].isupper() else m.group(0)


def fix_ocr_text(text: str) -> str:
    """Exact, letter-level repairs of Tesseract's look-alikes in Vietnamese: the Icelandic eth
    `Ð` for `Đ`, `~` read for a list dash at the start of a line, and a stray mark glued
    between two capitals (no Vietnamese word is written `TỈNH'ĐỒNG`) read as the space it
    stands in; capital words glued by a lost space (`LIÊNĐOÀNLAOĐỘNG`) spaced out again."""
    return unglue_caps(_CAPS_SPECK.sub(_caps_speck, _TILDE_DASH.sub("-", text.translate(ETH))))


def _layout_text(words: list[Word] | str) -> str | None:
    """Tesseract's own lines and paragraphs from its TSV, with two changes: a line whose
    words stand apart by a wide gap (a two-column header, "UBND TỈNH ... CỘNG HÒA ...")
    is split into columns, read column by column like the DOC/PDF readers do; and a header
    whose columns Tesseract interleaved (the tail of a wrapped issuer name read after the
    motto) is put back in column order (`_header_columns`)."""
    from vanban.ingest.readers.tables import assemble_lines

    if isinstance(words, str):  # a TSV's text
        words = tsv_words(words)
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    if not lines:
        return None
    split = [(key, _segments(ws)) for key, ws in lines.items()]
    head = _header_columns(split, words)
    out: list[tuple[list[str], bool]] = []
    if head is not None:
        band, columns = head
        for col in columns:
            out += [([_text(s)], j == 0) for j, s in enumerate(col)]
        split = [(k, segs) for k, segs in split if k not in band]
    prev_par = None
    for key, segs in split:
        out.append(([_text(s) for s in segs], key[:2] != prev_par))
        prev_par = key[:2]
    return assemble_lines(out)


def _text(seg: list[Word]) -> str:
    return " ".join(w.text for w in seg)


def _segments(ws: list[Word]) -> list[list[Word]]:
    """One line's words cut where a column gap separates them."""
    heights = sorted(w.height for w in ws if _real(w)) or sorted(w.height for w in ws)
    h = max(8, heights[len(heights) // 2])
    segs: list[list[Word]] = [[ws[0]]]
    last = ws[0]  # the last real word: a speck read as `'` does not bridge a column gap
    for i, w1 in enumerate(ws[1:], start=1):
        if not _real(w1):
            segs[-1].append(w1)
            continue
        gap = w1.left - last.right
        if gap > 4 * h or (gap > 1.5 * h and _opens_right_column(ws, i)):
            while len(segs[-1]) > 1 and not _real(segs[-1][-1]):
                segs[-1].pop()  # a speck left in the gap belongs to neither column
            segs.append([w1])
        else:
            segs[-1].append(w1)
        last = w1
    return segs


HEADER_BAND = 0.4  # share of the page's height where the two-column header can stand


def _header_columns(split: list[tuple[tuple[int, int, int], list[list[Word]]]],
                    words: list[Word]) -> tuple[set, list[list[list[Word]]]] | None:
    """The header band (lines above the first one centred on the page's middle, a title
    or a body line) as its left column then its right column, when
    Tesseract's order interleaves them; None when its order is already by column."""
    real = [w for w in words if _real(w)]
    if not real:
        return None
    x0, x1 = min(w.left for w in real), max(w.right for w in real)
    y0, y1 = min(w.top for w in real), max(w.bottom for w in real)
    heights = sorted(w.height for w in real)
    if y1 - y0 < 6 * heights[len(heights) // 2]:
        return None  # a few lines, not a page: no header band to speak of
    mid = (x0 + x1) / 2
    limit = y0 + HEADER_BAND * (y1 - y0)
    segs = [(k, s) for k, ss in split for s in ss if any(_real(w) for w in s)]
    segs.sort(key=lambda ks: min(w.top for w in ks[1]))
    band: list[tuple[tuple[int, int, int], list[Word]]] = []
    for k, s in segs:
        left, right = min(w.left for w in s), max(w.right for w in s)
        centred = left < mid < right and abs((left + right) / 2 - mid) < 0.15 * (x1 - x0)
        if min(w.top for w in s) > limit or centred:
            break
        band.append((k, s))
    side = [(k, s, (min(w.left for w in s) + max(w.right for w in s)) / 2 < mid)
            for k, s in band]
    if not any(b for _, _, b in side) or all(b for _, _, b in side):
        return None
    order = {id(s): n for n, (_, ss) in enumerate(split) for s in ss}
    emitted = sorted(side, key=lambda kss: order[id(kss[1])])
    first_right = next(n for n, (_, _, b) in enumerate(emitted) if not b)
    if all(not b for _, _, b in emitted[first_right:]):
        return None  # Tesseract already reads the left column first
    keys = {k for k, _, _ in side}
    if any(id(s) not in {id(x) for _, x, _ in side} for k, ss in split if k in keys for s in ss):
        return None  # a line reaching below the band: leave the page as Tesseract read it
    left_col = [s for _, s, b in side if b]
    right_col = [s for _, s, b in side if not b]
    return keys, [left_col, right_col]


def _real(w: Word) -> bool:
    """A word with a letter or digit, or read with confidence: not a speck read as a mark."""
    return w.conf >= 60 or any(ch.isalnum() for ch in w.text)


def _opens_right_column(ws: list[Word], i: int) -> bool:
    """Word i opens the right column of an official header (the national motto `CỘNG HÒA
    XÃ …`, `Độc lập - …`, or the place-date `…, ngày 5 tháng …`), also when OCR misreads a
    letter: such a line is split at a gap narrower than between unrelated columns (a
    speck or show-through in the gap can halve it)."""
    from vanban.corpus.vntext import fold

    f = [fold(w.text).strip(".,:;'\"") for w in ws[i:i + 6]]
    if len(f) >= 3 and f[0][-3:] == "ong" and f[1][:2] == "ho" and f[2][:1] == "x":
        return True
    if len(f) >= 2 and f[0] == "doc" and f[1][:2] == "la":
        return True
    return any(x == "ngay" and j > 0 and ws[i + j - 1].text.endswith((",", "."))
               for j, x in enumerate(f[:5]))


def _mean_confidence(words: list[Word]) -> float | None:
    """Mean word confidence (0-100) over recognised words."""
    confs = [w.conf for w in words if w.conf >= 0]
    return round(sum(confs) / len(confs), 2) if confs else None
