"""OCR throughput (pages/min): vanban's OCR reader vs bare `tesseract` on the same images.

vanban goes through `ingest.readers.read(path, fmt)` (format from `ingest.detect`), so it
measures whatever the image/OCR reader does around tesseract (orientation, grey, DPI,
TSV confidences, text assembly). Bare is `tesseract IMG stdout -l vie --oem 1 --psm 3`.
Both run with OMP_THREAD_LIMIT=1, on 1 and 2 processes, over the same page list.

    python -m bench.ocr [--images DIR] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from bench.common import load, now, table

SCANS = Path("/work/shared/corpus/samples/scans")
IMAGE_EXT = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def _vanban_page(path: str) -> int:
    from vanban.ingest.detect import detect_format
    from vanban.ingest.readers import read

    p = Path(path)
    return len(read(p, detect_format(p)).pages)


def _bare_page(path: str) -> int:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    subprocess.run(["tesseract", path, "stdout", "-l", "vie", "--oem", "1", "--psm", "3"],
                   env=env, capture_output=True, check=True)
    return 1


def _init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def run_vanban(pages: list[str], workers: int) -> float:
    with ProcessPoolExecutor(max_workers=workers, initializer=_init) as pool:
        list(pool.map(_vanban_page, pages[:workers]))  # start-up and imports, not timed
        t0 = now()
        n = sum(pool.map(_vanban_page, pages))
    assert n == len(pages), n
    return now() - t0


def run_bare(pages: list[str], workers: int) -> float:
    t0 = now()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_bare_page, pages))
    return now() - t0


def handwriting_cost(images: list[str]) -> list[list]:
    """Per page: OCR (prepare + tesseract TSV) seconds and the handwriting step's seconds
    (locate the gaps, crop, read digits) on the same page, CPU of this process + children."""
    from PIL import Image
    from vanban.ingest.handwriting import read_header
    from vanban.ingest.readers import ocr
    from vanban.ingest.readers.image import true_dpi
    from vanban.ingest.tools import tesseract

    def cpu() -> float:
        a, b = os.times()[:2], os.times()[2:4]
        return sum(a) + sum(b)

    rows = []
    for path in images:
        img = Image.open(path)
        img.load()
        dpi = true_dpi(img)
        c0 = cpu()
        scale = ocr.working_scale(dpi)
        if scale != 1.0:
            img = img.resize((int(img.width * scale), int(img.height * scale)))
            dpi = 300
        gray = ocr.prepare(img)[0]
        words = ocr.tsv_words(tesseract.ocr_tsv(ocr.pgm_bytes(gray), dpi))
        c1 = cpu()
        p0 = time.process_time()  # the step runs in this process: finer than os.times
        head = read_header(gray, words, dpi)
        c2 = c1 + time.process_time() - p0
        gaps = sum(1 for k in ("so", "ngay", "thang") if head and k in head)
        rows.append([Path(path).name, gaps, c1 - c0, 1000 * (c2 - c1),
                     f"{100 * (c2 - c1) / max(1e-9, c1 - c0):.2f} %"])
    return rows


def ocr_registered() -> str | None:
    """None if the reader for images is there, else why not (Vietnamese, as the CLI says)."""
    from vanban.ingest.readers import _registry

    if "image" not in _registry():
        return "chưa có bộ đọc ảnh/OCR (chờ nhánh readers)"
    if not shutil.which("tesseract"):
        return "không tìm thấy tesseract"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__)
    ap.add_argument("--images", type=Path, default=SCANS)
    ap.add_argument("--rounds", type=int, default=2, help="times the image list is OCR'd")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--trials", type=int, default=2, help="alternating runs; best is kept")
    ap.add_argument("--extra", type=Path, nargs="*", default=[],
                    help="more page images for the handwriting-step table (real forms)")
    a = ap.parse_args(argv)
    if not a.images.is_dir():
        print(f"OCR bench skipped: no images at {a.images}")
        return 0
    images = sorted(str(p) for p in a.images.iterdir() if p.suffix.lower() in IMAGE_EXT)
    pages = images * a.rounds
    why = ocr_registered()
    if not shutil.which("tesseract"):
        print("OCR bench skipped: tesseract not installed")
        return 0
    rows = []
    base: dict[str, float] = {}
    for w in a.workers:
        # alternate bare and vanban and keep each one's best run: load from other
        # processes on a shared machine then hits both alike
        bs, vs = [], []
        for _ in range(a.trials):
            bs.append(run_bare(pages, w))
            if why is None:
                vs.append(run_vanban(pages, w))
        b = min(bs)
        v = min(vs) if vs else None
        base.setdefault("bare", b)
        if v is not None:
            base.setdefault("vanban", v)
        rows.append([w, len(pages), b, 60 * len(pages) / b, base["bare"] / b,
                     v if v is not None else "–",
                     60 * len(pages) / v if v is not None else "–",
                     v / b if v is not None else f"pending: {why}",
                     base["vanban"] / v if v is not None else "–"])
    table(f"OCR of {len(images)} page images × {a.rounds}, best of {a.trials} "
          f"({a.images}; {load()})",
          ["procs", "pages", "bare s", "bare pages/min", "bare speed-up", "vanban s",
           "vanban pages/min", "vanban ÷ bare", "vanban speed-up"], rows)
    hw = handwriting_cost(images + [str(p) for p in a.extra])
    if hw:
        hw.append(["mean", sum(r[1] for r in hw) / len(hw), sum(r[2] for r in hw) / len(hw),
                   sum(r[3] for r in hw) / len(hw),
                   f"{100 * sum(r[3] / 1000 for r in hw) / sum(r[2] for r in hw):.2f} %"])
        table(f"handwriting step per page (number/date gaps located and read), CPU ({load()})",
              ["page", "gaps", "OCR CPU s", "handwriting CPU ms", "step ÷ OCR"], hw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
