"""In-document repeated-run dedup and cross-document near duplicates (ingest.dedup)."""

from __future__ import annotations

import random
import re

from vanban.corpus.schema import Page
from vanban.corpus.vntext import normalize_text
from vanban.evaluation.dedup import eval_stress, ocr_noise
from vanban.ingest.clean import clean, split_paragraphs
from vanban.ingest.dedup import find_repeats, numbers, nums_agree
from vanban.ingest.near_dup import (
    find_near_duplicates,
    near_duplicate_signature,
    paragraph_fingerprint,
)

from tests.conftest import seed


def seed_paras(n: int):
    text, _ = normalize_text(seed(n).read_text(encoding="utf-8"), page=1)
    return split_paragraphs([Page(1, text)])


def test_seed002_removes_exactly_copies_b_and_c():
    paras = seed_paras(2)
    runs = find_repeats([p.text for p in paras])
    removed = sorted(paras[r].line for run in runs for r in run.removed)
    # copies B (lines 114–150) and C (152–188) of copy A (76–112), every other line
    assert removed == list(range(114, 151, 2)) + list(range(152, 189, 2))
    for run in runs:
        for ks, rs in run.links:
            assert (paras[rs[0]].line - paras[ks[0]].line) in (38, 76)


def test_seed002_clean_keeps_first_copy_and_records_diffs():
    raw = seed(2).read_text(encoding="utf-8")
    ct = clean([Page(1, raw)])
    assert len(ct.duplicates) == 2
    assert [len(d.paragraphs) for d in ct.duplicates] == [19, 19]
    diffs = [tuple(x) for d in ct.duplicates for x in d.diffs]
    assert ("cung cấp,", "cống cỗ,") in diffs and ("cung cấp,", "cống cố,") in diffs
    assert ("đổi", "đối") in diffs
    assert ct.text.count("TULĐTT”, kết quả có 70/70") == 1
    assert "cống cỗ" not in ct.text and "cung cấp, bồi đắp" in ct.text  # first copy kept as is
    for d in ct.duplicates:
        span = ct.text[d.kept_start:d.kept_end]
        assert re.sub(r"\s+", " ", span) == re.sub(r"\s+", " ", d.kept_text)
    # nothing lost: removed text + kept text cover every raw paragraph
    kept_words = set(ct.text.split()) | {w for d in ct.duplicates for w in d.text.split()}
    norm, _ = normalize_text(raw)
    assert set(norm.split()) <= kept_words


def test_no_repeats_in_other_seeds():
    for n in (0, 1, 3, 4):
        assert find_repeats([p.text for p in seed_paras(n)]) == []


def test_number_guard():
    assert numbers("2.3. Hàng năm có trên 80% đoàn viên") == ("23", "80")
    assert numbers("70/70 CĐCS, năm 2O20, 90lượt") == ("7070", "2020", "90")
    assert not nums_agree(("23", "80"), ("24", "95"))
    assert not nums_agree(("2020",), ("2021",))
    assert nums_agree(("1", "2021"), ("2021",), "đợt 1 năm 2021", "đợt l năm 2021")


def _body(i: int, year: int) -> str:
    return (f"{i}. Hàng năm có trên {70 + i}% đoàn viên đạt danh hiệu Đoàn viên Công đoàn "
            f"xuất sắc, có {60 + i}% CĐCS trở lên đạt CĐCS hoàn thành tốt nhiệm vụ năm {year}; "
            "các cấp công đoàn tổ chức tuyên truyền, vận động đoàn viên tham gia phong trào.")


def test_hard_negatives_are_kept():
    texts = [_body(i, 2020) for i in range(1, 6)]  # numbered siblings
    texts += [_body(i, 2021) for i in range(1, 6)]  # template siblings, another year
    texts += ["Nơi nhận:", "- Lưu: VT.", "Nơi nhận:", "- Lưu: VT."]  # short generic lines
    boiler = "Đề nghị các cấp công đoàn triển khai thực hiện nghiêm túc các nội dung trên."
    texts += [boiler, "Một đoạn khác hẳn về công tác tài chính công đoàn năm nay.", boiler]
    assert find_repeats(texts) == []


def test_noisy_merged_split_truncated_copy_is_found():
    rng = random.Random(3)
    base = [p.text for p in seed_paras(1)][10:30]
    copy = [ocr_noise(t, 0.03, rng) for t in base[4:10]]
    copy[1:3] = [copy[1] + " " + copy[2]]  # merged
    words = copy[3].split(" ")
    copy[3:4] = [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2:])]  # split
    copy[-1] = copy[-1][: len(copy[-1]) * 2 // 3].rsplit(" ", 1)[0]  # truncated
    texts = base + copy
    runs = find_repeats(texts)
    removed = {r for run in runs for r in run.removed}
    assert removed == set(range(len(base), len(texts)))


def test_stress_set_precision_and_recall():
    res = eval_stress(60, 11)
    assert res["precision"] == 1.0
    assert res["recall"] >= 0.9


def test_cross_document_near_duplicates():
    t2 = seed(2).read_text(encoding="utf-8")
    noisy = ocr_noise(t2, 0.01, random.Random(1))
    docs = [("002", t2), ("001", seed(1).read_text(encoding="utf-8")), ("002-pdf", noisy)]
    pairs = find_near_duplicates(docs, threshold=0.5)
    assert [(a, b) for a, b, _ in pairs] == [("002", "002-pdf")]
    assert near_duplicate_signature(t2).jaccard(near_duplicate_signature(noisy)) > 0.5
    assert paragraph_fingerprint("Nơi nhận:") == paragraph_fingerprint("Noi nhan")


def test_against_shared_gold(shared):
    from vanban.evaluation.dedup import eval_seed002

    res = eval_seed002(shared / "eval" / "dev" / "dedup-002.json")
    assert res["removed"] == res["right"] == res["gold_blocks"] == 38
    assert res["extra"] == 0 and res["missed"] == 0 and res["sections_4_11_once"]


def test_lcs_bound_never_hides_a_partial_match() -> None:
    """`_may_reach` skips an alignment only when no window can reach the threshold (issue
    20): on random near-alphabet strings it is never below what partial_ratio finds."""
    import random

    from rapidfuzz import fuzz
    from vanban.ingest.dedup import _may_reach

    rnd = random.Random(20)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxy  "
    reached = skipped = 0
    for _ in range(2000):
        a = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 120)))
        b = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 300)))
        if rnd.random() < 0.5:  # a noisy copy of a inside b
            cut = "".join(c if rnd.random() > 0.08 else rnd.choice(alphabet) for c in a)
            k = rnd.randint(0, len(b))
            b = b[:k] + cut + b[k:]
        score = fuzz.partial_ratio(a, b)
        for t in (50.0, 80.0, 88.0, 95.0):
            if score >= t:
                reached += 1
                assert _may_reach(a, b, t), (a, b, t, score)
            skipped += not _may_reach(a, b, t)
    assert reached > 1000 and skipped > 1000  # both sides of the bound were exercised
