"""Run a search: parse, resolve filter values, ask the engine, add rows, snippets, facets."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from vanban.corpus import data
from vanban.corpus.keys import token_key
from vanban.corpus.store_api import Store
from vanban.corpus.vntext import fold
from vanban.index.analysis import analyze, folded_token, key, numbers_in
from vanban.index.engine import FACETS, Engine
from vanban.index.query import All, And, Boost, IdIn, Node, Not, Or, Phrase, Term
from vanban.search.query import PROXIMITY_BOOST, Filters, QueryError, build, citing_node
from vanban.search.snippet import snippet

FACET_SIZE = 10
RESCORE_MIN = 100  # hits re-scored with the phrase boost: at least this many …
RESCORE_FACTOR = 10  # … and this many times the hits asked for
RESOLVED = ("loai", "phong_trao", "cap", "tinh")


def resolve_filters(engine: Engine, filters: Filters, store: Store | None = None) -> None:
    """Map what the user typed (any case, accents or not) to the stored facet values; with
    the store, `--don-vi` also stands for every known name of the units it names."""
    if store is not None and filters.don_vi:
        names = [r["name"] for r in store.unit_names(filters.don_vi)]
        if names:
            filters.resolved["don_vi"] = names
    asked = {n: getattr(filters, n) for n in RESOLVED if getattr(filters, n)}
    if not asked:
        return
    known = engine.facets(All(), tuple(asked), size=10_000)
    for name, value in asked.items():
        want = token_key(value)
        if not want.strip():
            raise QueryError(f"--{name.replace('_', '-')}: trống")
        values = [str(v) for v, _ in known.get(name, [])]
        if name == "loai":  # a type code (KH, BC, QĐ) stands for its name
            want = token_key(_type_codes().get(value.strip(), "") or _type_codes().get(
                fold(value.strip()), "") or value)
        exact = [v for v in values if token_key(v) == want]
        partial = [v for v in values if want in token_key(v)]
        filters.resolved[name] = exact or partial or [value]


@lru_cache(maxsize=1)
def _type_codes() -> dict[str, str]:
    """Type code → type name (corpus/data/loai_van_ban.tsv); codes are also keyed folded
    (`qd`) for fast typing."""
    out: dict[str, str] = {}
    for name, codes in data.loai_van_ban():
        for code in codes:
            out.setdefault(code, name)
            out.setdefault(fold(code), name)
    return out


def citing(store: Store, engine: Engine, number: str, limit: int = 1000) -> list[int]:
    """Ids of archive documents that cite `number` (its own document excluded): the store's
    citations table, plus the index's numbers written in the text."""
    ids = dict.fromkeys(store.cited_by(number))
    own = {i for i, _ in engine.search(Term("so_hieu", key(number)), 1000)[1]}
    _, hits = engine.search(citing_node(number), limit, "date")
    ids.update(dict.fromkeys(i for i, _ in hits))
    return [i for i in ids if i not in own]
def _tokens(node: Node, field: str) -> list[str] | None:
    if isinstance(node, Term) and node.field == field and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, Phrase) and node.field == field:
        return list(node.tokens)
    return None


def match_set_node(node: Node) -> Node:
    """The same set of documents, cheaper to count: drop each boosted `exact` branch whose
    `folded` sibling asks for the same words folded (whatever matches the accented words
    matches their folded form too). Facet counts do not need the ranking boost, and a
    phrase query is the most expensive part of a facet page (profiled at 100k documents)."""
    if isinstance(node, Or):
        kids = node.children
        if len(kids) == 2 and isinstance(kids[0], Boost):
            exact, folded = _tokens(kids[0].child, "exact"), _tokens(kids[1], "folded")
            if exact and folded and [folded_token(t) for t in exact] == folded:
                return kids[1]
        return Or([match_set_node(c) for c in kids])
    if isinstance(node, And):
        return And([match_set_node(c) for c in node.children])
    if isinstance(node, Not):
        return Not(match_set_node(node.child))
    return node


def split_near(node: Node) -> tuple[Node, list[Node]]:
    """(node without the boost for the words side by side in the body, those boosts).

    `words_run` adds `Boost(Phrase("folded", …))` next to the words it requires; every
    document matching the phrase has each word in `folded`, so it matches the rest of the
    node already: dropping the phrase keeps the match set and the facet counts, and only
    lowers the scores by the phrase's own (additive under And/Or). Phrases are the costly
    part of a query over every match; `search` adds their score back on the top hits."""
    near: list[Node] = []

    def walk(n: Node) -> Node:
        if isinstance(n, And):
            return And([walk(c) for c in n.children])
        if isinstance(n, Or):
            kids = n.children
            if len(kids) >= 2 and _is_body_near(kids[1]):
                near.append(kids[1])
                kids = [kids[0], *kids[2:]]
            return Or([walk(c) for c in kids])
        return n  # under Boost or Not a phrase is left where it is

    return walk(node), near


def _is_body_near(n: Node) -> bool:
    return (isinstance(n, Boost) and n.factor == PROXIMITY_BOOST
            and isinstance(n.child, Phrase) and n.child.field == "folded")


def _rescore(engine: Engine, hits: list[tuple[int, float]], near: list[Node]
             ) -> list[tuple[int, float]]:
    """Add the phrase boosts' scores to `hits` (one engine query restricted to their ids,
    the id clause weighing nothing) and sort again, ties kept in engine order."""
    if not hits or not near:
        return hits
    _, extra = engine.search(And([IdIn([i for i, _ in hits]), Or(near)]), len(hits))
    add = dict(extra)
    scored = [(i, s + add.get(i, 0.0)) for i, s in hits]
    return sorted(scored, key=lambda h: -h[1])


def engine_hits(engine: Engine, node: Node, limit: int, sort: str = "relevance"
                ) -> tuple[int, list[tuple[int, float]], Node]:
    """(total, top `limit` hits, the node to count facets on): the body phrase boosts are
    left out of the query over every match and added back on the top hits, on an engine whose
    scores add up under And/Or (`Engine.additive_scores`); others take the node as it is."""
    near: list[Node] = []
    if engine.additive_scores:
        node, near = split_near(node)
    if near and sort == "relevance":
        want = max(RESCORE_MIN, RESCORE_FACTOR * limit)
        total, hits = engine.search(node, want, sort)
        return total, _rescore(engine, hits, near)[:limit], node
    total, hits = engine.search(node, limit, sort)
    return total, hits, node


def search(store: Store, engine: Engine, text: str, filters: Filters | None = None,
           limit: int = 10, sort: str = "relevance", facets: bool = True,
           offset: int = 0) -> dict[str, Any]:
    """`offset` skips the first hits (a results page further on reads only its own rows)."""
    filters = filters or Filters()
    if limit < 0:
        raise QueryError("--limit phải là số không âm")
    if sort not in ("relevance", "date"):
        raise QueryError("--sort chỉ nhận 'relevance' hoặc 'date'")
    resolve_filters(engine, filters, store)
    parsed = build(text, filters)
    if not text.strip() and sort == "relevance":
        sort = "date"  # browsing: newest first
    offset = max(offset, 0)
    total, hits, node = engine_hits(engine, parsed.node, offset + limit, sort)
    words, phrases = parsed.words, parsed.phrases
    if not words and not phrases:  # browsing: show where the asked number appears
        phrases = [analyze(v)[1] for v in (filters.trich_dan, filters.so_hieu) if v]
    rows = []
    page = hits[offset:offset + limit] if limit else []
    found = store.hit_rows([i for i, _ in page]) if page else {}  # one query for the page
    for doc_id, score in page:
        row = found.get(doc_id)
        if row is None:
            continue  # index ahead of the store for a moment: skip
        snip, marks = snippet(row["text"], words, phrases=phrases, spelled=parsed.spelled)
        rows.append({
            "id": doc_id, "path": row["path"], "so_hieu": row["so_hieu"],
            "loai": row["loai"], "ngay": row["ngay"], "don_vi": row["don_vi"],
            "trich_yeu": row["trich_yeu"], "score": round(score, 4), "snippet": snip,
            "highlights": marks,
        })
    out: dict[str, Any] = {"total": total, "hits": rows, "facets": {}}
    if facets:
        counted = engine.facets(match_set_node(node), FACETS, FACET_SIZE, total=total)
        out["facets"] = {k: [{"value": v, "count": c} for v, c in vals]
                         for k, vals in counted.items()}
    return out


def _row(store: Store, doc_id: int) -> dict[str, Any] | None:
    r = store.document_row(doc_id)
    if r is None:
        return None
    paths = store.sources_of(doc_id)
    return {**r, "path": paths[0] if paths else None}


def citations_of(store: Store, engine: Engine, doc_id: int) -> dict[str, list[dict[str, Any]]]:
    """What a document cites (each number with the archive document that carries it, if any)
    and which archive documents cite it.

    The cited numbers are the extracted `van_ban_dan_chieu`; without them, the numbers written
    in the text other than its own.
    """
    rec = store.get(doc_id)
    if rec is None:
        return {"trich_dan": [], "duoc_trich_dan": []}
    own = key(rec.so_hieu) if rec.so_hieu else None
    cited = rec.van_ban_dan_chieu or [n for n in numbers_in(rec.text) if key(n) != own]
    out_cites = []
    for n in dict.fromkeys(cited):
        hits = engine.search(Term("so_hieu", key(n)), 5)[1]
        out_cites.append({"so_hieu": n, "ids": [i for i, _ in hits if i != doc_id]})
    by = []
    if rec.so_hieu:
        by = [r for i in citing(store, engine, rec.so_hieu) if i != doc_id
              and (r := _row(store, i)) is not None]
    return {"trich_dan": out_cites, "duoc_trich_dan": by}
