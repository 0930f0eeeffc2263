"""Small text PDFs whose content-stream order is chosen by the test (pdfium's page editing,
the DejaVu font that matplotlib ships), to check readers that must not trust that order."""

from __future__ import annotations

import ctypes
from pathlib import Path

import matplotlib
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
BOLD = FONT.with_name("DejaVuSans-Bold.ttf")

Item = tuple[float, float, str] | tuple[float, float, str, float] \
    | tuple[float, float, str, float, bool]


def text_width(text: str, size: float = 12.0, bold: bool = False) -> float:
    """Width in points of `text` set in the font `make_pdf` uses."""
    from PIL import ImageFont

    return ImageFont.truetype(str(BOLD if bold else FONT), 1000).getlength(text) * size / 1000


def make_pdf(path: Path, pages: list[list[Item]], width: float = 595.0,
             height: float = 842.0) -> Path:
    """Write a PDF: each page a list of (x, y, text[, size[, bold]]) drawn in that order (so
    the text page lists them in that order); y is the baseline from the bottom."""
    pdf = pdfium.PdfDocument.new()
    data = {False: FONT.read_bytes(), True: BOLD.read_bytes()}
    bufs = {k: (ctypes.c_uint8 * len(v)).from_buffer_copy(v) for k, v in data.items()}
    fonts = {k: pdfium_c.FPDFText_LoadFont(pdf.raw, bufs[k], len(data[k]),
                                           pdfium_c.FPDF_FONT_TRUETYPE, True) for k in data}
    for items in pages:
        page = pdf.new_page(width, height)
        for item in items:
            x, y, text = item[:3]
            size = item[3] if len(item) > 3 else 12.0
            bold = bool(item[4]) if len(item) > 4 else False
            obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, fonts[bold], ctypes.c_float(size))
            ws = (text + "\0").encode("utf-16-le")
            buf = ctypes.create_string_buffer(ws)
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
        page.close()
    pdf.save(str(path))
    for f in fonts.values():
        pdfium_c.FPDFFont_Close(f)
    pdf.close()
    return path
