"""The format registry: one `Format` row per format, read by detection, the preflight guards,
the reader dispatch and the pipeline's refusals, so a format is never known to one of them and
forgotten by another (e.g. a zip-bomb guard silently skipped).

Adding a format (say `.odt`) is one reader module under `ingest/readers/` and one row here:
its sniff (tried in row order), its guard (or why it needs none) and its Vietnamese label.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vanban.corpus.schema import ReadResult
from vanban.ingest import safety, sniff

Reader = Callable[[Path], ReadResult]
Guard = Callable[[Path], None]
FALLBACK = "binary"  # what detection returns when no sniff matches


@dataclass(frozen=True)
class Format:
    """One format. `reader` names a module of `vanban.ingest.readers` with `read(path)`,
    imported only when needed (a missing optional library breaks only its own format); a
    format with no reader is refused with `refusal_vi`. `guard` runs before the reader
    (headers and bounded prefixes only); when it is None, `guard_why` says why none is
    needed before the read."""

    name: str
    label_vi: str
    sniff: Callable[[sniff.Sample], bool] | None
    reader: str | None
    guard: Guard | None
    guard_why: str = ""
    refusal_vi: str | None = None

    def load_reader(self) -> Reader | None:
        if self.reader is None:
            return None
        return importlib.import_module(f"vanban.ingest.readers.{self.reader}").read


def _guard_docx(path: Path) -> None:
    safety.check_zip(path, label="DOCX")
    safety.check_ooxml_xml(path)


def _guard_zip(path: Path) -> None:
    safety.check_zip(path, label="nén (zip)")


_IN_READER = "the reader guards itself once the file is open"

FORMATS: tuple[Format, ...] = (
    Format("empty", "tệp rỗng", sniff.is_empty, None, None, "nothing to read",
           refusal_vi="tệp rỗng (0 byte)"),
    Format("pdf", "PDF", sniff.is_pdf, "pdf", None,
           f"{_IN_READER}: page count (safety.check_page_count)"),
    Format("doc", "Word 97-2003 (.doc)", sniff.is_doc, "doc", None,
           f"{_IN_READER}: OLE streams checked (doc.check_ole), external tools time out"),
    Format("docx", "Word (.docx)", sniff.is_docx, "docx", _guard_docx),
    Format("zip", "tệp nén zip", sniff.is_zip, None, _guard_zip,
           refusal_vi="tệp nén zip (không phải DOCX), chưa hỗ trợ"),
    Format("image", "ảnh (bản quét, ảnh chụp)", sniff.is_image, "image", safety.check_image),
    Format("rtf", "RTF", sniff.is_rtf, None, None, "never read",
           refusal_vi="tệp RTF chưa hỗ trợ"),
    Format("html", "trang web (HTML)", sniff.is_html, "html", None,
           f"{_IN_READER}: tree depth (safety.check_html_depth), XML without DTD"),
    Format("text", "văn bản thuần (.txt)", sniff.is_text, "text", None,
           "plain text has nothing to expand (no compression, no nesting)"),
    # binary: a zip that does not open, and the fallback when nothing else matches
    Format(FALLBACK, "không rõ định dạng", sniff.is_broken_zip, None, None, "never read",
           refusal_vi="không nhận ra định dạng tệp (nội dung không phải văn bản, PDF, Word "
                      "hay ảnh; có thể tệp hỏng hoặc bị đổi đuôi)"),
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}


def get(name: str) -> Format | None:
    return BY_NAME.get(name)


def names() -> list[str]:
    return [f.name for f in FORMATS]


def detect(path: Path) -> str:
    """The first row whose sniff matches the file's content, else `FALLBACK`."""
    sample = sniff.Sample.of(path)
    for fmt in FORMATS:
        if fmt.sniff is not None and fmt.sniff(sample):
            return fmt.name
    return FALLBACK


def preflight(path: Path, fmt: str) -> None:
    """The format's cheap guard before any reader runs; raises UnsafeFile to refuse."""
    row = BY_NAME.get(fmt)
    if row is not None and row.guard is not None:
        row.guard(path)


def readers() -> dict[str, Reader]:
    """Every format that has a reader, with the reader loaded."""
    out: dict[str, Reader] = {}
    for fmt in FORMATS:
        reader = fmt.load_reader()
        if reader is not None:
            out[fmt.name] = reader
    return out


def unreadable() -> dict[str, str]:
    """Formats detection recognises but no reader handles, with the refusal in words."""
    return {f.name: f.refusal_vi for f in FORMATS if f.reader is None and f.refusal_vi}
