"""Field extractors, one module per field family; `extract_fields` fills a Record in place."""

from __future__ import annotations

from corpus.schema import Record


def extract_fields(rec: Record) -> None:
    from ingest.fields import header

    header.extract(rec)
    from ingest.fields import chi_tieu  # figures need the header (loai, ngay, trich_yeu) first

    chi_tieu.extract(rec)
