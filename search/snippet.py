"""Highlighted snippets, computed from the stored text so both engines give the same."""

from __future__ import annotations

import re
from functools import lru_cache

from vanban.corpus.vntext import fold_word, nfc, normalize
from vanban.index.analysis import TOKEN, exact_token, folded_token

WIDTH = 220
PHRASE_WEIGHT = 5  # a whole phrase (or abbreviation, or number) says more than a lone word


def _best_start(matches: list[tuple[int, int]], width: int) -> int:
    """Start of the window of `width` characters with the most match weight.

    `matches` are (start offset, weight), sorted by offset.
    """
    best_w, best_i, k, w = 0, 0, 0, 0
    for i, (s, _) in enumerate(matches):
        while k < len(matches) and matches[k][0] < s + width:
            w += matches[k][1]
            k += 1
        if w > best_w:
            best_w, best_i = w, i
        w -= matches[i][1]
    return matches[best_i][0] if matches else 0


class _FoldChars(dict):
    """Character → its folded form (lower case, no diacritics, đ→d), one character for one,
    so offsets in the folded text are offsets in the text."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        f = fold_word(ch)
        out = f if len(f) == 1 else ch
        self[code] = out
        return out


_FOLD_CHARS = _FoldChars()
_WORD_CHAR = r"[^\W_]"
_IY_WORD = re.compile(r"([bcdghklmnpqrstvx]+)i")


def _word_re(w: str) -> str:
    """Regex for a folded token in folded text; a final `i` after consonants may be `y`."""
    m = _IY_WORD.fullmatch(w)
    if m and m.group(1) not in ("q", "g", "gh"):
        return re.escape(m.group(1)) + "[iy]"
    return re.escape(w)


def _bounded(body: str, firsts: str = "") -> re.Pattern[str]:
    """`body` as whole tokens; `firsts`, the characters a match can start with, makes most
    positions fail on one character test before the two look-behinds run."""
    ahead = "(?=[" + "".join(map(re.escape, sorted(set(firsts)))) + "])" if firsts else ""
    return re.compile(rf"{ahead}(?<!{_WORD_CHAR})(?<![0-9][.,])(?:{body})(?!{_WORD_CHAR})"
                      rf"(?![.,][0-9])")


_ROUND = 1024  # characters folded and scanned first; ×4 each round until a window is found
_MARGIN = 256  # scanned past a round's end so matches ending inside it are settled


def _first_cover(spans: list[tuple[int, int]], toks: dict[tuple[int, int], str],
                 need: set[str], width: int) -> int | None:
    """Start of the first window of `width` characters, from a match on, that holds every
    word of `need` (two pointers over the matches, sorted by offset)."""
    if not need:
        return None
    count: dict[str, int] = {}
    k = 0
    for i, (s, _) in enumerate(spans):
        while k < len(spans) and spans[k][0] < s + width:
            t = toks[spans[k]]
            if t in need:
                count[t] = count.get(t, 0) + 1
            k += 1
        if len(count) == len(need):
            return s
        t = toks[spans[i]]
        if t in need:
            count[t] -= 1
            if not count[t]:
                del count[t]
    return None


def _patterns(words: list[str], phrases: list[list[str]] | None
              ) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    return _patterns_of(tuple(words), tuple(tuple(p) for p in phrases or []))


@lru_cache(maxsize=256)
def _patterns_of(words: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]
                 ) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The query's two patterns, built once per query (every hit of a page asks again)."""
    wanted = sorted(set(words), key=len, reverse=True)
    word_rx = _bounded("|".join(_word_re(w) for w in wanted),
                       "".join(w[0] for w in wanted if w)) if wanted else None
    seqs = sorted({p for p in phrases if p}, key=len, reverse=True)
    phrase_rx = None
    if seqs:
        sep = r"[\W_]+"  # what lies between two tokens: spaces, punctuation, line breaks
        body = "|".join(sep.join(_word_re(t) for t in p) for p in seqs)
        phrase_rx = _bounded(body, "".join(p[0][0] for p in seqs if p[0]))
    return word_rx, phrase_rx


_SPAN = re.Match.span


@lru_cache(maxsize=65536)
def _exact(surface: str) -> str:
    """A word as written in the text → its exact (accented) token."""
    return exact_token(normalize(surface))


def _marks(norm: str, folded: str, upto: int, word_rx: re.Pattern[str] | None,
           phrase_rx: re.Pattern[str] | None, spelled: dict[str, set[str]]
           ) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], str], set[str]]:
    """Matches ending by `upto`: (span → weight, span → folded word, folded words whose
    typed spelling was seen)."""
    marked: dict[tuple[int, int], int] = {}
    toks: dict[tuple[int, int], str] = {}
    present: set[str] = set()
    if word_rx is not None:
        hits = [sp for sp in map(_SPAN, word_rx.finditer(folded)) if sp[1] <= upto]
        # a word occurs many times in a few spellings: decide once per spelling
        surface = [norm[a:b] for a, b in hits]
        folded_of = {w: folded_token(w) for w in set(surface)}
        exact_of = {w: _exact(w) for w, t in folded_of.items() if t in spelled}
        present = {folded_of[w] for w, e in exact_of.items() if e in spelled[folded_of[w]]}
        for (a, b), w in zip(hits, surface, strict=True):
            t = folded_of[w]
            if t not in present or exact_of[w] in spelled[t]:
                marked[(a, b)] = 1
                toks[(a, b)] = t
    if phrase_rx is not None:
        for m in phrase_rx.finditer(folded):
            if m.end() > upto:
                break
            for t in TOKEN.finditer(norm, m.start(), m.end()):
                marked[(t.start(), t.end())] = PHRASE_WEIGHT
                toks[(t.start(), t.end())] = folded[t.start():t.end()]
    return marked, toks, present


def snippet(text: str, words: list[str], width: int = WIDTH,
            phrases: list[list[str]] | None = None,
            spelled: dict[str, set[str]] | None = None) -> tuple[str, list[tuple[int, int]]]:
    """Return a window of `text` and the (start, end) of matched words inside it: the first
    window holding every query word, else the one with the most match weight.

    `words` are folded tokens to mark anywhere; `phrases` are folded token sequences that
    weigh more where they occur whole (quoted phrases, abbreviation forms, numbers);
    `spelled` maps a folded word to the accented spellings typed: when the text has one of
    them, the other spellings of that word (`đồng` for `động`) are not marked.

    Matching runs as regular expressions over a folded copy of the text (same offsets),
    folded and scanned from the start in growing rounds: the scan stops at the first round
    that holds a window with every word (and a typed spelling of each accented word, which
    decides what else is marked), so a long report costs about what its first hit costs.
    """
    if not text:
        return "", []
    norm = nfc(text)  # shown as stored; tone placement does not matter to folded matching
    spelled = spelled or {}
    need = set(words)
    word_rx, phrase_rx = _patterns(words, phrases)
    if word_rx is None and phrase_rx is None:  # browsing: nothing to find, the start shows
        return _window(norm, 0, width, [])
    limit = _ROUND
    folded = ""
    while True:
        whole = limit + _MARGIN >= len(norm)
        upto = len(norm) if whole else limit
        # one character folds to one: fold only what the last round did not
        folded += norm[len(folded):upto + (0 if whole else _MARGIN)].translate(_FOLD_CHARS)
        marked, toks, present = _marks(norm, folded, upto, word_rx, phrase_rx, spelled)
        spans = sorted(marked)
        first = _first_cover(spans, toks, need, width - 40)
        if not need and spans:  # a quoted phrase alone: its first occurrence
            first = spans[0][0]
        if first is not None:
            start = _snap(norm, max(0, first - 40))
            settled = all(t in present for t in need if t in spelled)
            if whole or (start + width <= upto and settled):
                return _window(norm, start, width, spans)
        if whole:
            matches = [(a, marked[(a, b)]) for a, b in spans]
            start = _snap(norm, max(0, _best_start(matches, width - 40) - 40)) if matches else 0
            return _window(norm, start, width, spans)
        limit *= 4


def _snap(norm: str, start: int) -> int:
    """Move a window's start back to the space before it when that is close."""
    if start > 0:
        space = norm.rfind(" ", 0, start)
        if space >= 0 and start - space < 30:
            start = space + 1
    return start


def _window(norm: str, start: int, width: int, spans: list[tuple[int, int]]
            ) -> tuple[str, list[tuple[int, int]]]:
    end = min(len(norm), start + width)
    lead = "…" if start > 0 else ""
    body_text = norm[start:end].replace("\n", " ")
    out = lead + body_text + ("…" if end < len(norm) else "")
    marks = [(a - start + len(lead), b - start + len(lead)) for a, b in spans
             if a >= start and b <= end]
    return out, marks
