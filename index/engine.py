"""The small interface both engines implement, and the record → `IndexDoc` mapping.

The engines are never imported here (`index/open.py` imports them when one is opened), and
they import only `index/schema.py`: no import cycle."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import mul
from typing import Protocol

from vanban.corpus.keys import number_key
from vanban.corpus.schema import Record
from vanban.index.analysis import analyze, number_keys
from vanban.index.open import ENGINES, open_engine  # noqa: F401 - callers import them here
from vanban.index.query import Node
from vanban.index.schema import IndexDoc

FACETS = ("don_vi", "loai", "nam", "phong_trao", "cap", "tinh")


def moments(ids: Iterable[int]) -> tuple[int, float, float, float, float]:
    """(count, sum, sum of squares, min, max) of distinct ids, as `Engine.id_moments` gives
    them (floats: exact while the sums stay below 2**53, ~300k documents; past that they may
    differ by rounding, which only sends the caller to the full comparison)."""
    ids = set(ids)
    if not ids:
        return 0, 0.0, 0.0, 0.0, 0.0
    return (len(ids), float(sum(ids)), float(sum(map(mul, ids, ids))), float(min(ids)),
            float(max(ids)))


def date_bounds(ngay: str | None) -> tuple[int | None, int | None]:
    """ISO date at its precision → (first, last) day as yyyymmdd integers."""
    if not ngay:
        return None, None
    parts = ngay.split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return y * 10000 + 101, y * 10000 + 1231
        m = int(parts[1])
        if len(parts) == 2:
            return y * 10000 + m * 100 + 1, y * 10000 + m * 100 + 31
        d = int(parts[2])
        return y * 10000 + m * 100 + d, y * 10000 + m * 100 + d
    except ValueError:
        return None, None


def to_index_doc(doc_id: int, rec: Record, copies: Sequence[Record] = ()) -> IndexDoc:
    """The index entry of a document; its near-duplicate copies (not indexed themselves)
    lend the fields it lacks and their unit names, so a filter matching only a copy (the
    PDF's số hiệu where the scan's OCR lost it) still finds the document."""
    if copies:
        rec = _with_copies(rec, copies)
    exact, folded = analyze(rec.text)
    lo, hi = date_bounds(rec.ngay)
    tinh = rec.tinh
    # "any part of the name": the canonical name and its province; without a name, the place
    # in the date line is the best hint of where the document comes from
    don_vi_text = " ".join(x for x in (rec.don_vi, tinh) if x) or (rec.dia_danh or "")
    don_vi_text = " ".join([don_vi_text, *(c.don_vi for c in copies if c.don_vi
                                          and c.don_vi != rec.don_vi)])
    trich_dan = sorted({number_key(c) for c in rec.van_ban_dan_chieu})
    own = [number_key(rec.so_hieu)] if rec.so_hieu else []
    nhac_den = list(dict.fromkeys([*own, *trich_dan, *number_keys(rec.text)]))
    return IndexDoc(
        id=doc_id,
        exact=exact,
        folded=folded,
        title=analyze(rec.trich_yeu or "")[1],
        headings=analyze("\n".join(p.text for p in rec.paragraphs
                                   if p.kind in ("heading", "title")))[1],
        so_hieu=number_key(rec.so_hieu) if rec.so_hieu else None,
        trich_dan=trich_dan,
        nhac_den=nhac_den,
        don_vi=rec.don_vi,
        don_vi_text=analyze(don_vi_text)[1],
        loai=rec.loai,
        phong_trao=list(dict.fromkeys(rec.phong_trao)),
        cap=rec.cap,
        tinh=tinh,
        nam=rec.nam,
        ngay_lo=lo,
        ngay_hi=hi,
    )


def _with_copies(rec: Record, copies: Sequence[Record]) -> Record:
    import dataclasses

    fill = {}
    for name in ("so_hieu", "ngay", "nam", "don_vi", "loai", "cap", "tinh", "trich_yeu"):
        if getattr(rec, name) is None:
            fill[name] = next((getattr(c, name) for c in copies
                               if getattr(c, name) is not None), None)
    fill["phong_trao"] = list(dict.fromkeys([*rec.phong_trao,
                                             *(p for c in copies for p in c.phong_trao)]))
    return dataclasses.replace(rec, **fill)


class Engine(Protocol):
    name: str
    # set on open when an index stamped with another schema or analysis version was dropped
    # (index/stamp.py); the caller rebuilds it from the store
    stale: bool
    # scores of And/Or children add up, so a boost can be left out of the query over every
    # match and added back on the top hits alone (search/searcher.py:engine_hits)
    additive_scores: bool

    def add(self, docs: list[IndexDoc]) -> None: ...

    def delete(self, ids: list[int]) -> None: ...

    def commit(self) -> None: ...

    def search(self, node: Node, limit: int, sort: str = "relevance"
               ) -> tuple[int, list[tuple[int, float]]]: ...

    # `total`: the number of matches, when known (an engine may count faster with it)
    def facets(self, node: Node, fields: tuple[str, ...], size: int = 10,
               total: int | None = None) -> dict[str, list[tuple[str | int, int]]]: ...

    def ids(self) -> set[int]: ...

    # (count, sum, sum of squares, min, max) of the ids (`moments`): a cheap first test that
    # the index holds the store's documents
    def id_moments(self) -> tuple[int, float, float, float, float]: ...

    def doc_count(self) -> int: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...
