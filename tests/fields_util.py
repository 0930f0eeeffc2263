"""Build a Record from a text the way the pipeline does, for the field extractor tests."""

from __future__ import annotations

from pathlib import Path

from vanban.corpus.schema import Page, Record
from vanban.ingest.clean import clean
from vanban.ingest.fields import extract_fields


def record(text: str, fmt: str = "text", meta: dict | None = None) -> Record:
    """A cleaned Record of `text` with every field family extracted."""
    c = clean([Page(number=1, text=text)])
    rec = Record(path="mem.txt", format=fmt, text=c.text, paragraphs=c.paragraphs,
                 meta=dict(meta or {}))
    extract_fields(rec)
    return rec


def at(rec: Record, field: str) -> str:
    """The text a provenance span points at."""
    sp = rec.provenance[field]
    return rec.text[sp.start:sp.end]


def docx_of_lines(text: str, path: Path) -> Path:
    """A Word file with one paragraph per non-blank line of `text`, as a typist makes one."""
    from docx import Document

    doc = Document()
    for line in text.split("\n"):
        if line.strip():
            doc.add_paragraph(line)
    doc.save(str(path))
    return path
