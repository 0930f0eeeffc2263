"""The word lists and tables in `corpus/data`, each read once, through `importlib.resources`
(so they are found in an installed wheel as in the source tree).

Format of every file: UTF-8, one entry a line, `#` starts a comment line, blank lines skipped;
`.tsv` cells are tab separated.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources


@cache
def text(name: str) -> str:
    return (resources.files("vanban.corpus") / "data" / name).read_text(encoding="utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """The entry lines of a data file, as written (comments and blank lines dropped)."""
    return tuple(ln for ln in text(name).splitlines() if ln.strip() and not ln.startswith("#"))


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a `.tsv` table, each cell stripped."""
    return tuple(tuple(c.strip() for c in ln.split("\t")) for ln in lines(name))


@lru_cache(maxsize=1)
def loai_van_ban() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(type name, its symbol codes) for every document type, in file order; a type without
    a code of its own (`Tham luận`) has none."""
    out = []
    for row in rows("loai_van_ban.tsv"):
        codes = row[1].split("|") if len(row) > 1 else []
        out.append((row[0], tuple(c.strip() for c in codes if c.strip())))
    return tuple(out)
