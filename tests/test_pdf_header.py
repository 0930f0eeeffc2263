"""PDF header read by position (issue 13, failure class 7): the content stream of a text PDF
may put the typed-in number lines after its `Số:` label, the day after the rest of the date
line, the motto column before the issuer column. Each test draws a small page in a chosen
stream order; the fields must come out as from a page drawn in reading order."""

from __future__ import annotations

from pathlib import Path

import pytest
from vanban.ingest.pipeline import process_file
from vanban.ingest.readers import read
from vanban.ingest.readers.pdf import strip_running

from tests.pdf_make import make_pdf
from tests.pdf_make import text_width as w

PARENT = (90, 780, "UBND HUYỆN HOÀ AN")
ISSUER = (75, 765, "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", 12, True)
MOTTO = (310, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, True)
MOTTO2 = (340, 765, "Độc lập - Tự do - Hạnh phúc", 12, True)
LABEL = (100, 735, "Số:        /KH-PGDĐT")
DATE = (330, 735, "Hoà An, ngày        tháng 9 năm 2021")
NUMBER = (100 + w("Số:   "), 735, "147")  # typed into the blank of the label
DAY = (330 + w("Hoà An, ngày   "), 735, "15")  # typed into the blank of the date line
TITLE = [(240, 690, "KẾ HOẠCH", 14, True),
         (150, 672, "Tổ chức hội thi giáo viên dạy giỏi cấp huyện", 12, True),
         (85, 640, "Căn cứ Kế hoạch số 12/KH-SGDĐT ngày 10/9/2021 của Sở Giáo dục và Đào tạo;"),
         (85, 620, "Phòng Giáo dục và Đào tạo xây dựng kế hoạch tổ chức hội thi như sau:")]
LEFT = "UBND HUYỆN HOÀ AN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 147 /KH-PGDĐT"
RIGHT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
         "Hoà An, ngày 15 tháng 9 năm 2021")

ORDERS = {
    "number and day at the end of their line": [PARENT, ISSUER, LABEL, MOTTO, MOTTO2, DATE,
                                                NUMBER, DAY],
    "number three lines below its label": [PARENT, ISSUER, LABEL, MOTTO, MOTTO2, NUMBER, DATE,
                                           DAY],
    "motto column first": [MOTTO, MOTTO2, DATE, DAY, PARENT, ISSUER, LABEL, NUMBER],
    "columns interleaved": [MOTTO, PARENT, MOTTO2, ISSUER, DATE, LABEL, NUMBER, DAY],
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_header_read_in_visual_order(tmp_path: Path, order: str) -> None:
    path = make_pdf(tmp_path / "kh.pdf", [ORDERS[order] + TITLE])
    text = read(path, "pdf").pages[0].text
    assert text.startswith(LEFT + "\n\n" + RIGHT + "\n\nKẾ HOẠCH"), text
    rec = process_file(path)
    assert rec.so_hieu == "147/KH-PGDĐT"
    assert rec.ngay == "2021-09-15"
    assert rec.don_vi == "Phòng Giáo dục và Đào tạo huyện Hòa An"
    assert rec.loai == "Kế hoạch"


def test_number_and_day_typed_over_form_dots(tmp_path: Path) -> None:
    # a printed form: `Số: ………/KH-…` and `ngày ……… tháng`, the number and the day typed over
    # the dots and written last in the stream
    label = (100, 735, "Số: ........./KH-PGDĐT")
    date = (330, 735, "Hoà An, ngày ....... tháng 9 năm 2021")
    number = (100 + w("Số: .."), 737, "147")
    day = (330 + w("Hoà An, ngày .."), 737, "15")
    path = make_pdf(tmp_path / "form.pdf",
                    [[PARENT, ISSUER, label, MOTTO, MOTTO2, date, *TITLE, number, day]])
    text = read(path, "pdf").pages[0].text
    assert text.startswith(LEFT + "\n\n" + RIGHT + "\n\n"), text
    rec = process_file(path)
    assert (rec.so_hieu, rec.ngay) == ("147/KH-PGDĐT", "2021-09-15")


def test_issuer_and_motto_in_one_text_line_are_two_columns(tmp_path: Path) -> None:
    # a line `PHÒNG GD&ĐT …   CỘNG HÒA …` whose column gap is a few word spaces wide (too
    # narrow for the body's column split), each column centred on its own axis
    def at(axis: float, text: str, size: float = 11, bold: bool = False) -> float:
        return axis - w(text, size, bold) / 2

    parent, motto = "PHÒNG GD&ĐT HUYỆN HÒA AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    left_axis = 160
    right_axis = left_axis + w(parent, 11, True) / 2 + 28 + w(motto, 11, True) / 2
    items = [(at(left_axis, parent, 11, True), 780, parent, 11, True),
             (at(right_axis, motto, 11, True), 780, motto, 11, True),
             (at(left_axis, "TRƯỜNG TH HÒA AN", 11, True), 765, "TRƯỜNG TH HÒA AN", 11, True),
             (at(right_axis, "Độc lập - Tự do - Hạnh phúc", 12), 765,
              "Độc lập - Tự do - Hạnh phúc", 12),
             (at(left_axis, "Số: 32/QĐ-THHA", 12), 735, "Số: 32/QĐ-THHA", 12),
             (at(right_axis, "Hòa An, ngày 02 tháng 11 năm 2020", 12), 735,
              "Hòa An, ngày 02 tháng 11 năm 2020", 12), *TITLE]
    path = make_pdf(tmp_path / "qd.pdf", [items])
    text = read(path, "pdf").pages[0].text
    assert text.startswith("PHÒNG GD&ĐT HUYỆN HÒA AN\nTRƯỜNG TH HÒA AN\nSố: 32/QĐ-THHA\n\n"
                           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"), text


def test_body_and_later_pages_keep_stream_order(tmp_path: Path) -> None:
    # page 2 has the same shape as a header: only page 1 is read by position; a page whose
    # top is a two-column body (no line crossing the middle) is left in stream order
    header = [MOTTO, MOTTO2, DATE, PARENT, ISSUER, LABEL, *TITLE]
    column = [(60, 780 - 15 * k, f"Cột trái dòng {k}") for k in range(30)]
    column += [(320, 780 - 15 * k, f"Cột phải dòng {k}") for k in range(30)]
    path = make_pdf(tmp_path / "two.pdf", [column, header])
    pages = read(path, "pdf").pages
    first = pages[0].text.split("\n")
    assert first.index("Cột trái dòng 29") < first.index("Cột phải dòng 0")
    assert pages[1].text.startswith("CỘNG HÒA")
    assert pages[1].text.index("Độc lập") < pages[1].text.index("UBND HUYỆN HOÀ AN")


def test_a_table_below_the_header_is_untouched(tmp_path: Path) -> None:
    rows = [(85, 600 - 16 * k, f"{k + 1}") for k in range(6)]
    rows += [(120, 600 - 16 * k, f"Trường Tiểu học số {k + 1}") for k in range(6)]
    rows += [(420, 600 - 16 * k, f"{30 + k} giáo viên") for k in range(6)]
    items = [PARENT, ISSUER, LABEL, NUMBER, MOTTO, MOTTO2, DATE, DAY, *TITLE, *rows]
    path = make_pdf(tmp_path / "tb.pdf", [items])
    plain = make_pdf(tmp_path / "plain.pdf", [[*TITLE, *rows]])
    text = read(path, "pdf").pages[0].text
    body = read(plain, "pdf").pages[0].text
    assert text.startswith(LEFT + "\n\n" + RIGHT + "\n\n")
    assert text.endswith(body[body.index("Căn cứ"):])


def test_running_line_keeps_its_casing() -> None:
    # the issuer in capitals at the top of page 1 is no running line of a two-page paper
    # whose page 2 opens with the same words in sentence case (a signature stamp)
    pages = ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 5/KH\nNội dung trang một.\nhết trang",
             "Phòng Giáo dục và Đào tạo\nNội dung trang hai.\nhết trang"]
    out, removed = strip_running(pages)
    assert out[0].startswith("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    assert removed == [["hết trang"], ["hết trang"]]
