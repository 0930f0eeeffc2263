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
from vanban.corpus.keys import text_key
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
    want = _query_words(query)
    have = set(key.split())
    return bool(want) and all(w in have for w in want)


@lru_cache(maxsize=256)
def _query_words(query: str) -> tuple[str, ...]:
    """`words(query)`, once per query: `matches` is asked for every known unit key."""
    return tuple(words(query))


# the cities under the central government: `Liên đoàn Lao động thành phố …`, not `tỉnh`
_CITIES = {"ha noi", "ho chi minh", "thanh pho ho chi minh", "hai phong", "da nang", "can tho",
           "hue"}


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """Folded province name or variant → canonical name (corpus/data/tinh.tsv)."""
    out: dict[str, str] = {}
    for row in data.rows("tinh.tsv"):
        for v in [row[0], *"|".join(row[1:]).split("|")]:
            if v.strip():
                out[text_key(v)] = row[0]
    return out


@lru_cache(maxsize=1)
def _branches() -> dict[str, str]:
    """Folded branch (`giao duc`) → its union's name (`Công đoàn ngành Giáo dục`)."""
    return {row[0][len("cong doan nganh "):]: row[1] for row in data.rows("don_vi.tsv")
            if len(row) >= 2 and row[0].startswith("cong doan nganh ")}


def canonical(name: str) -> str:
    """One spelling for the usual spellings of one unit at a province's level, so a unit
    reads the same on every record: `Công đoàn Giáo dục tỉnh Hà Giang` and `Công đoàn Ngành
    Giáo dục Hà Giang` → `Công đoàn ngành Giáo dục tỉnh Hà Giang`; `Liên đoàn Lao động Lai
    Châu` → `Liên đoàn Lao động tỉnh Lai Châu` (the level word written out, as the unit's
    formal name has it). Other names are returned as they are."""
    ws = name.split()
    prov = _provinces()
    for n in (5, 4, 3, 2, 1):
        if len(ws) > n and text_key(" ".join(ws[-n:])) in prov:
            place = prov[text_key(" ".join(ws[-n:]))]
            head = ws[:-n]
            break
    else:
        return name
    if head and text_key(head[-1]) in ("tinh", "tp"):
        head = head[:-1]
    elif len(head) > 2 and text_key(" ".join(head[-2:])) == "thanh pho":
        head = head[:-2]
    hk = text_key(" ".join(head))
    if place.startswith("Thành phố"):
        where = place
    else:
        where = ("thành phố " if text_key(place) in _CITIES else "tỉnh ") + place
    if hk == "lien doan lao dong":
        return f"Liên đoàn Lao động {where}"
    m = re.fullmatch(r"cong doan (?:nganh )?(.+)", hk)
    if m and m.group(1) in _branches():
        return f"{_branches()[m.group(1)]} {where}"
    return name


__all__ = ["canonical", "matches", "unit_key", "words"]
