"""Page-break and line repair: glue a paragraph back to the one a page break cut it from.

Runs AFTER in-document dedup: repeated copies are split at the same page breaks, so blocks
match exactly before joining, and joining first would glue a copy onto the text before it.

A paragraph whose last character is not final punctuation (`!")*.:;?”…`) continues into the
next one when the next one
- starts in lower case and is not a list marker (`a)`): the plain rule; or
- starts with an upper-case acronym or a number (`TULĐTT”, kết quả …`, `2019, Nghị định …`)
  and something says the sentence is open: a quote left open that the next paragraph closes,
  or a last word that cannot end a sentence (`và`, `của`, `năm`, `ngày` …).
Headings, title lines and list/heading markers on the next paragraph are never joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanban.corpus.schema import Paragraph
from vanban.corpus.vntext import abbreviations
from vanban.ingest.sections import LIST_TYPES, is_upper, marker

TERMINAL = set('!")*.:;?”…')
# Words after which a sentence cannot stop: prepositions, conjunctions, words calling a number.
OPEN_END = {
    "và", "của", "các", "những", "với", "cho", "tại", "trong", "theo", "về", "từ", "đến", "là",
    "được", "có", "để", "thuộc", "nhằm", "hoặc", "hay", "do", "bởi", "vì", "như", "ở", "cùng",
    "giữa", "trên", "dưới", "đã", "sẽ", "đang", "mà", "thì", "nhưng", "năm", "ngày", "tháng",
    "số", "điều", "khoản", "lần", "thứ", "quý", "đợt", "khóa", "kỳ", "đoạn", "gồm", "đạt",
    "hơn", "gần", "khoảng",
}
_FIRST_WORD = re.compile(r"^[^\s]+")
_LEAD_NUMBER = re.compile(r"^\d[\d.,/]*(?=[\s,;:)”])")
_ACRONYM = re.compile(r"^([A-ZĐ][A-ZĐ&-]*[A-ZĐ])(?![^\W\d_])")


@dataclass
class Repaired:
    """Joined paragraphs; `where[i]` = (output index, offset in it) of input paragraph i."""

    paragraphs: list[Paragraph]
    where: list[tuple[int, int]]
    joins: list[tuple[int, int, str]] = field(default_factory=list)  # (input i, input i+1, rule)


def _open_tail(text: str) -> bool:
    tail = text.rstrip()
    return bool(tail) and tail[-1] not in TERMINAL


def _heading_like(text: str) -> bool:
    m = marker(text)
    if m and m[0] not in LIST_TYPES and len(text) <= 120:
        return True
    return is_upper(text.split("\n")[-1])


def join_rule(prev: str, nxt: str) -> str | None:
    """The rule that joins `prev` and `nxt` across a break, or None if they stay apart."""
    if not prev or not nxt or not _open_tail(prev):
        return None
    m = marker(nxt)
    if m:
        return None
    if _heading_like(prev):
        return None
    first = nxt[0]
    if first.isalpha() and first.islower():
        return "lowercase"
    if is_upper(nxt.split("\n", 1)[0]):
        return None  # an upper-case heading or title line starts something new
    last_word = prev.rstrip().rsplit(None, 1)[-1].lower()
    open_quote = prev.count("“") > prev.count("”")
    head = nxt[:80]
    closes = "”" in head and ("“" not in head or head.index("”") < head.index("“"))
    acro = _ACRONYM.match(nxt)
    if acro and (acro.group(1) in abbreviations() or len(acro.group(1)) >= 2):
        if (open_quote and closes) or last_word in OPEN_END:
            return "acronym"
    if _LEAD_NUMBER.match(nxt) and (last_word in OPEN_END or (open_quote and closes)):
        return "digit"
    return None


def repair(paras: list[Paragraph]) -> Repaired:
    """Join paragraphs split by page breaks or blank-line wraps (in order, with one space)."""
    out: list[Paragraph] = []
    where: list[tuple[int, int]] = []
    joins: list[tuple[int, int, str]] = []
    for i, p in enumerate(paras):
        rule = join_rule(out[-1].text, p.text) if out else None
        if rule:
            prev = out[-1]
            offset = len(prev.text) + 1
            prev.text = prev.text + " " + p.text
            where.append((len(out) - 1, offset))
            joins.append((i - 1, i, rule))
        else:
            out.append(Paragraph(index=len(out), text=p.text, page=p.page, line=p.line))
            where.append((len(out) - 1, 0))
    return Repaired(paragraphs=out, where=where, joins=joins)
