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
from typing import Any

from vanban.corpus.keys import figure_key as vn_key
from vanban.corpus.store_api import Store

COLUMNS = (
    "value", "value_max", "total", "raw", "unit", "qualifier", "subject", "kind", "period",
    "phong_trao", "so_hieu", "ngay", "don_vi", "path", "page", "paragraph", "start", "end",
    "text", "document_id",
)


__all__ = ["COLUMNS", "query_figures", "vn_key"]


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
    don_vi: part of the issuing body's name (or its province). phong_trao: part of the
    award/movement tied to the figure (or of its sentence). nam: a year the figure's period
    covers (else the document's year). tu/den: `YYYY` or ISO dates; the figure's period must
    overlap them (else the document's date must fall inside). kind: `target` or `result`.
    document_id: one document's figures (for `vanban show`).
    """
    rows = store.figure_rows(vn_key(query).split(), vn_key(don_vi) or None,
                             vn_key(phong_trao) or None, kind or None, document_id)
    lo = _year_of(tu) if tu else None
    hi = _year_of(den) if den else None
    out: list[dict[str, Any]] = []
    for r in rows:
        row = {c: r[c] for c in COLUMNS}
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
