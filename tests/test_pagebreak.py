"""Page-break and line repair (ingest.pagebreak), run after in-document dedup."""

from __future__ import annotations

from vanban.corpus.schema import Page, Paragraph
from vanban.corpus.vntext import normalize_text
from vanban.ingest.clean import clean, split_paragraphs
from vanban.ingest.dedup import dedup_paragraphs
from vanban.ingest.pagebreak import join_rule, repair

from tests.conftest import seed

# (file, tail line, head line, rule) of every join in the seeds: the lowercase rule's 13 less
# the two inside the copies dedup removes in 002, plus the acronym and digit heads.
EXPECTED = {
    ("000", 13, 17, "lowercase"), ("001", 20, 22, "lowercase"),
    ("002", 18, 20, "lowercase"), ("002", 56, 58, "lowercase"), ("002", 66, 68, "lowercase"),
    ("002", 74, 76, "acronym"), ("002", 102, 104, "lowercase"), ("002", 112, 190, "digit"),
    ("002", 198, 200, "lowercase"), ("002", 208, 210, "lowercase"),
    ("002", 226, 228, "lowercase"), ("002", 284, 286, "lowercase"),
    ("003", 54, 56, "lowercase"),
}


def joins_in(n: int) -> set[tuple[str, int, int, str]]:
    text, _ = normalize_text(seed(n).read_text(encoding="utf-8"), page=1)
    kept, _ = dedup_paragraphs(split_paragraphs([Page(1, text)]))
    fixed = repair(kept)
    return {(f"{n:03d}", kept[a].line + kept[a].text.count("\n"), kept[b].line, rule)
            for a, b, rule in fixed.joins}


def test_seed_joins_exact():
    found = set().union(*(joins_in(n) for n in range(5)))
    assert found == EXPECTED


def test_phrases_contiguous_after_repair():
    t2 = clean([Page(1, seed(2).read_text(encoding="utf-8"))]).text
    t1 = clean([Page(1, seed(1).read_text(encoding="utf-8"))]).text
    assert "xây mới và sửa nhà" in t2
    assert "thực hiện có hiệu quả TULĐTT”, kết quả" in t2
    assert "Bộ luật Lao động sửa đổi năm 2019, Nghị định 85/2015/NĐ-CP" in t2
    assert "nội dung, biện pháp, phạm vi tổ chức phong trào" in t1


def test_join_rule_near_misses():
    assert join_rule("các đơn vị đã", "tham gia đầy đủ.") == "lowercase"
    assert join_rule("kết thúc.", "tham gia") is None  # final punctuation
    assert join_rule("2. Chỉ tiêu cụ thể", "a) đạt 100%") is None  # list marker head
    assert join_rule("I. MỤC ĐÍCH, YÊU CẦU", "bảo đảm") is None  # heading tail
    assert join_rule("Nội dung gồm nhiều việc khác nhau và", "II. NỘI DUNG") is None
    assert join_rule("Các cấp công đoàn đã thực hiện tốt", "LĐLĐ tỉnh đã ký") is None
    assert join_rule("thực hiện “Nâng cao chất lượng", "TULĐTT”, kết quả tốt") == "acronym"
    assert join_rule("Bộ luật sửa đổi năm", "2019, Nghị định 85") == "digit"
    assert join_rule("Bộ luật sửa đổi năm", "2. Nhiệm vụ") is None
    assert join_rule("Có 100% đơn vị tham gia", "2019 là năm") is None


def test_repair_offsets_map_inputs():
    paras = [Paragraph(0, "Các cấp công đoàn xây mới và", line=1),
             Paragraph(1, "sửa nhà cho đoàn viên.", line=3),
             Paragraph(2, "Nơi nhận:", line=5)]
    fixed = repair(paras)
    assert [p.text for p in fixed.paragraphs] == [
        "Các cấp công đoàn xây mới và sửa nhà cho đoàn viên.", "Nơi nhận:"]
    out, off = fixed.where[1]
    assert fixed.paragraphs[out].text[off:].startswith("sửa nhà")


def test_against_shared_gold(shared):
    from vanban.evaluation.dedup import eval_pagebreaks

    res = eval_pagebreaks(shared / "eval" / "dev" / "pagebreaks.json")
    assert res["precision"] == 1.0 and res["recall"] == 1.0
    assert res["joined_inside_removed_copies"] == 0
