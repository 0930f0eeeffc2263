"""Facet counts and the index-behind check on their fast paths (issue 20): exact counts (every
segment's buckets merged), the multi-valued field counted on the documents that do not
match, and the ids' moments — each equal to a count made the slow, obvious way."""

from __future__ import annotations

import hashlib
import random
from collections import Counter

import pytest
from vanban.corpus.schema import Paragraph, Record
from vanban.index.build import add_documents
from vanban.index.engine import FACETS, moments, to_index_doc
from vanban.index.query import All, And, Not, Or, Phrase, Range, Term
from vanban.search.query import Filters, build
from vanban.search.searcher import match_set_node, search, split_near

from vanban.archive import Archive

WORDS = "lao động giỏi công đoàn cơ sở thi đua khen thưởng đoàn viên an toàn".split()
UNITS = [f"Công đoàn cơ sở số {k}" for k in range(40)]  # many values: more than 10 × size
MOVEMENTS = [f"Phong trào {w}" for w in ("Lao động giỏi", "Xanh sạch đẹp", "Văn hóa", "An toàn",
                                          "Sáng kiến", "Nữ giỏi", "Tiết kiệm", "Đền ơn")]


def _unit(k: int) -> str:
    """Per commit of 50: 15 units of its own 3 times each, then one unit every commit shares
    twice: the most frequent overall, never in a commit's own top 15 (tantivy's default cut
    for a top 3 keeps a segment's 14 best)."""
    seg, j = divmod(k, 50)
    if j < 45:
        return UNITS[(seg * 15 + j // 3) % len(UNITS)] + f" đợt {seg}"
    return "Công đoàn ngành Giáo dục" if j < 47 else UNITS[j % len(UNITS)]


def _rec(k: int, rnd: random.Random) -> Record:
    text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 40)))
    return Record(path=f"/kho/{k}.txt", sha256=hashlib.sha256(str(k).encode()).hexdigest(),
                  format="text", text=text, trich_yeu=text[:40],
                  loai=rnd.choice(["Báo cáo", "Kế hoạch", "Quyết định"]),
                  ngay=f"{2010 + k % 12}-03-01", ngay_precision="day",
                  don_vi=_unit(k),
                  phong_trao=rnd.sample(MOVEMENTS, rnd.randint(0, 5)),
                  paragraphs=[Paragraph(index=0, text=text, start=0, end=len(text))])


@pytest.fixture(scope="module")
def arch(tmp_path_factory) -> Archive:
    rnd = random.Random(7)
    a = Archive(tmp_path_factory.mktemp("facets"), "tantivy")
    ids = [a.store.put(_rec(k, rnd))[0] for k in range(400)]
    for chunk in range(0, len(ids), 50):  # one commit each: several segments
        add_documents(a.store, a.engine, ids[chunk:chunk + 50])
    return a


def _by_hand(arch: Archive, node, size: int = 10) -> dict[str, list[tuple[object, int]]]:
    """Counts from each matching document's own record (ties by value)."""
    total, hits = arch.engine.search(node, 100_000)
    assert len(hits) == total
    counts = {f: Counter() for f in FACETS}
    for i, _ in hits:
        d = to_index_doc(i, arch.store.get(i))
        for f in FACETS:
            v = getattr(d, f)
            counts[f].update([x for x in v if x] if isinstance(v, list) else
                             [v] if v not in (None, "", 0) else [])
    return {f: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
            for f, c in counts.items()}


NODES = [All(), Term("folded", "lao"), Term("folded", "thuong"), Not(Term("folded", "lao")),
         And([Term("folded", "cong"), Range("nam", 2012, 2018)]),
         Or([Term("folded", "an"), Term("folded", "thi")]),
         Phrase("folded", ["cong", "doan"]), Term("loai", "Báo cáo")]


@pytest.mark.parametrize("node", NODES, ids=repr)
def test_facets_exact_with_and_without_the_total(arch: Archive, node) -> None:
    total = arch.engine.search(node, 1)[0]
    want = _by_hand(arch, node)
    assert arch.engine.facets(node, FACETS, 10) == want
    assert arch.engine.facets(node, FACETS, 10, total=total) == want
    # 3 a field: a segment's own top 10 × 3 would leave some of the 40 units out
    assert arch.engine.facets(node, FACETS, 3, total=total) == _by_hand(arch, node, 3)


def test_search_facets_use_the_total_and_stay_exact(arch: Archive) -> None:
    for q in ("lao", "lao dong", "thuong", "an toàn", ""):
        res = search(arch.store, arch.engine, q, Filters(), limit=5)
        node = split_near(build(q, Filters()).node)[0] if q else build(q, Filters()).node
        want = _by_hand(arch, match_set_node(node))
        assert {k: [(x["value"], x["count"]) for x in v] for k, v in res["facets"].items()} \
            == want, q


def test_whole_counts_follow_a_commit(arch: Archive, tmp_path) -> None:
    node = Term("folded", "lao")
    before = arch.engine.facets(node, FACETS, 10, total=arch.engine.search(node, 1)[0])
    rnd = random.Random(99)
    new = [arch.store.put(_rec(1000 + k, rnd))[0] for k in range(30)]
    add_documents(arch.store, arch.engine, new)
    after = arch.engine.facets(node, FACETS, 10, total=arch.engine.search(node, 1)[0])
    assert after == _by_hand(arch, node) and after != before
    assert arch.engine._whole is not None  # counted from the whole-index counts


def test_id_moments_and_the_behind_check(arch: Archive) -> None:
    ids = arch.store.indexable_ids()
    assert arch.engine.id_moments() == moments(ids) == moments(arch.engine.ids()) \
        == arch.store.indexable_moments()
    assert arch._behind() == 0
    arch.engine.delete(ids[3:5])
    arch.engine.commit()
    assert arch.engine.id_moments() != moments(ids)
    assert arch._behind() == 2
    add_documents(arch.store, arch.engine, ids[3:5])
    assert arch._behind() == 0


def test_whoosh_id_moments(tmp_path) -> None:
    a = Archive(tmp_path / "w", "whoosh")
    rnd = random.Random(3)
    ids = [a.store.put(_rec(k, rnd))[0] for k in range(12)]
    add_documents(a.store, a.engine, ids)
    assert a.engine.id_moments() == moments(ids) == a.store.indexable_moments()
    assert a._behind() == 0
    a.engine.delete(ids[:1])
    a.engine.commit()
    assert a._behind() == 1
