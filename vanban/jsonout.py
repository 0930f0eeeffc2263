"""JSON Lines output, light enough for the fast path (no Rich, no Typer)."""

from __future__ import annotations

import json
import sys
from typing import Any


def plain_numbers(obj: Any) -> Any:
    """Whole numbers as integers (25, not 25.0), as the CSV writes them."""
    if isinstance(obj, float) and obj.is_integer() and abs(obj) < 2**53:
        return int(obj)
    if isinstance(obj, dict):
        return {k: plain_numbers(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain_numbers(v) for v in obj]
    return obj


def print_json(obj: Any) -> None:
    """One JSON Lines record: every `--json` output is one object a line."""
    sys.stdout.write(json.dumps(plain_numbers(obj), ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
