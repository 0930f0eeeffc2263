"""Evaluation against gold data; production packages never import it.

`vanban eval NAME ARGS...` runs `run_evaluation(NAME, ARGS)`.
"""

from __future__ import annotations

import importlib

from vanban.corpus.errors import UsageError

EVALUATIONS = {
    "fields": "vanban.evaluation.fields",
    "figures": "vanban.evaluation.figures",
    "readers": "vanban.evaluation.readers",
    "dedup": "vanban.evaluation.dedup",
    "search": "vanban.evaluation.search",
    "pairs": "vanban.evaluation.pairs",
    "scans": "vanban.evaluation.scans",
}


def run_evaluation(name: str, args: list[str]) -> int:
    """Run one evaluation's `main(args)`; returns its exit code."""
    if name not in EVALUATIONS:
        raise UsageError(f"không có phép đánh giá '{name}' (chọn: {', '.join(EVALUATIONS)})")
    return int(importlib.import_module(EVALUATIONS[name]).main(args) or 0)
