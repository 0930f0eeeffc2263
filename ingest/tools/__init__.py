"""One thin wrapper per external program (tesseract, antiword, catdoc): readers call these,
never subprocess, so finding the program, its version, time limits and error messages live
in one place each. `probe_all()` lists them for `vanban check`.

pdftoppm is not used: PDF pages are rendered in-process by pypdfium2. pytesseract is not
used either: tesseract runs through `tools.tesseract` (TSV and text in one run).
"""

from __future__ import annotations

from vanban.ingest.tools import _base
from vanban.ingest.tools._base import ToolStatus


def clear_cache() -> None:
    """Forget every probe (after installing a tool in a running process)."""
    from vanban.ingest.tools import tesseract

    _base.clear_cache()
    tesseract.languages.cache_clear()


def probe_all() -> list[ToolStatus]:
    """Each external program: found, its version, the minimum vanban needs, and a Vietnamese
    line saying what to do. Probes are cached per process."""
    from vanban.ingest.tools import antiword, catdoc, tesseract

    return [tesseract.status(), antiword.TOOL.status(), catdoc.TOOL.status()]


__all__ = ["ToolStatus", "clear_cache", "probe_all"]
