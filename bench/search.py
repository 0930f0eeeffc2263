"""Search latency p50/p95 per query kind: vanban (in-process) vs bare tantivy vs rg/grep.

vanban goes through `search.searcher.search` exactly as `vanban search` does (filters
resolved, hits read from the store, snippets and facet counts included). The bare engine
answers the same tokens on the plain-schema index of the raw texts; `rg -i` / `grep -ri`
scan the same raw files (the no-index baseline).

    python -m bench.search --docs 10000 100000 [--engines tantivy whoosh]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import OUT, load, median, now, percentile, table
from bench.generate import ensure
from bench.index import ensure_store


@dataclass
class Q:
    text: str
    bare: list[str]  # the same tokens for the bare engine (accented: it cannot fold)
    phrase: bool = False
    filters: dict = field(default_factory=dict)
    grep: str | None = None  # what a grep user would type (None: not expressible)


KINDS: dict[str, list[Q]] = {
    "term": [Q("thưởng", ["thưởng"], grep="thưởng"), Q("sáng", ["sáng"], grep="sáng"),
             Q("khen", ["khen"], grep="khen"), Q("chăm", ["chăm"], grep="chăm"),
             Q("hội", ["hội"], grep="hội")],
    # an abbreviation also finds its long form (a phrase over the body): the bare engine
    # answers the abbreviation's token alone
    "abbreviation": [Q("CNVCLĐ", ["cnvclđ"], grep="CNVCLĐ"), Q("LĐLĐ", ["lđlđ"], grep="LĐLĐ"),
                     Q("CĐCS", ["cđcs"], grep="CĐCS"), Q("TULĐTT", ["tulđtt"], grep="TULĐTT"),
                     Q("ATVSLĐ", ["atvslđ"], grep="ATVSLĐ")],
    "accentless": [Q("lao dong gioi", ["lao", "động", "giỏi"], grep="lao dong gioi"),
                   Q("khen thuong", ["khen", "thưởng"], grep="khen thuong"),
                   Q("an toan ve sinh", ["an", "toàn", "vệ", "sinh"], grep="an toan ve sinh"),
                   Q("cong doan co so", ["công", "đoàn", "cơ", "sở"], grep="cong doan co so"),
                   Q("thi dua yeu nuoc", ["thi", "đua", "yêu", "nước"], grep="thi dua yeu nuoc")],
    "phrase": [Q('"lao động giỏi"', ["lao", "động", "giỏi"], True, grep="lao động giỏi"),
               Q('"thi đua yêu nước"', ["thi", "đua", "yêu", "nước"], True,
                 grep="thi đua yêu nước"),
               Q('"an toàn vệ sinh lao động"', ["an", "toàn", "vệ", "sinh", "lao", "động"], True,
                 grep="an toàn vệ sinh lao động"),
               Q('"giỏi việc nước, đảm việc nhà"', ["giỏi", "việc", "nước", "đảm", "việc", "nhà"],
                 True, grep="giỏi việc nước, đảm việc nhà"),
               Q('"đoàn viên công đoàn"', ["đoàn", "viên", "công", "đoàn"], True,
                 grep="đoàn viên công đoàn")],
    "filtered": [Q("thi đua", ["thi", "đua"], filters={"nam": 2020}, grep="thi đua"),
                 Q("khen thưởng", ["khen", "thưởng"], filters={"loai": "bao cao"},
                   grep="khen thưởng"),
                 Q("lao động", ["lao", "động"], filters={"tu": "2015", "den": "2018"},
                   grep="lao động"),
                 Q("đoàn viên", ["đoàn", "viên"], filters={"don_vi": "Lai Châu"},
                   grep="đoàn viên"),
                 Q("phong trào", ["phong", "trào"], filters={"loai": "ke hoach", "nam": 2019},
                   grep="phong trào")],
    "facet-count": [Q("", [], filters={}), Q("", [], filters={"nam": 2018}),
                    Q("", [], filters={"loai": "Báo cáo"}), Q("", [], filters={"tu": "2020"}),
                    Q("", [], filters={"nam": 2010})],
    "figure": [Q("95,5", ["95,5"], grep="95,5"), Q("100%", ["100"], grep="100%"),
               Q('"đạt 100"', ["đạt", "100"], True, grep="đạt 100"),
               Q("2.100", ["2.100"], grep="2.100"), Q('"tỷ lệ"', ["tỷ", "lệ"], True,
                                                        grep="tỷ lệ")],
}


def vanban_runner(sdir: Path, engine_name: str):
    from vanban.corpus.store import open_store
    from vanban.index.engine import open_engine
    from vanban.search.query import Filters
    from vanban.search.searcher import search

    store = open_store(sdir / "vanban.sqlite")
    engine = open_engine(sdir, engine_name)
    if store.count() and not engine.ids():  # the ingest built the default engine's index only
        from vanban.index.build import rebuild

        rebuild(store, engine)

    def run(q: Q) -> int:
        return search(store, engine, q.text, Filters(**q.filters), limit=10)["total"]

    return run


def bare_runner(n: int):
    from bench.bare import Bare

    b = Bare(OUT / f"bare-{n}")

    def run(q: Q) -> int:
        if not q.bare:  # browsing: all documents, top 10 and the count
            import tantivy

            s = b.index.searcher()
            res = s.search(tantivy.Query.all_query(), 10, count=True)
            [s.doc(a) for _, a in res.hits]
            return res.count
        return b.search(q.bare, q.phrase)[0]

    return run


def grep_time(tool: str, pattern: str, root: Path) -> tuple[float, int]:
    cmd = (["rg", "-i", "-l", "-F", "--no-messages", pattern, str(root)] if tool == "rg"
           else ["grep", "-r", "-i", "-l", "-F", pattern, str(root)])
    t0 = now()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return now() - t0, len(p.stdout.splitlines())


def interleaved(runners: dict[str, object], queries: list[Q], repeat: dict[str, int]
                ) -> tuple[dict[str, list[float]], dict[str, list[int]]]:
    """Per-query samples, runners taking turns, so load from other processes on this
    (shared) machine falls on all of them alike and the ratios stay fair."""
    totals = {name: [run(q) for q in queries] for name, run in runners.items()}  # warm-up
    samples: dict[str, list[float]] = {name: [] for name in runners}
    CPU.clear()
    CPU.update({name: [] for name in runners})
    for r in range(max(repeat.values())):
        for q in queries:
            for name, run in runners.items():
                if r < repeat[name]:
                    c0, t0 = time.process_time(), now()
                    run(q)
                    samples[name].append(now() - t0)
                    CPU[name].append(time.process_time() - c0)
    return samples, totals


# CPU seconds (all threads of this process) of each sample of the last `interleaved` call:
# on a loaded machine wall times mostly measure the wait for a core, CPU times do not
CPU: dict[str, list[float]] = {}


cpu_rows: list[list[object]] = []  # the CPU table of the last `measure` call


def measure(n: int, engines: list[str], repeat: int, whoosh_repeat: int,
            grep_tools: list[str]) -> tuple[list[list[object]], list[list[object]]]:
    root = ensure(n)
    sdir = ensure_store(n)
    if not (OUT / f"bare-{n}").exists():
        from bench import bare
        from bench.generate import files_of

        bare.build(files_of(root), OUT / f"bare-{n}")
    rows, checks = [], []
    cpu_rows.clear()
    runners = {"bare": bare_runner(n)}
    runners.update({e: vanban_runner(sdir, e) for e in engines})
    reps = {name: whoosh_repeat if name == "whoosh" else repeat for name in runners}
    for kind, queries in KINDS.items():
        samples, totals = interleaved(runners, queries, reps)
        fb = samples["bare"]
        row: list[object] = [n, kind, percentile(fb, 50) * 1e3, percentile(fb, 95) * 1e3]
        for e in engines:
            s = samples[e]
            p95 = percentile(s, 95)
            row += [percentile(s, 50) * 1e3, p95 * 1e3, p95 / percentile(fb, 95)]
            checks.append([n, kind, e, " ".join(map(str, totals[e]))])
        cpu_rows.append([n, kind, percentile(CPU["bare"], 50) * 1e3,
                         percentile(CPU["bare"], 95) * 1e3]
                        + [x for e in engines for x in (
                            percentile(CPU[e], 50) * 1e3, percentile(CPU[e], 95) * 1e3,
                            percentile(CPU[e], 95) / percentile(CPU["bare"], 95))])
        checks.append([n, kind, "bare", " ".join(map(str, totals["bare"]))])
        tantivy_p95 = percentile(samples.get("tantivy", []), 95)
        for tool in grep_tools:
            gq = [q for q in queries if q.grep]
            if not gq or not shutil.which(tool):
                row += ["–", "–"]
                continue
            ts = [grep_time(tool, q.grep, root)[0] for q in gq]
            row += [median(ts) * 1e3, median(ts) / tantivy_p95]
        rows.append(row)
    return rows, checks


def breakdown(n: int, engine_name: str = "tantivy", repeat: int = 5) -> list[list[object]]:
    """Where a search's time goes: parse, engine hits, facet counts, rows + snippets."""
    from vanban.corpus.store import open_store
    from vanban.index.engine import FACETS, open_engine
    from vanban.search.query import Filters, build
    from vanban.search.searcher import FACET_SIZE, resolve_filters, search

    try:  # facets are counted on the cheaper equivalent node where search() does so
        from vanban.search.searcher import match_set_node
    except ImportError:
        def match_set_node(node):  # type: ignore[no-redef]
            return node
    try:
        from vanban.search.searcher import engine_hits
    except ImportError:
        engine_hits = None  # type: ignore[assignment]

    sdir = ensure_store(n)
    store = open_store(sdir / "vanban.sqlite")
    engine = open_engine(sdir, engine_name)
    import inspect  # facets counted with the match count where the engine takes it (issue 20)

    takes_total = "total" in inspect.signature(engine.facets).parameters
    if store.count() and not engine.ids():  # the ingest built the default engine's index only
        from vanban.index.build import rebuild

        rebuild(store, engine)
    rows = []
    for kind, queries in KINDS.items():
        parts: dict[str, list[float]] = {"parse": [], "hits": [], "facets": [], "total": []}
        for _ in range(repeat):
            for q in queries:
                t0 = now()
                f = Filters(**q.filters)
                resolve_filters(engine, f)
                node = build(q.text, f).node
                t1 = now()
                if engine_hits is None:
                    total = engine.search(node, 10, "relevance" if q.text else "date")[0]
                    counted = node
                else:  # phrase boosts added on the top hits (issue 20)
                    total, _, counted = engine_hits(engine, node, 10,
                                                    "relevance" if q.text else "date")
                t2 = now()
                engine.facets(match_set_node(counted), FACETS, FACET_SIZE,
                              **({"total": total} if takes_total else {}))
                t3 = now()
                search(store, engine, q.text, Filters(**q.filters), limit=10)
                t4 = now()
                for k, v in (("parse", t1 - t0), ("hits", t2 - t1), ("facets", t3 - t2),
                             ("total", t4 - t3)):
                    parts[k].append(v)
        med = {k: median(v) * 1e3 for k, v in parts.items()}
        rest = med["total"] - med["parse"] - med["hits"] - med["facets"]
        rows.append([n, engine_name, kind, med["parse"], med["hits"], med["facets"], rest,
                     med["total"]])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    ap.add_argument("--docs", type=int, nargs="+", default=[1000])
    ap.add_argument("--engines", nargs="+", default=["tantivy", "whoosh"])
    ap.add_argument("--whoosh-max", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=5, help="rounds over each kind's 5 queries")
    ap.add_argument("--whoosh-repeat", type=int, default=1)
    ap.add_argument("--grep", nargs="*", default=["rg", "grep"])
    a = ap.parse_args(argv)
    all_rows, all_checks = [], []
    for n in a.docs:
        engines = [e for e in a.engines if e != "whoosh" or n <= a.whoosh_max]
        rows, checks = measure(n, engines, a.repeat, a.whoosh_repeat, a.grep)
        headers = ["docs", "kind", "bare p50", "bare p95"]
        for e in engines:
            headers += [f"{e} p50", f"{e} p95", f"{e} p95 × bare"]
        for t in a.grep:
            headers += [f"{t} median", f"{t} ÷ tantivy p95"]
        table(f"Search latency at {n} docs (ms; vanban = search.searcher.search with snippets "
              f"and facets, limit 10; {load()})", headers, rows)
        cpu_headers = ["docs", "kind", "bare CPU p50", "bare CPU p95"]
        for e in engines:
            cpu_headers += [f"{e} CPU p50", f"{e} CPU p95", f"{e} CPU p95 × bare"]
        table(f"Search CPU per query at {n} docs (ms of CPU, same samples; {load()})",
              cpu_headers, cpu_rows)
        all_rows += rows
        all_checks += checks
    bd = []
    for n in a.docs:
        bd += breakdown(n, "tantivy", a.repeat)
    table("Where the time goes (medians, ms): parse + filter resolution, engine hits, facet "
          "counts, then store rows + snippets (the rest of search())",
          ["docs", "engine", "kind", "parse", "hits", "facets", "rows+snippets", "total"], bd)
    table("Hit counts per query (order of bench/search.py KINDS; vanban engines must agree; "
          "bare counts differ: no folding, no filters)",
          ["docs", "kind", "engine", "totals"], all_checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
