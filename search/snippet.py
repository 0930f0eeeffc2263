"""Highlighted snippets, computed from the stored text so both engines give the same."""

from __future__ import annotations

from corpus.vntext import normalize
from index.analysis import TOKEN, folded_token

WIDTH = 220


def _best_start(starts: list[int], width: int) -> int:
    """Start of the window of `width` characters that holds the most matches."""
    best_n, best_i, k = 0, 0, 0
    for i, s in enumerate(starts):
        k = max(k, i)
        while k < len(starts) and starts[k] < s + width:
            k += 1
        if k - i > best_n:
            best_n, best_i = k - i, i
    return starts[best_i] if starts else 0


def snippet(text: str, words: list[str], width: int = WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """Return the best window of `text` and the (start, end) of matched words inside it."""
    if not text:
        return "", []
    norm = normalize(text)
    wanted = set(words)
    matches = [(m.start(), m.end()) for m in TOKEN.finditer(norm)
               if folded_token(m.group(0)) in wanted] if wanted else []
    start = max(0, _best_start([a for a, _ in matches], width - 40) - 40) if matches else 0
    if start > 0:
        space = norm.rfind(" ", 0, start)
        if space >= 0 and start - space < 30:
            start = space + 1
    end = min(len(norm), start + width)
    lead = "…" if start > 0 else ""
    body = norm[start:end].replace("\n", " ")
    out = lead + body + ("…" if end < len(norm) else "")
    marks = [(a - start + len(lead), b - start + len(lead)) for a, b in matches
             if a >= start and b <= end]
    return out, marks
