"""The engine floor: a bare tantivy index of the raw texts, plain schema, default tokenizer.

No Vietnamese analysis, no folding, no fields: what tantivy itself costs for the same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import tantivy

from bench.common import cpu, now


def schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_text_field("body")  # default tokenizer, positions: phrase queries work
    return sb.build()


def build(files: list[Path], path: Path, cpu_out: list[float] | None = None) -> float:
    """Index the files' texts (read included); returns wall seconds to a committed index
    (and appends the CPU seconds, all writer threads, to `cpu_out`)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    t0, c0 = now(), cpu()
    ix = tantivy.Index(schema(), path=str(path))
    w = ix.writer()
    for i, f in enumerate(files):
        w.add_document(tantivy.Document(id=i, body=f.read_text(encoding="utf-8")))
    w.commit()
    w.wait_merging_threads()
    if cpu_out is not None:
        cpu_out.append(cpu() - c0)
    return now() - t0


class Bare:
    """Answers the same token query as vanban, top 10 ids plus the total count."""

    def __init__(self, path: Path):
        self.index = tantivy.Index.open(str(path))
        self.schema = self.index.schema

    def query(self, tokens: list[str], phrase: bool) -> tantivy.Query:
        Q = tantivy.Query
        toks = [t.lower() for t in tokens]
        if len(toks) == 1:
            return Q.term_query(self.schema, "body", toks[0])
        if phrase:
            return Q.phrase_query(self.schema, "body", toks)
        return Q.boolean_query([(tantivy.Occur.Must, Q.term_query(self.schema, "body", t))
                                for t in toks])

    def search(self, tokens: list[str], phrase: bool, limit: int = 10) -> tuple[int, list[int]]:
        s = self.index.searcher()
        res = s.search(self.query(tokens, phrase), limit, count=True)
        return res.count, [s.doc(a)["id"][0] for _, a in res.hits]
