"""The small interface both engines implement, and the document they index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from vanban.corpus.schema import Record
from vanban.index.analysis import analyze, key, number_keys
from vanban.index.query import Node

ENGINES = ("tantivy", "whoosh")
FACETS = ("don_vi", "loai", "nam", "phong_trao", "cap", "tinh")


@dataclass
class IndexDoc:
    """What an engine stores for one document: pre-analyzed tokens and filter values."""

    id: int
    exact: list[str]
    folded: list[str]
    title_folded: list[str] = field(default_factory=list)
    so_hieu: str | None = None  # key form
    trich_dan: list[str] = field(default_factory=list)  # key forms of cited numbers
    # key forms of every number the document carries: its own, its citations, and any
    # number written in its text (so a number query works before citations are extracted)
    nhac_den: list[str] = field(default_factory=list)
    don_vi: str | None = None
    don_vi_folded: list[str] = field(default_factory=list)  # for "any part of the name"
    loai: str | None = None
    phong_trao: list[str] = field(default_factory=list)
    cap: str | None = None
    tinh: str | None = None
    nam: int | None = None
    ngay_lo: int | None = None  # yyyymmdd: the first day the date can be
    ngay_hi: int | None = None  # ... and the last


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


def to_index_doc(doc_id: int, rec: Record) -> IndexDoc:
    exact, folded = analyze(rec.text)
    lo, hi = date_bounds(rec.ngay)
    tinh = rec.tinh
    # "any part of the name": the canonical name and its province; without a name, the place
    # in the date line is the best hint of where the document comes from
    don_vi_text = " ".join(x for x in (rec.don_vi, tinh) if x) or (rec.dia_danh or "")
    trich_dan = sorted({key(c) for c in rec.van_ban_dan_chieu})
    own = [key(rec.so_hieu)] if rec.so_hieu else []
    nhac_den = list(dict.fromkeys([*own, *trich_dan, *number_keys(rec.text)]))
    return IndexDoc(
        id=doc_id,
        exact=exact,
        folded=folded,
        title_folded=analyze(rec.trich_yeu or "")[1],
        so_hieu=key(rec.so_hieu) if rec.so_hieu else None,
        trich_dan=trich_dan,
        nhac_den=nhac_den,
        don_vi=rec.don_vi,
        don_vi_folded=analyze(don_vi_text)[1],
        loai=rec.loai,
        phong_trao=list(dict.fromkeys(rec.phong_trao)),
        cap=rec.cap,
        tinh=tinh,
        nam=rec.nam,
        ngay_lo=lo,
        ngay_hi=hi,
    )


class Engine(Protocol):
    name: str
    stale: bool  # set on open when an older index layout was dropped; the caller rebuilds

    def add(self, docs: list[IndexDoc]) -> None: ...

    def delete(self, ids: list[int]) -> None: ...

    def commit(self) -> None: ...

    def search(self, node: Node, limit: int, sort: str = "relevance"
               ) -> tuple[int, list[tuple[int, float]]]: ...

    def facets(self, node: Node, fields: tuple[str, ...], size: int = 10
               ) -> dict[str, list[tuple[str | int, int]]]: ...

    def ids(self) -> set[int]: ...

    def clear(self) -> None: ...

    def close(self) -> None: ...


def open_engine(data_dir: Path, name: str, writable: bool = False) -> Engine:
    if name == "tantivy":
        from vanban.index.tantivy_engine import TantivyEngine

        return TantivyEngine(data_dir / "index-tantivy", writable=writable)
    if name == "whoosh":
        from vanban.index.whoosh_engine import WhooshEngine

        return WhooshEngine(data_dir / "index-whoosh", writable=writable)
    raise ValueError(f"không có bộ máy chỉ mục '{name}' (chọn: {', '.join(ENGINES)})")
