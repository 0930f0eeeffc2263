"""Cost of the signature OCR step (`ingest.readers.signature_ocr`) next to the page's OCR.

Per page of the files given (scanned PDFs or images): the CPU of the OCR itself (prepare +
tesseract TSV) and of the signature step on the same page (locate the block, crop, the
second OCR when the page OCR lost the name), this process + its children. Pages without a
signature block cost only the locating.

    python -m bench.signer FILE... [--pages-per-file 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bench.common import load, table

DEFAULT = [Path("/work/shared/corpus/samples/scans/doc0_p1_clean300.png"),
           Path("/work/shared/corpus/samples/scans/doc0_p1_harsh150.jpg")]


def _cpu() -> float:
    t = os.times()
    return t[0] + t[1] + t[2] + t[3]


def _pages(path: Path, last: int):
    """(label, RGB/L image, dpi) of the last `last` pages of a file, rendered as the readers do."""
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium
        from vanban.ingest.readers import pdf

        doc = pdfium.PdfDocument(str(path))
        for i in range(max(0, len(doc) - last), len(doc)):
            page = doc[i]
            dpi = pdf.render_dpi(pdf._image_dpi(page)[0])
            yield f"{path.name}:{i + 1}", pdf._render(page, dpi), dpi
            page.close()
        doc.close()
    else:
        from vanban.ingest.readers.image import open_image, true_dpi

        img = open_image(path)
        img.load()
        yield path.name, img, true_dpi(img)


def measure(files: list[Path], last: int) -> list[list]:
    from PIL import Image
    from vanban.ingest.readers import ocr
    from vanban.ingest.readers.signature_ocr import read_signer
    from vanban.ingest.tools import tesseract

    rows = []
    for path in files:
        for label, img, dpi in _pages(path, last):
            c0 = _cpu()
            scale = ocr.working_scale(dpi)
            if scale != 1.0:
                img = img.resize((int(img.width * scale), int(img.height * scale)),
                                 Image.LANCZOS)
                dpi = 300
            gray = ocr.prepare(img)[0]
            words = ocr.tsv_words(tesseract.ocr_tsv(ocr.pgm_bytes(gray), dpi))
            c1 = _cpu()
            p0 = time.process_time()
            ch0 = os.times()[2] + os.times()[3]
            got = read_signer(gray, words, dpi)
            step = time.process_time() - p0 + (os.times()[2] + os.times()[3] - ch0)
            how = "-" if got is None else (got["method"] if got["name"] else "no name")
            rows.append([label, how, c1 - c0, 1000 * step,
                         f"{100 * step / max(1e-9, c1 - c0):.1f} %"])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.signer", description=__doc__)
    ap.add_argument("files", type=Path, nargs="*", default=DEFAULT)
    ap.add_argument("--pages-per-file", type=int, default=3, help="last pages of each PDF")
    a = ap.parse_args(argv)
    files = [f for f in a.files if f.exists()]
    if not files:
        print("signer bench skipped: no files")
        return 0
    rows = measure(files, a.pages_per_file)
    ocr_s = sum(r[2] for r in rows)
    step_s = sum(r[3] for r in rows) / 1000
    rows.append(["all pages", "", ocr_s / len(rows), 1000 * step_s / len(rows),
                 f"{100 * step_s / max(1e-9, ocr_s):.1f} %"])
    table(f"signature OCR step per page, CPU ({load()})",
          ["page", "read by", "OCR CPU s", "signature step CPU ms", "step ÷ OCR"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
