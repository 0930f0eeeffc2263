"""Run a search: parse, resolve filter values, ask the engine, add rows, snippets, facets."""

from __future__ import annotations

from typing import Any

from corpus.store import Store
from corpus.vntext import fold, normalize
from index.analysis import folded_token
from index.engine import FACETS, Engine
from index.query import All, And, Boost, Node, Not, Or, Phrase, Term
from search.query import Filters, QueryError, build
from search.snippet import snippet

FACET_SIZE = 10
RESOLVED = ("loai", "phong_trao", "cap", "tinh")


def resolve_filters(engine: Engine, filters: Filters) -> None:
    """Map what the user typed (any case, accents or not) to the stored facet values."""
    asked = {n: getattr(filters, n) for n in RESOLVED if getattr(filters, n)}
    if not asked:
        return
    known = engine.facets(All(), tuple(asked), size=10_000)
    for name, value in asked.items():
        want = fold(normalize(value)).strip()
        values = [str(v) for v, _ in known.get(name, [])]
        exact = [v for v in values if fold(v) == want]
        partial = [v for v in values if want in fold(v)]
        filters.resolved[name] = exact or partial or [value]


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


def search(store: Store, engine: Engine, text: str, filters: Filters | None = None,
           limit: int = 10, sort: str = "relevance", facets: bool = True) -> dict[str, Any]:
    filters = filters or Filters()
    if limit < 0:
        raise QueryError("--limit phải là số không âm")
    if sort not in ("relevance", "date"):
        raise QueryError("--sort chỉ nhận 'relevance' hoặc 'date'")
    resolve_filters(engine, filters)
    parsed = build(text, filters)
    if not text.strip() and sort == "relevance":
        sort = "date"  # browsing: newest first
    total, hits = engine.search(parsed.node, limit, sort)
    rows = []
    for doc_id, score in hits[:limit] if limit else []:
        row = store.db.execute(
            "SELECT id, so_hieu, loai, ngay, don_vi, trich_yeu, text FROM documents WHERE id=?",
            (doc_id,),
        ).fetchone()
        if row is None:
            continue  # index ahead of the store for a moment: skip
        paths = store.sources_of(doc_id)
        snip, marks = snippet(row["text"], parsed.words)
        rows.append({
            "id": doc_id, "path": paths[0] if paths else None, "so_hieu": row["so_hieu"],
            "loai": row["loai"], "ngay": row["ngay"], "don_vi": row["don_vi"],
            "trich_yeu": row["trich_yeu"], "score": round(score, 4), "snippet": snip,
            "highlights": marks,
        })
    out: dict[str, Any] = {"total": total, "hits": rows, "facets": {}}
    if facets:
        counted = engine.facets(match_set_node(parsed.node), FACETS, FACET_SIZE)
        out["facets"] = {k: [{"value": v, "count": c} for v, c in vals]
                         for k, vals in counted.items()}
    return out
