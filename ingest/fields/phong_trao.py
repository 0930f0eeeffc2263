"""phong_trao: emulation movements and campaigns a document names, as canonical names.

Two sources. (1) The gazetteer corpus/data/phong_trao.tsv: national movements with their
variants and local forms (`Lai Châu chung sức xây dựng nông thôn mới` → `Cả nước chung sức xây
dựng nông thôn mới`), matched in quotes anywhere and, for long names, unquoted too. (2) Pattern
pickup: a quoted name right after `phong trào (thi đua)` or `cuộc vận động`, and the quoted
names that continue such a list, kept as written when not in the gazetteer. Programmes
(`Mái ấm công đoàn`, `Tết Sum vầy`) and slogans are not movements. Matching ignores case,
punctuation, italics markers, diacritics and tone style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from vanban.corpus import data
from vanban.corpus.keys import text_key
from vanban.corpus.schema import Record
from vanban.corpus.vntext import fold
from vanban.ingest.fields._common import span, strip_md

FUZZY = 90
_WILD = r"\w+(?: \w+){0,5}"


@dataclass
class Entry:
    name: str
    kind: str
    keys: list[str]
    patterns: list[re.Pattern[str]]


@lru_cache(maxsize=1)
def gazetteer() -> list[Entry]:
    out = []
    for row in data.rows("phong_trao.tsv"):
        name, kind = row[0], row[1] if len(row) > 1 else "phong_trao"
        variants = [name] + ([v for v in row[2].split("|") if v.strip()] if len(row) > 2 else [])
        keys, pats = [], []
        for v in variants:
            if "*" in v:
                parts = [text_key(p) for p in v.split("*")]
                pieces: list[str] = []
                for i, part in enumerate(parts):
                    if part:
                        pieces.append(re.escape(part))
                    if i < len(parts) - 1:
                        pieces.append(_WILD)
                rx = " ".join(pieces).replace(_WILD + " ", f"(?:{_WILD} )?")
                rx = rx.replace(" " + _WILD, f"(?: {_WILD})?")
                pats.append(re.compile("^" + rx + "$"))
            else:
                keys.append(text_key(v))
        out.append(Entry(name, kind, keys, pats))
    return out


def lookup(text: str) -> Entry | None:
    """The gazetteer entry a written name stands for (exact key, local pattern, or fuzzy ≥ 90)."""
    k = text_key(strip_md(text))
    if not k:
        return None
    best, score = None, 0.0
    for e in gazetteer():
        if k in e.keys or any(p.match(k) for p in e.patterns):
            return e
        for ek in e.keys:
            s = fuzz.ratio(k, ek)
            if s > score:
                best, score = e, s
    return best if score >= FUZZY else None


def canonical(text: str) -> str | None:
    """Canonical movement name for a written one, None when not in the gazetteer."""
    e = lookup(text)
    return e.name if e else None


# --- quotes -----------------------------------------------------------------------------

_OPEN, _CLOSE = "“\"", "”\""
_TRIGGER = re.compile(
    r"(phong trào(?: thi đua)?(?: yêu nước)?|cuộc vận động(?: xây dựng)?(?: người cán bộ, công "
    r"chức(?:, viên chức)?)?)\s*[:,]?\s*(?:[*_]+\s*)?$", re.IGNORECASE)
_NOT_MOVEMENT = re.compile(
    r"(chương trình|mô hình|chủ đề|phương châm|mục tiêu|khẩu hiệu|tinh thần|danh hiệu|kế hoạch|"
    r"sáng kiến|giải pháp|chuẩn mực|phẩm chất|gia đình|với|gương|về|hội thi|cuộc thi)\s*[:,]?\s*"
    r"(?:[*_]+\s*)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"^[\s,;.…*_]*(?:và|hoặc)?[\s,;.…*_]*(?:cuộc vận động|phong trào)?[\s*_]*$",
                      re.IGNORECASE)


_OPENER = re.compile(r'“|(?<![^\W_])"')  # a straight quote opens unless after a letter/digit
_STOP = re.compile(r'[”“"]|\n\n')


def quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted segments; an unclosed quote ends where the next one opens.

    Jumps from quote mark to quote mark (regex searches), not character by character."""
    out = []
    i = 0
    while True:
        m = _OPENER.search(text, i)
        if m is None:
            return out
        i = m.start()
        stop = _STOP.search(text, i + 1)
        if stop is None:
            return out
        j = stop.start()
        if text[j] == "“":  # unclosed: `“Sáng kiến sáng tạo, “Dạy tốt…”`
            out.append((i + 1, j))
            i = j
        elif text[j] != "\n":
            out.append((i + 1, j))
            i = j + 1
        else:  # a blank line ends an unclosed quote
            i = j


def _clean(s: str) -> str:
    s = strip_md(" ".join(s.split()))
    return s.strip(" ,;.:…-–*_")


def extract(rec: Record) -> None:
    text = rec.text
    found: list[tuple[str, int, int]] = []
    prev_end = -1
    prev_movement = False
    quoted = quotes(text)
    for s, e in quoted:
        raw = text[s:e]
        name = _clean(raw)
        before = text[max(0, s - 80):s - 1]
        gap = text[prev_end:s - 1] if prev_end >= 0 else "x"
        continues = prev_movement and bool(_BETWEEN.match(gap))
        prev_end = e + 1
        if not name or len(name.split()) > 25:
            prev_movement = False
            continue
        entry = lookup(name)
        if entry is not None:
            prev_movement = entry.kind != "chuong_trinh"
            if prev_movement:
                found.append((entry.name, s, e))
            continue
        triggered = bool(_TRIGGER.search(before))
        if (triggered or continues) and not _NOT_MOVEMENT.search(before) and _plausible(name):
            found.append((name[:1].upper() + name[1:], s, e))
            prev_movement = True
        else:
            prev_movement = False
    found.extend(_unquoted(rec, quoted))
    seen: set[str] = set()
    n = 0
    for name, s, e in sorted(found, key=lambda x: x[1]):
        k = text_key(name)
        if k in seen:
            continue
        seen.add(k)
        rec.phong_trao.append(name)
        rec.provenance[f"phong_trao[{n}]"] = span(rec, s, e)
        n += 1


def _plausible(name: str) -> bool:
    """A movement name has words, not only figures or a single short token."""
    letters = sum(c.isalpha() for c in name)
    return letters >= 4 and not re.search(r"[0-9]{3,}", name)


def _unquoted(rec: Record, quoted: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Long canonical names written without quotes (`học tập và làm theo tư tưởng, …`).

    Only the canonical wording counts (older wordings unquoted are usually descriptions), and
    not inside another quotation (a directive's quoted title)."""
    folded = fold(rec.text)
    if len(folded) != len(rec.text):
        return []
    entries, rx = _unquoted_pattern()
    found: dict[int, tuple[str, int, int]] = {}
    for m in rx.finditer(folded):
        i = int(m.lastgroup[1:])
        if i not in found and not any(s <= m.start() < e_ for s, e_ in quoted):
            found[i] = (entries[i].name, m.start(), m.end())
    return [found[i] for i in sorted(found)]


@lru_cache(maxsize=1)
def _unquoted_pattern() -> tuple[list, re.Pattern[str]]:
    """One regex for every long canonical name (one pass over a document, not one per name)."""
    entries = [e for e in gazetteer()
               if e.kind != "chuong_trinh" and len(text_key(e.name).split()) >= 6]
    alts = [f"(?P<g{i}>" + r"[\W_]+".join(map(re.escape, text_key(e.name).split())) + ")"
            for i, e in enumerate(entries)]
    # the lookahead on the first words lets most positions fail at once
    firsts = sorted({text_key(e.name).split()[0] for e in entries})
    return entries, re.compile(r"\b(?=(?:" + "|".join(map(re.escape, firsts)) + r")\b)(?:"
                               + "|".join(alts) + r")\b")
