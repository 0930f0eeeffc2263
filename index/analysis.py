"""Engine-neutral Vietnamese analysis: text → syllable tokens, exact and folded.

Done in Python so tantivy and Whoosh index exactly the same tokens. Keeps one-letter
syllables (`ở`, `ý`) and numbers (`95,5`, `2.100`) that stock analyzers drop.
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.vntext import fold_word, iy, nfc, normalize

# A token: letters/digits, with decimal or thousand separators kept inside numbers.
TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)


@lru_cache(maxsize=262_144)
def exact_token(word: str) -> str:
    return iy(word.lower())


@lru_cache(maxsize=262_144)
def folded_token(word: str) -> str:
    return iy(fold_word(word))


@lru_cache(maxsize=262_144)
def _normal_word(token: str) -> str:
    return normalize(token)


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
    return [_normal_word(t) for t in TOKEN.findall(nfc(text))]


def analyze(text: str) -> tuple[list[str], list[str]]:
    """Return (exact tokens, folded tokens), aligned position by position."""
    pairs = [_pair(t) for t in TOKEN.findall(nfc(text))]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def key(value: str) -> str:
    """A keyword value compared accent- and space-insensitively (số hiệu, citations)."""
    return "".join(fold_word(normalize(value)).split()).replace("–", "-").replace("—", "-")
