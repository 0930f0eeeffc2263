"""Highlighted snippets, computed from the stored text so both engines give the same."""

from __future__ import annotations

import re
from itertools import accumulate, compress

from corpus.vntext import nfc
from index.analysis import TOKEN, folded_token

WIDTH = 220
_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})", re.UNICODE)


def _matches(norm: str, wanted: set[str]) -> list[tuple[int, int]]:
    """(start, end) of every token whose folded form is wanted, in text order.

    Splitting once and mapping the cached folding over the tokens keeps the per-token work
    in C; a Python loop per token made snippets the largest part of a search (profiled).
    """
    parts = _TOKEN_SPLIT.split(norm)  # separators at even positions, tokens at odd
    ends = list(accumulate(map(len, parts)))
    tokens = parts[1::2]
    hit = compress(range(len(tokens)), map(wanted.__contains__, map(folded_token, tokens)))
    return [(ends[2 * i + 1] - len(tokens[i]), ends[2 * i + 1]) for i in hit]


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
    # NFC only: folding ignores where the tone mark sits, so tone-style normalization would
    # not change which words match, and the stored text is normalized by `clean` already
    # (re-normalizing every hit's full text was a third of a search, profiled)
    norm = nfc(text)
    wanted = set(words)
    matches = _matches(norm, wanted) if wanted else []
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
