"""Per-field accuracy of the scan pipeline under each kind of archive damage, on generated
official documents (see `bench.scanpage`): no real file is read, so the held-out scans stay
unseen while the OCR path is made robust.

Every generated page is saved under bench/out/scans_synth/ (not in git), run through the
real pipeline (`vanban.archive.extract`, the `extract --json` contract) and scored with the
field rules of `vanban eval fields`. One row per distortion, one column per field.

    python -m bench.scans_synth [--docs 2] [--kinds clean300,photo] [--workers 1]
                                [--save run.json] [--before run.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench import scanpage
from bench.common import OUT, cpu, now

FIELDS = ["so_hieu", "loai", "ngay", "dia_danh", "don_vi", "trich_yeu", "nguoi_ky", "chuc_vu"]
DIR = OUT / "scans_synth"


def make(seed: int, kind: str, out: Path) -> tuple[Path, dict]:
    """Generate (or reuse) one damaged page; its path and gold."""
    doc = scanpage.make_doc(seed)
    k = scanpage.DISTORTIONS.index(kind)
    stem = out / f"d{seed:03d}_{kind}"
    for suf in (".png", ".jpg", ".pdf"):
        if stem.with_suffix(suf).exists():
            return stem.with_suffix(suf), doc.gold()
    scan = scanpage.distort(scanpage.render(doc, seed), doc, kind, seed * 100 + k)
    return scanpage.save(scan, stem), doc.gold()


def _run(job: tuple[int, str, str]) -> dict:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from vanban.evaluation.fields import compare_scalar

    from vanban.archive import extract

    seed, kind, out = job
    path, gold = make(seed, kind, Path(out))
    c0, t0 = cpu(), now()
    rec = extract(str(path))
    row = {"seed": seed, "kind": kind, "path": str(path), "seconds": now() - t0,
           "cpu": cpu() - c0, "error": rec.get("error")}
    for f in FIELDS:
        pred = rec.get(f)
        row[f] = {"ok": bool(compare_scalar(f, pred, gold[f])), "pred": pred, "gold": gold[f]}
    return row


def table(rows: list[dict], kinds: list[str], before: list[dict] | None = None) -> str:
    """One line per distortion: share right per field (and the change from `before`)."""
    def score(rs: list[dict], f: str) -> float | None:
        return sum(r[f]["ok"] for r in rs) / len(rs) if rs else None

    head = f"{'distortion':<10} {'n':>2} " + " ".join(f"{f[:8]:>8}" for f in FIELDS) \
        + f" {'all':>6} {'wrong':>5}"
    out = [head, "-" * len(head)]
    for kind in [*kinds, "TOTAL"]:
        rs = [r for r in rows if kind in ("TOTAL", r["kind"])]
        bs = [r for r in (before or []) if kind in ("TOTAL", r["kind"])]
        if not rs:
            continue
        cells = []
        for f in FIELDS:
            s = score(rs, f) or 0.0
            cell = f"{s:.2f}"
            b = score(bs, f) if before else None
            if b is not None and abs(s - b) > 1e-9:
                cell = f"{b:.2f}>{s:.2f}"
            cells.append(f"{cell:>8}")
        tot = sum(r[f]["ok"] for r in rs for f in FIELDS) / (len(rs) * len(FIELDS))
        # a value given but wrong (worse than none): number and date
        wrong = sum(1 for r in rs for f in ("so_hieu", "ngay")
                    if r[f]["pred"] and not r[f]["ok"])
        out.append(f"{kind:<10} {len(rs):>2} " + " ".join(cells) + f" {tot:>6.2f} {wrong:>5}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2, help="generated documents per distortion")
    ap.add_argument("--first", type=int, default=1, help="seed of the first document")
    ap.add_argument("--kinds", default=",".join(scanpage.DISTORTIONS))
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, default=DIR)
    ap.add_argument("--save", type=Path, help="write the rows (JSON) for a later --before")
    ap.add_argument("--before", type=Path, help="rows of an earlier run: print the change")
    ap.add_argument("--misses", action="store_true", help="list every wrong field")
    a = ap.parse_args(argv)
    if not scanpage.available():
        print("thiếu phông chữ (fonts-liberation2 hoặc fonts-dejavu)", file=sys.stderr)
        return 2
    kinds = [k for k in a.kinds.split(",") if k]
    a.out.mkdir(parents=True, exist_ok=True)
    jobs = [(seed, k, str(a.out)) for seed in range(a.first, a.first + a.docs) for k in kinds]
    t0 = now()
    if a.workers > 1:
        with ProcessPoolExecutor(a.workers) as pool:
            rows = list(pool.map(_run, jobs))
    else:
        rows = [_run(j) for j in jobs]
    before = json.loads(a.before.read_text()) if a.before else None
    print(table(rows, kinds, before))
    n = len(rows)
    print(f"\n{n} pages, {now() - t0:.0f} s wall, {sum(r['cpu'] for r in rows) / max(1, n):.1f} s "
          "CPU/page (this process; tesseract runs in children)")
    if a.misses:
        for r in rows:
            for f in FIELDS:
                if not r[f]["ok"]:
                    print(f"  {Path(r['path']).name:<22} {f:<9} {r[f]['pred']!r} "
                          f"(gold {r[f]['gold']!r})")
    if a.save:
        a.save.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
