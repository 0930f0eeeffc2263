"""Field extractors, one module per field family; `extract_fields` fills a Record in place."""

from __future__ import annotations

from corpus.schema import Record


def extract_fields(rec: Record) -> None:
    from ingest.fields import header

    header.extract(rec)
    __import__("ingest.fields.chi_tieu", fromlist=["extract"]).extract(rec)
