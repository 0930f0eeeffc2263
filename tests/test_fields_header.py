from tests.fields_util import at, record


def test_date_line_dmy_day_precision():
    rec = record("Số: 13 /PĐTĐ-LĐLĐ\n\nLai Châu, ngày 6 tháng 7 năm 2020\n\nKẾ HOẠCH\n\nVề A\n")
    assert (rec.ngay, rec.ngay_precision, rec.dia_danh) == ("2020-07-06", "day", "Lai Châu")
    assert "ngày 6 tháng 7 năm 2020" in at(rec, "ngay")
    assert at(rec, "dia_danh") == "Lai Châu"


def test_unreadable_or_blank_day_gives_month_precision():
    rec = record("Số: 31 /KH - LĐLĐ\n\nBắc Kạn, ngày / 3 tháng 11 năm 2019\n\nKẾ HOẠCH\n\nA\n")
    assert (rec.ngay, rec.ngay_precision) == ("2019-11", "month")
    rec = record("Số:    /TTr\n\nHà Nội, ngày    tháng 4 năm 2026\n\nTỜ TRÌNH\n\nA\n")
    assert (rec.ngay, rec.ngay_precision) == ("2026-04", "month")


def test_date_line_split_over_lines():
    rec = record("DỰ THẢO\n\nGia Lâm, ngày\n\ntháng 7 năm 2021\n\nNGHỊ QUYẾT\nĐại hội A\n")
    assert (rec.ngay, rec.ngay_precision, rec.dia_danh) == ("2021-07", "month", "Gia Lâm")


def test_year_only_from_title():
    rec = record(" PHÁT ĐỘNG THI ĐUA\n\nTrong CNVCLĐ tỉnh Lạng Sơn năm 2015\n\n"
                 "Thực hiện Chỉ thị 34-CT/TW ngày 07/4/2014, Ban Thường vụ phát động.\n")
    assert (rec.ngay, rec.ngay_precision) == ("2015", "year")
    assert rec.loai == "Phát động"
    assert rec.trich_yeu == "Phát động thi đua trong CNVCLĐ tỉnh Lạng Sơn năm 2015"


def test_cited_dates_are_not_the_document_date():
    rec = record("THAM LUẬN\nTẠI ĐẠI HỘI A\n\nNội dung: Đẩy mạnh phong trào\n\n"
                 "Theo Chỉ thị 34-CT/TW ngày 07/4/2014 và Nghị quyết ngày 15 tháng 5 năm 2016.\n")
    assert rec.ngay is None
    assert rec.loai == "Tham luận"
    assert rec.trich_yeu == "Đẩy mạnh phong trào"


def test_two_column_pipe_header():
    text = (
        "|LIÊN ĐOÀN LAO ĐỘNG TỈNH HÀ GIANG      |CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM  |\n"
        "|CÔNG ĐOÀN NGÀNH GIÁO DỤC              |Độc lập - Tự  do - Hạnh phúc        |\n"
        "|Số: 06/HD-CĐN                         |Hà Giang, ngày 06  tháng 10  năm 2017 |\n"
        "|   |HƯỚNG DẪN                                                          |\n"
        "|   |Tổ chức các hoạt động chào mừng ngày thành lập Hội Liên hiệp Phụ nữ |\n"
        "|   |Việt Nam và ngày Phụ nữ Việt Nam 20/10                              |\n\n"
        "      Căn cứ Hướng dẫn số 08/HD- CĐN ngày 26/9/2017 của Công đoàn Giáo dục Việt Nam.\n")
    rec = record(text)
    assert rec.so_hieu == "06/HD-CĐN"
    assert (rec.ngay, rec.dia_danh, rec.loai) == ("2017-10-06", "Hà Giang", "Hướng dẫn")
    assert rec.trich_yeu == ("Tổ chức các hoạt động chào mừng ngày thành lập Hội Liên hiệp Phụ nữ "
                             "Việt Nam và ngày Phụ nữ Việt Nam 20/10")
    assert rec.don_vi == "Công đoàn ngành Giáo dục tỉnh Hà Giang"
    assert rec.van_ban_dan_chieu == ["08/HD-CĐN"]


def test_uppercase_title_recased_with_acronyms():
    rec = record("Số: 1/PĐTĐ-LĐLĐ\n\nLai Châu, ngày 1 tháng 1 năm 2020\n\n"
                 "## PHÁT ĐỘNG PHONG TRÀO THI ĐUA YÊU NƯỚC TRONG CNVCLĐ GIAI ĐOẠN 2020-2025\n\n"
                 "Nhằm thiết thực thi đua lập thành tích chào mừng đại hội.\n")
    assert rec.trich_yeu == "Phát động phong trào thi đua yêu nước trong CNVCLĐ giai đoạn 2020-2025"


def test_news_capture_uses_publication_stamp():
    rec = record("Trang chủ\n\n19/02/2019 07:52:00\n\nCông đoàn ngành Giáo dục Hà Giang hỗ trợ "
                 "gia đình đoàn viên\n\nNgày 15 tháng 2 năm 2019, Công đoàn\nngành Giáo dục Hà "
                 "Giang đã đến thăm hỏi.\n")
    assert (rec.loai, rec.ngay, rec.ngay_precision) == ("Tin tức", "2019-02-19", "day")
    assert rec.trich_yeu.startswith("Công đoàn ngành Giáo dục Hà Giang hỗ trợ")
    assert rec.don_vi_raw == "Công đoàn ngành Giáo dục Hà Giang"  # as written
    assert rec.don_vi == "Công đoàn ngành Giáo dục tỉnh Hà Giang"  # one spelling per unit


def test_html_meta_published_and_title():
    rec = record("Bài viết\n\nLiên đoàn Lao động tỉnh Lạng Sơn đã tổ chức hội nghị.\n", fmt="html",
                 meta={"title": "Hội nghị tổng kết", "published": "2021-03-04"})
    assert (rec.loai, rec.ngay, rec.trich_yeu) == ("Tin tức", "2021-03-04", "Hội nghị tổng kết")


def test_report_reproduced_on_web_page_year_precision():
    rec = record("Thứ 2, 19/12/2016 | 00:00\n\nCĐ TRƯỜNG THCS HOÀNG LƯƠNG\n\nBÁO CÁO\n"
                 "SƠ KẾT THI ĐUA CHÀO MỪNG CÁC NGÀY LỄ LỚN\n(20/10, 20/11)\n"
                 "Hòa chung với không khí tưng bừng thi đua lập thành tích hướng về chào mừng "
                 "Ngày phụ nữ Việt Nam 20/10, ngày nhà giáo Việt Nam 20/11, qua 7 tuần thi đua.\n")
    assert (rec.loai, rec.ngay, rec.ngay_precision) == ("Báo cáo", "2016", "year")
    assert rec.trich_yeu == "Sơ kết thi đua chào mừng các ngày lễ lớn (20/10, 20/11)"
    assert rec.don_vi == "Công đoàn trường THCS Hoàng Lương"


def test_minutes_dated_by_meeting():
    rec = record("BIÊN BẢN\nHội nghị Ban Chấp hành Công đoàn\n"
                 "      Hội nghị bắt đầu vào lúc 13 giờ "
                 "ngày 19 tháng 5 năm 2025 tại Hội trường Công ty.\n")
    assert (rec.loai, rec.ngay) == ("Biên bản", "2025-05-19")
    assert rec.trich_yeu == "Hội nghị Ban Chấp hành Công đoàn"


def test_ocr_title_word():
    rec = record("UY BAN NHAN DAN\nTiNH HA GIANG\n\nQUYETDJNH\nVe viec tang Bang khen\n")
    assert rec.loai == "Quyết định"
    assert rec.don_vi == "Ủy ban nhân dân tỉnh Hà Giang"


def test_numeric_date_line_with_place():
    rec = record("Số: 5/TB-LĐLĐ\n\nTP. Hồ Chí Minh, ngày 15/5/2020\n\nTHÔNG BÁO\n\nVề lịch họp\n\n"
                 "Căn cứ Kế hoạch ngày 01/02/2020 của Ban Thường vụ.\n")
    assert (rec.ngay, rec.dia_danh, rec.loai, rec.trich_yeu) == (
        "2020-05-15", "Hồ Chí Minh", "Thông báo", "Về lịch họp")


def test_subject_stops_where_the_body_repeats_it():
    # a resolution's first sentence repeats its subject; the rule under the title was dropped
    rec = record("ĐẠI HỘI ĐẠI BIỂU PHỤ NỮ HUYỆN A\n\nA, ngày 1 tháng 7 năm 2021\n\nNGHỊ QUYẾT\n\n"
                 "Đại hội đại biểu Phụ nữ huyện A lần thứ XXI, nhiệm kỳ 2021 - 2026\n\n"
                 "Đại hội đại biểu Phụ nữ huyện A lần thứ XXI, nhiệm kỳ 2021 - 2026\n"
                 "diễn ra từ ngày 14 - 15/7/2021. Dự Đại hội có 173 đại biểu chính thức.\n\n"
                 + "Các cấp Hội thực hiện. " * 30)
    assert rec.trich_yeu == "Đại hội đại biểu Phụ nữ huyện A lần thứ XXI, nhiệm kỳ 2021 - 2026"


def test_vv_subject_stops_at_an_opener_behind_ocr_debris():
    # OCR of a red urgency stamp in the margin leaves debris before `Kính gửi:`
    rec = record("ỦY BAN NHÂN DÂN\nTỈNH A\nSố: 3/UBND-VX\n\nA, ngày 1 tháng 5 năm 2021\n\n"
                 "V/v giãn cách xã hội theo Chỉ thị\ncủa Thủ tướng Chính phủ\n"
                 "4© — Kính gửi:\n⁄„92⁄/ `\n- Các Sở, ban, ngành;\n\n" + "Các cấp thực hiện. " * 30)
    assert rec.trich_yeu == "giãn cách xã hội theo Chỉ thị của Thủ tướng Chính phủ"
