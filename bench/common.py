"""Shared helpers for the bench commands: timing, percentiles, tables, child processes."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def now() -> float:
    return time.perf_counter()


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) – simple and stable for small samples."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def cpu() -> float:
    """CPU seconds of this process (all threads) and its finished children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall seconds of `repeat` calls of fn."""
    out = []
    for _ in range(repeat):
        t0 = now()
        fn()
        out.append(now() - t0)
    return out


def load() -> str:
    """The 1-minute load average: this machine is shared, so say how busy it was."""
    try:
        return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    except OSError:
        return "load ?"


def peak_rss_mb() -> float:
    """This process's peak resident set. VmHWM, not ru_maxrss: Linux keeps ru_maxrss across
    fork+exec, so a child would report its (larger) parent's peak."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_size_mb(path: Path) -> float:
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(dirpath, f))
            except OSError:
                pass
    return total / 1e6


def fmt(v: object) -> str:
    if isinstance(v, float):
        if v != v:  # nan
            return "–"
        if abs(v) >= 100:
            return f"{v:,.0f}"
        if abs(v) >= 10:
            return f"{v:.1f}"
        return f"{v:.3g}" if abs(v) < 1 else f"{v:.2f}"
    return "–" if v is None else str(v)


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text (Markdown) table, so it pastes into notes unchanged."""
    cells = [[fmt(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    head = " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    lines = [f"\n### {title}\n", f"| {head} |", "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    for r in cells:
        body = " | ".join(c.rjust(w) if _numeric(c) else c.ljust(w)
                          for c, w in zip(r, widths, strict=True))
        lines.append(f"| {body} |")
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def _numeric(c: str) -> bool:
    return bool(c) and (c[0].isdigit() or c[0] in "-–.") and not c.startswith("--")


def run_child(module: str, args: list[str], env: dict[str, str] | None = None) -> dict:
    """Run `python -m module args` (for peak-RSS isolation); it prints one JSON line last."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.update(env or {})
    p = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=e,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{module} {args} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def archive_dir(n: int) -> Path:
    return OUT / f"archive-{n}"


def data_dir(n: int, engine: str) -> Path:
    return OUT / f"data-{n}-{engine}"
