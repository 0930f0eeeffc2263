"""One reader per format; each turns a file into pages of raw text (`ReadResult`).

`read(path, fmt)` dispatches by the detected format through the registry (`ingest.formats`).
A reader raises `ReadError` (from `ingest.errors`, re-exported here) with a Vietnamese
message for a file it cannot read; the pipeline records it as failed. Readers are imported
lazily so a missing optional tool only breaks its own format.
"""

from __future__ import annotations

from pathlib import Path

from vanban.corpus.schema import ReadResult
from vanban.ingest import formats
from vanban.ingest.errors import ReadError
from vanban.ingest.formats import Reader


def _registry() -> dict[str, Reader]:
    """Every format with a reader, readers loaded (benchmarks call it to import them early)."""
    return formats.readers()


def read(path: Path, fmt: str) -> ReadResult:
    row = formats.get(fmt)
    reader = row.load_reader() if row is not None else None
    if reader is None:
        if row is not None and row.name == "empty":
            raise ReadError(row.refusal_vi)
        raise ReadError(f"định dạng chưa hỗ trợ: {fmt}")
    try:
        return reader(Path(path))
    except ReadError:
        raise
    except MemoryError as exc:
        raise ReadError("tệp quá lớn, không đủ bộ nhớ để đọc") from exc
    except Exception as exc:  # noqa: BLE001 - a broken file must never give a traceback
        raise ReadError(f"không đọc được tệp ({type(exc).__name__}: {exc})") from exc


__all__ = ["ReadError", "Reader", "read"]
