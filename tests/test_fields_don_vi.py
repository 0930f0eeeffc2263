from vanban.ingest.fields.don_vi import compose, recase

from tests.fields_util import at, record


def test_recase_and_expand():
    assert recase("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU") == "Liên đoàn Lao động tỉnh Lai Châu"
    assert recase("CĐCS CÔNG TY TNHH VN CHUNGSHING TEXTILE") == (
        "Công đoàn cơ sở Công ty TNHH Việt Nam Chungshing Textile")
    assert recase("UY BAN NHAN DAN TiNH HA GIANG") == "Ủy ban nhân dân tỉnh Hà Giang"


def test_two_level_header_lower_line_is_issuer():
    assert compose(["UBND HUYỆN HIỆP HOÀ", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]) == (
        "Phòng Giáo dục và Đào tạo huyện Hiệp Hòa")
    assert compose(["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "CÔNG ĐOÀN GIÁO DỤC VIỆT NAM"]) == (
        "Công đoàn Giáo dục Việt Nam")
    assert compose(["ĐẠI HỘI ĐẠI BIỂU PHỤ NỮ HUYỆN GIA LÂM LẦN THỨ XXI, NHIỆM KỲ 2021 - 2026"]) == (
        "Đại hội đại biểu Phụ nữ huyện Gia Lâm lần thứ XXI")


def test_header_in_columns_with_levels():
    rec = record(
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH      CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "      CĐCS CÔNG TY CP MAY XK LA                          Độc lập - Tự do - Hạnh phúc\n\n"
        "             Số: 07/TTr-CĐCS/2024                 Tân an, ngày 31 tháng 05 năm 2024\n\n"
        "TỜ TRÌNH\nV/v công nhận bổ sung Ủy viên Ban chấp hành\n\n"
        "      Căn cứ cuộc họp BCH CĐCS Công ty Cổ phần May Xuất khẩu Long An ngày 30/5/2024.\n")
    assert rec.don_vi == "Công đoàn cơ sở Công ty Cổ phần May Xuất khẩu Long An"
    assert rec.cap == "co-so"
    assert rec.dia_danh == "Tân An"
    assert "CĐCS CÔNG TY CP MAY XK LA" in at(rec, "don_vi")


def test_issuer_from_body_executive_and_date_line_province():
    rec = record("Số: 31 /KH - LĐLĐ\n\nBắc Kạn, ngày 3 tháng 11 năm 2019\n\nKẾ HOẠCH\n\n"
                 "Phát động A\n\n"
                 "Hưởng ứng phong trào, Ban Thường vụ Liên đoàn Lao động tỉnh phát động thi đua.\n")
    assert rec.don_vi == "Liên đoàn Lao động tỉnh Bắc Kạn"
    assert (rec.cap, rec.tinh) == ("tinh", "Bắc Kạn")
    rec = record(" PHÁT ĐỘNG THI ĐUA\n\nNăm 2015\n\nBan Thường vụ Liên đoàn Lao động tỉnh Lạng Sơn "
                 "phát động phong trào thi đua năm 2015.\n")
    assert rec.don_vi == "Liên đoàn Lao động tỉnh Lạng Sơn"
    assert at(rec, "don_vi") == "Liên đoàn Lao động tỉnh Lạng Sơn"


def test_issuer_label_and_levels():
    rec = record("THAM LUẬN\n\n* Nội dung: Đẩy mạnh phong trào thi đua\n"
                 "* Đơn vị thực hiện: Liên đoàn lao động huyện Gia Lâm.\n")
    assert (rec.don_vi, rec.cap) == ("Liên đoàn Lao động huyện Gia Lâm", "huyen")


def test_news_subject_and_national_body():
    rec = record("Thi đua khen thưởng\nCập nhật lúc 09:50 23/12/2020 (GMT+7)\n"
                 "Thi đua thúc đẩy năng suất\n\nNgày 23/12, Chủ tịch Tổng LĐLĐVN "
                 "Nguyễn Đình Khang đã kí ban hành Kế hoạch "
                 "số 81/KH-TLĐ.\n")
    assert (rec.don_vi, rec.cap) == ("Tổng Liên đoàn Lao động Việt Nam", "tong-lien-doan")


def test_executive_prefix_dropped_and_signature_block_body():
    assert compose(["LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC NINH", "BCH CĐ CÔNG TY TNHH ABC"]) == (
        "Công đoàn Công ty TNHH Abc")
    rec = record("Kính gửi các đồng chí.\n\n" + "Nội dung. " * 30 + "\n\nTM. BAN CHẤP HÀNH CÔNG "
                 "ĐOÀN CƠ SỞ TRƯỜNG THPT KIM NGỌC\nCHỦ TỊCH\n\nNguyễn Văn An\n")
    assert rec.don_vi == "Công đoàn cơ sở trường THPT Kim Ngọc"
    assert (rec.cap, rec.nguoi_ky) == ("co-so", "Nguyễn Văn An")
