"""The unit gazetteer's key: one key for every spelling of one body.

"Công đoàn ngành Giáo dục Hà Giang", "Công đoàn Giáo dục tỉnh Hà Giang" and "CĐN Giáo dục
Hà Giang" name one unit. The key folds the name (no diacritics, lower case), expands the
known abbreviations (`cdn` → `cong doan nganh`, `ldld` → `lien doan lao dong`) and drops the
words that only say what kind of place or branch follows (`ngành`, `tỉnh`, `thành phố`), so
the spellings meet. The store keeps every name it has seen under its key (`don_vi_names`);
`--don-vi` finds a unit by any of them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vanban.corpus import data
from vanban.corpus.vntext import fold, normalize

# words that qualify a place or a branch without naming it
_FILLER = {"nganh", "tinh", "thanh", "pho", "tp", "huyen", "quan", "thi", "xa", "phuong",
           "cap", "cua", "va", "&"}


@lru_cache(maxsize=1)
def _expansions() -> dict[str, str]:
    """Folded abbreviation → folded full form (corpus/data/don_vi.tsv, one-word forms)."""
    out: dict[str, str] = {}
    for row in data.rows("don_vi.tsv"):
        if len(row) >= 2 and " " not in row[0].strip():
            out[row[0].strip()] = fold(row[1])
    return out


def words(name: str) -> list[str]:
    """The folded words of a name, abbreviations expanded, qualifiers dropped."""
    exp = _expansions()
    out: list[str] = []
    for w in re.findall(r"[\w&]+", fold(normalize(name or ""))):
        out.extend(exp.get(w, w).split())
    return [w for w in out if w not in _FILLER]


def unit_key(name: str) -> str:
    """The key all spellings of one unit share."""
    return " ".join(words(name))


def matches(query: str, key: str) -> bool:
    """A user's words find a unit when each of them is a word of the unit's key (any order)."""
    want = words(query)
    have = set(key.split())
    return bool(want) and all(w in have for w in want)


__all__ = ["matches", "unit_key", "words"]
