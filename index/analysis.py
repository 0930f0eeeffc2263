"""Engine-neutral Vietnamese analysis: text → syllable tokens, exact and folded.

Done in Python so tantivy and Whoosh index exactly the same tokens. Keeps one-letter
syllables (`ở`, `ý`) and numbers (`95,5`, `2.100`) that stock analyzers drop.
"""

from __future__ import annotations

import re

from corpus.vntext import fold_word, iy, normalize

# A token: letters/digits, with decimal or thousand separators kept inside numbers.
TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)


def exact_token(word: str) -> str:
    return iy(word.lower())


def folded_token(word: str) -> str:
    return iy(fold_word(word))


def words(text: str) -> list[str]:
    """Syllables of normalized text, original case."""
    return TOKEN.findall(normalize(text))


def analyze(text: str) -> tuple[list[str], list[str]]:
    """Return (exact tokens, folded tokens), aligned position by position."""
    ws = words(text)
    return [exact_token(w) for w in ws], [folded_token(w) for w in ws]


def key(value: str) -> str:
    """A keyword value compared accent- and space-insensitively (số hiệu, citations)."""
    return "".join(fold_word(normalize(value)).split()).replace("–", "-").replace("—", "-")
