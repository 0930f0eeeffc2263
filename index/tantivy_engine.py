"""tantivy (Rust) engine: the default. Tokens come pre-analyzed, so the built-in
`whitespace` and `raw` tokenizers suffice and nothing has to be registered on open."""

from __future__ import annotations

import shutil
from pathlib import Path

import tantivy
from vanban.index import stamp
from vanban.index.query import All, And, Boost, IdIn, Node, Not, Or, Phrase, Range, Term
from vanban.index.schema import FIELDS, IndexDoc


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for f in FIELDS:
        if f.name == "id":
            sb.add_integer_field("id", stored=True, indexed=True, fast=True)
        elif f.kind == "tokens":
            sb.add_text_field(f.name, tokenizer_name="whitespace", index_option="position")
        elif f.kind == "keyword":
            sb.add_text_field(f.name, tokenizer_name="raw", fast=True, index_option="basic")
        else:
            sb.add_integer_field(f.name, indexed=True, fast=True)
    return sb.build()


_EVERY = 1 << 20  # "all the buckets": more values than a facet field has
_BODY = ("exact", "folded")  # the fields whose phrases cost most to evaluate


def _terms(fields: tuple[str, ...], size: int) -> dict[str, dict]:
    """One terms aggregation per field, exact: every segment's buckets are merged."""
    return {f: {"terms": {"field": f, "size": size, "segment_size": _EVERY}} for f in fields}


def _body_phrase(node: Node) -> bool:
    if isinstance(node, Phrase):
        return node.field in _BODY
    if isinstance(node, (And, Or)):
        return any(_body_phrase(c) for c in node.children)
    if isinstance(node, (Not, Boost)):
        return _body_phrase(node.child)
    return False


class TantivyEngine:
    name = "tantivy"
    additive_scores = True

    def __init__(self, path: Path, writable: bool = False):
        self.path = path
        self.schema = _schema()
        # True when an index built by another schema or analysis version was dropped: the
        # caller rebuilds it from the store
        self.stale = False
        if (path / "meta.json").exists() and not stamp.is_current(path):
            shutil.rmtree(path)
            self.stale = True
        fresh = not (path / "meta.json").exists()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        if fresh:
            stamp.write(path)
        self._writer: tantivy.IndexWriter | None = None
        self.writable = writable
        # (index version, documents, whole-index counts) of the multi-valued facet fields
        self._whole: tuple[tuple, int, dict[str, list[tuple[str | int, int]]]] | None = None
        self._broad = 0  # broad facet queries so far (see `facets`)

    @property
    def writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self.index.writer(heap_size=128_000_000, num_threads=1)
        return self._writer

    # -- writing ---------------------------------------------------------------
    def add(self, docs: list[IndexDoc]) -> None:
        w = self.writer
        for d in docs:
            w.delete_documents_by_term("id", d.id)
            doc = tantivy.Document()
            for f in FIELDS:
                v = getattr(d, f.name)
                if f.kind == "tokens":
                    doc.add_text(f.name, " ".join(v))
                elif f.kind == "int":
                    doc.add_integer(f.name, v or 0)
                else:
                    for x in v if f.multi else [v]:
                        if x:
                            doc.add_text(f.name, x)
            w.add_document(doc)

    def delete(self, ids: list[int]) -> None:
        for i in ids:
            self.writer.delete_documents_by_term("id", i)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()

    def clear(self) -> None:
        self.writer.delete_all_documents()
        self.commit()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None

    # -- reading ---------------------------------------------------------------
    def _q(self, node: Node) -> tantivy.Query:
        Q = tantivy.Query
        if isinstance(node, All):
            return Q.all_query()
        if isinstance(node, Term):
            return Q.term_query(self.schema, node.field, node.value)
        if isinstance(node, Phrase):
            return Q.phrase_query(self.schema, node.field, node.tokens)
        if isinstance(node, Range):
            return Q.range_query(self.schema, node.field, tantivy.FieldType.Integer,
                                 node.lo, node.hi)
        if isinstance(node, And):
            if not node.children:
                return Q.all_query()
            return Q.boolean_query([(tantivy.Occur.Must, self._q(c)) for c in node.children])
        if isinstance(node, Or):
            if not node.children:
                return Q.empty_query()
            return Q.boolean_query([(tantivy.Occur.Should, self._q(c)) for c in node.children])
        if isinstance(node, Not):
            return Q.boolean_query([(tantivy.Occur.Must, Q.all_query()),
                                    (tantivy.Occur.MustNot, self._q(node.child))])
        if isinstance(node, Boost):
            return Q.boost_query(self._q(node.child), node.factor)
        if isinstance(node, IdIn):
            return Q.const_score_query(Q.term_set_query(self.schema, "id", node.ids), 0.0)
        raise TypeError(node)

    def search(self, node: Node, limit: int, sort: str = "relevance"
               ) -> tuple[int, list[tuple[int, float]]]:
        searcher = self.index.searcher()
        q = self._q(node)
        limit = max(1, limit)
        if sort == "date":
            res = searcher.search(q, limit, count=True, order_by_field="ngay_lo",
                                  order=tantivy.Order.Desc)
        else:
            res = searcher.search(q, limit, count=True)
        addrs = [a for _, a in res.hits]
        ids = searcher.fast_field_values("id", addrs) if addrs else []
        return res.count, [(int(i), float(s)) for i, (s, _) in zip(ids, res.hits, strict=True)]

    def facets(self, node: Node, fields: tuple[str, ...], size: int = 10,
               total: int | None = None) -> dict[str, list[tuple[str | int, int]]]:
        """Each field's `size` most frequent values over the matching documents, counts exact
        (every segment's buckets are merged, not its top 10 × size: those left a value out or
        one short near the cut), ties by value.

        `total`, the number of matches when the caller knows it, lets the values be counted
        on the documents that do NOT match when they are fewer, and subtracted from the whole
        index's counts (kept per index version, from a process's second broad query on): same
        numbers, a fraction of the values to walk (a broad query matches most documents;
        `phong_trao` alone has ~8 values a document). Not for a query with a body phrase: its
        evaluation is the costly part either way."""
        searcher = self.index.searcher()
        flip: tuple[str, ...] = ()
        if total is not None and 2 * total > searcher.num_docs and not _body_phrase(node):
            # the whole-index counts pay off from the second broad query of a process on
            # (a one-shot command counts directly: it would pay for both)
            self._broad += 1
            if self._broad > 1 or self._whole is not None:
                flip = fields
        direct = tuple(f for f in fields if f not in flip)
        result: dict[str, list[tuple[str | int, int]]] = {}
        if flip:
            searcher, whole = self._whole_counts(flip)
            rest = searcher.aggregate(self._q(Not(node)), _terms(flip, _EVERY))
            for f in flip:
                minus = {b["key"]: int(b["doc_count"]) for b in rest.get(f, {}).get("buckets", [])}
                left = [(k, c - minus.get(k, 0)) for k, c in whole[f]]
                result[f] = sorted(((k, c) for k, c in left if c > 0),
                                   key=lambda kc: (-kc[1], kc[0]))[:size]
        if direct:
            out = searcher.aggregate(self._q(node), _terms(direct, size))
            for f in direct:
                result[f] = [(b["key"], int(b["doc_count"]))
                             for b in out.get(f, {}).get("buckets", [])]
        return {f: [(k, c) for k, c in result[f] if not (f == "nam" and k == 0)]
                for f in fields}

    def _whole_counts(self, fields: tuple[str, ...]
                      ) -> tuple[tantivy.Searcher, dict[str, list[tuple[str | int, int]]]]:
        """(a searcher, every value's count over the whole index for `fields`), computed once
        per index version (meta.json changes at every commit; the reader is reloaded to it
        first, so the counts are never older than the version they are kept for)."""
        meta = (self.path / "meta.json").stat()
        version = (meta.st_ino, meta.st_mtime_ns, meta.st_size, fields)
        searcher = self.index.searcher()
        # a reader behind or ahead of meta.json shows another number of documents
        if self._whole is None or self._whole[0] != version or \
                searcher.num_docs != self._whole[1]:
            self.index.reload()
            searcher = self.index.searcher()
            out = searcher.aggregate(tantivy.Query.all_query(), _terms(fields, _EVERY))
            counts = {f: [(b["key"], int(b["doc_count"])) for b in out.get(f, {}).get(
                "buckets", [])] for f in fields}
            self._whole = (version, searcher.num_docs, counts)
        return searcher, self._whole[2]

    def doc_count(self) -> int:
        """Live documents, duplicates of an id included (what `check` compares to `ids`)."""
        self.index.reload()
        return int(self.index.searcher().num_docs)

    def id_moments(self) -> tuple[int, float, float, float, float]:
        """(count, sum, sum of squares, min, max) of the live documents' ids, read from the
        fast field by one aggregation: what `Archive` compares with the store's ids at every
        read instead of listing the whole index (`ids`, ~7 ms per 10k documents)."""
        st = self.index.searcher().aggregate(
            tantivy.Query.all_query(), {"s": {"extended_stats": {"field": "id"}}})["s"]
        if not st.get("count"):
            return 0, 0.0, 0.0, 0.0, 0.0
        return (int(st["count"]), float(st["sum"]), float(st["sum_of_squares"]),
                float(st["min"]), float(st["max"]))

    def ids(self) -> set[int]:
        searcher = self.index.searcher()
        n = searcher.num_docs
        if n == 0:
            return set()
        res = searcher.search(tantivy.Query.all_query(), n, count=False)
        return {int(i) for i in searcher.fast_field_values("id", [a for _, a in res.hits])}
