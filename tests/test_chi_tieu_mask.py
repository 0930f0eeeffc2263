"""The figure mask skips rules whose literal is absent (issue 20): it must mark exactly what
running every rule marks. The reference below is the mask before that change."""

from __future__ import annotations

import random

from vanban.ingest.fields import chi_tieu as ct


def _mask_every_rule(text: str) -> bytearray:
    """Every rule of `_MASKS`/`_masks_bare()` over every digit window (no gate)."""
    masked = bytearray(len(text))
    for rx in ct._LINE_MASKS:
        for m in rx.finditer(text):
            masked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    flat = text.replace("\n", " ")
    bare = ct._strip_marks(flat)
    passes = [(flat, ct._MASKS)] + ([(bare, ct._masks_bare())] if len(bare) == len(flat) else [])
    windows = ct._digit_windows(flat)
    for v, rxs in passes:
        for rx in rxs:
            for a, b in windows:
                for m in rx.finditer(v, a, b):
                    masked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return masked


_PIECES = [
    "ngày", "NGÀY", "Ngay", "tháng", "THANG", "năm", "Năm học", "giờ", "h", "phút", "Số", "số",
    "Tổng số", "/", "-", "–", ".", ",", ":", "“", "”", '"', "@", "a@b.vn", "www.", "http://x",
    ".html", "covid", "COVİD", "Covıd", "lượt xem", "Nghị định", "Quyết định", "lần", "thứ",
    "Đợt", "lớp", "điểm", "đồng", "người", "CT/TW", "NĐ-CP", "QĐ", "TLĐ", "cán bộ", "và",
    "1", "02", "12", "19", "20", "1999", "2020", "2025", "123", "1.500", "2,5", "123456789",
    "9876543210", "%", "(", ")", "I.", "a)", "2.1.", "\n", "\n3.", " ", " ", " ", "  ", "x" * 70,
]


def test_gated_mask_marks_what_every_rule_marks() -> None:
    rnd = random.Random(20)
    for _ in range(3000):
        text = "".join(rnd.choice(_PIECES) + rnd.choice(["", " ", " "])
                       for _ in range(rnd.randint(1, 40)))
        assert ct._mask(text) == _mask_every_rule(text), text


def test_gated_mask_on_real_sentences() -> None:
    samples = [
        "Ngày 15/3/2020, LĐLĐ tỉnh tổ chức 12 lớp tập huấn cho 1.500 đoàn viên (lần thứ 2).",
        "Theo Nghị định số 04/2019/NĐ-CP và Công văn 1689/QĐ - TLĐ, năm 2021 có 35 người.",
        "Trang web www.congdoan.vn/tin.html có 1234 lượt xem; liên hệ cd@ldld.vn lúc 8h30.",
        "Phong trào “Gia đình 5 không, 3 sạch” giai đoạn 2020 - 2025: 95% hộ tham gia.",
        "1. Kết quả\n2.1. Chỉ tiêu 2020 2025: 80% cán bộ; Covid-19 làm giảm 3 đợt.\n12",
    ]
    for s in samples:
        assert ct._mask(s) == _mask_every_rule(s)
        assert any(ct._mask(s))
