"""The archive of record: a copy of every ingested file kept in the data directory.

Copies are content-addressed (`originals/ab/<sha256><suffix>`): the same file ingested from
ten folders is kept once, and a copy's name says what its bytes must hash to, so `check` can
tell a missing or altered original. The store's `originals` table says which copies exist.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from vanban.corpus.store_api import Store
from vanban.ingest.pipeline import sha256_file

FOLDER = "originals"


def stored_name(sha256: str, source: str) -> str:
    """Where the copy of a file lives, relative to the data directory (its suffix kept, so a
    person or `show --open` can open it with the right program)."""
    suffix = Path(source).suffix.lower()
    if not suffix.isascii() or len(suffix) > 10:
        suffix = ""
    return f"{FOLDER}/{sha256[:2]}/{sha256}{suffix}"


def keep(store: Store, data_dir: Path, source: Path, sha256: str) -> bool:
    """Copy `source` into the archive unless a sound copy of that content is kept already.
    The copy is checked against `sha256` (the file may have changed since it was read) and
    renamed into place only when it matches; returns whether a copy is now kept."""
    row = store.original(sha256)
    if row is not None and (data_dir / row["stored"]).is_file():
        return True
    rel = stored_name(sha256, str(source))
    dest = data_dir / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".keep-")
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
        if sha256_file(Path(tmp)) != sha256:
            return False
        os.chmod(tmp, 0o444)  # a kept original is not edited in place
        os.replace(tmp, dest)
        tmp = ""
    except OSError:
        return False
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
    store.keep_original(sha256, rel, dest.stat().st_size)
    return True


def verify(store: Store, data_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(missing, altered) kept originals: the copy is gone, or its bytes no longer hash to
    the sha256 it was kept under."""
    missing, altered = [], []
    for row in store.originals():
        p = data_dir / row["stored"]
        if not p.is_file():
            missing.append(row)
        elif p.stat().st_size != row["size"] or sha256_file(p) != row["sha256"]:
            altered.append(row)
    return missing, altered


def locate(store: Store, data_dir: Path, sha256: str, sources: list[str]) -> Path | None:
    """The file to give back for a document: the kept copy, else a source path whose file
    still has the same content."""
    row = store.original(sha256)
    if row is not None:
        p = data_dir / row["stored"]
        if p.is_file():
            return p
    for s in sources:
        p = Path(s)
        try:
            if p.is_file() and sha256_file(p) == sha256:
                return p
        except OSError:
            continue
    return None
