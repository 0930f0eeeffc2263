"""The engine-neutral analyzer and the shared Vietnamese text rules."""

from __future__ import annotations

import unicodedata

from vanban.corpus.vntext import fold, iy, tone_style
from vanban.index.analysis import analyze, key


def test_keeps_one_letter_syllables_and_numbers() -> None:
    exact, folded = analyze("Ở đây ý kiến 5 người, đạt 95,5% và 2.100 suất")
    assert "ở" in exact and "ý" in exact and "5" in exact
    assert "95,5" in exact and "2.100" in exact
    assert folded[:2] == ["o", "day"]


def test_nfd_input_gives_nfc_tokens() -> None:
    text = "Liên đoàn Lao động tỉnh Lai Châu phát động thi đua"
    nfd = unicodedata.normalize("NFD", text)
    assert analyze(nfd) == analyze(text)


def test_tone_style_is_one() -> None:
    assert tone_style("văn hoá") == tone_style("văn hóa") == "văn hóa"
    assert tone_style("uỷ ban") == "ủy ban"
    assert tone_style("thuý") == "thúy"
    assert tone_style("khoẻ mạnh") == "khỏe mạnh"
    assert tone_style("toàn") == "toàn"  # closed syllable keeps the tone on the last vowel
    assert analyze("Uỷ ban hoà giải") == analyze("Ủy ban hòa giải")


def test_fold_and_iy() -> None:
    assert fold("Lao động giỏi") == "lao dong gioi"
    assert fold("LĐLĐ") == fold("LĐLD") == "ldld"
    assert iy("sỹ") == "sĩ" and iy("kỹ") == "kĩ" and iy("quý") == "quý" and iy("tuy") == "tuy"
    assert analyze("chiến sỹ")[0] == analyze("chiến sĩ")[0]


def test_key_ignores_spaces_accents_and_d() -> None:
    assert key("276 /BC - LĐLD") == key("276/BC-LĐLĐ") == "276-bc-ldld"
    assert key("34-CT/TW") == key("34/CT-TW") == key("34 – CT/TW")
