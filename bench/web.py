"""Web page latency at N documents: the real server (uvicorn, in this process's thread) over
real HTTP, the search page as staff use it (query, facets, snippets, rendered HTML), plus a
document page and the figures page.

    python -m bench.web --docs 10000 [--repeat 5]

Each search URL is asked once to warm up, then `--repeat` times; p50/p95 are over all timed
requests of a kind. The archive is opened per request (so a finished ingest shows at once):
that cost is inside the numbers. Next to each search page, taking turns with it, the same
library call (`Archive.search`, 10 hits, snippets and facets) in-process: the difference is
what HTTP, the page and its rendering add, whatever the machine's load.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from urllib.parse import urlencode

from bench.common import load, median, now, percentile, table
from bench.index import ensure_store
from bench.search import KINDS


def _url(q, page: int = 1) -> str:
    params = {"q": q.text} if q.text else {}
    params.update({k: str(v) for k, v in q.filters.items()})
    if page > 1:
        params["trang"] = str(page)
    return "/?" + urlencode(params)


def _get(base: str, path: str) -> float:
    t0 = now()
    with urllib.request.urlopen(base + path, timeout=120) as r:
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{path}: HTTP {r.status}")
    return now() - t0


def _library(data, q, page: int = 1) -> float:
    from vanban.search.query import Filters

    from vanban.archive import Archive

    t0 = now()
    with Archive(data) as a:
        a.search(q.text, Filters(**q.filters), 10, offset=(page - 1) * 10)
    return now() - t0


def measure(n: int, repeat: int) -> list[list[object]]:
    from vanban.archive import Archive
    from vanban.web.server import BackgroundServer

    data = ensure_store(n)
    with Archive(data) as a:
        doc_ids = [h["id"] for h in a.search("lao động", limit=5)["hits"]]
    pages: dict[str, list[str]] = {k: [_url(q) for q in qs] for k, qs in KINDS.items()}
    pages["page 3"] = [_url(q, 3) for q in KINDS["accentless"]]
    calls = {k: [(q, 1) for q in qs] for k, qs in KINDS.items()}
    calls["page 3"] = [(q, 3) for q in KINDS["accentless"]]
    pages["document"] = [f"/van-ban/{i}" for i in doc_ids]
    # figures filtered by kind and year (a free-text figure query is the store's `vn_key`
    # LIKE scan over every figure row: minutes at 10k documents, see bench/RESULTS.md)
    pages["figures"] = ["/so-lieu?kind=target&nam=2020", "/so-lieu?kind=result&nam=2019"]
    rows: list[list[object]] = []
    search_all: list[float] = []
    library_all: list[float] = []
    with BackgroundServer(data) as server:
        for kind, urls in pages.items():
            for u in urls:
                _get(server.url, u)  # warm-up
            times, lib = [], []
            for _ in range(repeat):
                for i, u in enumerate(urls):
                    times.append(_get(server.url, u) * 1000)
                    if kind in calls:
                        lib.append(_library(data, *calls[kind][i]) * 1000)
            if kind in calls:
                search_all += times
                library_all += lib
            rows.append([n, kind, len(times), median(times), percentile(times, 95),
                         median(lib) if lib else "–", percentile(lib, 95) if lib else "–"])
    rows.append([n, "all search pages", len(search_all), median(search_all),
                 percentile(search_all, 95), median(library_all), percentile(library_all, 95)])
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__)
    ap.add_argument("--docs", type=int, nargs="+", default=[10000])
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    rows = [r for n in a.docs for r in measure(n, a.repeat)]
    table(f"Web page latency, ms over HTTP ({load()})",
          ["docs", "page", "requests", "page p50", "page p95", "library p50", "library p95"],
          rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
