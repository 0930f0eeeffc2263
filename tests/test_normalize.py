"""Normalization rules of corpus.vntext: recorded corrections, original recoverable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vanban.corpus.vntext import (
    abbreviations,
    nfc,
    normalize,
    normalize_text,
    repair_abbreviation,
    tone_style,
    undo_corrections,
)


def rules(text: str) -> dict[str, str]:
    _, corr = normalize_text(text, page=1)
    return {c.before: c.rule for c in corr}


def test_tone_style_by_vowel_cluster():
    assert tone_style("hoà uỷ thuý khoẻ Hoà") == "hòa ủy thúy khỏe Hòa"
    assert tone_style("quý giữ người thuở") == "quý giữ người thuở"


def test_abbreviation_table_loads():
    table = abbreviations()
    assert table["CĐCS"] == "công đoàn cơ sở"
    assert table["LĐLĐ"] == "Liên đoàn Lao động"
    assert "TULĐTT" in table and "CNVCLĐ" in table
    assert all("\t" not in k and k == k.strip() for k in table)


def test_dd_repair_only_inside_known_abbreviations():
    assert repair_abbreviation("LĐLD") == "LĐLĐ"
    assert repair_abbreviation("LDLĐ,") == "LĐLĐ,"
    assert repair_abbreviation("CDCS") == "CĐCS"
    assert repair_abbreviation("276/BC-LĐLD") == "276/BC-LĐLĐ"
    for keep in ("DN", "CD", "TDTT", "UBND", "LDLDX", "Dân"):
        assert repair_abbreviation(keep) == keep


def test_corrections_are_recorded_with_offsets():
    text = "Số: 276 /BC - LĐLD\nhầu h\u0e49\u0e32 hết, ÐẢNG uỷ\u00a0CDCS **Nơi nhận:**"
    out, corr = normalize_text(text, page=3)
    assert out == "Số: 276 /BC - LĐLĐ\nhầu  hết, ĐẢNG ủy CĐCS Nơi nhận:"
    by = {c.rule: c for c in corr}
    assert any(c.rule == "abbreviation" and c.before == "LĐLD" and c.offset == 14 for c in corr)
    assert by["stray_script"].before == "h\u0e49\u0e32" and by["stray_script"].after == ""
    assert {"eth", "tone_style", "space", "markdown"} <= set(by)
    assert all(c.page == 3 for c in corr)
    for c in corr:
        assert text[c.offset:c.offset + len(c.before)] == c.before
    assert undo_corrections(out, corr) == text


def test_markdown_marks_but_not_form_blanks():
    assert normalize_text("## TIÊU ĐỀ")[0].strip() == "TIÊU ĐỀ"
    out = normalize_text("*“Lao động giỏi”*: (*có Kế hoạch*)")[0]
    assert out == "“Lao động giỏi”: (có Kế hoạch)"
    assert normalize_text("Số: ____/KH")[0] == "Số: ____/KH"
    assert normalize_text("a * b * c")[0] == "a * b * c"


def test_homoglyph_and_invisible():
    assert rules("C\u043eng")["C\u043eng"] == "homoglyph"
    assert normalize_text("đoàn\u200b viên")[0] == "đoàn viên"
    assert normalize_text("Москва")[0] == "Москва"  # a word of another script stays


def test_normalize_is_length_preserving_after_nfc():
    t = "Ðoàn\u00a0hoà"
    assert normalize(t) == "Đoàn hòa" and len(normalize(t)) == len(nfc(t))


def test_samples_roundtrip(samples):
    for path in sorted(samples.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out, corr = normalize_text(text, page=1)
        assert nfc(undo_corrections(out, corr)) == nfc(text)
        assert out.count("\n") == text.count("\n")  # line numbers survive


def test_seed002_corrections(samples):
    text = next(samples.glob("002_*.txt")).read_text(encoding="utf-8")
    out, corr = normalize_text(text, page=1)
    assert "LĐLD" not in out and "LDLĐ" not in out and "CDCS" not in out
    assert "\u0e49" not in out
    assert any(c.before.startswith("LĐLD") and c.rule == "abbreviation" for c in corr)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("aoeuyhđĐÐDLCS *#_\n\u00a0\u200b") + [
    "hoà", "uỷ", "LĐLD", "CDCS", "\u0e49", "**", "\u0300"]), max_size=40).map("".join))
def test_roundtrip_property(text):
    out, corr = normalize_text(text)
    assert nfc(undo_corrections(out, corr)) == nfc(text)
