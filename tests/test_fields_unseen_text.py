"""Fields of typed (non-scanned) papers laid out in ways the first rules did not expect.

Each test is a small paper written for the failure class it names: a signer's title in
sentence case, the `P.` short form of `Phó`, a name with one letter in the wrong case, a
schedule dated above its signer, an issuer block kept in a Word text box, a subject line cut
into paragraphs by the reader, a quoted `V/v`, and a table's `Nội dung` column.
"""

from __future__ import annotations

from tests.fields_util import at, record

HEAD = ("TRƯỜNG THCS HÒA BÌNH          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "                               Độc lập - Tự do - Hạnh phúc\n\n"
        "Số: 12/KH-THCS                 Hòa Bình, ngày 4 tháng 10 năm 2021\n\n"
        "KẾ HOẠCH\nTổ chức hội thi giáo viên giỏi năm học 2021 - 2022\n\n")
BODY = "Căn cứ kế hoạch năm học, nhà trường xây dựng kế hoạch như sau.\n\n" + (
    "Các tổ chuyên môn triển khai thực hiện đúng tiến độ đề ra trong năm học. " * 12)


def test_sentence_case_title_under_tm_line():
    rec = record(HEAD + BODY + "\n\n      Duyệt của Chi bộ                 TM. BAN CHẤP HÀNH\n"
                 "                                         Chủ tịch\n\n\n\n"
                 "                                      Lê Văn Tâm\n")
    assert (rec.chuc_vu, rec.nguoi_ky) == ("Chủ tịch", "Lê Văn Tâm")
    assert at(rec, "chuc_vu") == "Chủ tịch"


def test_short_deputy_prefix_and_a_name_with_a_case_slip():
    rec = record(HEAD + BODY + "\n\n|Nơi nhận:               |   P. HIỆU TRƯỞNG      |\n"
                 "|- Tổ chuyên môn;         |                      |\n"
                 "|- Lưu VT.                |                      |\n"
                 "|                         |Nguyễn Thị mAi        |\n")
    assert rec.chuc_vu.lower() == "phó hiệu trưởng"
    assert rec.nguoi_ky == "Nguyễn Thị Mai"
    assert rec.noi_nhan == ["Tổ chuyên môn"]


def test_a_committee_table_is_not_the_signature():
    table = ("\n\n|1  |Trần Văn Bình   |Hiệu trưởng      |Trưởng ban   |\n"
             "|2  |Lê Thị Hoa      |Giáo viên        |Thành viên   |\n\n")
    rec = record(HEAD + BODY + table + BODY + "\n\nNơi nhận:\n- Lưu VT.\n\n"
                 "                       HIỆU TRƯỞNG\n\n\n              Phạm Quốc Hùng\n")
    assert (rec.chuc_vu, rec.nguoi_ky) == ("Hiệu trưởng", "Phạm Quốc Hùng")


def test_schedule_dated_above_its_signer_with_issuer_in_a_text_box():
    """A Word 97 schedule: no number, the date line under the table, the signer's title in
    sentence case, and the issuer block (a text box) read after everything else."""
    rows = "".join(f"|0{i}  |Thứ {i + 1}  |{i + 10}/5/2021  |Toán, Tiếng Việt  |GVCN  |\n"
                   for i in range(1, 6))
    rec = record("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
                 "LỊCH KIỂM TRA CUỐI HỌC KỲ II\nNĂM HỌC 2020-2021\n" + rows +
                 "\n\n                         Phường 3, ngày 7 tháng 5 năm 2021\n\n"
                 "                                  P. Hiệu trưởng\n"
                 "                      -----------------------\n\n"
                 "        PHÒNG GD- ĐÀO TẠO TP BẠC LIÊU TRƯỜNG TH LÊ LỢI\n")
    assert (rec.ngay, rec.dia_danh) == ("2021-05-07", "Phường 3")
    assert rec.chuc_vu.lower() == "phó hiệu trưởng"
    assert rec.don_vi == "Trường TH Lê Lợi"
    assert rec.trich_yeu.startswith("Kiểm tra cuối học kỳ II")


def test_issuer_last_line_is_not_taken_when_the_header_has_one():
    rec = record(HEAD + BODY + "\n\nNơi nhận:\n- Lưu VT.\n\n                HIỆU TRƯỞNG\n\n"
                 "         Phạm Quốc Hùng\n\n        PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN KHÁC\n")
    assert rec.don_vi == "Trường THCS Hòa Bình"


def test_subject_label_cut_into_paragraphs():
    """A PDF reader gives each wrapped line of the `V/v` block as its own paragraph; the
    last one ends with a full stop and is still the subject."""
    rec = record("UBND HUYỆN HÒA BÌNH            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO       Độc lập – Tự do – Hạnh phúc\n\n"
                 "Số: 88/PGDĐT                   Hòa Bình, ngày 3 tháng 12 năm 2020\n\n"
                 "V/v tổ chức thi thực hành\n\nHội thi giáo viên dạy giỏi cấp huyện,\n\n"
                 "năm học 2020-2021.\n\n"
                 "Kính gửi: Hiệu trưởng các trường trực thuộc.\n\n" + BODY)
    assert rec.trich_yeu == ("tổ chức thi thực hành Hội thi giáo viên dạy giỏi cấp huyện, "
                             "năm học 2020-2021")
    assert rec.loai == "Công văn"
    assert at(rec, "trich_yeu").endswith("năm học 2020-2021.")


CV_HEAD = "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n\nSố: 9/PGDĐT\n\nHòa Bình, ngày 3 tháng 12 năm 2020\n\n"


def test_subject_label_stops_at_a_body_paragraph():
    rec = record(CV_HEAD +
                 "V/v báo cáo số liệu đầu năm\n\n"
                 "Phòng Giáo dục và Đào tạo đề nghị các trường báo cáo số liệu như sau:\n\n"
                 + BODY)
    assert rec.trich_yeu == "báo cáo số liệu đầu năm"


def test_quoted_subject_label():
    rec = record(CV_HEAD +
                 "“V/v tham gia cuộc thi viết về thầy cô”\n\nKính gửi: Các trường.\n\n" + BODY)
    assert rec.trich_yeu == "tham gia cuộc thi viết về thầy cô"


def test_table_column_named_noi_dung_is_no_subject_label():
    rec = record("TRƯỜNG THCS HÒA BÌNH\n\nSố: 5/KH-THCS\n\nHòa Bình, ngày 1 tháng 9 năm 2021\n\n"
                 "KẾ HOẠCH\nHoạt động tháng 9\n\n"
                 "|TT |Nội dung          |Thời gian |\n|1  |Khai giảng       |5/9       |\n\n"
                 + BODY)
    assert rec.trich_yeu == "Hoạt động tháng 9"


def test_signer_with_an_academic_degree():
    for written in ("ThS. Phạm Quốc Hùng", "ThS Phạm Quốc Hùng", "PGS.TS. Phạm Quốc Hùng",
                    "NGƯT Phạm Quốc Hùng"):
        rec = record(HEAD + BODY + "\n\nNơi nhận:\n- Lưu VT.\n\n"
                     "                       HIỆU TRƯỞNG\n\n\n              " + written + "\n")
        assert (rec.chuc_vu, rec.nguoi_ky) == ("Hiệu trưởng", "Phạm Quốc Hùng"), written


def test_issuer_below_a_date_line_read_first():
    """A reading order that gives the right column (motto, date line) before the issuer
    block: the issuer is found above the number instead."""
    rec = record("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
                 "Hòa Bình, ngày 3 tháng 12 năm 2020\n\nUBND HUYỆN LẠC SƠN\n"
                 "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n\nSố: 88/PGDĐT\nV/v tổ chức hội thi giáo viên giỏi\n\n"
                 "Kính gửi: Các trường.\n\n" + BODY)
    assert rec.don_vi == "Phòng Giáo dục và Đào tạo huyện Lạc Sơn"
    assert (rec.so_hieu, rec.ngay) == ("88/PGDĐT", "2020-12-03")
