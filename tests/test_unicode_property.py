"""Property: random Unicode (mixed NFC/NFD, control characters, other scripts, header-like
lines) goes through normalization, cleaning and field extraction without an exception."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from vanban.corpus.schema import Page, Record
from vanban.corpus.vntext import fold, iy, nfc, normalize, tone_style
from vanban.ingest.clean import clean
from vanban.ingest.fields import extract_fields
from vanban.ingest.safety import scrub

WORDS = ("Công đoàn", "quyết định", "khen thưởng", "Liên đoàn Lao động", "thoả thuận",
         "hoà", "Thuỷ", "kỹ sư", "Đại hội", "người lao động", "ngày 30 tháng 4 năm 2020")
LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Số: 12/QĐ-LĐLĐ", "Số 31/KH-LĐLĐ", "Hà Nội, ngày 3 tháng 4 năm 2020", "V/v tổ chức",
         "QUYẾT ĐỊNH", "Nơi nhận:", "- Như trên;", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH",
         "Kính gửi:", "ngày 31 tháng 2 năm 99999", "Số: /", "Số:")

_viet = st.sampled_from(WORDS + LINES).flatmap(
    lambda w: st.sampled_from([w, unicodedata.normalize("NFD", w), w.upper(), w.lower()]))
_control = st.characters(min_codepoint=0, max_codepoint=0x1F).map(str) | \
    st.sampled_from(["\x7f", "\u0085", "\u00a0", "\u200b", "\u200d", "\ufeff", "\u2028",
                     "\u2029", "\ufffd", "\r\n", "\r", "\x0c"])
_combining = st.lists(st.characters(min_codepoint=0x300, max_codepoint=0x36F), max_size=6)\
    .map("".join)
_scripts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_piece = st.one_of(_viet, _control, _combining, _scripts,
                   st.sampled_from(["\n", "\n\n", " ", "\t", "  "]))
TEXT = st.lists(_piece, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_vntext_rules(text: str) -> None:
    n = nfc(text)
    assert unicodedata.is_normalized("NFC", n)
    out = normalize(text)
    assert isinstance(out, str) and isinstance(tone_style(text), str)
    f = fold(text)
    assert not any(unicodedata.combining(c) for c in f)
    for word in text.split():
        assert isinstance(iy(word), str)
    scrub(text).encode("utf-8")  # storable


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_clean_and_extract(pages_text: list[str]) -> None:
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(pages_text)]
    cleaned = clean(pages)
    for p in cleaned.paragraphs:
        assert cleaned.text[p.start:p.end] == p.text
    rec = Record(path="x.txt", sha256="0" * 64, format="text", size=0, mtime=0.0, pages=pages,
                 text=cleaned.text, paragraphs=cleaned.paragraphs)
    extract_fields(rec)
    for name in ("so_hieu", "loai", "ngay", "dia_danh", "don_vi", "trich_yeu", "nguoi_ky",
                 "chuc_vu"):
        assert getattr(rec, name) is None or isinstance(getattr(rec, name), str)
    rec.to_json(with_text=True)  # what the store writes must serialize


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_scrub_makes_any_string_storable(text: str) -> None:
    s = scrub(text + "\ud800" + text)  # a lone surrogate, as from a broken text layer
    s.encode("utf-8")
    assert "\x00" not in s
