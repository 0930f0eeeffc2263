"""Turning archive data into safe HTML pieces: the Jinja environment (autoescape always on),
highlighted snippets, Vietnamese numbers and dates, and links that keep the whole query."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"

FACET_LABELS = {"don_vi": "Đơn vị", "loai": "Loại", "nam": "Năm", "phong_trao": "Phong trào",
                "cap": "Cấp", "tinh": "Tỉnh"}
FIELD_LABELS = {
    "so_hieu": "Số hiệu", "loai": "Loại", "ngay": "Ngày", "dia_danh": "Địa danh",
    "don_vi": "Đơn vị", "cap": "Cấp", "tinh": "Tỉnh", "trich_yeu": "Trích yếu",
    "nguoi_ky": "Người ký", "chuc_vu": "Chức vụ", "noi_nhan": "Nơi nhận",
    "phong_trao": "Phong trào", "van_ban_dan_chieu": "Văn bản dẫn chiếu",
    "dot_thi_dua": "Đợt thi đua",
}
KIND_LABELS = {"target": "chỉ tiêu", "result": "kết quả"}


def marked(text: str | None, spans: list[list[int]] | None) -> Markup:
    """The text escaped, with each [start, end) span inside <mark>."""
    if not text:
        return Markup("")
    out, at = [], 0
    for start, end in sorted(spans or []):
        if start < at or end <= start:
            continue
        out += [escape(text[at:start]), Markup("<mark>"), escape(text[start:end]),
                Markup("</mark>")]
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def date_vn(iso: str | None) -> str:
    """2020-06-26 → 26/06/2020; a year or a month stays as precise as it was read."""
    if not iso:
        return ""
    parts = str(iso).split("-")
    return "/".join(reversed(parts))


def when(ts: float | None) -> str:
    if not ts:
        return "—"
    return dt.datetime.fromtimestamp(ts).strftime("%d/%m/%Y %H:%M:%S")


def number(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    if isinstance(x, int):
        return f"{x:,}".replace(",", ".")
    if isinstance(x, float):
        return f"{x:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return "" if x is None else str(x)


def query_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """`path?…` with the page's parameters, some changed (None removes one)."""
    merged = {**params, **changes}
    items = [(k, v) for k, v in merged.items() if v not in (None, "")]
    return path + ("?" + urlencode(items) if items else "")


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters.update(date_vn=date_vn, when=when, number=number)
    env.globals.update(marked=marked, query_url=query_url, FACET_LABELS=FACET_LABELS,
                       FIELD_LABELS=FIELD_LABELS, KIND_LABELS=KIND_LABELS)
    return env
