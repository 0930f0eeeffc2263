"""The index fields, declared once: `IndexDoc` and both engines are built from `FIELDS`.

Bump `SCHEMA_VERSION` whenever a field is added, removed or changes kind: an index built
with another version is dropped on open and rebuilt from the store (see `index/stamp.py`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = 2

Kind = Literal["tokens", "keyword", "int"]


@dataclass(frozen=True)
class FieldSpec:
    """One index field. `tokens`: pre-analyzed tokens, phrase-searchable; `keyword`: whole
    values (filters, facets); `int`: numbers for ranges, facets and sorting. `stored`: an
    engine that counts facets from stored values (Whoosh) keeps it; `multi`: several values."""

    name: str
    kind: Kind
    stored: bool = False
    multi: bool = False
    doc: str = ""


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "int", stored=True, doc="the store's document id"),
    FieldSpec("exact", "tokens", doc="text tokens with diacritics"),
    FieldSpec("folded", "tokens", doc="text tokens folded (no marks, đ→d)"),
    FieldSpec("title", "tokens", doc="trích yếu, folded"),
    FieldSpec("headings", "tokens", doc="section headings and title lines, folded"),
    FieldSpec("don_vi_text", "tokens", doc="any part of the unit's name or province, folded"),
    FieldSpec("so_hieu", "keyword", stored=True, doc="own number, key form"),
    FieldSpec("trich_dan", "keyword", stored=True, multi=True, doc="cited numbers, key form"),
    # every number the document carries: its own, its citations and any written in its text
    # (so a number query works before citations are extracted)
    FieldSpec("nhac_den", "keyword", multi=True, doc="every number mentioned, key form"),
    FieldSpec("don_vi", "keyword", stored=True),
    FieldSpec("loai", "keyword", stored=True),
    FieldSpec("phong_trao", "keyword", stored=True, multi=True),
    FieldSpec("cap", "keyword", stored=True),
    FieldSpec("tinh", "keyword", stored=True),
    FieldSpec("nam", "int", stored=True),
    FieldSpec("ngay_lo", "int", stored=True, doc="yyyymmdd: the first day the date can be"),
    FieldSpec("ngay_hi", "int", stored=True, doc="yyyymmdd: the last day the date can be"),
)

BY_NAME = {f.name: f for f in FIELDS}


def _attr(spec: FieldSpec) -> tuple:
    if spec.name == "id":
        return ("id", int)
    if spec.kind == "tokens" or spec.multi:
        return (spec.name, list[str], dataclasses.field(default_factory=list))
    if spec.kind == "int":
        return (spec.name, int | None, None)
    return (spec.name, str | None, None)


# What an engine stores for one document: pre-analyzed tokens and filter values, one
# attribute per field of `FIELDS` (same names). Made from the specs so it cannot drift.
IndexDoc = dataclasses.make_dataclass("IndexDoc", [_attr(f) for f in FIELDS])
IndexDoc.__module__ = __name__  # found by pickle: the build's worker processes return them
IndexDoc.__doc__ = "One document as the engines index it: an attribute per field of FIELDS."
