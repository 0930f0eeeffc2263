"""Run every benchmark and print all tables: `--quick` is 1k documents in a few minutes.

    python -m bench.all --quick          # 1k docs: smoke run of everything
    python -m bench.all                  # 10k and 100k (Whoosh at 10k only): an hour or so
"""

from __future__ import annotations

import argparse
import platform
import sys
import time

from bench import generate, index, ingest, ocr, search, startup
from bench.common import load


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.all", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="1k documents, fewer repeats")
    ap.add_argument("--skip-ocr", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    import os

    print(f"# vanban benchmarks — {platform.platform()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {load()}")
    if a.quick:
        sizes, reps = ["1000"], ["--repeat", "2", "--whoosh-repeat", "1"]
        generate.main(["--docs", "1000"])
        ingest.main(["--docs", "1000"])
    else:
        sizes, reps = ["10000", "100000"], ["--repeat", "5", "--whoosh-repeat", "1"]
        for n in sizes:
            generate.main(["--docs", n])
        ingest.main(["--docs", "10000"])
    index.main(["--docs", *sizes])
    search.main(["--docs", *sizes, *reps])
    startup.main(["--docs", sizes[-1], "--repeat", "3" if a.quick else "7"])
    if not a.skip_ocr:
        ocr.main(["--rounds", "1" if a.quick else "2"])
    print(f"\n(all benchmarks: {time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
