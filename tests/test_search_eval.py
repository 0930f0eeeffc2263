"""The project's search test set (evaluation/data/search_eval.jsonl): recall@10 must be 1.0 on
both engines, over the sample archive ingested as `vanban ingest` does."""

from __future__ import annotations

import pytest
from vanban.evaluation.search import evaluate, load_set, main

QUERIES = load_set()


def test_set_covers_every_bullet() -> None:
    bullets = {q["bullet"] for q in QUERIES}
    assert {"accentless", "tone-style", "i-y", "abbreviation", "abbreviation-ocr",
            "phrase-page-break", "document-number", "covid", "filters",
            "citations"} <= bullets
    assert len({q["id"] for q in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_recall_is_one(engine: str, tmp_path) -> None:
    rows = evaluate(engine, QUERIES, work_dir=tmp_path)
    failed = [(r["id"], r["missing"], r.get("error"), r["got"][:3]) for r in rows
              if r["status"] in ("miss", "error", "rank")]
    assert not failed
    assert sum(r["status"] == "ok" for r in rows) >= len(rows) - 6


def test_main_prints_table(capsys) -> None:
    assert main(["--engine", "tantivy"]) == 0
    out = capsys.readouterr().out
    assert "recall@10" in out and "TỔNG" in out
