"""What an index was built with: the schema and analysis versions, in a small JSON file.

An index whose stamp differs from the running code (or has none: built before stamps) holds
tokens the queries no longer produce, so the engine drops it and reports itself `stale`;
the archive then rebuilds it from the store.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from vanban.index import analysis, schema

STAMP = "vanban-index.json"


def current() -> dict[str, int]:
    # read the constants at call time, so a bumped version is seen without a reload
    return {"schema": schema.SCHEMA_VERSION, "analysis": analysis.ANALYSIS_VERSION}


def is_current(index_dir: Path) -> bool:
    """False when the index was built by other versions or before stamps (no file).

    A stamp that cannot be read means damaged index files: that raises, like the engines do
    on their own damaged files, so `vanban check` reports it and `--repair` starts afresh."""
    path = index_dir / STAMP
    if not path.exists():
        return False
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"chỉ mục hỏng: không đọc được {path} ({exc})") from exc
    return recorded == current()


def write(index_dir: Path) -> None:
    """Written whole or not at all (a crash mid-write must not look like damage)."""
    tmp = index_dir / (STAMP + ".tmp")
    tmp.write_text(json.dumps(current()), encoding="utf-8")
    os.replace(tmp, index_dir / STAMP)
