"""Find the files under the given paths: recursive, stable order, no symlink loops."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", "README.md", "SOURCES.tsv"}


def discover(paths: list[Path]) -> Iterator[Path]:
    """Yield files in sorted order; directories are walked, hidden entries skipped."""
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        if root.is_dir():
            yield from _walk(root, seen_dirs)
        else:
            yield root  # a missing or odd path is reported by the reader, not hidden


def _walk(directory: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        st = directory.stat()
    except OSError:
        yield directory
        return
    ident = (st.st_dev, st.st_ino)
    if ident in seen:
        return  # a symlink loop or the same folder twice
    seen.add(ident)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        yield directory  # unreadable folder: reported as a failed input
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in SKIP_NAMES:
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        else:
            yield path
