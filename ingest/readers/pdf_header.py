"""Reading order of a first page's two-column header, from the character positions.

The content stream of a PDF need not follow the page: a number typed into `Số:   /KH-…` can
come three lines after its label, the day of `ngày … tháng …` at the end of the page, the
right column (motto, place-date) before the left (issuer, number). Read in stream order these
land in the wrong line and the fields are lost. The header of an official document (Nghị định
30/2020) has a fixed shape: an issuer column on the left, the motto column on the right, then
a centred type and subject. So on page 1 the lines at the top that sit wholly in one of the
two columns are read as a person reads them: left column top to bottom, then right column, a
fragment sharing a line's band put into that line at its place. The header ends at the first
line that crosses the middle (a centred title, a body line); everything from there on keeps
the stream order, so tables and multi-column bodies are not touched.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # pdfium char box: left, bottom, right, top
Chars = list[tuple[str, Box]]

ZONE = 0.45  # the header lies in the top part of the page (share of its height)
SIDE = 0.1  # a column's centre lies this share of the page width off the middle, and
# it reaches at most twice that far over the middle
TINY = 3  # a piece of at most this many characters is a fragment (a typed-in number)
MAX_LINES = 10  # more lines in one column than a header has: a two-column body, left alone


def _ink(chars: Chars) -> list[Box]:
    return [b for c, b in chars if not c.isspace()]


def _extent(chars: Chars) -> Box:
    """(left, right, bottom, top) of the visible characters."""
    bs = _ink(chars)
    return (min(b[0] for b in bs), max(b[2] for b in bs),
            min(b[1] for b in bs), max(b[3] for b in bs))


def _pieces(line: Chars) -> list[Chars]:
    """A line cut where a gap far wider than its word spacing separates two columns (the
    agency and the motto written as one text line) and where the text jumps back to the left
    (a typed-in number written after the rest of its line)."""
    idx = [j for j, (c, _) in enumerate(line) if not c.isspace()]
    if len(idx) < 2:
        return [line]
    h = max(1.0, max(line[j][1][3] - line[j][1][1] for j in idx))
    gaps = [line[k][1][0] - line[a][1][2] for a, k in zip(idx, idx[1:], strict=False)]
    spaces = sorted(g for g in gaps if g > 0.15 * h)
    word = spaces[len(spaces) // 2] if spaces else 0.3 * h
    wide = max(2 * h, 4 * word)
    out, start = [], 0
    for (a, k), g in zip(zip(idx, idx[1:], strict=False), gaps, strict=True):
        if g > wide or g < -h:
            out.append(line[start:a + 1])
            start = k
    out.append(line[start:])
    return out


def _side(piece: Chars, x0: float, x1: float) -> str:
    """"L" (issuer column), "R" (motto column) or "X" (crosses the middle)."""
    left, right, _, _ = _extent(piece)
    mid, off = (x0 + x1) / 2, SIDE * (x1 - x0)
    centre = (left + right) / 2
    if centre < mid - off and right < mid + 2 * off:
        return "L"
    if centre > mid + off and left > mid - 2 * off:
        return "R"
    return "X"


def _tiny(piece: Chars) -> bool:
    return len(_ink(piece)) <= TINY


def _same_band(a: Box, b: Box) -> bool:
    ov = min(a[3], b[3]) - max(a[2], b[2])
    return ov > 0.5 * min(a[3] - a[2], b[3] - b[2])


_LEADER = set(".…_·")  # the dots or rule of a blank in a printed form


def _join(pieces: list[Chars]) -> str:
    """One visual line from pieces sharing a band: the widest piece, each other piece put in
    at its horizontal place. A piece typed over a form blank (`Số: ……/KH`, `ngày …… tháng`)
    replaces the blank's dots."""
    pieces = sorted(pieces, key=lambda p: -len(_ink(p)))
    line = list(pieces[0])
    for piece in pieces[1:]:
        left = _extent(piece)[0]
        at = next((j for j, (c, b) in enumerate(line) if not c.isspace() and b[0] > left),
                  len(line))
        lo, hi = at, at
        while lo > 0 and (line[lo - 1][0] in _LEADER or line[lo - 1][0].isspace()):
            lo -= 1
        while hi < len(line) and (line[hi][0] in _LEADER or line[hi][0].isspace()):
            hi += 1
        if sum(line[j][0] in _LEADER for j in range(lo, hi)) < 2:
            lo = hi = at
        pad = (" ", piece[0][1])
        line[lo:hi] = [pad, *piece, pad]
    return " ".join("".join(c for c, _ in line).split())


def _column(pieces: list[Chars]) -> list[str]:
    """Lines of one column top to bottom, pieces sharing a band joined."""
    pieces = sorted(pieces, key=lambda p: -_extent(p)[3])
    out: list[list[Chars]] = []
    for piece in pieces:
        ext = _extent(piece)
        if out and any(_same_band(ext, _extent(p)) for p in out[-1]):
            out[-1].append(piece)
        else:
            out.append([piece])
    return [t for t in (_join(group) for group in out) if t]


def split_header(lines: list[Chars], page: Box) -> tuple[list[str], list[Chars]]:
    """(header paragraphs — the left column, the right column — and the other lines in
    stream order) for a page whose box is (left, bottom, right, top). No header paragraphs
    when the top of the page is not a short two-column header ending in a line that crosses
    the middle."""
    x0, y0, x1, y1 = page
    lines = [ln for ln in lines if _ink(ln)]
    floor = y1 - ZONE * (y1 - y0)
    tops = [max(b[3] for c, b in ln if not c.isspace()) for ln in lines]
    top = sorted((k for k, t in enumerate(tops) if t > floor), key=lambda k: -tops[k])
    taken: list[int] = []
    cols: dict[str, list[Chars]] = {"L": [], "R": []}
    stopped = False
    for k in top:
        pieces = _pieces(lines[k])
        sides = [_side(p, x0, x1) for p in pieces]
        if any(s == "X" and not _tiny(p) for p, s in zip(pieces, sides, strict=True)):
            stopped = True
            break
        if all(s == "X" for s in sides):
            continue  # a centred page number or mark: left where it is
        taken.append(k)
        for p, s in zip(pieces, sides, strict=True):
            side = s if s != "X" else ("L" if _extent(p)[0] + _extent(p)[1] < x0 + x1 else "R")
            cols[side].append(p)
    solid = {s: [p for p in ps if not _tiny(p)] for s, ps in cols.items()}
    if not stopped or not solid["L"] or not solid["R"] or len(taken) < 3:
        return [], lines
    left, right = _column(cols["L"]), _column(cols["R"])
    if max(len(left), len(right)) > MAX_LINES:
        return [], lines
    keep = set(taken)
    return ["\n".join(left), "\n".join(right)], [ln for k, ln in enumerate(lines)
                                                  if k not in keep]
