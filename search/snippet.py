"""Highlighted snippets, computed from the stored text so both engines give the same."""

from __future__ import annotations

import re

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


def snippet(text: str, words: list[str], width: int = WIDTH,
            phrases: list[list[str]] | None = None,
            spelled: dict[str, set[str]] | None = None) -> tuple[str, list[tuple[int, int]]]:
    """Return the best window of `text` and the (start, end) of matched words inside it.

    `words` are folded tokens to mark anywhere; `phrases` are folded token sequences that
    weigh more where they occur whole (quoted phrases, abbreviation forms, numbers);
    `spelled` maps a folded word to the accented spellings typed: when the text has one of
    them, the other spellings of that word (`đồng` for `động`) are not marked.

    Matching runs as regular expressions over a folded copy of the text (same offsets), so
    a long report costs little more than a short one.
    """
    if not text:
        return "", []
    norm = nfc(text)  # shown as stored; tone placement does not matter to folded matching
    folded_text = norm.translate(_FOLD_CHARS)
    spelled = spelled or {}
    marked: dict[tuple[int, int], int] = {}  # token span → weight
    wanted = sorted(set(words), key=len, reverse=True)
    if wanted:
        hits = [(m.start(), m.end()) for m in
                _bounded("|".join(_word_re(w) for w in wanted),
                         "".join(w[0] for w in wanted if w)).finditer(folded_text)]
        # a word occurs many times in a few spellings: decide once per spelling
        surface = [norm[a:b] for a, b in hits]
        folded_of = {w: folded_token(w) for w in set(surface)}
        exact_of = {w: exact_token(normalize(w)) for w, t in folded_of.items() if t in spelled}
        present = {folded_of[w] for w, e in exact_of.items() if e in spelled[folded_of[w]]}
        for (a, b), w in zip(hits, surface, strict=True):
            t = folded_of[w]
            if t not in present or exact_of[w] in spelled[t]:
                marked[(a, b)] = 1
    seqs = sorted({tuple(p) for p in phrases or [] if p}, key=len, reverse=True)
    if seqs:
        sep = r"[\W_]+"  # what lies between two tokens: spaces, punctuation, line breaks
        body = "|".join(sep.join(_word_re(t) for t in p) for p in seqs)
        for m in _bounded(body, "".join(p[0][0] for p in seqs if p[0])).finditer(folded_text):
            for t in TOKEN.finditer(norm, m.start(), m.end()):
                marked[(t.start(), t.end())] = PHRASE_WEIGHT
    spans = sorted(marked)
    matches = [(a, marked[(a, b)]) for a, b in spans]
    start = max(0, _best_start(matches, width - 40) - 40) if matches else 0
    if start > 0:
        space = norm.rfind(" ", 0, start)
        if space >= 0 and start - space < 30:
            start = space + 1
    end = min(len(norm), start + width)
    lead = "…" if start > 0 else ""
    body_text = norm[start:end].replace("\n", " ")
    out = lead + body_text + ("…" if end < len(norm) else "")
    marks = [(a - start + len(lead), b - start + len(lead)) for a, b in spans
             if a >= start and b <= end]
    return out, marks
