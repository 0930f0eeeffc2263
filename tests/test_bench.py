"""Benchmark support and the speed-ups it led to: same results, only faster."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from vanban.corpus.schema import Figure
from vanban.corpus.store import Store
from vanban.corpus.vntext import normalize
from vanban.index import build
from vanban.index.analysis import TOKEN, analyze, exact_token, folded_token, words
from vanban.index.engine import open_engine
from vanban.index.query import Term
from vanban.ingest.batch import ingest_files
from vanban.ingest.pipeline import process_file
from vanban.search.snippet import snippet

from bench.generate import MAX_BYTES, MIN_BYTES, generate, make_document, seed_paragraphs
from tests.conftest import SAMPLES, seed

TRICKY = ("hoà thuỷ Uỷ ban QUÝ kỹ sỹ gì 1.5abc a.5 95,5% 2.100 x\u0301y "
          "hoa\u0300 thu\u0309y ký_tự Đ đ")


def test_generator_is_deterministic_and_sized(tmp_path: Path) -> None:
    pool = seed_paragraphs()
    docs = [make_document(i, 1, pool) for i in range(30)]
    assert docs == [make_document(i, 1, pool) for i in range(30)]
    assert len(set(docs)) == 30
    for d in docs:
        assert MIN_BYTES <= len(d.encode()) <= MAX_BYTES + 100
        assert d.startswith(("LIÊN ĐOÀN", "CÔNG ĐOÀN")) and "Số: " in d
    generate(12, tmp_path / "a")
    generate(12, tmp_path / "b")
    files_a = sorted((tmp_path / "a").rglob("*.txt"))
    assert [f.read_bytes() for f in files_a] == \
        [f.read_bytes() for f in sorted((tmp_path / "b").rglob("*.txt"))]


@pytest.mark.parametrize("text", [TRICKY, *[p.read_text(encoding="utf-8")
                                           for p in sorted(SAMPLES.glob("*.txt"))]])
def test_cached_analysis_equals_whole_text_normalization(text: str) -> None:
    ws = TOKEN.findall(normalize(text))
    assert words(text) == ws
    assert analyze(text) == ([exact_token(w) for w in ws], [folded_token(w) for w in ws])


def _snippet_reference(text: str, wanted: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The straightforward version: every token of the normalized text, one by one; the
    first window (180 characters from a match) holding every wanted word, else the window
    with the most matches (issue 20: the scan may stop at the first covering window)."""
    from vanban.search.snippet import _best_start

    norm = normalize(text)
    found = [(m.start(), m.end(), folded_token(m.group(0))) for m in TOKEN.finditer(norm)
             if folded_token(m.group(0)) in set(wanted)]
    matches = [(a, b) for a, b, _ in found]
    cover = [a for a, _, _ in found
             if set(wanted) <= {t for a2, _, t in found if a <= a2 < a + 180}]
    first = cover[0] if cover else _best_start([(a, 1) for a, _ in matches], 180)
    start = max(0, first - 40) if matches else 0
    if start > 0:
        space = norm.rfind(" ", 0, start)
        if space >= 0 and start - space < 30:
            start = space + 1
    end = min(len(norm), start + 220)
    lead = "…" if start > 0 else ""
    out = lead + norm[start:end].replace("\n", " ") + ("…" if end < len(norm) else "")
    return out, [(a - start + len(lead), b - start + len(lead)) for a, b in matches
                 if a >= start and b <= end]


@pytest.mark.parametrize("query", ["thưởng", "lao dong gioi", "95,5", "2.100", "sỹ", "uỷ ban"])
def test_snippet_same_as_reference_on_stored_text(query: str) -> None:
    for path in [*sorted(SAMPLES.glob("*.txt"))]:
        stored = process_file(path).text  # what the store holds: normalized by clean
        wanted = analyze(query)[1]
        assert snippet(stored, wanted) == _snippet_reference(stored, wanted)
    assert snippet(normalize(TRICKY), analyze("sỹ")[1]) == \
        _snippet_reference(normalize(TRICKY), analyze("sỹ")[1])


def _rows(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.db.execute(
        "SELECT id, sha256, so_hieu, ngay, loai, text FROM documents ORDER BY id")]


def test_two_processes_store_the_same_as_one(tmp_path: Path) -> None:
    files = sorted(SAMPLES.glob("*.txt"))
    files = [*files, tmp_path / "missing.txt", *files[:2]]
    out = []
    for w in (1, 2):
        store = Store(tmp_path / f"s{w}.sqlite")
        summary = ingest_files(store, files, store.start_run([]), workers=w)
        out.append((_rows(store), [(o.path, o.status, o.document_id) for o in summary.outcomes]))
    assert out[0] == out[1]


def test_group_commits_and_keeps_each_document_atomic(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite")
    good, bad = process_file(seed(0)), process_file(seed(3))
    bad.chi_tieu = [Figure(text="x", value=1.0)]
    bad.chi_tieu[0].span = "not a span"  # type: ignore[assignment]  # fails mid-write
    with store.group():
        store.put(good)
        with pytest.raises(AttributeError):
            store.put(bad)
    other = sqlite3.connect(tmp_path / "s.sqlite")  # another reader sees the commit
    assert other.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    assert other.execute("SELECT COUNT(*) FROM paragraphs WHERE document_id NOT IN "
                         "(SELECT id FROM documents)").fetchone()[0] == 0


def test_parallel_index_build_equals_serial(tmp_path: Path, monkeypatch) -> None:
    store = Store(tmp_path / "s.sqlite")
    ingest_files(store, sorted(SAMPLES.glob("*.txt")), store.start_run([]))
    results = []
    for w in (1, 2):
        monkeypatch.setattr(build, "PARALLEL_MIN", 1)
        monkeypatch.setattr(build, "CHUNK", 2)
        eng = open_engine(tmp_path / f"d{w}", "tantivy")
        assert build.rebuild(store, eng, workers=w) == store.count()
        results.append([eng.search(Term("folded", t), 10) for t in ("lao", "dong", "thuong")])
    assert results[0] == results[1]


def test_whoosh_facets_by_postings_match_tantivy_after_deletes(tmp_path: Path) -> None:
    from vanban.index.engine import FACETS
    from vanban.index.query import All

    store = Store(tmp_path / "s.sqlite")
    ingest_files(store, sorted(SAMPLES.glob("*.txt")), store.start_run([]))
    engines = {n: open_engine(tmp_path, n) for n in ("tantivy", "whoosh")}
    for eng in engines.values():
        build.rebuild(store, eng)
        eng.delete([store.ids()[0]])
        eng.commit()
    for node in (All(), Term("folded", "lao"), Term("folded", "khong-co-tu-nay")):
        want = engines["tantivy"].facets(node, FACETS, 10)
        assert engines["whoosh"].facets(node, FACETS, 10) == want
    assert engines["whoosh"].facets(All(), ("loai",), 10) == \
        engines["tantivy"].facets(All(), ("loai",), 10)


@pytest.mark.parametrize("text", ['"lao động giỏi"', "thưởng", "lao dong gioi", "Sỹ",
                                  '"Liên đoàn Lao động" CNVCLĐ'])
def test_facets_on_the_cheaper_match_set_are_the_same(tmp_path: Path, text: str) -> None:
    from vanban.index.engine import FACETS
    from vanban.search.query import Filters
    from vanban.search.query import build as build_query
    from vanban.search.searcher import match_set_node

    store = Store(tmp_path / "s.sqlite")
    ingest_files(store, sorted(SAMPLES.glob("*.txt")), store.start_run([]))
    eng = open_engine(tmp_path, "tantivy")
    build.rebuild(store, eng)
    node = build_query(text, Filters()).node
    assert eng.facets(match_set_node(node), FACETS, 10) == eng.facets(node, FACETS, 10)
    assert eng.search(match_set_node(node), 10)[0] == eng.search(node, 10)[0]
