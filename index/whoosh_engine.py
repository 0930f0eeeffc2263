"""Whoosh engine: pure Python, the named library; slower, kept for archives that want it.

Tokens arrive pre-analyzed (joined by spaces), so a space tokenizer keeps them as they are.
Multi-valued keywords are joined by U+001F so names with commas and spaces stay whole.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from vanban.index import stamp
from vanban.index.query import All, And, Boost, IdIn, Node, Not, Or, Phrase, Range, Term
from vanban.index.schema import BY_NAME, FIELDS, IndexDoc
from whoosh import index as windex
from whoosh import query as wq
from whoosh.analysis import RegexTokenizer, SpaceSeparatedTokenizer
from whoosh.fields import ID, NUMERIC, TEXT, Schema

SEP = "\x1f"


def _field(f):
    if f.name == "id":
        return NUMERIC(int, bits=64, stored=True, unique=True)
    if f.kind == "tokens":
        return TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=True)
    if f.kind == "int":
        return NUMERIC(int, bits=64, stored=f.stored, sortable=True, signed=True)
    if f.multi:
        return TEXT(analyzer=RegexTokenizer(r"[^\x1f]+"), phrase=False, stored=f.stored)
    return ID(stored=f.stored)


def _schema() -> Schema:
    return Schema(**{f.name: _field(f) for f in FIELDS})


class WhooshEngine:
    name = "whoosh"
    additive_scores = False

    def __init__(self, path: Path, writable: bool = False):
        path.mkdir(parents=True, exist_ok=True)
        # True when an index built by another schema or analysis version was dropped: the
        # caller rebuilds it from the store
        self.stale = False
        if windex.exists_in(str(path)) and stamp.is_current(path):
            self.ix = windex.open_dir(str(path))
        else:
            self.stale = windex.exists_in(str(path))
            self.ix = windex.create_in(str(path), _schema())
            stamp.write(path)
        self._writer = None

    @property
    def writer(self):
        if self._writer is None:
            self._writer = self.ix.writer(limitmb=128)
        return self._writer

    def add(self, docs: list[IndexDoc]) -> None:
        w = self.writer
        for d in docs:
            fields = {}
            for f in FIELDS:
                v = getattr(d, f.name)
                if f.kind == "tokens":
                    fields[f.name] = " ".join(v)
                elif f.kind == "int":
                    fields[f.name] = v or 0
                elif f.multi:
                    fields[f.name] = SEP.join(v)
                elif v:
                    fields[f.name] = v
            w.update_document(**fields)

    def delete(self, ids: list[int]) -> None:
        for i in ids:
            self.writer.delete_by_term("id", i)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None

    def clear(self) -> None:
        self.close()
        self.ix = windex.create_in(self.ix.storage.folder, _schema())

    def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None

    def _q(self, node: Node) -> wq.Query:
        if isinstance(node, All):
            return wq.Every()
        if isinstance(node, Term):
            return wq.Term(node.field, node.value)
        if isinstance(node, Phrase):
            return wq.Phrase(node.field, node.tokens)
        if isinstance(node, Range):
            return wq.NumericRange(node.field, node.lo, node.hi)
        if isinstance(node, And):
            return wq.And([self._q(c) for c in node.children]) if node.children else wq.Every()
        if isinstance(node, Or):
            return wq.Or([self._q(c) for c in node.children]) if node.children else wq.NullQuery
        if isinstance(node, Not):
            return wq.And([wq.Every(), wq.Not(self._q(node.child))])
        if isinstance(node, Boost):
            q = self._q(node.child)
            q.boost = node.factor
            return q
        if isinstance(node, IdIn):
            q = wq.Or([wq.Term("id", i) for i in node.ids]) if node.ids else wq.NullQuery
            q.boost = 0.0
            return q
        raise TypeError(node)

    def search(self, node: Node, limit: int, sort: str = "relevance"
               ) -> tuple[int, list[tuple[int, float]]]:
        with self.ix.searcher() as s:
            kwargs = {"sortedby": "ngay_lo", "reverse": True} if sort == "date" else {}
            res = s.search(self._q(node), limit=max(1, limit), **kwargs)
            hits = [(int(h["id"]), float(h.score or 0.0)) for h in res]
            return len(res), hits

    def facets(self, node: Node, fields: tuple[str, ...], size: int = 10,
               total: int | None = None) -> dict[str, list[tuple[str | int, int]]]:
        """Count each field's values over the matching documents by walking the value's
        postings (a few per field), not each matching document's stored fields: that read
        made a Whoosh facet page cost ~50 µs per matching document (profiled). When few
        documents match, reading theirs is still the cheaper way."""
        counts: dict[str, Counter] = {f: Counter() for f in fields}
        with self.ix.searcher() as s:
            reader = s.reader()
            # matching doc numbers without scoring and sorting them all
            matched = {d for d in s.docs_for_query(self._q(node))
                       if not reader.is_deleted(d)}
            if len(matched) * 4 < reader.doc_count():  # few matches: their stored fields
                for docnum in matched:
                    stored = s.stored_fields(docnum)
                    for f in fields:
                        v = stored.get(f)
                        if v in (None, "", 0):
                            continue
                        values = v.split(SEP) if BY_NAME[f].multi else [v]
                        counts[f].update(x for x in values if x)
                return {f: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))[:size]
                        for f, c in counts.items()}
            schema = self.ix.schema
            for f in fields:
                if f not in schema:
                    continue
                ftype = schema[f]
                numeric = isinstance(ftype, NUMERIC)
                terms = ftype.sortable_terms(reader, f) if numeric else reader.lexicon(f)
                for term in list(terms):
                    value = ftype.from_bytes(term) if numeric else term.decode("utf-8")
                    if value in (None, "", 0):
                        continue
                    n = sum(1 for d in reader.postings(f, term).all_ids() if d in matched)
                    if n:
                        counts[f][value] += n
        return {f: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))[:size]
                for f, c in counts.items()}

    def doc_count(self) -> int:
        """Live documents, duplicates of an id included (what `check` compares to `ids`)."""
        return int(self.ix.doc_count())

    def id_moments(self) -> tuple[int, float, float, float, float]:
        """As `TantivyEngine.id_moments` (from the stored ids: no cheaper way here)."""
        from vanban.index.engine import moments  # engines import only schema at load time

        return moments(self.ids())

    def ids(self) -> set[int]:
        with self.ix.searcher() as s:
            return {int(f["id"]) for f in s.all_stored_fields()}
