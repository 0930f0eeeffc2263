"""The phrase boost is added on the top hits only (issue 20): same match set, same facets,
and — while the matches fit in the re-scored window — the same order and scores as the
boost evaluated over every match."""

from __future__ import annotations

import hashlib
import random

import pytest
from vanban.corpus.schema import Paragraph, Record
from vanban.index.build import add_documents
from vanban.search import searcher
from vanban.search.query import Filters, build
from vanban.search.searcher import FACETS, match_set_node, search, split_near

from vanban.archive import Archive

WORDS = ("lao động giỏi công đoàn cơ sở thi đua yêu nước khen thưởng đoàn viên an toàn vệ "
         "sinh tháng công nhân phong trào kế hoạch báo cáo năm").split()


def _rec(k: int, text: str) -> Record:
    return Record(path=f"/kho/{k}.txt", sha256=hashlib.sha256(str(k).encode()).hexdigest(),
                  format="text", text=text, trich_yeu=text[:60], loai="Báo cáo",
                  ngay=f"{2015 + k % 8}-01-01", ngay_precision="day",
                  paragraphs=[Paragraph(index=0, text=text, start=0, end=len(text))])


@pytest.fixture(scope="module")
def arch(tmp_path_factory) -> Archive:
    rnd = random.Random(20)
    a = Archive(tmp_path_factory.mktemp("rescore"), "tantivy")
    recs = []
    for k in range(80):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(20, 120))]
        if k % 3 == 0:  # some hold the phrases whole
            words[rnd.randrange(len(words)):0] = ["lao", "động", "giỏi"]
        if k % 5 == 0:
            words[rnd.randrange(len(words)):0] = ["công", "đoàn", "cơ", "sở"]
        recs.append(_rec(k, " ".join(words)))
    ids = [a.store.put(r)[0] for r in recs]
    add_documents(a.store, a.engine, ids)
    return a


QUERIES = ["lao dong gioi", "lao động giỏi", "cong doan co so", "thi đua khen thưởng",
           "lao dong gioi cong doan", "an toan ve sinh", "CĐCS"]


@pytest.mark.parametrize("q", QUERIES)
def test_top_hits_and_facets_as_with_the_full_boost(arch: Archive, q: str) -> None:
    parsed = build(q, Filters())
    node, near = split_near(parsed.node)
    if " " in q:
        assert near, "a run of words carries a body phrase boost"
    full_total, full = arch.engine.search(parsed.node, 10)
    res = search(arch.store, arch.engine, q, Filters(), limit=10)
    assert res["total"] == full_total == arch.engine.search(node, 1)[0]
    assert [h["id"] for h in res["hits"]] == [i for i, _ in full]
    for h, (_, s) in zip(res["hits"], full, strict=True):
        assert h["score"] == pytest.approx(s, abs=1e-3)
    assert arch.engine.facets(match_set_node(node), FACETS, 10) == \
        arch.engine.facets(match_set_node(parsed.node), FACETS, 10)


def test_rescoring_changes_the_order_when_the_phrase_is_left_out(arch: Archive,
                                                                 monkeypatch) -> None:
    """Without the re-scoring (the window cut to the hits asked for, no boost added back)
    the order differs: the test above would notice a re-scoring that does nothing."""
    parsed = build("lao dong gioi", Filters())
    node, _ = split_near(parsed.node)
    _, full = arch.engine.search(parsed.node, 10)
    _, bare = arch.engine.search(node, 10)
    assert [i for i, _ in bare] != [i for i, _ in full]
    monkeypatch.setattr(searcher, "_rescore", lambda engine, hits, near: hits)
    res = search(arch.store, arch.engine, "lao dong gioi", Filters(), limit=10)
    assert [h["id"] for h in res["hits"]] != [i for i, _ in full]
