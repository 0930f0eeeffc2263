"""Tables from DOC/DOCX/HTML as text.

Official Vietnamese documents put their header (agency + number | national motto + place and
date) and signature (recipients | signer) in borderless layout tables. Read row by row those
interleave two blocks ("LIÊN ĐOÀN ... | CỘNG HOÀ ..."), so a small text-only table is read
column by column, each column one paragraph, as a person reads it. Data tables (many rows,
many columns or numbers) stay rows of cells joined by " | ".
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^[\d.,%/\-–+() ]+$")


def is_layout(rows: list[list[str]]) -> bool:
    cells = [c for r in rows for c in r if c.strip()]
    if not cells:
        return False
    ncols = max(len(r) for r in rows)
    used = [j for j in range(ncols) if any(j < len(r) and r[j].strip() for r in rows)]
    numeric = sum(1 for c in cells if _NUMBER.match(c.strip()))
    return len(used) <= 3 and len(rows) <= 10 and numeric / len(cells) < 0.3


def table_paragraphs(rows: list[list[str]]) -> list[str]:
    """Paragraph texts for one table (cells already whitespace-collapsed)."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    if is_layout(rows):
        ncols = max(len(r) for r in rows)
        out = []
        for j in range(ncols):
            col = [r[j].strip() for r in rows if j < len(r) and r[j].strip()]
            if col:
                out.append("\n".join(col))
        return out
    return [" | ".join(c.strip() for c in r if c.strip()) for r in rows]


def assemble_lines(lines: list[tuple[list[str], bool]]) -> str:
    """Page text from positioned lines: each line is its segments (text split where a wide
    horizontal gap separates columns) and whether it starts a paragraph. Consecutive
    multi-segment lines form a table (see `table_paragraphs`); a blank line separates
    paragraphs."""
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        nonlocal rows
        if rows:
            for para in table_paragraphs(rows):
                if out and out[-1] != "":
                    out.append("")
                out.append(para)
            out.append("")
            rows = []

    for segments, starts in lines:
        segs = [s.strip() for s in segments if s.strip()]
        if not segs:
            continue
        if len(segs) >= 2:
            rows.append(segs)
            continue
        flush()
        if starts and out and out[-1] != "":
            out.append("")
        out.append(segs[0])
    flush()
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
