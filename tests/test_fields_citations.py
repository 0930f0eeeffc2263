from tests.fields_util import at, record


def test_formats_spacing_and_order():
    rec = record("Số: 276 /BC - LĐLD\n\nLai Châu, ngày 26 tháng 6 năm 2020\n\nBÁO CÁO\n\nA\n\n"
                 "Theo Chỉ thị số 34-CT/TW ngày 07/4/2014, Nghị định 91/2017/NĐ-CP, Quy chế số "
                 "1689/QĐ - TLĐ, Hướng dẫn số 08/HD- CĐN, công văn 342/LĐLĐ, Nghị quyết 6b/NQ-TLĐ, "
                 "Chương trình số 63-CTr/TU và lại Chỉ thị 34-CT/TW.\n")
    assert rec.van_ban_dan_chieu == ["34-CT/TW", "91/2017/NĐ-CP", "1689/QĐ-TLĐ", "08/HD-CĐN",
                                     "342/LĐLĐ", "6b/NQ-TLĐ", "63-CTr/TU"]
    assert at(rec, "van_ban_dan_chieu[2]") == "1689/QĐ - TLĐ"


def test_own_number_dates_ratios_and_notes_are_not_citations():
    rec = record("Số: 58/KH-LĐLĐ\n\nA, ngày 1 tháng 1 năm 2020\n\nKẾ HOẠCH\n\nB\n\n"
                 "Kế hoạch số 58/KH-LĐLĐ này áp dụng từ 20/10/2020; 23/24 đ/c đạt; gửi b/c, t/h; "
                 "V/v tổ chức; đợt 01/2021.\n")
    assert rec.van_ban_dan_chieu == []


def test_attached_list_line_names_the_document_itself():
    # the appendix line of a decision names the decision itself (its number garbled by OCR)
    from tests.fields_util import record

    rec = record("Số: /QĐ-UBND\n\nHà Giang, ngày 1 tháng 9 năm 2017\n\nQUYẾT ĐỊNH\n\nVề việc A\n\n"
                 "Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010;\n\n"
                 + "Các đơn vị thực hiện. " * 20 + "\n\nDANH SÁCH\n"
                 "(Kèm theo Quyêt định số/2⁄2 /OĐ-UBND ngày 2#/9/2017 của Chủ tịch UBND tỉnh)\n\n"
                 "(Kèm theo Kế hoạch số 105/KH-LĐLĐ)\n")
    assert rec.van_ban_dan_chieu == ["42/2010/NĐ-CP", "105/KH-LĐLĐ"]
