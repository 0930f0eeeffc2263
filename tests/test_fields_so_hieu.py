from vanban.ingest.fields.so_hieu import normalize_number, type_from_symbol

from tests.fields_util import at, record

HEAD = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\n\nSố: {}\n\nLai Châu, ngày 26 tháng 6 năm 2020\n\n"


def test_three_formats():
    assert normalize_number("58/KH-TLĐ") == "58/KH-TLĐ"
    assert normalize_number("30/2020/NĐ-CP") == "30/2020/NĐ-CP"
    assert normalize_number("34-CT/TW") == "34-CT/TW"
    assert type_from_symbol("58/KH-TLĐ") == "Kế hoạch"
    assert type_from_symbol("30/2020/NĐ-CP") == "Nghị định"
    assert type_from_symbol("34-CT/TW") == "Chỉ thị"
    assert type_from_symbol("13/PĐTĐ-LĐLĐ") == "Phát động"
    assert type_from_symbol("123/UBND-VP") is None  # công văn: no type code


def test_spacing_and_ocr_noise():
    rec = record(HEAD.format("276 /BC - LĐLD") + "BÁO CÁO\n\nKết quả năm 2020\n")
    assert rec.so_hieu == "276/BC-LĐLĐ"
    # the clean step repairs Đ/D inside known abbreviations (recorded in rec.corrections);
    # the raw form keeps the spacing as written
    assert rec.so_hieu_raw == "276 /BC - LĐLĐ"
    assert at(rec, "so_hieu") == "276 /BC - LĐLĐ"
    rec = record("UBND HUYỆN A\n\nSố:458 /PGD&ĐT\n\nA, ngày 1 tháng 2 năm 2021\n")
    assert rec.so_hieu == "458/PGD&ĐT"


def test_number_split_by_column_spacing():
    rec = record("     Số: 25   /KH-PGD&ĐT                   Hiệp Hoà, ngày 30 tháng 10 năm 2020\n")
    assert rec.so_hieu == "25/KH-PGD&ĐT"
    assert rec.dia_danh == "Hiệp Hòa"


def test_blank_number_in_draft_is_null():
    rec = record(HEAD.format("    /TTr-LĐLĐ") + "TỜ TRÌNH\n\nVề việc A\n")
    assert rec.so_hieu is None
    assert rec.loai == "Tờ trình"


def test_year_suffix_kept():
    rec = record(HEAD.format("07/TTr-CĐCS/2024") + "TỜ TRÌNH\n\nV/v công nhận\n")
    assert rec.so_hieu == "07/TTr-CĐCS/2024"


def test_no_number_in_news():
    rec = record("Tin tức\nCập nhật lúc 09:50 23/12/2020 (GMT+7)\nTiêu đề bài\n\nNgày 23/12, "
                 "Tổng LĐLĐVN đã ban hành Kế hoạch số 81/KH-TLĐ.\n")
    assert rec.so_hieu is None
    assert rec.loai == "Tin tức"


def test_title_wins_over_symbol():
    rec = record(HEAD.format("138/TTr-CĐN") + "THÔNG TRI\n\nVề việc tổ chức Tháng Công nhân\n")
    assert rec.loai == "Thông tri"
    rec = record(HEAD.format("58/KH-LĐLĐ") + "Nội dung văn bản không có tiêu đề.\n")
    assert rec.loai == "Kế hoạch"  # from the symbol when no title block


def test_cong_van_by_vv_line():
    rec = record("UBND TỈNH BẮC NINH\n\nSố: 322/UBND-KGVX\nV/v giãn cách xã hội theo Chỉ thị\n\n"
                 "Bắc Ninh, ngày 17 tháng 5 năm 2021\n\nKính gửi: Các sở, ngành\n")
    assert rec.loai == "Công văn"
    assert rec.trich_yeu.startswith("giãn cách xã hội")
