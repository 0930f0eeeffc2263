"""tantivy (Rust) engine: the default. Tokens come pre-analyzed, so the built-in
`whitespace` and `raw` tokenizers suffice and nothing has to be registered on open."""

from __future__ import annotations

from pathlib import Path

import tantivy
from vanban.index.engine import IndexDoc
from vanban.index.query import All, And, Boost, Node, Not, Or, Phrase, Range, Term

TEXT_FIELDS = ("exact", "folded", "title", "don_vi_text")
KEY_FIELDS = ("so_hieu", "trich_dan", "nhac_den", "don_vi", "loai", "phong_trao", "cap", "tinh")
INT_FIELDS = ("nam", "ngay_lo", "ngay_hi")


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in KEY_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    for name in INT_FIELDS:
        sb.add_integer_field(name, indexed=True, fast=True)
    return sb.build()


class TantivyEngine:
    name = "tantivy"

    def __init__(self, path: Path, writable: bool = False):
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = _schema()
        self.stale = False  # True when an older index layout was dropped: rebuild from store
        try:
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise
            import shutil

            shutil.rmtree(path)
            path.mkdir(parents=True)
            self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
            self.stale = True
        self._writer: tantivy.IndexWriter | None = None
        self.writable = writable

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
            doc.add_integer("id", d.id)
            doc.add_text("exact", " ".join(d.exact))
            doc.add_text("folded", " ".join(d.folded))
            doc.add_text("title", " ".join(d.title_folded))
            doc.add_text("don_vi_text", " ".join(d.don_vi_folded))
            for name, values in (
                ("so_hieu", [d.so_hieu]), ("trich_dan", d.trich_dan), ("nhac_den", d.nhac_den),
                ("don_vi", [d.don_vi]),
                ("loai", [d.loai]), ("phong_trao", d.phong_trao), ("cap", [d.cap]),
                ("tinh", [d.tinh]),
            ):
                for v in values:
                    if v:
                        doc.add_text(name, v)
            doc.add_integer("nam", d.nam or 0)
            doc.add_integer("ngay_lo", d.ngay_lo or 0)
            doc.add_integer("ngay_hi", d.ngay_hi or 0)
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

    def facets(self, node: Node, fields: tuple[str, ...], size: int = 10
               ) -> dict[str, list[tuple[str | int, int]]]:
        searcher = self.index.searcher()
        agg = {f: {"terms": {"field": f, "size": size}} for f in fields}
        out = searcher.aggregate(self._q(node), agg)
        result: dict[str, list[tuple[str | int, int]]] = {}
        for f in fields:
            buckets = out.get(f, {}).get("buckets", [])
            result[f] = [(b["key"], int(b["doc_count"])) for b in buckets
                         if not (f == "nam" and b["key"] == 0)]
        return result

    def ids(self) -> set[int]:
        searcher = self.index.searcher()
        n = searcher.num_docs
        if n == 0:
            return set()
        res = searcher.search(tantivy.Query.all_query(), n, count=False)
        return {int(i) for i in searcher.fast_field_values("id", [a for _, a in res.hits])}
