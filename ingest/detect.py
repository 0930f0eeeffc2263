"""Format detection by content (magic bytes), the extension only as a tie-breaker.

The tests themselves live in `ingest.sniff`; their order and the names they give are the
rows of `ingest.formats`, so detection returns only registered formats."""

from __future__ import annotations

from pathlib import Path

from vanban.ingest import formats


def detect_format(path: Path) -> str:
    """The name of a registered format (`formats.names()`): pdf, docx, doc, html, image,
    text, zip, rtf, empty, or binary when nothing matches."""
    return formats.detect(path)
