"""Field extractors, one module per field family; `extract_fields` fills a Record in place.

Each family module has `extract(rec)`; they run in the order of `FAMILIES` (later ones may use
what earlier ones found: `don_vi` uses the date line's place, `citations` skips the document's
own number). Add a family by adding its module name to `FAMILIES`.

Provenance: a scalar field's Span is `rec.provenance[field]`; the i-th item of a list field has
its Span under `rec.provenance[f"{field}[{i}]"]` (e.g. `phong_trao[0]`).
"""

from __future__ import annotations

import importlib

from vanban.corpus.schema import Record

FAMILIES = [
    "so_hieu",  # so_hieu, so_hieu_raw, type from the symbol
    "header",  # loai, trich_yeu, ngay (+precision), dia_danh
    "handwritten",  # so_hieu, ngay read from handwriting on a scanned form (when unsure)
    "don_vi",  # don_vi, cap, tinh
    "signature",  # nguoi_ky, chuc_vu, noi_nhan
    "citations",  # van_ban_dan_chieu
    "phong_trao",  # phong_trao
    "dot_thi_dua",  # dot_thi_dua
    "chi_tieu",  # chi_tieu (figures)
]


def extract_fields(rec: Record) -> None:
    for name in FAMILIES:
        importlib.import_module(f"vanban.ingest.fields.{name}").extract(rec)
