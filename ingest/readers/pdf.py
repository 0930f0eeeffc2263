"""PDF: each page routed on its own — text layer, legacy-encoding conversion, or OCR.

The text layer is read with pypdfium2 (~50-100x faster than pdfplumber for raw text and the
same characters on the samples). It follows the content stream, which is what OCRmyPDF-style
skewed layers need (pdfplumber's `use_text_flow`). A page goes to OCR when it has no text, a
`(cid:N)`/control-character layer, or a layer without Vietnamese diacritics (a garbled old OCR);
a TCVN3/VNI layer is converted by character map instead. Running headers/footers (lines
repeated across pages, "Trang N") are removed so they do not land mid-paragraph.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from vanban.corpus.legacy import detect_legacy, to_unicode, viet_ratio
from vanban.corpus.schema import Page, ReadResult
from vanban.corpus.vntext import fold, nfc
from vanban.ingest import safety
from vanban.ingest.errors import ReadError
from vanban.ingest.readers.ocr import ocr_image
from vanban.ingest.readers.pdf_header import split_header
from vanban.ingest.readers.tables import assemble_lines

OCR_MIN_DPI, OCR_MAX_DPI = 200, 400
OCR_LOW_DPI = 300  # a scan below OCR_MIN_DPI is rendered at this
MAX_RENDER_PIXELS = 80_000_000
MAX_COLOUR_PIXELS = 40_000_000

_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_LIGATURES.update({"\ufffe": "", "\u0002": "", "\u00ad": ""})
_LIG_TABLE = str.maketrans(_LIGATURES)
_RULE = re.compile(r"^[_\-=*.·…~]{3,}$")
_CID = re.compile(r"\(cid:\d+\)")
_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\ue000-\uf8ff]")
_PAGE_NO = re.compile(r"^\s*(?:trang|page)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:/\s*\d{1,4})?\s*$",
                      re.IGNORECASE)
_LIST_START = re.compile(r"^(?:[-–•+*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s|"
                         r"[IVXLC]{1,6}[.)]\s|(?:Điều|Chương|Phần|Mục)\s+\w+)")


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise ReadError("tệp PDF có mật khẩu (bị mã hóa), không đọc được") from exc
        raise ReadError("tệp PDF hỏng hoặc không đúng định dạng, không đọc được") from exc


_OVERLAY_ANNOTS = {pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_FREETEXT,
                   pdfium_c.FPDF_ANNOT_STAMP}


def has_overlays(page: pdfium.PdfPage) -> bool:
    """Whether the page carries form-field, free-text or stamp annotations (whose
    appearance may hold text the page content lacks)."""
    try:
        for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
            annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
            if not annot:
                continue
            kind = pdfium_c.FPDFAnnot_GetSubtype(annot)
            pdfium_c.FPDFPage_CloseAnnot(annot)
            if kind in _OVERLAY_ANNOTS:
                return True
    except (pdfium.PdfiumError, AttributeError, OSError):
        pass
    return False


def flatten_annotations(page: pdfium.PdfPage) -> bool:
    """Merge annotation appearances into the page content.

    E-office systems print the number and the day of a signed document into form fields laid
    over the blanks of `Số:   /KH-…` and `ngày   tháng …`; pdfium's text page reads only the
    page content, so without this the number and day are lost (poppler keeps them). The
    merged text lands at the end of the text page (the page must be reloaded); `page_text`
    puts it back in its line. The document is changed in memory only."""
    try:
        return pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) \
            == pdfium_c.FLATTEN_SUCCESS
    except (pdfium.PdfiumError, AttributeError, OSError):
        return False


def count_chars(page: pdfium.PdfPage) -> int:
    tp = page.get_textpage()
    try:
        return tp.count_chars()
    finally:
        tp.close()


Box = tuple[float, float, float, float]  # pdfium char box: left, bottom, right, top


def _place_overlay(lines: list[list[tuple[str, Box]]], words: list[list[tuple[str, Box]]]
                   ) -> None:
    """Put each overlay word (text merged from annotations) into the line whose band it sits
    in, at its horizontal place; a word that meets no line becomes a line of its own, in
    top-to-bottom order."""
    for word in words:
        wb, wt = min(b[1] for _, b in word), max(b[3] for _, b in word)
        wl = min(b[0] for _, b in word)
        best, best_ov = None, 0.0
        for k, line in enumerate(lines):
            boxes = [b for c, b in line if not c.isspace()]
            lb, lt = min(b[1] for b in boxes), max(b[3] for b in boxes)
            ov = min(wt, lt) - max(wb, lb)
            if ov > 0.5 * min(wt - wb, lt - lb) and ov > best_ov:
                best, best_ov = k, ov
        if best is None:
            pos = next((k for k, line in enumerate(lines)
                        if max(b[3] for _, b in line) < wb), len(lines))
            lines.insert(pos, word)
            continue
        line = lines[best]
        at = next((j for j, (c, b) in enumerate(line) if not c.isspace() and b[0] > wl),
                  len(line))
        pad = (" ", word[0][1])
        line[at:at] = [pad, *word, pad]


def page_text(page: pdfium.PdfPage, overlay_from: int | None = None, first: bool = False
              ) -> str:
    """Text of the text layer, one line per line, a blank line where the geometry shows a
    paragraph break (see `_paragraph_breaks`); a line whose parts stand apart by a wide gap
    (a two-column header: agency | national motto) is split into columns (`tables`).
    Characters from `overlay_from` on came from flattened annotations and are put back where
    they sit on the page (`_place_overlay`). On the `first` page a two-column header is read
    by position, column by column (`pdf_header`)."""
    tp = page.get_textpage()
    try:
        text = tp.get_text_range()
        n = tp.count_chars()
        boxes = [tp.get_charbox(i) for i in range(n)] if n == len(text) and n < 200_000 else None
    finally:
        tp.close()
    if boxes is None:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    end = len(text) if overlay_from is None else min(overlay_from, len(text))
    lines: list[list[tuple[str, Box]]] = []
    start = 0
    for i in range(end + 1):
        if i < end and text[i] not in "\r\n":
            continue
        if any(not text[j].isspace() for j in range(start, i)):
            lines.append([(text[j], boxes[j]) for j in range(start, i)])
        start = i + 1
    words: list[list[tuple[str, Box]]] = []
    cur: list[tuple[str, Box]] = []
    for j in range(end, len(text)):
        if text[j].isspace() or (cur and boxes[j][0] - cur[-1][1][2]
                                 > 2 * max(1.0, boxes[j][3] - boxes[j][1])):
            if cur:
                words.append(cur)
            cur = [] if text[j].isspace() else [(text[j], boxes[j])]
            continue
        cur.append((text[j], boxes[j]))
    if cur:
        words.append(cur)
    if words:
        _place_overlay(lines, words)
    head: list[str] = []
    if first:
        head, lines = split_header(lines, page.get_bbox())
    out: list[tuple[list[str], Box]] = []
    for line in lines:
        idx = [j for j, (c, _) in enumerate(line) if not c.isspace()]
        pts = [line[j][1] for j in idx]
        box = (min(p[0] for p in pts), max(p[2] for p in pts),
               min(p[1] for p in pts), max(p[3] for p in pts))
        h = max(1.0, box[3] - box[2])
        cuts = [k for a, k in zip(idx, idx[1:], strict=False)
                if line[k][1][0] - line[a][1][2] > max(4 * h, 30.0)]
        chars = [c for c, _ in line]
        segs, prev = [], idx[0]
        for k in cuts:
            segs.append(re.sub(r" {2,}", " ", "".join(chars[prev:k])))
            prev = k
        segs.append(re.sub(r" {2,}", " ", "".join(chars[prev:idx[-1] + 1])))
        out.append((segs, box))
    breaks = _paragraph_breaks([b for _, b in out])
    rest = assemble_lines([(segs, brk) for (segs, _), brk in zip(out, breaks, strict=True)])
    return "\n\n".join(t for t in [*head, rest] if t)


def _paragraph_breaks(boxes: list[tuple[float, float, float, float] | None]) -> list[bool]:
    """A line starts a paragraph when the gap above it is clearly wider than the usual line
    spacing, when it is indented past the usual left margin (first-line indent, centred
    titles), or when the line above stops well short of the right margin."""
    flags = [False] * len(boxes)
    known = [b for b in boxes if b]
    if len(known) < 3:
        return flags
    heights = sorted(b[3] - b[2] for b in known)
    h = max(1.0, heights[len(heights) // 2])
    lefts = sorted(b[0] for b in known)
    left = lefts[len(lefts) // 4]
    rights = sorted(b[1] for b in known)
    right = rights[int(len(rights) * 0.9)]
    gaps = sorted(boxes[i - 1][2] - boxes[i][3] for i in range(1, len(boxes))
                  if boxes[i] and boxes[i - 1] and boxes[i - 1][2] > boxes[i][3])
    gap = gaps[len(gaps) // 2] if gaps else h * 0.3
    for i in range(1, len(boxes)):
        cur, prev = boxes[i], boxes[i - 1]
        if not cur or not prev:
            continue
        vgap = prev[2] - cur[3]
        if vgap < -h:  # next column or out-of-order text: leave as is
            continue
        wide = vgap > gap + 0.6 * h
        indented = cur[0] > left + 1.2 * h
        short = prev[1] < right - 2.5 * h
        flags[i] = wide or indented or short
    return flags


def invisible_share(page: pdfium.PdfPage) -> float:
    """Share of text objects drawn invisible (render mode 3): an OCR layer laid under a scan."""
    try:
        objs = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=3))
    except pdfium.PdfiumError:
        return 0.0
    if not objs:
        return 0.0
    hidden = sum(1 for o in objs if pdfium_c.FPDFTextObj_GetTextRenderMode(o.raw)
                 == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
    return hidden / len(objs)


class _FlowReader:
    """pdfplumber with `use_text_flow`, opened only for pages that need it: an OCR layer
    follows the scan's skew, and reading it by position scrambles the lines (4 % CER on the
    harsh OCRmyPDF sample, 0.9 % in stream order)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf = None

    def text(self, index: int) -> str | None:
        try:
            import pdfplumber

            if self.pdf is None:
                self.pdf = pdfplumber.open(str(self.path))
            return self.pdf.pages[index].extract_text(use_text_flow=True) or ""
        except Exception:  # noqa: BLE001 - fall back to pdfium's text
            return None

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _image_dpi(page: pdfium.PdfPage) -> tuple[int | None, float]:
    """(DPI of the biggest image on the page, share of the page it covers)."""
    pw, ph = page.get_size()
    best: tuple[int | None, float] = (None, 0.0)
    try:
        objs = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
    except pdfium.PdfiumError:
        return best
    for obj in objs:
        try:
            px_w, px_h = obj.get_px_size()
            left, bottom, right, top = obj.get_bounds()
        except (pdfium.PdfiumError, AttributeError):
            continue
        w_in, h_in = (right - left) / 72, (top - bottom) / 72
        if w_in <= 0 or h_in <= 0:
            continue
        cover = min(1.0, (right - left) * (top - bottom) / max(1.0, pw * ph))
        if cover > best[1]:
            best = (int(round(max(px_w / w_in, px_h / h_in))), cover)
    return best


def classify(text: str, image_cover: float) -> str:
    """Decide how to read a page: "text", "tcvn3", "vni" or "ocr"."""
    body = text.strip()
    bad = len(_CID.findall(body)) * 6 + len(_BAD.findall(body))
    if len(body) >= 20 and bad / len(body) > 0.05:
        return "ocr"  # glyph ids without a ToUnicode map: only the picture can be read
    letters = sum(1 for c in body if c.isalnum())
    if letters < 20:
        return "ocr" if image_cover > 0.3 else "text"
    if image_cover > 0.5 and letters < 300:
        return "ocr"  # a scan carrying only a signature stamp or a page number as text
    legacy = detect_legacy(body)
    if legacy:
        return legacy
    words = [w for w in body.split() if any(c.isalpha() for c in w)]
    if len(words) >= 30 and viet_ratio(body) < 0.08 and image_cover > 0.5:
        return "ocr"  # a scan whose layer has no Vietnamese diacritics: an old garbled OCR
    return "text"


def _render(page: pdfium.PdfPage, dpi: int):
    """The page as a picture for OCR: in colour (so `ocr.to_gray` can drop a red seal) unless
    the page is so big that a colour bitmap would cost too much memory."""
    w, h = page.get_size()
    grey = (w / 72 * dpi) * (h / 72 * dpi) > MAX_COLOUR_PIXELS
    bitmap = page.render(scale=dpi / 72, grayscale=grey, may_draw_forms=True)
    try:
        return bitmap.to_pil()
    finally:
        bitmap.close()


def render_dpi(native_dpi: int | None) -> int:
    """The scan's own resolution (rendered antialiased by pdfium), never above 400. A scan
    below 200 dpi is rendered at 300: its letters are too small for Tesseract (~20-30 px
    wanted); a real 164-dpi scan read a handwritten `103` as `403` at 200 dpi, right at 300."""
    dpi = min(OCR_MAX_DPI, native_dpi or 300)
    return OCR_LOW_DPI if dpi < OCR_MIN_DPI else dpi


def ocr_page(page: pdfium.PdfPage, native_dpi: int | None, handwriting: bool = False):
    """Render at `render_dpi`, then OCR at that DPI (with the handwritten number and day
    read on a first page: `ocr.ocr_image`)."""
    dpi = render_dpi(native_dpi)
    w, h = page.get_size()
    while dpi > 72 and (w / 72 * dpi) * (h / 72 * dpi) > MAX_RENDER_PIXELS:
        dpi = int(dpi * 0.8)  # a poster-sized page: fewer dpi, not an out-of-memory
    img = _render(page, dpi)
    return ocr_image(img, dpi, handwriting=handwriting)


def fix_lines(text: str) -> str:
    """Ligatures to letters; a line ending in a real hyphen (`1975-` + `30/4/2020`) joined to
    the next without a space; paragraph breaks (blank lines) where a line starts a list item
    or the previous line stops well short of the page's usual line length."""
    text = text.translate(_LIG_TABLE)
    lines = [ln.rstrip() for ln in text.split("\n")]
    lines = [ln for ln in lines]
    full = sorted((len(ln) for ln in lines if ln.strip()), reverse=True)
    typical = full[len(full) // 5] if len(full) >= 5 else (full[0] if full else 0)
    out: list[str] = []
    for ln in lines:
        s = ln.strip()
        if _RULE.match(s):
            s = ""  # a drawn rule under a header ("________"): decoration, not text
        if not s:
            if out and out[-1] != "":
                out.append("")
            continue
        if out and out[-1] and re.search(r"[\w\d]-$", out[-1]) and re.match(r"[\w\d]", s):
            out[-1] = out[-1] + s
            continue
        if out and out[-1]:
            prev = out[-1]
            short = typical >= 40 and len(prev) < 0.75 * typical
            if _LIST_START.match(s) or (short and re.search(r"[.:;!?”\"]$", prev)):
                out.append("")
        out.append(s)
    return "\n".join(out).strip()


def _key(line: str) -> str:
    """A running line's identity: digits masked, folded, spaces collapsed, and whether it is
    set in capitals (a running header repeats its own casing: the issuer `PHÒNG GIÁO DỤC …`
    of page 1 is not the `Phòng Giáo dục …` of a signature stamp on page 2)."""
    letters = [c for c in line if c.isalpha()]
    caps = "^" if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters) else ""
    return caps + re.sub(r"\d+", "#", " ".join(fold(line).split()))


def strip_running(pages: list[str], edge: int = 2) -> tuple[list[str], list[list[str]]]:
    """Remove lines repeated at the top/bottom of most pages and bare page numbers.

    Returns the pages and, per page, the lines removed (kept in meta for review)."""
    heads: Counter[str] = Counter()
    tops: list[list[str]] = []
    for text in pages:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        cand = lines[:edge] + lines[-edge:] if len(lines) > edge else lines
        keys = {_key(ln) for ln in cand}
        heads.update(keys)
        tops.append(lines)
    n = len([p for p in pages if p.strip()])
    running = {k for k, c in heads.items() if n >= 2 and c >= max(2, (n + 1) // 2) and len(k) > 1}
    out: list[str] = []
    removed: list[list[str]] = []
    for text in pages:
        lines = text.split("\n")
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(idx[:edge] + idx[-edge:])
        gone = []
        keep = []
        for i, ln in enumerate(lines):
            if i in edges and (_key(ln) in running or _PAGE_NO.match(ln)):
                gone.append(ln.strip())
                continue
            keep.append(ln)
        out.append("\n".join(keep))
        removed.append(gone)
    return out, removed


def read(path: Path) -> ReadResult:
    pdf = _open(path)
    warns: list[str] = []
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ReadError("tệp PDF không có trang nào")
        safety.check_page_count(n_pages)
        raw: list[tuple[str, str, float | None, float]] = []
        hand = None  # the handwritten number/day read on a scanned first page
        signers: list[dict] = []  # signature blocks read again on scanned pages
        flow = _FlowReader(path)
        for i in range(n_pages):
            t0 = time.perf_counter()
            try:
                page = pdf[i]
            except pdfium.PdfiumError as exc:
                raise ReadError(f"tệp PDF hỏng ở trang {i + 1}") from exc
            try:
                overlay = None
                if has_overlays(page):
                    before = count_chars(page)
                    if flatten_annotations(page):
                        overlay = before
                        page.close()
                        page = pdf[i]
                text = page_text(page, overlay, first=i == 0)
                if text.strip() and invisible_share(page) > 0.5:
                    text = flow.text(i) or text
                dpi, cover = _image_dpi(page)
                route = classify(text, cover)
                conf = None
                if route == "ocr":
                    res = ocr_page(page, dpi, handwriting=i == 0)
                    text, conf, method = res.text, res.confidence, "ocr"
                    if res.handwriting:
                        hand = res.handwriting
                    if res.signer:
                        signers.append({"page": i + 1, **res.signer})
                    if res.confidence is not None and res.confidence < 60:
                        warns.append(f"trang {i + 1}: độ tin cậy nhận dạng thấp "
                                      f"({res.confidence:.0f})")
                elif route in ("tcvn3", "vni"):
                    text, method = to_unicode(text, route), f"converted-{route}"
                else:
                    method = "text-layer"
            finally:
                page.close()
            raw.append((nfc(text), method, conf, time.perf_counter() - t0))
        flow.close()
    finally:
        pdf.close()
    texts, removed = strip_running([r[0] for r in raw])
    pages = [Page(number=i + 1, text=fix_lines(t),
                  method=r[1], confidence=r[2], seconds=r[3])
             for i, (t, r) in enumerate(zip(texts, raw, strict=True))]
    meta = {
        "pages": len(pages),
        "methods": dict(Counter(p.method for p in pages)),
        "ocr_pages": [p.number for p in pages if p.method == "ocr"],
        "running_lines": removed,
    }
    if hand:
        meta["handwriting"] = hand
    if signers:
        meta["signature_ocr"] = signers
    if not any(p.text.strip() for p in pages):
        warns.append("không lấy được chữ nào từ tệp PDF")
    return ReadResult(pages=pages, format="pdf", meta=meta, warnings=warns)
