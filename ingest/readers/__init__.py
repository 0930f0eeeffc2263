"""One reader per format; each turns a file into pages of raw text (`ReadResult`).

`read(path, fmt)` dispatches by the detected format. A reader raises `ReadError`
with a Vietnamese message for a file it cannot read; the pipeline records it as failed.
Readers are imported lazily so a missing optional tool only breaks its own format.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vanban.corpus.schema import ReadResult


class ReadError(Exception):
    """A file that cannot be read: the message is shown to the user (Vietnamese)."""


Reader = Callable[[Path], ReadResult]


def _registry() -> dict[str, Reader]:
    from vanban.ingest.readers import doc, docx, html, image, pdf, text

    readers: dict[str, Reader] = {
        "text": text.read,
        "pdf": pdf.read,
        "image": image.read,
        "docx": docx.read,
        "doc": doc.read,
        "html": html.read,
    }
    return readers


def read(path: Path, fmt: str) -> ReadResult:
    readers = _registry()
    if fmt == "empty":
        raise ReadError("tệp rỗng (0 byte)")
    if fmt not in readers:
        raise ReadError(f"định dạng chưa hỗ trợ: {fmt}")
    try:
        return readers[fmt](Path(path))
    except ReadError:
        raise
    except MemoryError as exc:
        raise ReadError("tệp quá lớn, không đủ bộ nhớ để đọc") from exc
    except Exception as exc:  # noqa: BLE001 - a broken file must never give a traceback
        raise ReadError(f"không đọc được tệp ({type(exc).__name__}: {exc})") from exc
