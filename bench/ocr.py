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
    return 0


if __name__ == "__main__":
    sys.exit(main())
