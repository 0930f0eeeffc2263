"""Section tree and paragraph kinds (ingest.sections)."""

from __future__ import annotations

from vanban.corpus.schema import Page, Paragraph
from vanban.ingest.clean import clean
from vanban.ingest.sections import assign_sections, marker

from tests.conftest import seed


def cleaned(n: int):
    return clean([Page(1, seed(n).read_text(encoding="utf-8"))])


def find(paras, start: str) -> Paragraph:
    return next(p for p in paras if p.text.startswith(start))


def test_markers():
    assert marker("Phần thứ hai\nMỤC TIÊU") == ("phan", "Phần thứ hai")
    assert marker("II. NỘI DUNG") == ("roman", "II")
    assert marker("2.3. Hàng năm") == ("num2", "2.3.")
    assert marker("2.1 Có 100%") == ("num2", "2.1.")
    assert marker("12. Phong trào") == ("num", "12.")
    assert marker("a) Đối với") == ("alpha", "a)")
    assert marker("- Lưu: VT.") == ("dash", "-")
    assert marker("Điều 1. Tặng") == ("dieu", "Điều 1")
    assert marker("2019, Nghị định") is None
    assert marker("V/v triển khai") is None


def test_seed002_tree():
    paras = cleaned(2).paragraphs
    assert find(paras, "2.3. Hàng năm").section == "Phần thứ hai > I > 2. > 2.3."
    h = find(paras, "2. Chỉ tiêu cụ thể")
    assert h.kind == "heading" and h.section == "Phần thứ hai > I > 2."
    assert h.section_title.endswith("> 2. Chỉ tiêu cụ thể")
    assert find(paras, "Các cấp công đoàn triển khai gắn").section == "Phần thứ nhất > II > 2."
    assert find(paras, "VI. ĐÁNH GIÁ CHUNG").section == "Phần thứ nhất > VI"
    assert find(paras, "BÁO CÁO").kind == "title"
    assert find(paras, "Kết quả phong trào thi đua yêu nước").kind == "title"
    assert find(paras, "Số: 276").kind == "header"
    assert find(paras, "Nơi nhận").kind == "noi_nhan"
    assert find(paras, "- Lưu: VT, CTCS.").kind == "noi_nhan"
    assert find(paras, "TM. BAN THƯỜNG VỤ").kind == "signature"
    assert find(paras, "Hoàng Văn Trinh").kind == "signature"
    # sections 4–11 once each after dedup
    for k in range(4, 12):
        assert sum(1 for p in paras if p.text.startswith(f"{k}. Phong trào")) == 1


def test_seed001_and_003_lists():
    p1 = cleaned(1).paragraphs
    assert find(p1, "- Tiếp tục đẩy mạnh phong trào").kind == "list"
    assert find(p1, "- Tiếp tục đẩy mạnh phong trào").section == "II > 1."
    assert find(p1, "KẾ HOẠCH").kind == "title"
    assert find(p1, "Gửi bản giấy").kind == "noi_nhan"
    p3 = cleaned(3).paragraphs
    assert find(p3, "PHÁT ĐỘNG THI ĐUA").kind == "title"
    assert find(p3, "1. Động viên CNVCLĐ đoàn kết").section == "I > 1."
    assert find(p3, "- CĐCS ngành TW đóng trên địa bàn tỉnh;").kind == "noi_nhan"
    assert find(p3, "Lô Tiến Sơn").kind == "signature"


def test_levels_follow_first_use():
    paras = [Paragraph(i, t) for i, t in enumerate([
        "QUYẾT ĐỊNH", "Về việc khen thưởng", "Điều 1. Tặng bằng khen", "a) Tập thể", "b) Cá nhân",
        "Điều 2. Kinh phí", "Nội dung điều 2."])]
    assign_sections(paras)
    assert [p.section for p in paras[2:]] == [
        "Điều 1", "Điều 1 > a)", "Điều 1 > b)", "Điều 2", "Điều 2"]
