"""Which engines exist and where each keeps its index; imports an engine only when opened."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vanban.index.engine import Engine

ENGINES = ("tantivy", "whoosh")


def index_dir(data_dir: Path, name: str) -> Path:
    return data_dir / f"index-{name}"


def open_engine(data_dir: Path, name: str, writable: bool = False) -> Engine:
    if name == "tantivy":
        from vanban.index.tantivy_engine import TantivyEngine

        return TantivyEngine(index_dir(data_dir, name), writable=writable)
    if name == "whoosh":
        from vanban.index.whoosh_engine import WhooshEngine

        return WhooshEngine(index_dir(data_dir, name), writable=writable)
    raise ValueError(f"không có bộ máy chỉ mục '{name}' (chọn: {', '.join(ENGINES)})")
