"""Ingest cost: CPU-seconds per document by stage, against bare tantivy, 1k → 10k → 50k.

Every CPU figure counts the whole process tree: this process, the forkserver and its reader
workers, and the index-analysis pool. `os.times()`/`RUSAGE_CHILDREN` see only children that
were waited for (the forkserver's workers never are), so a sampler thread reads
`/proc/PID/stat` of every descendant while the run lasts and keeps each one's last value.

Tables:
- whole ingest (`Archive.ingest`, what `vanban ingest` runs: forkserver readers, one writer,
  indexing) on 1 and 2 processes: CPU ms/doc of the tree, × bare tantivy's CPU on the same
  texts, wall and × bare tantivy's wall;
- CPU ms/doc by stage, from one in-process run over a sample (each stage timed with
  `time.process_time`, nested stages counted once);
- the unchanged re-ingest.

    python -m bench.ingest --docs 1000 10000 [--workers 1 2] [--stage-docs 300]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bench import bare
from bench.common import OUT, archive_dir, data_dir, load, median, now, table
from bench.generate import ensure, files_of

_TICK = os.sysconf("SC_CLK_TCK")


def _proc_table() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, own CPU seconds) for every process we can read."""
    out: dict[int, tuple[int, float]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                raw = fh.read()
        except OSError:
            continue
        rest = raw[raw.rfind(b")") + 2:].split()  # the command name may hold spaces
        out[int(name)] = (int(rest[1]), (int(rest[11]) + int(rest[12])) / _TICK)
    return out


class TreeCPU:
    """CPU seconds of this process and all its descendants between start() and stop().

    A thread samples /proc every `interval` s; a descendant that exits loses at most its
    last interval (reader workers live for the whole batch, so that is small)."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        me = os.getpid()
        table_ = _proc_table()
        kids: dict[int, list[int]] = {}
        for pid, (ppid, _) in table_.items():
            kids.setdefault(ppid, []).append(pid)
        todo = list(kids.get(me, []))
        while todo:
            pid = todo.pop()
            self.seen[pid] = table_[pid][1]
            todo.extend(kids.get(pid, []))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def start(self) -> TreeCPU:
        # descendants alive before the run (a forkserver from an earlier run) count from now
        self.base: dict[int, float] = {}
        self._sample()
        self.base = dict(self.seen)
        self.seen.clear()
        t = os.times()
        self.self0 = t.user + t.system
        self._thread.start()
        return self

    def stop(self) -> float:
        self._sample()
        self._stop.set()
        self._thread.join()
        t = os.times()
        own = t.user + t.system - self.self0
        return own + sum(v - self.base.get(pid, 0.0) for pid, v in self.seen.items())


def run_ingest(ddir: Path, files: list[Path], workers: int, engine: str = "tantivy",
               fresh: bool = True) -> dict[str, float]:
    """`Archive.ingest` as `vanban ingest` runs it (forkserver readers), timed; CPU of the
    whole process tree."""
    from vanban.ingest.batch import SKIPPED

    from vanban.archive import Archive

    if fresh:
        shutil.rmtree(ddir, ignore_errors=True)
    tree = TreeCPU().start()
    t0 = now()
    archive = Archive(ddir, engine)
    summary = archive.ingest(files, workers)
    archive.close()
    wall = now() - t0
    cpu = tree.stop()
    return dict(wall=wall, cpu=cpu, ok=summary.count("ok"),
                skipped=summary.count(SKIPPED), failed=len(summary.failed))


def bare_floor(files: list[Path], n: int, rounds: int = 3) -> tuple[float, float]:
    """(wall, CPU) of bare tantivy indexing the same texts, medians of `rounds`."""
    walls, cpus = [], []
    for _ in range(rounds):
        tree = TreeCPU().start()
        walls.append(bare.build(files, OUT / f"bare-{n}"))
        cpus.append(tree.stop())
    return median(walls), median(cpus)


# -- CPU by stage ---------------------------------------------------------------------------
class StageClock:
    """Exclusive CPU seconds per stage: time in a nested stage is not counted in its caller."""

    def __init__(self) -> None:
        self.total: dict[str, float] = {}
        self.stack: list[list] = []

    def wrap(self, stage: str, fn: Callable) -> Callable:
        def timed(*args, **kw):
            frame = [stage, 0.0]  # child seconds
            self.stack.append(frame)
            t0 = time.process_time()
            try:
                return fn(*args, **kw)
            finally:
                dt = time.process_time() - t0
                self.stack.pop()
                self.total[stage] = self.total.get(stage, 0.0) + dt - frame[1]
                if self.stack:
                    self.stack[-1][1] += dt
        timed.__wrapped__ = fn  # type: ignore[attr-defined]
        return timed


def _stage_points() -> list[tuple[str, object, str]]:
    """(stage, module or class, attribute) pairs to time; missing ones are skipped."""
    import importlib

    from vanban.corpus.sqlite_store import SqliteStore
    from vanban.ingest.fields import FAMILIES

    m = importlib.import_module
    pts: list[tuple[str, object, str]] = [
        ("read", m("vanban.ingest.pipeline"), "read"),
        ("sha256", m("vanban.ingest.batch"), "sha256_file"),
        ("clean: normalise", m("vanban.ingest.clean"), "normalize_text"),
        ("clean: in-doc dedup", m("vanban.ingest.clean"), "dedup_paragraphs"),
        ("clean: page breaks", m("vanban.ingest.clean"), "repair"),
        ("clean: sections", m("vanban.ingest.clean"), "assign_sections"),
        ("clean: rest", m("vanban.ingest.pipeline"), "clean"),
    ]
    pts += [(f"field: {f}", m(f"vanban.ingest.fields.{f}"), "extract") for f in FAMILIES]
    pts.append(("near-dup: MinHash bands", m("vanban.ingest.near_dup"), "lsh_bands"))
    pts += [
        ("near-dup: lookup", m("vanban.ingest.batch"), "find_original"),
        ("store: put", SqliteStore, "put"),
        ("store: get for index", SqliteStore, "get"),
        ("index: analysis", m("vanban.index.build"), "to_index_doc"),
        ("index: engine", m("vanban.index.build"), "add_documents"),
    ]
    return [(s, o, a) for s, o, a in pts if hasattr(o, a)]


def by_stage(files: list[Path], ddir: Path, engine: str) -> tuple[dict[str, float], float]:
    """One in-process ingest (no pool) of `files` with each stage timed; (stage → CPU s,
    total CPU s)."""
    from vanban.archive import Archive

    clock = StageClock()
    saved = []
    for stage, owner, attr in _stage_points():
        fn = getattr(owner, attr)
        saved.append((owner, attr, fn))
        setattr(owner, attr, clock.wrap(stage, fn))
    shutil.rmtree(ddir, ignore_errors=True)
    try:
        c0 = time.process_time()
        archive = Archive(ddir, engine)
        archive.ingest(files, 1, isolate=False, mp_context=None)
        archive.close()
        total = time.process_time() - c0
    finally:
        for owner, attr, fn in reversed(saved):
            setattr(owner, attr, fn)
    return clock.total, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    ap.add_argument("--docs", type=int, nargs="+", default=[1000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--engine", default="tantivy")
    ap.add_argument("--stage-docs", type=int, default=300,
                    help="documents in the in-process run that splits CPU by stage (0: skip)")
    ap.add_argument("--bare-rounds", type=int, default=3)
    a = ap.parse_args(argv)

    rows, again_rows = [], []
    for n in a.docs:
        files = files_of(ensure(n))
        mb = sum(f.stat().st_size for f in files) / 1e6
        fwall, fcpu = bare_floor(files, n, a.bare_rounds)
        rows.append([n, "bare tantivy", "–", fwall, fcpu, fcpu / n * 1e3, 1.0, 1.0,
                     n / fwall, load()])
        for w in a.workers:
            r = run_ingest(data_dir(n, f"ingest-w{w}"), files, w, a.engine)
            rows.append([n, f"vanban ({mb:.1f} MB)", w, r["wall"], r["cpu"],
                         r["cpu"] / n * 1e3, r["cpu"] / fcpu, r["wall"] / fwall,
                         n / r["wall"], load() + (f"; {r['failed']} failed" if r["failed"]
                                                  else "")])
        w = max(a.workers)
        first = rows[-1][3]
        again = run_ingest(data_dir(n, f"ingest-w{w}"), files, w, a.engine, fresh=False)
        again_rows.append([n, again["skipped"], first, again["wall"], again["cpu"],
                           100 * again["wall"] / first])
    table(f"Ingest + index ({a.engine}, text documents), CPU of the whole process tree",
          ["docs", "runner", "procs", "wall s", "CPU s", "CPU ms/doc", "× bare CPU",
           "× bare wall", "docs/s", "load"], rows)
    table(f"Unchanged re-ingest (all skipped by hash; {load()})",
          ["docs", "skipped", "first s", "again s", "again CPU s", "% of first"], again_rows)

    if a.stage_docs:
        n = min(a.stage_docs, min(a.docs))
        files = files_of(ensure(min(a.docs)))[:n]
        stages, total = by_stage(files, data_dir(n, "stages"), a.engine)
        listed = sum(stages.values())
        srows = [[s, v / n * 1e3, 100 * v / total]
                 for s, v in sorted(stages.items(), key=lambda kv: -kv[1])]
        srows.append(["other (outside the timed stages)", (total - listed) / n * 1e3,
                      100 * (total - listed) / total])
        srows.append(["total (one process, no pool)", total / n * 1e3, 100.0])
        table(f"CPU ms per document by stage ({n} docs in one process; {load()})",
              ["stage", "CPU ms/doc", "%"], srows)
    print(f"\n(archives: {', '.join(str(archive_dir(n)) for n in a.docs)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
