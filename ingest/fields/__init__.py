"""Field extractors, one module per field family; `extract_fields` fills a Record in place.

Each family module has `extract(rec)`; they run in the order of `FAMILIES` (later ones may use
what earlier ones found: `don_vi` uses the date line's place, `citations` skips the document's
own number). Add a family by adding its module name to `FAMILIES`.

Provenance: a scalar field's Span is `rec.provenance[field]`; the i-th item of a list field has
its Span under `rec.provenance[f"{field}[{i}]"]` (e.g. `phong_trao[0]`).
"""

from __future__ import annotations

import dataclasses
import importlib

from vanban.corpus.schema import Record
from vanban.ingest import embedded, zones  # modules, not names: both import fields._common

FAMILIES = [
    "so_hieu",  # so_hieu, so_hieu_raw, type from the symbol
    "header",  # loai, trich_yeu, ngay (+precision), dia_danh
    "handwritten",  # so_hieu, ngay read from handwriting on a scanned form (when unsure)
    "don_vi",  # don_vi, cap, tinh
    "signature",  # nguoi_ky, chuc_vu, noi_nhan
    "signer_ocr",  # nguoi_ky, chuc_vu read again from a scan's signature block (when null)
    "citations",  # van_ban_dan_chieu
    "phong_trao",  # phong_trao
    "dot_thi_dua",  # dot_thi_dua
    "chi_tieu",  # chi_tieu (figures)
]


# Families that describe the document itself: read from the main document's zones only (an
# attached circular's type or signer, an annex's recipients are not the document's own).
MAIN_ONLY = {"so_hieu", "header", "handwritten", "don_vi", "signature", "signer_ocr"}
_SCALARS = ("so_hieu", "so_hieu_raw", "loai", "ngay", "ngay_precision", "dia_danh", "don_vi",
            "don_vi_raw", "cap", "tinh", "trich_yeu", "nguoi_ky", "chuc_vu", "noi_nhan")


def _main_view(rec: Record, end: int, hide: list[tuple[int, int]]) -> Record:
    """The record cut at `end`, its embedded zones (`hide`) blanked with spaces so offsets and
    line numbers stay: same provenance/meta/warnings objects, shorter text."""
    text = _blank(rec.text[:end], 0, hide)
    paras = []
    for p in rec.paragraphs:
        if p.start >= end:
            break
        if p.end > end:
            p = dataclasses.replace(p, text=p.text[: end - p.start], end=end)
        if any(s < p.end and e > p.start for s, e in hide):
            p = dataclasses.replace(p, text=_blank(p.text, p.start, hide))
        paras.append(p)
    return dataclasses.replace(rec, text=text, paragraphs=paras)


def _blank(text: str, base: int, hide: list[tuple[int, int]]) -> str:
    """`text` (starting at offset `base`) with the characters in `hide` made spaces, newlines
    kept."""
    out = list(text)
    for s, e in hide:
        for k in range(max(s - base, 0), min(e - base, len(out))):
            if out[k] != "\n":
                out[k] = " "
    return "".join(out)


def extract_fields(rec: Record) -> None:
    rec.zones = zones.segment(rec)
    end = zones.main_end(rec.zones, len(rec.text))
    hide = [(z.start, z.end) for z in rec.zones if z.name in embedded.EMBEDDED and z.start < end]
    view = _main_view(rec, end, hide) if end < len(rec.text) or hide else rec
    for name in FAMILIES:
        module = importlib.import_module(f"vanban.ingest.fields.{name}")
        if name in MAIN_ONLY and view is not rec:
            module.extract(view)
            for f in _SCALARS:
                setattr(rec, f, getattr(view, f))
        else:
            module.extract(rec)
    for sp in rec.provenance.values():
        sp.zone = zones.zone_at(rec.zones, sp.start)
    for fig in rec.chi_tieu:
        fig.span.zone = zones.zone_at(rec.zones, fig.span.start)
