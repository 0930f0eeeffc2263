"""Search evaluation: recall@10 of the project's search test set over the sample archive.

    python -m search.eval_search [--engine tantivy|whoosh|both] [--set FILE] [--k 10] [-v]

Each line of the set (`evaluation/data/search_eval.jsonl`) is a query (`query`, `filters` with the
`Filters` field names) and the sample documents that must come back (`expect`: the first three
characters of a `corpus/samples` file name). The samples are ingested into a temporary archive
per engine, exactly as `vanban ingest` does. A query marked `needs: fields` depends on field
extraction (đơn vị, phong trào, cấp) that may not be there yet: when none of its expected
documents carries the filtered field, it is reported as waiting, not counted. `first`, when
given, is the document that must rank first (exact spelling, a document's own number).

`grades` (optional) gives graded relevance per expected document (3 = about it, e.g. a
section on the movement; 2 = calls for it repeatedly; 1 = mentions it); without it every
expected document is grade 1. nDCG@k (gain 2^grade − 1, log2 discount) is reported beside
recall@k: recall says whether the documents come back, nDCG whether the best come first.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path
from typing import Any

from vanban.index.engine import ENGINES

from vanban.archive import samples_dir

SAMPLES = samples_dir()
EVAL_SET = Path(__file__).resolve().parent / "data" / "search_eval.jsonl"
# filter → the record fields that feed it (don_vi falls back to the date line's place)
NEEDS_FIELDS = {"don_vi": ("don_vi", "tinh", "dia_danh"), "phong_trao": ("phong_trao",),
                "cap": ("cap",), "tinh": ("tinh",)}


def ndcg(got: list[str], grades: dict[str, int], k: int = 10) -> float:
    """Normalized discounted cumulative gain of the ranking `got` (document names)."""
    def dcg(gains: list[int]) -> float:
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    seen: set[str] = set()
    gains = []
    for d in got:
        gains.append(grades.get(d, 0) if d not in seen else 0)
        seen.add(d)
    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg(gains) / ideal if ideal else 1.0


def load_set(path: Path = EVAL_SET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _doc_name(path: str | None) -> str:
    return Path(path or "").name[:3]


def evaluate(engine_name: str, queries: list[dict[str, Any]], samples: Path = SAMPLES,
             k: int = 10, work_dir: Path | None = None) -> list[dict[str, Any]]:
    """Ingest the samples into a fresh archive and run every query; one result row each."""
    from vanban.search.query import Filters, QueryError

    from vanban.archive import Archive

    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        arch = Archive(Path(tmp), engine_name)
        files = sorted(p for p in samples.iterdir() if p.is_file() and p.name[:3].isdigit())
        arch.ingest(files, isolate=False, mp_context=None)
        records = {_doc_name(arch.store.sources_of(i)[0]): arch.store.get(i)
                   for i in arch.store.ids()}
        rows = []
        for q in queries:
            expect = set(q["expect"])
            row: dict[str, Any] = {"id": q["id"], "bullet": q.get("bullet", ""),
                                   "query": q["query"], "filters": q.get("filters", {}),
                                   "expect": sorted(expect)}
            if q.get("needs") == "fields" and not _fields_present(q, expect, records):
                row.update(status="waiting", recall=None, ndcg=None, got=[],
                           missing=sorted(expect))
                rows.append(row)
                continue
            try:
                res = arch.search(q["query"], Filters(**q.get("filters", {})), limit=k)
            except QueryError as exc:
                row.update(status="error", recall=0.0, ndcg=0.0, got=[],
                           missing=sorted(expect), error=str(exc))
                rows.append(row)
                continue
            got = [_doc_name(h["path"]) for h in res["hits"]]
            found = expect & set(got)
            grades = q.get("grades") or {d: 1 for d in expect}
            row.update(status="ok" if found == expect else "miss",
                       recall=len(found) / len(expect) if expect else 1.0, got=got,
                       missing=sorted(expect - found), ndcg=ndcg(got, grades, k),
                       graded=bool(q.get("grades")))
            if q.get("first") and got[:1] != [q["first"]]:  # rank check: exact / own number
                row.update(status="rank", first_ok=False)
            rows.append(row)
        arch.close()
    return rows


def _fields_present(q: dict[str, Any], expect: set[str], records: dict[str, Any]) -> bool:
    """Is the extraction this query relies on there? `needs_fields` names record fields that
    every expected document must carry (any one of them); otherwise the filter's sources."""
    if q.get("needs_fields"):
        return all(any(getattr(records.get(d), f, None) for f in q["needs_fields"])
                   for d in expect)
    used = [f for f in NEEDS_FIELDS if q.get("filters", {}).get(f)]
    return all(any(getattr(records.get(d), src, None) for d in expect
                   for src in NEEDS_FIELDS[f]) for f in used)


def overall(rows: list[dict[str, Any]], measure: str = "recall") -> float | None:
    counted = [r[measure] for r in rows if r.get(measure) is not None]
    return sum(counted) / len(counted) if counted else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m search.eval_search",
                                 description="Recall@k của bộ truy vấn kiểm thử trên kho mẫu.")
    ap.add_argument("--engine", choices=[*ENGINES, "both"], default="both")
    ap.add_argument("--set", type=Path, default=EVAL_SET, help="tệp JSONL các truy vấn")
    ap.add_argument("--samples", type=Path, default=SAMPLES)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("-v", "--verbose", action="store_true", help="in cả các văn bản tìm được")
    args = ap.parse_args(argv)
    queries = load_set(args.set)
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    results = {e: evaluate(e, queries, args.samples, args.k) for e in engines}
    head = f"{'truy vấn':<22} {'nhóm':<20} " + " ".join(f"{e:>8}" for e in engines)
    print(f"recall@{args.k} — {len(queries)} truy vấn, kho mẫu {args.samples}")
    print(head)
    print("-" * len(head))
    for i, q in enumerate(queries):
        cells = []
        for e in engines:
            r = results[e][i]
            cells.append(f"{'chờ':>8}" if r["recall"] is None else f"{r['recall']:>8.2f}")
        line = f"{q['id']:<22} {q.get('bullet', ''):<20} " + " ".join(cells)
        r0 = results[engines[0]][i]
        if r0["status"] == "rank":
            line += f"   đứng đầu phải là {q['first']}, được {(r0['got'] or ['-'])[0]}"
        if r0["status"] == "miss" or r0["status"] == "error":
            line += f"   thiếu {','.join(r0['missing'])}" + (f" ({r0['error']})"
                                                             if r0.get("error") else "")
        if r0["status"] == "waiting":
            line += "   (cần trích xuất trường — nhánh fields)"
        if r0.get("graded"):
            line += "   nDCG " + " ".join(f"{results[e][i]['ndcg']:.3f}" for e in engines)
        if args.verbose:
            line += f"   {q['query']!r} {q.get('filters') or ''} → {','.join(r0['got'])}"
        print(line)
    print("-" * len(head))
    bullets = list(dict.fromkeys(q.get("bullet", "") for q in queries))
    for b in bullets:
        cells = []
        for e in engines:
            o = overall([r for r in results[e] if r["bullet"] == b])
            cells.append(f"{'chờ':>8}" if o is None else f"{o:>8.3f}")
        print(f"{'  ' + b:<43} " + " ".join(cells))
    print(f"{'TỔNG (trung bình recall)':<43} "
          + " ".join(f"{(overall(results[e]) or 0.0):>8.3f}" for e in engines))
    print(f"{f'nDCG@{args.k} (trung bình)':<43} "
          + " ".join(f"{(overall(results[e], 'ndcg') or 0.0):>8.3f}" for e in engines))
    graded = {e: [r for r in results[e] if r.get("graded")] for e in engines}
    if graded[engines[0]]:
        label = f"nDCG@{args.k} ({len(graded[engines[0]])} truy vấn phân bậc)"
        print(f"{label:<43} "
              + " ".join(f"{(overall(graded[e], 'ndcg') or 0.0):>8.3f}" for e in engines))
    waiting = sum(r["recall"] is None for r in results[engines[0]])
    if waiting:
        print(f"{waiting} truy vấn chờ trích xuất trường (không tính vào tổng).")
    ranks = {e: sum(r["status"] == "rank" for r in results[e]) for e in engines}
    if any(ranks.values()):
        print("sai thứ hạng đầu: " + ", ".join(f"{e} {n}" for e, n in ranks.items()))
    ok = all(overall(results[e]) == 1.0 and not ranks[e] for e in engines)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
