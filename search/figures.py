"""Figure queries: the store's figures with their document, filtered the way staff ask.

`query_figures(store, "huân chương lao động", don_vi="Lai Châu")` returns the rows of every
document whose figures mention the award, each traceable to its document (số hiệu, ngày,
path, page, paragraph). Text matching is accent-, tone-style- and case-insensitive: the
store compares both sides in `vn_key` form (`corpus.vntext`). Year filters, done here, use
the figure's own period when it has one (`giai đoạn 2015-2020` covers 2017), else the
document's date.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from vanban.corpus import data
from vanban.corpus.keys import figure_key as vn_key
from vanban.corpus.store_api import Store

COLUMNS = (
    "value", "value_max", "total", "raw", "unit", "qualifier", "subject", "kind", "period",
    "phong_trao", "so_hieu", "ngay", "don_vi", "path", "page", "paragraph", "start", "end",
    "text", "document_id",
    # context (issue 16)
    "muc_phong_trao", "chuong_trinh", "don_vi_ve", "zone", "row_label", "col_header",
    "unit_key", "loai", "tinh",
)


__all__ = ["COLUMNS", "movement_keys", "movement_match", "query_figures", "vn_key"]


def _initials(name: str) -> str:
    return "".join(w[0] for w in vn_key(name).split() if w[0].isalpha())


@lru_cache(maxsize=1)
def _gazetteer() -> list[tuple[list[str], list[str]]]:
    """(name keys, abbreviations) of every movement: canonical name and variants folded;
    the initials of the name and of its part before a comma (`LĐG-LĐST`, `XSĐ`)."""
    out = []
    for row in data.rows("phong_trao.tsv"):
        variants = [row[0]] + ([v for v in row[2].split("|") if v.strip()]
                               if len(row) > 2 else [])
        keys = [vn_key(v) for v in variants if "*" not in v]
        abbrs = {_initials(v) for v in variants if "*" not in v}
        abbrs |= {_initials(v.split(",")[0]) for v in variants if "," in v}
        out.append((keys, sorted(a for a in abbrs if len(a) >= 3)))
    return out


def movement_keys(name: str) -> list[str]:
    """Every folded name a movement query stands for: itself, and when it is (part of) a
    known movement's name, a variant or an abbreviation, all that movement's names."""
    q = vn_key(name)
    if not q:
        return []
    compact = re.sub(r"[^a-z0-9]", "", q)
    keys = [q]
    for names, abbrs in _gazetteer():
        if compact in abbrs or any(q == k or (len(q) >= 8 and q in k) for k in names):
            keys += [k for k in names if k not in keys]
    return keys


def movement_match(row: dict[str, Any], keys: list[str]) -> bool:
    """A figure belongs to the movement when its section is about it; a figure outside any
    movement's section, when its own sentence names it."""
    section = vn_key(row.get("muc_phong_trao"))
    if section and any(k in section or section in k for k in keys):
        return True
    award = vn_key(row.get("phong_trao"))  # the award or movement its own words name
    if award and any(k in award for k in keys):
        return True
    if section:
        return False
    own = " ".join(vn_key(row.get(c)) for c in ("text", "chuong_trinh"))
    return any(k in own for k in keys)


def _years(period: str | None, doc_year: int | None) -> tuple[int, int] | None:
    """Years a period covers: `giai đoạn 2015-2020` → (2015, 2020), `từ năm 2015 đến nay`."""
    if not period:
        return None
    ys = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", period)]
    if not ys:
        return None
    if len(ys) == 1:
        if "đến nay" in period and doc_year:
            return ys[0], max(ys[0], doc_year)
        return ys[0], ys[0]
    return min(ys), max(ys)


def _year_of(s: str | None) -> int | None:
    m = re.match(r"\s*((?:19|20)\d{2})", s or "")
    return int(m.group(1)) if m else None


def query_figures(store: Store, query: str | None = None, don_vi: str | None = None,
                  nam: int | None = None, tu: str | None = None, den: str | None = None,
                  kind: str | None = None, phong_trao: str | None = None,
                  limit: int | None = None,
                  document_id: int | None = None) -> list[dict[str, Any]]:
    """Figure rows matching every given filter, in document date then reading order.

    query: every word must occur in the subject, sentence, unit or award (folded).
    don_vi: part of the issuing body's name (or its province). phong_trao: a movement's
    name, part of it, a variant or an abbreviation: the figures of sections about it, and
    outside such sections those whose sentence names it (`movement_match`). nam: a year
    the figure's period covers (else the document's year). tu/den: `YYYY` or ISO dates;
    the figure's period must overlap them (else the document's date must fall inside).
    kind: `target` or `result`.
    document_id: one document's figures (for `vanban show`).
    """
    rows = store.figure_rows(vn_key(query).split(), vn_key(don_vi) or None,
                             None, kind or None, document_id)
    movement = movement_keys(phong_trao) if phong_trao else None
    lo = _year_of(tu) if tu else None
    hi = _year_of(den) if den else None
    out: list[dict[str, Any]] = []
    for r in rows:
        row = {c: r.get(c) for c in COLUMNS}
        if movement is not None and not movement_match(row, movement):
            continue
        doc_year = r["doc_nam"]
        span = _years(row["period"], doc_year)
        if nam is not None:
            if span is not None and not span[0] <= nam <= span[1]:
                continue
            if span is None and doc_year != nam:
                continue
        if tu or den:
            if span is not None:
                if (lo is not None and span[1] < lo) or (hi is not None and span[0] > hi):
                    continue
            else:
                ngay = row["ngay"] or ""
                if not ngay or (tu and ngay[:len(tu)] < tu) or (den and ngay[:len(den)] > den):
                    continue
        out.append(row)
        if limit is not None and len(out) >= limit:
            break
    return out
