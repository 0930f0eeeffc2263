"""CLI start-up: wall time of `vanban search` from the shell, and what its imports cost.

Each run is a fresh interpreter (`python -m vanban ...`), as a user at a prompt would wait
for it; the bytecode cache is allowed (as in an installed package), warmed by one run.

    python -m bench.startup --docs 100000
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

from bench.common import ROOT, load, median, now, percentile, table
from bench.index import ensure_store


def _env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    e["PYTHONPATH"] = str(ROOT)
    return e


def wall(cmd: list[str], repeat: int) -> list[float]:
    env = _env()
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True)  # warm caches
    out = []
    for _ in range(repeat):
        t0 = now()
        p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True)
        out.append(now() - t0)
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    ap.add_argument("--docs", type=int, nargs="+", default=[1000])
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args(argv)
    py = sys.executable
    rows = []
    for label, cmd in (("python -c pass", [py, "-c", "pass"]),
                       ("python -c 'import tantivy'", [py, "-c", "import tantivy"]),
                       ("vanban --help", [py, "-m", "vanban", "--help"])):
        ts = wall(cmd, a.repeat)
        rows.append(["–", label, median(ts) * 1e3, percentile(ts, 95) * 1e3])
    search_cmd: list[str] = []
    for n in a.docs:
        d = ensure_store(n)
        for q in (["lao dong gioi"], ['"lao động giỏi"', "--nam", "2020"]):
            search_cmd = [py, "-m", "vanban", "--data-dir", str(d), "search", *q, "--json"]
            ts = wall(search_cmd, a.repeat)
            rows.append([n, "vanban search " + " ".join(q), median(ts) * 1e3,
                         percentile(ts, 95) * 1e3])
    table(f"CLI wall time from the shell (ms, {a.repeat} runs; {load()})",
          ["docs", "command", "median", "p95"], rows)
    table("Imports of `vanban search` (cumulative ms, -X importtime, top level)",
          ["module", "ms"], import_profile(search_cmd))
    return 0


if __name__ == "__main__":
    sys.exit(main())
