"""Split words glued by a lost space (`LIÊNĐOÀNLAOĐỘNG` → `LIÊN ĐOÀN LAO ĐỘNG`).

Tesseract drops the spaces inside capital header lines of poor scans; the issuer, place and
type then fail. Vietnamese is written one syllable per word and a syllable has a rigid shape
(onset, vowel nucleus, one tone mark, a short coda), so a glued run can be cut back into
syllables by a dynamic program over that shape test, trusting the cut only when it is the
single best one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vanban.corpus import data
from vanban.corpus.vntext import TONES, abbreviations, fold

_TONES = set(TONES)
_SHARP = {"\u0301", "\u0323"}  # the only tones a syllable closed by c/ch/p/t can carry
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_OPEN = {"a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
         "eo", "êu", "ia", "iu", "oa", "oe", "oi", "ôi", "ơi", "ua", "uê", "ui", "uơ", "uy", "ưa",
         "ưi", "ưu", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi",
         "ươu"}
_NUCLEI = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "iê", "yê", "uô", "ươ", "oa",
           "oă", "oe", "uâ", "uê", "uy", "uyê", "oo")
_PALATAL = {"a", "ê", "i", "oa", "uê", "uy"}  # the nuclei that take -ch / -nh
_STOPS = ("ch", "c", "p", "t")
_FRONT = ("i", "e", "ê", "y")


def _closed(rime: str) -> bool:
    for coda in ("ng", "nh", "ch", "c", "m", "n", "p", "t"):
        if rime.endswith(coda) and len(rime) > len(coda):
            nucleus = rime[: -len(coda)]
            if nucleus not in _NUCLEI:
                continue
            if coda in ("ch", "nh") and nucleus not in _PALATAL:
                continue
            if coda in ("ng", "c") and nucleus in ("ê", "i", "uy", "uê"):
                continue
            return True
    return False


@lru_cache(maxsize=16384)
def is_syllable(word: str) -> bool:
    """One well-formed Vietnamese syllable: onset + rime, at most one tone mark, and a rime
    closed by a stop (c, ch, p, t) only under the sharp or heavy tone."""
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in nfd if c in _TONES]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    if not base or not base.isalpha():
        return False
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rime = base[len(onset):]
        if onset in ("k", "gh", "ngh") and not rime.startswith(_FRONT):
            continue
        if onset in ("c", "ng") and rime.startswith(_FRONT):
            continue
        if onset == "g" and rime.startswith(_FRONT) and not rime.startswith("i"):
            continue  # `gì`, `giết` may read as g + i…; `ge`, `gê` are written gh
        if onset == "qu" and rime.startswith(("u", "o")):
            continue
        if not (_rime_ok(rime) or onset == "gi" and _rime_ok("i" + rime)
                or onset == "qu" and rime.startswith("y") and _rime_ok("u" + rime)):
            continue  # `gìn`, `giữ`: the i of the onset also opens the rime; `quỳnh`: uy
        if rime.endswith(_STOPS) and tones and tones[0] not in _SHARP:
            continue
        if rime.endswith(_STOPS) and not tones:
            continue
        if rime.startswith("yê") and onset not in ("", "qu"):
            continue
        return True
    return False


def _rime_ok(rime: str) -> bool:
    return rime in _OPEN or _closed(rime)


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """Syllables the project's own word lists use: a tie between two cuts goes to them."""
    out: set[str] = set()
    for name in ("don_vi.tsv", "tinh.tsv", "loai_van_ban.tsv", "chuc_vu.tsv",
                 "phong_trao.tsv", "abbreviations.tsv"):
        for row in data.rows(name):
            for cell in row:
                out.update(w.lower() for w in re.findall(r"[^\W\d_]+", cell))
    return frozenset(w for w in out if is_syllable(w))


# abbreviations that open a glued header run (`UBNDTỈNH`, `LĐLĐHUYỆN`); folded
_ABBR_EXTRA = ("cd", "ld", "gd", "ubnd", "hdnd", "ldld", "cnvcld", "gddt", "mttq", "cdcs", "cdn",
               "thcs", "thpt", "tnhh", "bch", "cnvc", "cnld", "tld", "tldld", "gdnn", "gdtx",
               "ubkt")


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[str, ...]:
    rows = {fold(short) for short in abbreviations() if short.isalpha()}
    return tuple(sorted(rows | set(_ABBR_EXTRA), key=len, reverse=True))


_VOWEL_LETTERS = set("aăâeêioôơuưy")


def _has_vowel(s: str) -> bool:
    return any(fold(c) in _VOWEL_LETTERS or c.lower() in _VOWEL_LETTERS for c in s)


def _best_cut(word: str) -> list[str] | None:
    """The unique cut of `word` into syllables with fewest pieces, then most known ones."""
    known = _known()
    n = len(word)
    # best[i] = (pieces, -known, count of cuts reaching this score, back pointer)
    best: list[tuple[int, int, int, int] | None] = [None] * (n + 1)
    best[0] = (0, 0, 1, -1)
    for j in range(1, n + 1):
        cands: list[tuple[int, int, int, int]] = []
        for i in range(max(0, j - 8), j):
            if best[i] is None or not is_syllable(word[i:j]):
                continue
            p, k, c, _ = best[i]  # type: ignore[misc]
            cands.append((p + 1, k - (word[i:j].lower() in known), c, i))
        if not cands:
            continue
        top = min((p, k) for p, k, _, _ in cands)
        ties = [c for c in cands if (c[0], c[1]) == top]
        best[j] = (top[0], top[1], sum(c[2] for c in ties), ties[0][3])
    end = best[n]
    if end is None or end[2] != 1:
        return None  # no cut, or two equally good ones: leave the word alone
    pieces, j = [], n
    while j > 0:
        i = best[j][3]  # type: ignore[index]
        pieces.append(word[i:j])
        j = i
    return pieces[::-1]


@lru_cache(maxsize=16384)
def split_glued(word: str, lower_ok: bool = False) -> tuple[str, ...]:
    """`word` cut into its syllables when it is several glued together, else `(word,)`.

    Only letters-only words in capitals (or all lower case with `lower_ok`) that carry a
    Vietnamese letter are tried; a single valid syllable, a bare abbreviation (`CNVCLĐ`) and
    mixed-case words are kept. A known abbreviation opening the run stays whole
    (`UBNDTỈNH` → `UBND TỈNH`)."""
    keep = (word,)
    if len(word) < 4 or not word.isalpha() or not (word.isupper() or lower_ok and word.islower()):
        return keep
    if word.isascii() or is_syllable(word) or not _has_vowel(word):
        return keep
    f = fold(word)
    if len(f) != len(word) or f in _abbreviations():
        return keep
    cut = _best_cut(word)
    if cut:
        return tuple(cut) if len(cut) > 1 else keep
    # an abbreviation opening the run (`UBNDTỈNH`, `CĐNGÀNH`): a known one, or a run of
    # consonants; the rest must cut, and the best cut of the rest picks the boundary
    heads = {a for a in _abbreviations() if f.startswith(a)}
    heads |= {f[:n] for n in range(2, len(f)) if not _has_vowel(f[:n])}
    options = []
    for head in heads:
        rest = word[len(head):]
        if len(rest) < 2:
            continue
        cut = [rest] if is_syllable(rest) else _best_cut(rest)
        if cut:
            known = sum(p.lower() in _known() for p in cut)
            options.append((len(cut), -known, -len(head), [word[: len(head)], *cut]))
    if not options:
        return keep
    options.sort(key=lambda o: o[:3])
    if len(options) > 1 and options[0][:2] == options[1][:2]:
        return keep  # two heads cut the rest equally well: no telling which is meant
    return tuple(options[0][3])


_WORD = re.compile(r"[^\W\d_]{4,}")


def _sub(m: re.Match[str]) -> str:
    return " ".join(split_glued(m.group(0)))


def unglue_caps(text: str) -> str:
    """Every capital run in `text` that is several syllables glued together, spaced out."""
    return _WORD.sub(_sub, text)
