"""Engine-neutral Vietnamese analysis: text → syllable tokens, exact and folded.

Done in Python so tantivy and Whoosh index exactly the same tokens. Keeps one-letter
syllables (`ở`, `ý`) and numbers (`95,5`, `2.100`) that stock analyzers drop.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vanban.corpus.keys import TOKEN, folded_token, normal_token, number_key
from vanban.corpus.vntext import ETH, ETH_LETTERS, ODD_SPACES, iy, nfc, normalize

# Bump whenever the tokens or keys produced here (or by the corpus.keys/vntext steps they use)
# change: indexes stamped with another version are rebuilt on open (index/stamp.py).
ANALYSIS_VERSION = 1

# the index's number key; `key` is the name the CLI and older callers import
key = number_key


@lru_cache(maxsize=262_144)
def exact_token(word: str) -> str:
    return iy(word.lower().translate(ETH))  # OCR's Ð/ð (lower case: ð) for đ


@lru_cache(maxsize=262_144)
def _pair(token: str) -> tuple[str, str]:
    w = normalize(token)
    return exact_token(w), folded_token(w)


def words(text: str) -> list[str]:
    """Syllables of normalized text, original case.

    Tokenizing the NFC text and normalizing each distinct token (cached) gives the same
    tokens as normalizing the whole text first – tone placement never crosses a token
    boundary – and is several times faster: an archive repeats a small vocabulary.
    """
    return [normal_token(t) for t in TOKEN.findall(nfc(text))]


def analyze(text: str) -> tuple[list[str], list[str]]:
    """Return (exact tokens, folded tokens), aligned position by position."""
    pairs = [_pair(t) for t in TOKEN.findall(nfc(text))]
    return [p[0] for p in pairs], [p[1] for p in pairs]


# -- document numbers --------------------------------------------------------------------
# One symbol segment of a number: `KH`, `NĐ`, `TTg`, `CTr`, `QyĐ`, `GD&ĐT` (2+ characters,
# mostly capitals), so ordinary words after a year (`2020 - Ban`) are not taken for numbers.
_SEG = r"[A-ZĐÐ&]+(?:[a-z][A-ZĐÐ&]*)?(?![^\W\d_])"
# `58/KH-TLĐ`, `91/2017/NĐ-CP`, `34-CT/TW`, `276 /BC - LĐLD`: spaces allowed around separators
# (sources insert them), never a line break.
NUMBER = re.compile(
    rf"(?<![\w/])\d{{1,5}}(?:[ \t]*/[ \t]*(?:19|20)\d\d)?[ \t]*[/-][ \t]*{_SEG}"
    rf"(?:[ \t]*[-/][ \t]*{_SEG})*"
)


def _is_number(raw: str) -> bool:
    segs = re.split(r"[\s/\-0-9]+", raw)
    return all(len(s) >= 2 for s in segs if s)


_CHANGES_NUMBERS = re.compile("[" + "".join(ETH_LETTERS) + "".join(sorted(ODD_SPACES)) + "]")


def _for_numbers(text: str) -> str:
    """`normalize(text)`, or `text` itself when normalizing cannot change what NUMBER finds
    (stored texts are already normalized: this skips a pass over every document).

    For NFC text without Ð/ð and odd spaces, `normalize` only moves tone marks inside a run
    of letters; a number's symbol segment is a whole run of unmarked letters, which tone
    placement never touches, and a run with a tone mark keeps one."""
    if unicodedata.is_normalized("NFC", text) and not _CHANGES_NUMBERS.search(text):
        return text
    return normalize(text)


def numbers_in(text: str) -> list[str]:
    """Document numbers written in `text`, as written minus spaces, first occurrence order,
    one per key (`276 /BC - LĐLD` → `276/BC-LĐLD`)."""
    out: dict[str, str] = {}
    for m in NUMBER.finditer(_for_numbers(text)):
        raw = m.group(0)
        if _is_number(raw):
            out.setdefault(number_key(raw), "".join(raw.split()))
    return list(out.values())


def number_keys(text: str) -> list[str]:
    """Key forms of every document number written in `text` (its own and the cited ones)."""
    return [number_key(n) for n in numbers_in(text)]


# -- abbreviations -----------------------------------------------------------------------
@lru_cache(maxsize=1)
def abbreviation_forms() -> dict[tuple[str, ...], int]:
    """Folded token sequence of every short and long form → its group (one meaning).

    Short forms that share a long form (TLĐ, TLĐLĐ, TLĐLĐVN) are one group. Folding makes
    the OCR spellings (`LĐLD`, `LDLĐ`, `CDCS`, `Ð` for `Đ`) the same form.
    """
    from vanban.corpus.vntext import abbreviations

    groups: dict[tuple[str, ...], int] = {}
    forms: dict[tuple[str, ...], int] = {}
    for short, long in abbreviations().items():
        lt = tuple(analyze(long)[1])
        st = tuple(analyze(short)[1])
        if not lt or not st:
            continue
        gid = groups.setdefault(lt, len(groups))
        forms.setdefault(lt, gid)
        forms.setdefault(st, gid)
    return forms


def abbreviation_groups() -> dict[int, list[tuple[str, ...]]]:
    out: dict[int, list[tuple[str, ...]]] = {}
    for form, gid in abbreviation_forms().items():
        out.setdefault(gid, []).append(form)
    return out


def find_abbreviations(tokens: list[str]) -> list[tuple[int, int, int]]:
    """Non-overlapping (start, end, group) spans of `tokens` (folded) that are a known form,
    longest first from left to right."""
    forms = abbreviation_forms()
    longest = max((len(f) for f in forms), default=0)
    out = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            gid = forms.get(tuple(tokens[i:i + n]))
            if gid is not None:
                out.append((i, i + n, gid))
                i += n
                break
        else:
            i += 1
    return out
