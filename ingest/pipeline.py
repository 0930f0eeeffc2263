"""The ingest pipeline: a file becomes a Record (pure), then records go to the store.

`process_file` touches nothing but the file it reads, so `extract` and the process
pool can call it; `ingest` is the single writer that puts records in the store and index.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from vanban.corpus.schema import Record
from vanban.ingest.clean import clean
from vanban.ingest.detect import detect_format
from vanban.ingest.errors import ReadError
from vanban.ingest.fields import extract_fields
from vanban.ingest.formats import preflight, unreadable
from vanban.ingest.readers import read
from vanban.ingest.safety import scrub

# Formats detection recognises but no reader handles: say what the file is, in words.
UNREADABLE = unreadable()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Timings:
    """Seconds spent per stage, summed over files (for the benchmarks)."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds


def process_file(path: Path, display_path: str | None = None, timings: Timings | None = None,
                 sha256: str | None = None) -> Record:
    """Read, normalize, dedup and extract one file. Raises ReadError for unreadable files."""
    timings = timings or Timings()
    stat = path.stat()
    t0 = time.perf_counter()
    fmt = detect_format(path)
    if fmt in UNREADABLE:
        raise ReadError(UNREADABLE[fmt])
    preflight(path, fmt)
    result = read(path, fmt)
    for page in result.pages:
        page.text = scrub(page.text)
    result.warnings = [scrub(w) for w in result.warnings]
    t1 = time.perf_counter()
    timings.add("read", t1 - t0)
    cleaned = clean(result.pages)
    t2 = time.perf_counter()
    timings.add("clean", t2 - t1)
    rec = Record(
        path=display_path or str(path),
        sha256=sha256 or sha256_file(path),
        format=result.format,
        size=stat.st_size,
        mtime=stat.st_mtime,
        pages=result.pages,
        text=cleaned.text,
        paragraphs=cleaned.paragraphs,
        duplicates=cleaned.duplicates,
        corrections=cleaned.corrections,
        meta=dict(result.meta),
        warnings=list(result.warnings),
    )
    extract_fields(rec)
    timings.add("extract", time.perf_counter() - t2)
    return rec


__all__ = ["ReadError", "Timings", "process_file", "sha256_file"]
