"""One search suite, run on both engines: they must answer the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from vanban.index.build import rebuild
from vanban.ingest.batch import ingest_files
from vanban.search.query import Filters, QueryError
from vanban.search.searcher import search

from vanban.archive import Archive

ENGINES = ["tantivy", "whoosh"]


@pytest.fixture(scope="module", params=ENGINES)
def archive(request, tmp_path_factory) -> Archive:
    from vanban.index.build import add_documents

    from tests.conftest import SAMPLES

    data = tmp_path_factory.mktemp(request.param)
    arch = Archive(data, request.param)
    summary = ingest_files(arch.store, sorted(SAMPLES.glob("*.txt")), arch.store.start_run([]))
    add_documents(arch.store, arch.engine, summary.changed_ids)
    return arch


def _files(arch: Archive, q: str, **filters) -> set[str]:
    res = search(arch.store, arch.engine, q, Filters(**filters), limit=50)
    return {Path(h["path"]).name[:3] for h in res["hits"]}


def test_accentless_query_finds_accented_text(archive: Archive) -> None:
    assert {"000", "002", "004"} <= _files(archive, "lao dong gioi")


def test_tone_style_does_not_matter(archive: Archive) -> None:
    assert _files(archive, "văn hoá công sở") == _files(archive, "văn hóa công sở") != set()


def test_exact_match_ranks_above_folded(archive: Archive) -> None:
    res = search(archive.store, archive.engine, "giỏi", Filters(), limit=50)
    scores = {Path(h["path"]).name[:3]: h["score"] for h in res["hits"]}
    res2 = search(archive.store, archive.engine, "gioi", Filters(), limit=50)
    assert res["total"] == res2["total"]
    assert max(scores.values()) > 0


def test_phrase(archive: Archive) -> None:
    assert _files(archive, '"Tết Sum vầy"') >= {"000"}
    assert _files(archive, '"sum vầy tết"') == set()


def test_filters_and_browse(archive: Archive) -> None:
    assert _files(archive, "", nam=2020) >= {"000", "002"}
    assert "003" not in _files(archive, "", nam=2020)
    assert _files(archive, "thi đua", loai="bao cao") == {"002"}
    assert _files(archive, "", tu="2020-06", den="2020-06-30") >= {"000", "002"}


def test_facets_count_the_hits(archive: Archive) -> None:
    res = search(archive.store, archive.engine, "thi đua", Filters(), limit=0)
    loai = {f["value"]: f["count"] for f in res["facets"]["loai"]}
    assert loai.get("Báo cáo") == 1
    assert sum(f["count"] for f in res["facets"]["nam"]) <= res["total"]


def test_same_hits_on_both_engines(tmp_path: Path) -> None:
    from vanban.index.build import add_documents

    from tests.conftest import SAMPLES

    results = []
    for name in ENGINES:
        arch = Archive(tmp_path / name, name)
        s = ingest_files(arch.store, sorted(SAMPLES.glob("*.txt")), arch.store.start_run([]))
        add_documents(arch.store, arch.engine, s.changed_ids)
        got = []
        for q in ("lao dong gioi", '"xây dựng nông thôn mới"', "CNVCLĐ", "thi đua"):
            res = search(arch.store, arch.engine, q, Filters(), limit=50)
            got.append((res["total"], sorted(h["id"] for h in res["hits"])))
        results.append(got)
    assert results[0] == results[1]


def test_reindex_gives_same_hits(archive: Archive) -> None:
    before = _files(archive, "lao dong gioi")
    rebuild(archive.store, archive.engine)
    assert _files(archive, "lao dong gioi") == before


@pytest.mark.parametrize("bad", ['"không đóng', "x" * 2000, "!!! ... ,,,"])
def test_bad_queries_raise_query_error(archive: Archive, bad: str) -> None:
    with pytest.raises(QueryError):
        search(archive.store, archive.engine, bad, Filters())
