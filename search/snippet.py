"""Highlighted snippets, computed from the stored text so both engines give the same."""

from __future__ import annotations

from corpus.vntext import normalize
from index.analysis import TOKEN, exact_token, folded_token

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


def snippet(text: str, words: list[str], width: int = WIDTH,
            phrases: list[list[str]] | None = None,
            spelled: dict[str, set[str]] | None = None) -> tuple[str, list[tuple[int, int]]]:
    """Return the best window of `text` and the (start, end) of matched words inside it.

    `words` are folded tokens to mark anywhere; `phrases` are folded token sequences that
    weigh more where they occur whole (quoted phrases, abbreviation forms, numbers);
    `spelled` maps a folded word to the accented spellings typed: when the text has one of
    them, the other spellings of that word (`đồng` for `động`) are not marked.
    """
    if not text:
        return "", []
    norm = normalize(text)
    wanted = set(words)
    toks = [(m.start(), m.end(), folded_token(m.group(0))) for m in TOKEN.finditer(norm)]
    spelled = spelled or {}
    exact = [exact_token(norm[a:b]) for a, b, _ in toks] if spelled else []
    present = {t for i, (_, _, t) in enumerate(toks) if t in spelled and exact[i] in spelled[t]}
    marked: dict[int, int] = {}  # token index → weight
    for i, (_, _, t) in enumerate(toks):
        if t in wanted and (t not in present or exact[i] in spelled[t]):
            marked[i] = 1
    by_first: dict[str, list[list[str]]] = {}
    for p in phrases or []:
        if p:
            by_first.setdefault(p[0], []).append(p)
    if by_first:
        folded = [t for _, _, t in toks]
        for i, t in enumerate(folded):
            for p in by_first.get(t, ()):
                if folded[i:i + len(p)] == p:
                    for j in range(i, i + len(p)):
                        marked[j] = PHRASE_WEIGHT
    matches = [(toks[i][0], w) for i, w in sorted(marked.items())]
    start = max(0, _best_start(matches, width - 40) - 40) if matches else 0
    if start > 0:
        space = norm.rfind(" ", 0, start)
        if space >= 0 and start - space < 30:
            start = space + 1
    end = min(len(norm), start + width)
    lead = "…" if start > 0 else ""
    body = norm[start:end].replace("\n", " ")
    out = lead + body + ("…" if end < len(norm) else "")
    marks = [(toks[i][0] - start + len(lead), toks[i][1] - start + len(lead))
             for i in sorted(marked) if toks[i][0] >= start and toks[i][1] <= end]
    return out, marks
