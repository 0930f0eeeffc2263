"""CLI start-up: wall time of `vanban search` from the shell, and what its imports cost.

Each run is a fresh interpreter (`python -m vanban ...`), as a user at a prompt would wait
for it; the bytecode cache is allowed (as in an installed package), warmed by one run.

    python -m bench.startup --docs 100000
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

from bench.common import ROOT, load, median, now, percentile, table
from bench.index import ensure_store


def _env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    e["PYTHONPATH"] = str(ROOT)
    return e


CPU: list[float] = []  # CPU seconds of each run of the last `wall` call


def wall(cmd: list[str], repeat: int) -> list[float]:
    """Wall seconds of each run; the CPU seconds (user + system of the child, which a loaded
    machine does not inflate) go to `CPU`."""
    env = _env()
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True)  # warm caches
    out = []
    CPU.clear()
    for _ in range(repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = now()
        p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True)
        out.append(now() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        CPU.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        if p.returncode not in (0, 1):
            raise RuntimeError(p.stderr.decode()[-2000:])
    return out


def import_profile(cmd: list[str], top: int = 12) -> list[list[object]]:
    """`-X importtime`: the heaviest top-level imports (cumulative ms)."""
    p = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=ROOT, env=_env(),
                       capture_output=True, text=True)
    rows = []
    for line in p.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) <= 2:  # top-level packages only
            rows.append([m.group(4), int(m.group(2)) / 1e3])
    rows.sort(key=lambda r: -r[1])
    heavy = {"spacy", "underthesea", "torch", "pdfplumber", "pypdfium2", "openpyxl", "docx"}
    loaded = [r[0] for r in rows if r[0].split(".")[0] in heavy]
    if loaded:
        print(f"\nWARNING heavy modules on the search path: {', '.join(loaded)}")
    return rows[:top]


def _count(d: Path) -> int:
    """Documents in an existing archive."""
    from vanban.corpus.store import open_store

    return open_store(d / "vanban.sqlite").count()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    ap.add_argument("--docs", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--archive", type=Path, nargs="*", default=[],
                    help="existing data dirs to time instead of building one per --docs "
                         "(e.g. bench/out/data-50000-ingest-w2 left by bench.ingest)")
    a = ap.parse_args(argv)
    py = sys.executable
    rows = []
    for label, cmd in (("python -c pass", [py, "-c", "pass"]),
                       ("python -c 'import tantivy'", [py, "-c", "import tantivy"]),
                       ("vanban --help", [py, "-m", "vanban", "--help"])):
        ts = wall(cmd, a.repeat)
        rows.append(["–", label, median(ts) * 1e3, percentile(ts, 95) * 1e3,
                     median(CPU) * 1e3])
    search_cmd: list[str] = []
    targets = [(_count(d), d) for d in a.archive] or [(n, None) for n in a.docs]
    for n, d in targets:
        d = d or ensure_store(n)
        calls = [["search", "lao dong gioi", "--json"],
                 ["search", '"lao động giỏi"', "--nam", "2020", "--json"],
                 ["show", "1", "--json"],
                 ["search", "lao dong gioi"]]  # plain output: the full Typer/Rich CLI
        for c in calls:
            cmd = [py, "-m", "vanban", "--data-dir", str(d), *c]
            ts = wall(cmd, a.repeat)
            rows.append([n, "vanban " + " ".join(c), median(ts) * 1e3,
                         percentile(ts, 95) * 1e3, median(CPU) * 1e3])
            if c[0] == "search" and not search_cmd:
                search_cmd = cmd
    table(f"CLI from the shell (ms, {a.repeat} runs; {load()})",
          ["docs", "command", "wall median", "wall p95", "CPU median"], rows)
    table("Imports of `vanban search` (cumulative ms, -X importtime, top level)",
          ["module", "ms"], import_profile(search_cmd))
    return 0


if __name__ == "__main__":
    sys.exit(main())
