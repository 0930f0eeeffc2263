"""Charts for reports: an indicator across years or units, a movement's % achieved.

PNG via matplotlib (Agg, no display), sized for an A4 page (16 cm wide at 150 dpi) with
DejaVu Sans, which has every Vietnamese letter. Labels are Vietnamese; long labels wrap.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

A4_WIDTH_IN = 6.3  # text width of an A4 page with 2.5 cm margins
DPI = 150


def _year(row: dict[str, Any]) -> int | None:
    ys = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", row.get("period") or "")
    if ys:
        return int(ys[-1])
    return int(row["ngay"][:4]) if row.get("ngay") else None


def indicator_points(rows: list[dict[str, Any]], by: str = "nam"
                     ) -> tuple[list[tuple[str, float]], str | None]:
    """(label, value) per year (`by="nam"`) or per unit (`by="don_vi"`) for one indicator's
    figures, in the most common unit of measure; the latest document wins a tie."""
    if not rows:
        return [], None
    unit = Counter(r.get("unit_key") or r.get("unit") for r in rows).most_common(1)[0][0]
    pts: dict[str, float] = {}
    for r in sorted(rows, key=lambda r: r.get("ngay") or ""):
        if (r.get("unit_key") or r.get("unit")) != unit or r.get("value") is None:
            continue
        if by == "nam":
            key = _year(r)
            if key is None:
                continue
            label = str(key)
        else:
            label = r.get("don_vi_ve") or r.get("don_vi") or "?"
        pts[label] = float(r["value"])
    unit_label = next((r.get("unit") for r in rows
                       if (r.get("unit_key") or r.get("unit")) == unit), unit)
    return sorted(pts.items()) if by == "nam" else list(pts.items()), unit_label


def chart_points(section: Any) -> tuple[str, list[tuple[str, float]], str | None]:
    """A movement sheet's chart: % achieved per paired indicator; without pairs, the results
    in the sheet's most common unit."""
    paired = [p for p in section.paired if p.achieved is not None]
    if paired:
        return ("% đạt so với chỉ tiêu", [(p.indicator(), 100 * p.achieved) for p in paired],
                "%")
    results = [p.result for p in section.pairs if p.result and p.result.get("value")]
    if not results:
        return "", [], None
    unit = Counter(r.get("unit") for r in results).most_common(1)[0][0]
    pts = [(r.get("row_label") or r.get("subject") or "", float(r["value"]))
           for r in results if r.get("unit") == unit][:12]
    return f"Kết quả ({unit})", pts, unit


def bar_chart(points: list[tuple[str, float]], title: str, unit: str | None = None,
              path: str | Path | None = None) -> io.BytesIO:
    """Horizontal bars with their values written, one per label; returns the PNG (also
    written to `path` when given)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["font.family"] = "DejaVu Sans"
    labels = [textwrap.shorten(lb, 90, placeholder="…") for lb, _v in points]
    labels = ["\n".join(textwrap.wrap(lb, 38)) or "—" for lb in labels]
    values = [v for _lb, v in points]
    height = max(2.2, 0.55 * len(points) + 1.2)
    fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, height), dpi=DPI)
    bars = ax.barh(range(len(values)), values, color="#2f6db5")
    ax.set_yticks(range(len(values)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10)
    if unit:
        ax.set_xlabel(unit, fontsize=8)
    top = max(values) if values else 1
    for b, v in zip(bars, values, strict=True):
        txt = f"{v:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        txt = txt[:-2] if txt.endswith(",0") else txt
        ax.text(b.get_width() + top * 0.01, b.get_y() + b.get_height() / 2, txt,
                va="center", fontsize=7)
    ax.set_xlim(0, top * 1.15 or 1)
    ax.tick_params(axis="x", labelsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    buf.seek(0)
    if path is not None:
        Path(path).write_bytes(buf.getvalue())
    return buf
