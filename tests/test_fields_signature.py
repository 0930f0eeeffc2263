from vanban.ingest.fields.signature import is_name, position

from tests.fields_util import at, record

BODY = "Số: 1/KH-LĐLĐ\n\nLai Châu, ngày 1 tháng 1 năm 2020\n\nKẾ HOẠCH\n\nA\n\n" + "Nội dung. " * 40


def test_tm_block_with_signed_marker():
    rec = record(BODY + "\n\nNơi nhận:\n- TLĐ;\n- Ban Dân vận Tỉnh ủy\n- Lưu CS-PL, VT.\n"
                 "\t       TM. BAN THƯỜNG VỤ \n\n                    CHỦ TỊCH\n\n(Đã ký)\n"
                 "                   Lô Tiến Sơn\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Lô Tiến Sơn", "Chủ tịch")
    assert rec.noi_nhan == ["TLĐ", "Ban Dân vận Tỉnh ủy"]
    assert at(rec, "nguoi_ky") == "Lô Tiến Sơn"
    assert at(rec, "noi_nhan[1]").startswith("- Ban Dân vận")


def test_kt_block_signer_is_the_deputy():
    rec = record(BODY + "\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n"
                 "**Vương Quốc Tuấn**\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Vương Quốc Tuấn", "Phó Chủ tịch")


def test_columns_recipients_and_title_side_by_side():
    rec = record(BODY + "\n\nNơi nhận:                                         TRƯỞNG PHÒNG\n"
                 "- Các trường MN, TH, THCS;\n- Lưu: VT.\n\n\n          Phạm Văn Hà\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Phạm Văn Hà", "Trưởng phòng")
    assert rec.noi_nhan == ["Các trường MN, TH, THCS"]


def test_unsigned_copy_has_title_only():
    rec = record(BODY + "\n\n\t\tTM. BAN CHẤP HÀNH\n      Nơi nhận:\t\t\tCHỦ TỊCH\n"
                 "      - Như trên;\n      -  Lưu VP.\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == (None, "Chủ tịch")
    assert rec.noi_nhan == ["Như trên"]


def test_news_author_is_not_a_signer():
    rec = record("Tin\n\n21/04/2019 00:28:00\n\nTiêu đề\n\n" + "Nội dung bài. " * 30
                 + "\n\nĐẶNG LỢI\n")
    assert rec.nguoi_ky is None and rec.chuc_vu is None


def test_meeting_roles_are_not_titles():
    assert position("THƯ KÝ") is None and position("CHỦ TRÌ HỘI NGHỊ") is None
    assert position("KT. GIÁM ĐỐC") == "Giám đốc"
    assert position("PHÓ TRƯỞNG PHÒNG") == "Phó trưởng phòng"
    assert is_name("Nguyễn Thị Phương") and not is_name("Nơi nhận") and not is_name("Lưu VT")


def test_title_hidden_by_a_seal_name_beside_the_recipients():
    # OCR of a scan: the seal hid the title; the name stands among the recipient lines,
    # with stray strokes of the handwritten signature before it
    rec = record(BODY + "\n\nNơi nhận: #&_\n\n- Ban Cán sự Đảng (để báo cáo);\n\n"
                 "- Các Ủy viên BCH (để b/c);\n\n-.0n\n_= Vũ Minh Đức z\n\n- Website;\n\n"
                 "- Lưu: VP.\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Vũ Minh Đức", None)
    assert at(rec, "nguoi_ky") == "Vũ Minh Đức"


def test_signature_on_page_one_before_long_attached_lists():
    # a decision signs on its first page; the attached name lists fill many pages after it
    names = "".join(f"{i}. Bà Nguyễn Thị Hoa - Giáo viên Trường Tiểu học Số {i}\n\n"
                    for i in range(1, 120))
    rec = record(BODY + "\n\nNơi nhận:\n\nCHỦ TỊCH\n\n- Như Điều 3;\n\n- Lưu: VT.\n\n"
                 "Nguyễn Văn Sơn\n\nDANH SÁCH\n(Kèm theo Quyết định số 1/QĐ-UBND)\n\n" + names)
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Nguyễn Văn Sơn", "Chủ tịch")


def test_no_recipients_block_no_untitled_signer():
    rec = record(BODY + "\n\nNguyễn Văn An\n")
    assert rec.nguoi_ky is None


def test_kt_truong_phong_signer_is_the_deputy():
    rec = record(BODY + "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. TRƯỞNG PHÒNG\n"
                 "PHÓ TRƯỞNG PHÒNG\n\n\nNguyễn Thị Lan\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Nguyễn Thị Lan", "Phó trưởng phòng")


def test_kt_with_the_deputy_line_unread_gives_the_deputy_title():
    # a scan: the seal hid `THỨ TRƯỞNG` under `KT. BỘ TRƯỞNG`; who signs is the deputy
    rec = record(BODY + "\n\nKT. BỘ TRƯỞNG\n\n%\n\nBùi Văn Ga\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Bùi Văn Ga", "Thứ trưởng")
    rec = record(BODY + "\n\nKT. CHỦ TỊCH\n\nVương Quốc Tuấn\n")
    assert rec.chuc_vu == "Phó Chủ tịch"


def test_recipients_and_stamp_lines_are_never_the_signer():
    # OCR interleaves the recipients column with the title column: a recipient named as a
    # person, then stamp lines, come before the real name
    rec = record(BODY + "\n\nNơi nhận:\nCHỦ TỊCH\n- Nguyễn Văn Bình;\n- Lưu: VT.\n"
                 "Sao Y Bản Chính\nĐăng Web\nPhụ Lục\nTrần Hồng Quân\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Trần Hồng Quân", "Chủ tịch")
    assert "Nguyễn Văn Bình" in rec.noi_nhan


def test_title_with_an_abbreviated_body_beside_the_recipients():
    # a .doc table row: `Nơi nhận: | CHỦ TỊCH HĐ | …`; `HĐ` (no vowel) abbreviates the council
    rec = record(BODY + "\n\nNơi nhận: | CHỦ TỊCH HĐ | - Thành viên HĐTV; | - Lưu: VP.\n\n"
                 "Lê Văn Tâm\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Lê Văn Tâm", "Chủ tịch HĐ")


def test_title_followed_by_the_body_it_heads():
    rec = record(BODY + "\n\nLuật này được Quốc hội thông qua ngày 1 tháng 6 năm 2019.\n\n"
                 "CHỦ TỊCH QUỐC HỘI\n\nPhan Văn Khải\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Phan Văn Khải", "Chủ tịch Quốc hội")
    # a long upper-case heading that starts with a title word is no title
    assert position("CHỦ TỊCH CÔNG ĐOÀN CƠ SỞ TRƯỜNG HỌC") is None


def test_digital_signature_time_drawn_over_the_name():
    # a signed PDF's text layer interleaves the signing time with the name
    rec = record(BODY + "\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. TRƯỞNG PHÒNG\n"
                 "PHÓ TRƯỞNG PHÒNG\n\nTrần Bì 07-12-2020 nh Lo 14:27:24 ng +07:00\n")
    assert (rec.nguoi_ky, rec.chuc_vu) == ("Trần Bình Long", "Phó trưởng phòng")
