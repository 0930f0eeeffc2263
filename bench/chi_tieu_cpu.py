"""CPU of the chỉ tiêu extractor alone: `python bench/chi_tieu_cpu.py [FOLDERS...]`.

Files are read and every other field extracted once; then `chi_tieu.extract` runs REPEAT
times on every record and the CPU per document is printed (ms), with the figure count so a
speed-up that loses figures shows.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path

from vanban.ingest.fields import chi_tieu
from vanban.ingest.pipeline import ReadError, process_file

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT.parent / "shared" / "corpus" / d for d in ("seeds", "real-text", "dev2")]
REPEAT = 5


def _read(folders: list[Path]) -> list:
    recs = []
    for folder in folders:
        for f in sorted(folder.iterdir()):
            if f.suffix in (".tsv", ".md") or f.name.startswith("."):
                continue
            try:
                recs.append(process_file(f))
            except ReadError:
                continue
    return recs


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [d for d in DEFAULT if d.is_dir()]
    cache = os.environ.get("CHI_TIEU_CACHE")  # a pickle of the read records, to rerun fast
    if cache and Path(cache).is_file():
        recs = pickle.loads(Path(cache).read_bytes())
    else:
        recs = _read(folders)
        if cache:
            Path(cache).write_bytes(pickle.dumps(recs))
    n_fig = 0
    t0 = time.process_time()
    for _ in range(REPEAT):
        n_fig = 0
        for rec in recs:
            chi_tieu.extract(rec)
            n_fig += len(rec.chi_tieu)
    cpu = (time.process_time() - t0) / REPEAT
    chars = sum(len(r.text) for r in recs)
    print(f"{len(recs)} văn bản, {chars} ký tự, {n_fig} số liệu; chi_tieu: "
          f"{1000 * cpu / max(1, len(recs)):.2f} ms CPU/văn bản "
          f"({1e6 * cpu / max(1, chars):.2f} ms/1000 ký tự)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
