"""Index size, build time and peak memory per engine, against the bare tantivy floor.

The store is ingested once per size (`bench/out/store-N/`); each engine then rebuilds its
index from the store in a child process (so peak RSS is the build's alone), exactly what
`vanban reindex` does. The floor indexes the raw texts with a plain schema (`bench.bare`).

    python -m bench.index --docs 10000 100000 [--whoosh-max 10000]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
from pathlib import Path

from bench import bare
from bench.common import OUT, dir_size_mb, now, peak_rss_mb, run_child, table
from bench.generate import ensure, files_of


def store_dir(n: int) -> Path:
    return OUT / f"store-{n}"


def ensure_store(n: int, workers: int = 2) -> Path:
    """An archive of n synthetic docs ingested (tantivy index included); reused if complete."""
    d = store_dir(n)
    if (d / ".complete").exists():
        return d
    from bench.ingest import run_ingest

    files = files_of(ensure(n))
    r = run_ingest(d, files, workers, "tantivy")
    (d / ".complete").write_text(json.dumps(r))
    return d


def _child(engine: str, src: str, out: str) -> dict:
    """Build one index in this (child) process and report time, size, peak RSS."""
    if engine == "bare":
        out_p = Path(out)
        secs = bare.build(files_of(Path(src)), out_p)
    else:
        from vanban.corpus.store import open_store
        from vanban.index.build import rebuild
        from vanban.index.engine import open_engine

        store = open_store(Path(src) / "vanban.sqlite")
        out_p = Path(out) / f"index-{engine}"  # where open_engine keeps it
        shutil.rmtree(out_p, ignore_errors=True)
        eng = open_engine(Path(out), engine, writable=True)
        t0 = now()
        rebuild(store, eng)
        secs = now() - t0
        eng.close()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": secs, "rss_mb": peak_rss_mb(), "workers_rss_mb": kids,
            "size_mb": dir_size_mb(out_p)}


def measure(n: int, engines: list[str]) -> list[list[object]]:
    files = files_of(ensure(n))
    text_mb = sum(f.stat().st_size for f in files) / 1e6
    sdir = ensure_store(n)
    rows = []
    floor = run_child("bench.index", ["--child", "bare", str(ensure(n)), str(OUT / f"bare-{n}")])
    rows.append([n, "bare tantivy (floor)", floor["seconds"], n / floor["seconds"],
                 floor["size_mb"], floor["size_mb"] / text_mb, floor["rss_mb"], "–", 1.0])
    for eng in engines:
        r = run_child("bench.index", ["--child", eng, str(sdir), str(sdir)])
        rows.append([n, eng, r["seconds"], n / r["seconds"], r["size_mb"],
                     r["size_mb"] / text_mb, r["rss_mb"], r["workers_rss_mb"] or "–",
                     r["seconds"] / floor["seconds"]])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.index", description=__doc__)
    ap.add_argument("--docs", type=int, nargs="+", default=[1000])
    ap.add_argument("--engines", nargs="+", default=["tantivy", "whoosh"])
    ap.add_argument("--whoosh-max", type=int, default=10000,
                    help="skip Whoosh above this many documents (too slow to build)")
    ap.add_argument("--child", nargs=3, metavar=("ENGINE", "SRC", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        engine, src, out = a.child
        print(json.dumps(_child(engine, src, out)))
        return 0
    rows = []
    skipped = []
    for n in a.docs:
        engines = [e for e in a.engines if e != "whoosh" or n <= a.whoosh_max]
        skipped += [f"whoosh@{n}" for e in a.engines if e not in engines]
        rows += measure(n, engines)
    table("Index build from the store (rebuild = `vanban reindex`), child process per engine",
          ["docs", "engine", "build s", "docs/s", "index MB", "× text size", "peak RSS MB",
           "analysis workers' peak RSS MB (≤)", "× floor time"], rows)
    if skipped:
        print(f"\nnot built (too slow for the time budget): {', '.join(skipped)}; "
              "see the Whoosh docs/s above to extrapolate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
