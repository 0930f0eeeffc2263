"""Clean text: pages of raw text → one normalized text with paragraphs.

Steps (each its own function so they can be measured and replaced):
normalize (corpus.vntext) → split paragraphs → in-document dedup → page-break repair → sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.schema import Correction, Duplicate, Page, Paragraph
from corpus.vntext import normalize

_BLANK = re.compile(r"\n\s*\n")


@dataclass
class CleanText:
    text: str
    paragraphs: list[Paragraph]
    duplicates: list[Duplicate] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)


def split_paragraphs(pages: list[Page]) -> list[Paragraph]:
    """Blank lines separate paragraphs; each paragraph remembers its page."""
    paras: list[Paragraph] = []
    for page in pages:
        for block in _BLANK.split(page.text.replace("\r\n", "\n").replace("\r", "\n")):
            lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
            if lines:
                paras.append(Paragraph(index=len(paras), text="\n".join(lines), page=page.number))
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
    normalized = [
        Page(p.number, normalize(p.text), p.method, p.confidence, p.seconds) for p in pages
    ]
    paras = split_paragraphs(normalized)
    text = assemble(paras)
    return CleanText(text=text, paragraphs=paras, corrections=corrections)
