"""Highlighted snippets, computed from the stored text so both engines give the same."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, compress

from corpus.vntext import fold_word, nfc
from index.analysis import TOKEN, folded_token

WIDTH = 220
_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})", re.UNICODE)


_WORDCHAR = re.compile(r"[^\W_]", re.UNICODE)


def _fold_table() -> dict[int, str]:
    """One character → its one ASCII folded character (`Ở`→`o`, `Đ`→`d`), where it has one."""
    table: dict[int, str] = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for cp in range(0x80, 0x2000):
        ch = chr(cp)
        if _WORDCHAR.match(ch):
            f = fold_word(ch)
            if len(f) == 1 and f.isascii() and _WORDCHAR.match(f):
                table[cp] = f
    return table


_FOLD = _fold_table()
_CLASS: dict[str, str] = {}  # folded ASCII char → regex class of every char folding to it
for _cp, _f in _FOLD.items():
    _CLASS[_f] = _CLASS.get(_f, _f) + chr(_cp)
_CLASS = {f: "[" + re.escape("".join(sorted(set(cs)))) + "]" for f, cs in _CLASS.items()}
_UNKNOWN = re.compile(  # a letter or digit the table does not fold (other scripts, ligatures)
    "[^\\W_a-z0-9" + re.escape("".join(chr(c) for c in _FOLD)) + "]", re.UNICODE)


def _word_pattern(w: str) -> str:
    out = []
    for ch in w:
        cls = _CLASS.get(ch)
        if ch == "i":  # `sỹ` folds to `si`
            cls = cls[:-1] + _CLASS["y"][1:]
        out.append(cls or re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=1024)
def _candidates_re(wanted: frozenset[str]) -> re.Pattern[str]:
    """Where a wanted word may start in the text, accents and case aside."""
    alts = sorted((_word_pattern(w) for w in wanted), key=len, reverse=True)
    return re.compile("(?:" + "|".join(alts) + r")(?![^\W_])", re.UNICODE)


def _token_start(norm: str, s: int) -> bool:
    """Does a TOKEN (as `findall` splits the text) start at s?"""
    if s and _WORDCHAR.match(norm[s - 1]):
        return False
    # "2.100": the digits after a separator continue the number before it
    return not (s >= 2 and norm[s - 1] in ".," and "0" <= norm[s] <= "9"
                and _WORDCHAR.match(norm[s - 2]))


def _matches(norm: str, wanted: set[str]) -> list[tuple[int, int]]:
    """(start, end) of every token whose folded form is wanted, in text order."""
    if _UNKNOWN.search(norm) is None:
        # every letter folds by the table: find candidates with one regex pass in C, then
        # check each exactly (most tokens of a long text are never looked at one by one)
        out = []
        find = _candidates_re(frozenset(wanted)).search
        m = find(norm)
        while m is not None:
            s = m.start()
            t = TOKEN.match(norm, s) if _token_start(norm, s) else None
            if t is not None and folded_token(t.group(0)) in wanted:
                out.append((s, t.end()))
                m = find(norm, t.end())
            else:  # not a whole token here; a token may still start inside this candidate
                m = find(norm, s + 1)
        return out
    return _matches_all(norm, wanted)


def _matches_all(norm: str, wanted: set[str]) -> list[tuple[int, int]]:
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
