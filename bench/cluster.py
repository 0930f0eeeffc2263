"""Distributed ingest and the shared store: local pool vs Dask LocalCluster, SQLite vs
PostgreSQL.

    python -m bench.cluster [--ocr-pages 12] [--text-docs 500] [--store-docs 10000]

1. OCR-heavy batch: page images (the shared scans and the bundled one), each repeated with a
   few pixels changed (another file, the same work), ingested with the local pool (1 and 2
   processes) and on a LocalCluster (1 and 2 one-thread workers, started before the clock).
2. Text documents (bench.generate): the local pool (2 processes) vs the cluster (2 workers):
   the cluster's overhead.
3. The store: N generated text documents ingested into SQLite and into PostgreSQL (a durable
   throwaway server: fsync on, synchronous_commit off, as SQLite's WAL+NORMAL), then
   `reindex` from each.
Every table prints the load average: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench.common import OUT, dir_size_mb, load, now, table

SCANS = Path(os.environ.get("VANBAN_SHARED", "/work/shared")) / "corpus" / "samples" / "scans"
BUNDLED = Path(__file__).resolve().parent.parent / "corpus" / "samples" / "formats"
IMAGE_EXT = {".png", ".jpg", ".jpeg"}


def ocr_inputs(out: Path, pages: int) -> list[Path]:
    """`pages` image files: the available scans in turn, each copy with a few pixels changed."""
    from PIL import Image

    sources = sorted(p for p in (list(SCANS.glob("*")) if SCANS.is_dir() else [])
                     if p.suffix.lower() in IMAGE_EXT)
    sources += sorted(BUNDLED.glob("*.jpg"))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    files = []
    for i in range(pages):
        src = sources[i % len(sources)]
        img = Image.open(src).convert("RGB")
        for k in range(4):  # a mark in the top-left margin: a new file, the same page
            img.putpixel((k + 5 * i, 1), (128, 128, 128))
        dst = out / f"{i:03d}_{src.stem}.png"
        img.save(dst)
        files.append(dst)
    return files


def run(files: list[Path], workers: int = 1, scheduler: str | None = None,
        store: str | None = None) -> dict:
    from vanban.archive import Archive

    d = Path(tempfile.mkdtemp(prefix="vanban-bench-", dir=OUT))
    try:
        t0 = now()
        with Archive(d, store=store) as a:
            s = a.ingest(files, workers, scheduler=scheduler, isolate=True)
            wall = now() - t0
            t1 = now()
            a.reindex()
            reindex = now() - t1
        pages = sum(sum(o.pages.values()) for o in s.outcomes)
        sqlite_mb = sum(f.stat().st_size for f in d.glob("vanban.sqlite*")) / 1e6
        return {"wall": wall, "pages": pages, "ok": s.count("ok"), "failed": len(s.failed),
                "reindex": reindex, "sqlite_mb": sqlite_mb, "stages": s.timings.stages,
                "index_mb": dir_size_mb(d) - sqlite_mb}
    finally:
        shutil.rmtree(d, ignore_errors=True)


def ocr_table(files: list[Path]) -> None:
    from distributed import LocalCluster

    rows = []
    base: dict[str, float] = {}
    for kind, n in (("local pool", 1), ("local pool", 2), ("LocalCluster", 1),
                    ("LocalCluster", 2)):
        if kind == "local pool":
            r = run(files, n)
        else:
            with LocalCluster(n_workers=n, threads_per_worker=1, dashboard_address=":0") as lc:
                r = run(files, scheduler=lc.scheduler_address)
        ppm = 60 * r["pages"] / r["wall"]
        base.setdefault(kind, ppm)
        rows.append([kind, n, r["pages"], r["failed"], r["wall"], ppm, ppm / base[kind],
                     load()])
    table(f"OCR-heavy batch: {len(files)} page images ({load()})",
          ["readers", "procs/workers", "pages", "failed", "wall s", "pages/min",
           "speed-up vs 1", "load after"], rows)


def text_table(n: int) -> None:
    from distributed import LocalCluster

    from bench.generate import ensure, files_of

    files = files_of(ensure(n))[:n]
    rows = []
    for trial in range(2):  # alternate, so load from other processes hits both alike
        local = run(files, 2)
        with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as lc:
            dask = run(files, scheduler=lc.scheduler_address)
        rows.append([trial + 1, n, local["wall"], dask["wall"],
                     100 * (dask["wall"] / local["wall"] - 1), load()])
    table(f"Text documents: local pool (2 procs) vs LocalCluster (2 workers) ({load()})",
          ["trial", "docs", "local s", "cluster s", "cluster overhead %", "load after"], rows)


def pg_size_mb(url: str) -> float:
    """The database's size on disk (tables, indexes, TOAST), as PostgreSQL counts it."""
    import subprocess

    psql = shutil.which("psql") or "psql"
    out = subprocess.run([psql, "-d", url, "-Atc",
                          "SELECT pg_database_size(current_database())"],
                         capture_output=True, text=True)
    return int(out.stdout.strip()) / 1e6 if out.returncode == 0 else float("nan")


def store_table(n: int, url: str | None) -> None:
    from bench.generate import ensure, files_of

    server = None
    if url is None:
        from tests.pg import Server, skip_reason

        if skip_reason():
            print(f"PostgreSQL part skipped: {skip_reason()}")
            return
        server = Server(fast=False)
        url = server.new_database()
    try:
        files = files_of(ensure(n))[:n]
        text_mb = sum(f.stat().st_size for f in files) / 1e6
        rows = []
        for name, store in (("SQLite", None), ("PostgreSQL", url)):
            r = run(files, 2, store=store)
            size = r["sqlite_mb"] if store is None else pg_size_mb(store)
            st = r["stages"]
            rows.append([name, n, r["ok"], r["wall"], n / r["wall"], st.get("store", 0.0),
                         st.get("dedup", 0.0), r["reindex"], size, r["index_mb"], load()])
        table(f"Store: ingest of {n} text documents ({text_mb:.0f} MB of text; 2 reader "
              f"procs) and reindex ({load()})",
              ["store", "docs", "ok", "ingest + index s", "docs/s", "writer: put s",
               "writer: dedup s", "reindex s", "store MB", "index MB", "load after"], rows)
    finally:
        if server is not None:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__)
    ap.add_argument("--ocr-pages", type=int, default=12)
    ap.add_argument("--text-docs", type=int, default=500)
    ap.add_argument("--store-docs", type=int, default=10000)
    ap.add_argument("--store", default=None, help="postgresql:// URL (default: a throwaway "
                    "server, as the tests start)")
    ap.add_argument("--only", choices=("ocr", "text", "store"), nargs="+",
                    default=["ocr", "text", "store"])
    a = ap.parse_args(argv)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one tesseract thread per reader, as the pool runs
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"# bench.cluster: {os.cpu_count()} cores, {load()}")
    if "ocr" in a.only:
        ocr_table(ocr_inputs(OUT / "ocr-cluster", a.ocr_pages))
    if "text" in a.only:
        text_table(a.text_docs)
    if "store" in a.only:
        store_table(a.store_docs, a.store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
