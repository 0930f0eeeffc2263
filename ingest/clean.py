"""Clean text: pages of raw text → one normalized text with paragraphs.

Steps (each its own module so they can be measured and replaced):
normalize with recorded corrections (corpus.vntext) → split paragraphs → in-document dedup
(ingest.dedup) → page-break repair (ingest.pagebreak) → sections (ingest.sections).
The raw pages stay in the Record; corrections (offsets into the raw page text) and
duplicates (the removed copies, pointing at the kept span) keep everything recoverable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanban.corpus.schema import Correction, Duplicate, Page, Paragraph
from vanban.corpus.vntext import normalize_text
from vanban.ingest.dedup import dedup_paragraphs
from vanban.ingest.pagebreak import TERMINAL, repair
from vanban.ingest.sections import LIST_TYPES, assign_sections, marker

_LAYOUT_SPACE = re.compile(r"[ \t\f\v]+")


@dataclass
class CleanText:
    text: str
    paragraphs: list[Paragraph]
    duplicates: list[Duplicate] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)


def _starts_new(prev: str, line: str) -> bool:
    """Inside a block of lines: does `line` start a new paragraph?"""
    if prev.rstrip()[-1:] in TERMINAL:
        return True
    m = marker(line)
    return bool(m) and (m[0] not in LIST_TYPES or marker(prev) is not None)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each paragraph of one page."""
    out: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    first = 0
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = _LAYOUT_SPACE.sub(" ", raw).strip()
        if not line or (cur and _starts_new(cur[-1], line)):
            if cur:
                out.append((first, cur))
            cur = []
        if line:
            if not cur:
                first = n
            cur.append(line)
    if cur:
        out.append((first, cur))
    return out


def split_paragraphs(pages: list[Page]) -> list[Paragraph]:
    """Blank lines separate paragraphs; inside a block, a line after final punctuation or
    starting with a heading/list marker starts a new one. Layout spaces are collapsed.
    Each paragraph remembers its page and the line it starts on."""
    paras: list[Paragraph] = []
    for page in pages:
        for first, lines in _blocks(page.text):
            paras.append(Paragraph(index=len(paras), text="\n".join(lines), page=page.number,
                                   line=first))
    return paras


def assemble(paras: list[Paragraph]) -> str:
    """Join paragraphs with blank lines and set their offsets into the text."""
    out: list[str] = []
    pos = 0
    for i, p in enumerate(paras):
        p.index = i
        p.start = pos
        p.end = pos + len(p.text)
        out.append(p.text)
        pos = p.end + 2
    return "\n\n".join(out)


def clean(pages: list[Page]) -> CleanText:
    corrections: list[Correction] = []
    normalized: list[Page] = []
    for p in pages:
        text, corr = normalize_text(p.text, page=p.number)
        corrections.extend(corr)
        normalized.append(Page(p.number, text, p.method, p.confidence, p.seconds))
    raw = split_paragraphs(normalized)
    kept, duplicates = dedup_paragraphs(raw)
    fixed = repair(kept)
    assign_sections(fixed.paragraphs)
    text = assemble(fixed.paragraphs)
    # Point each duplicate at the kept span in the final text.
    position = {id(p): k for k, p in enumerate(kept)}
    raw_to_kept = {i: position[id(p)] for i, p in enumerate(raw) if id(p) in position}
    for d in duplicates:
        ks = [raw_to_kept[i] for i in d.kept_paragraphs if i in raw_to_kept]
        if not ks:
            continue
        first_out, first_off = fixed.where[ks[0]]
        last_out, last_off = fixed.where[ks[-1]]
        d.kept_start = fixed.paragraphs[first_out].start + first_off
        d.kept_end = fixed.paragraphs[last_out].start + last_off + len(kept[ks[-1]].text)
    return CleanText(text=text, paragraphs=fixed.paragraphs, duplicates=duplicates,
                     corrections=corrections)
