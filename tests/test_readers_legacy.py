"""TCVN3/VNI conversion and the text reader's encodings and Markdown."""

from __future__ import annotations

import unicodedata

from vanban.corpus.legacy import detect_legacy, tcvn3_to_unicode, viet_ratio, vni_to_unicode
from vanban.ingest.readers import read
from vanban.ingest.readers.text import strip_markdown


def test_tcvn3_words() -> None:
    assert tcvn3_to_unicode("Ph¸t ®éng phong trµo thi ®ua") == "Phát động phong trào thi đua"
    assert tcvn3_to_unicode("ng\xadêi lao ®éng") == "người lao động"
    assert tcvn3_to_unicode("L§L§ tØnh") == "LĐLĐ tỉnh"


def test_tcvn3_capital_words_from_the_h_font() -> None:
    # .VnTimeH draws the lower-case codes as capitals
    assert tcvn3_to_unicode("HO¹CH") == "HOẠCH"


def test_tcvn3_keeps_unicode_lines() -> None:
    text = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nPh¸t ®éng"
    assert tcvn3_to_unicode(text) == "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nPhát động"


def test_vni_words() -> None:
    assert vni_to_unicode("Phaùt ñoäng phong traøo thi ñua yeâu nöôùc") == (
        "Phát động phong trào thi đua yêu nước")
    assert vni_to_unicode("TOÅNG LIEÂN ÑOAØN LAO ÑOÄNG") == "TỔNG LIÊN ĐOÀN LAO ĐỘNG"
    assert vni_to_unicode("Coâng ñoaøn cô sôû") == "Công đoàn cơ sở"


def test_detect_legacy() -> None:
    assert detect_legacy("Ph¸t ®éng phong trµo thi ®ua chµo mõng c¸c ngµy lÔ lín") == "tcvn3"
    assert detect_legacy("Phaùt ñoäng phong traøo thi ñua chaøo möøng caùc ngaøy leã lôùn") == "vni"
    assert detect_legacy("Phát động phong trào thi đua chào mừng các ngày lễ lớn") is None
    assert detect_legacy("Plain ASCII text about a union meeting in 2020") is None


def test_viet_ratio() -> None:
    assert viet_ratio("Phát động phong trào thi đua") > 0.5
    assert viet_ratio("Phat dong phong trao thi dua") == 0.0


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: base letter (with its shape mark) + tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tone = next(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", d.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def test_text_encodings(tmp_path) -> None:
    sentence = "Công đoàn phát động phong trào thi đua yêu nước năm 2020"
    cases = {
        "utf8.txt": sentence.encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + sentence.encode("utf-8"),
        "u16.txt": sentence.encode("utf-16"),
        "u16le.txt": sentence.encode("utf-16-le"),
        "cp1258.txt": _cp1258(sentence),
        "tcvn3.txt": "C«ng ®oµn ph¸t ®éng phong trµo thi ®ua yªu n\xadíc n¨m 2020".encode(
            "latin-1"),
        "vni.txt": "Coâng ñoaøn phaùt ñoäng phong traøo thi ñua yeâu nöôùc naêm 2020".encode(
            "cp1252"),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        from vanban.ingest.detect import detect_format

        assert detect_format(path) == "text", name
        res = read(path, "text")
        assert res.pages[0].text == sentence, name
    assert read(tmp_path / "tcvn3.txt", "text").pages[0].method == "converted-tcvn3"
    assert read(tmp_path / "vni.txt", "text").pages[0].method == "converted-vni"


def test_markdown_marks_removed_headings_kept(tmp_path) -> None:
    md = "# Kế hoạch thi đua\n\nNội dung **quan trọng** và *nhấn mạnh*.\n\n## Mục 1\n* ý một\n"
    text, heads = strip_markdown(md)
    assert "**" not in text and "#" not in text and "*nhấn" not in text
    assert heads == ["Kế hoạch thi đua", "Mục 1"]
    assert "Nội dung quan trọng và nhấn mạnh." in text
    path = tmp_path / "a.md"
    path.write_text(md, encoding="utf-8")
    res = read(path, "text")
    assert res.meta["headings"] == ["Kế hoạch thi đua", "Mục 1"]
    paras = [p for p in res.pages[0].text.split("\n\n") if p.strip()]
    assert paras[0] == "Kế hoạch thi đua"


def test_real_markdown(shared) -> None:
    res = read(shared / "corpus" / "real" / "r026.md", "text")
    assert "**" not in res.pages[0].text
    assert res.meta.get("headings")
