"""The comparison keys of corpus/keys.py: each composition's own behaviour, pinned, since
callers (and two stored columns) rely on exactly it; and the data loader."""

from __future__ import annotations

from vanban.corpus import data, keys
from vanban.corpus.vntext import ETH, fold


def test_number_key_merges_separators() -> None:
    assert keys.number_key("34-CT/TW") == keys.number_key("34/CT-TW") == "34-ct-tw"
    assert keys.number_key("276 /BC - LĐLD") == keys.number_key("276/BC-LĐLĐ") == "276-bc-ldld"
    assert keys.number_key("12_KH.2020") == "12-kh-2020"


def test_citation_key_keeps_slash_and_dash_apart() -> None:
    """The store's citations column: unlike number_key, `/` and `-` are not the same."""
    assert keys.citation_key("34 – CT/TW") == "34-ct/tw"
    assert keys.citation_key("34/CT-TW") == "34/ct-tw"
    assert keys.citation_key("276 /BC - LĐLD") == keys.citation_key("276/BC-LĐLĐ")


def test_text_key_loose_key_figure_key() -> None:
    assert keys.text_key("Thủy  lợi, (Quỹ)") == "thuy loi quy"
    assert keys.text_key("Hoà Bình") == keys.text_key("hòa bình") == "hoa binh"
    assert keys.loose_key("Thủy  lợi, (Quỹ)") == "thui loi qui"  # every y → i
    assert keys.loose_key(None) == keys.figure_key(None) == ""
    assert keys.figure_key("tăng 50%, 1/2 số hộ") == "tang 50% 1/2 so ho"
    assert keys.loose_key("tăng 50%, 1/2 số hộ") == "tang 50 1 2 so ho"


def test_token_key_is_the_index_folding() -> None:
    """Whole folded tokens, padded; only a syllable-final y after consonants is i."""
    assert keys.token_key("Cơ sở") == keys.token_key("co-so") == " co so "
    assert keys.token_key("sỹ quan, Quỹ 95,5") == " si quan quy 95,5 "
    assert " lao dong gioi " in keys.token_key("Lao động giỏi, chiến sĩ")


def test_line_key_keeps_punctuation() -> None:
    assert keys.line_key("  Điều 1.\tThành lập\n Ban ") == "dieu 1. thanh lap ban"


def test_one_eth_table() -> None:
    assert "Ðoàn ðến".translate(ETH) == "Đoàn đến"
    assert fold("Ðoàn ðến") == "doan den"


def test_data_tables_load_once() -> None:
    types = dict(data.loai_van_ban())
    assert types["Kế hoạch"] == ("KH",)
    assert types["Tham luận"] == ()
    assert "PĐ" in types["Phát động"]
    assert all(not ln.startswith("#") and ln.strip() for ln in data.lines("danh_hieu.txt"))
    assert data.rows("tinh.tsv") is data.rows("tinh.tsv")  # cached: read once
