"""Ingest throughput: documents/s and MB/s, time by stage, 1 and 2 processes, re-ingest.

Runs `Archive.ingest` (what `vanban ingest` runs: sync, a process pool and one writer,
indexing, sync) in-process on a fresh data directory, and compares the total with
the bare tantivy floor (`bench.bare`) indexing the same texts.

    python -m bench.ingest --docs 10000 [--workers 1 2] [--engine tantivy]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from bench import bare
from bench.common import OUT, archive_dir, cpu, data_dir, load, median, now, table
from bench.generate import ensure, files_of

STAGES = ("read", "clean", "extract", "store", "index")


def run_ingest(ddir: Path, files: list[Path], workers: int, engine: str = "tantivy",
               fresh: bool = True) -> dict[str, float]:
    """`Archive.ingest` (what `vanban ingest` runs), timed. Stage seconds are summed over
    workers (CPU-side)."""
    from vanban.ingest.batch import SKIPPED

    from vanban.archive import Archive

    if fresh:
        shutil.rmtree(ddir, ignore_errors=True)
    t0, c0 = now(), cpu()
    marks: dict[str, float] = {}

    def mark(p) -> None:  # the moment reading ends and indexing starts
        if p.stage == "index":
            marks["index"] = now()

    archive = Archive(ddir, engine)
    summary = archive.ingest(files, workers, on_progress=mark, isolate=False, mp_context=None)
    t2 = now()
    t1 = marks.get("index", t2)
    archive.close()
    out = dict(summary.timings.stages)
    out.update(ingest_wall=t1 - t0, index=t2 - t1, wall=t2 - t0, cpu=cpu() - c0,
               ok=summary.count("ok"), skipped=summary.count(SKIPPED),
               failed=len(summary.failed))
    return out


def docx_inputs(files: list[Path], n: int) -> tuple[list[Path] | None, str]:
    """DOCX copies of the first n texts, if python-docx and a DOCX reader are there."""
    from vanban.ingest.readers import _registry

    if "docx" not in _registry():
        return None, "chờ nhánh readers (chưa có bộ đọc docx)"
    try:
        import docx
    except ImportError:
        return None, "thiếu python-docx"
    out = OUT / f"docx-{n}"
    if not (out / ".complete").exists():
        out.mkdir(parents=True, exist_ok=True)
        for i, f in enumerate(files[:n]):
            d = docx.Document()
            for para in f.read_text(encoding="utf-8").split("\n\n"):
                d.add_paragraph(para)
            d.save(str(out / f"doc_{i:07d}.docx"))
        (out / ".complete").write_text(str(n))
    return sorted(out.glob("*.docx")), ""


def pdf_inputs(files: list[Path], n: int) -> tuple[list[Path] | None, str]:
    from vanban.ingest.readers import _registry

    if "pdf" not in _registry():
        return None, "chờ nhánh readers (chưa có bộ đọc pdf)"
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return None, "không có LibreOffice để tạo PDF"
    import subprocess

    out = OUT / f"pdf-{n}"
    if not (out / ".complete").exists():
        src, _ = docx_inputs(files, n)
        if not src:
            return None, "cần DOCX để chuyển sang PDF"
        out.mkdir(parents=True, exist_ok=True)
        exe = shutil.which("soffice") or shutil.which("libreoffice")
        subprocess.run([exe, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                        *map(str, src)], check=True, capture_output=True)
        (out / ".complete").write_text(str(n))
    return sorted(out.glob("*.pdf")), ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engine", default="tantivy")
    ap.add_argument("--formats-docs", type=int, default=200,
                    help="documents converted for the DOCX/PDF rows")
    a = ap.parse_args(argv)

    archive = ensure(a.docs)
    files = files_of(archive)
    mb = sum(f.stat().st_size for f in files) / 1e6
    floor_cpu: list[float] = []
    floor = median([bare.build(files, OUT / f"bare-{a.docs}", floor_cpu) for _ in range(3)])
    fcpu = median(floor_cpu)
    rows, stage_rows, results = [], [], {}
    for w in a.workers:
        r = run_ingest(data_dir(a.docs, f"ingest-w{w}"), files, w, a.engine)
        results[w] = r
        rows.append(["text", a.docs, w, r["ingest_wall"], r["index"], r["wall"],
                     a.docs / r["wall"], mb / r["wall"], r["wall"] / floor, r["cpu"],
                     r["cpu"] / fcpu, r["failed"]])
        stage_rows.append([w, *(r.get(s, 0.0) for s in STAGES), r["wall"]])
    for label, make in (("docx", docx_inputs), ("text-pdf", pdf_inputs)):
        inputs, why = make(files, a.formats_docs)
        if inputs is None:
            rows.append([label, "–", "–", "–", "–", "–", "–", "–", "–", "–", "–",
                         f"pending: {why}"])
            continue
        fmb = sum(f.stat().st_size for f in inputs) / 1e6
        for w in a.workers:
            r = run_ingest(data_dir(len(inputs), f"{label}-w{w}"), inputs, w, a.engine)
            rows.append([label, len(inputs), w, r["ingest_wall"], r["index"], r["wall"],
                         len(inputs) / r["wall"], fmb / r["wall"], "–", r["cpu"], "–",
                         r["failed"]])
    table(f"Ingest + index ({a.engine}), {a.docs} text docs = {mb:.1f} MB; bare tantivy "
          f"floor {floor:.2f} s wall, {fcpu:.2f} s CPU; {load()}",
          ["format", "docs", "procs", "ingest s", "index s", "total s", "docs/s", "MB/s",
           "× floor", "CPU s", "× floor CPU", "failed"], rows)
    table("Time by stage (seconds summed over processes; read/clean/extract run in the pool, "
          "store/index in the single writer)",
          ["procs", *STAGES, "wall"], stage_rows)

    w = max(a.workers)
    ddir = data_dir(a.docs, f"ingest-w{w}")
    again = run_ingest(ddir, files, w, a.engine, fresh=False)
    table("Re-ingest of the unchanged archive (all skipped by hash)",
          ["docs", "skipped", "first s", "again s", "% of first"],
          [[a.docs, again["skipped"], results[w]["wall"], again["wall"],
            100 * again["wall"] / results[w]["wall"]]])
    print(f"\n(archive: {archive_dir(a.docs)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
