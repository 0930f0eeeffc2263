from tests.fields_util import at, record


def test_phases_with_ranges_at_written_precision():
    rec = record("Các phong trào thi đua được chia thành 02 đợt:\n\n"
                 "- *Đợt 1, từ tháng 11/2019 đến 31/3/2020*: Thi đua chào mừng (03/02/1930 - "
                 "03/02/2020).\n\n- *Đợt 2, từ 01/4/2020 đến 31/12/2020*: Thi đua.\n\n"
                 "Đợt 1 (Từ tháng 01/2021 đến 30/6/2021): nhắc lại.\n")
    assert rec.dot_thi_dua == [{"ten": "Đợt 1", "tu": "2019-11", "den": "2020-03-31"},
                               {"ten": "Đợt 2", "tu": "2020-04-01", "den": "2020-12-31"}]
    assert at(rec, "dot_thi_dua[0]").startswith("Đợt 1, từ tháng 11/2019")


def test_dash_range_and_ordinals_until_and_now():
    rec = record("Số: 25/KH-PGD&ĐT\n\nHiệp Hoà, ngày 30 tháng 10 năm 2020\n\nKẾ HOẠCH\n\nA\n\n"
                 "Đợt 1: Từ tháng 01/2015 - 30/6/2015, sơ kết.\n"
                 "- Đợt thi đua thứ hai: Từ tháng 02/2021 đến hết năm học 2020-2021, trọng tâm.\n"
                 "- Đợt thi đua thứ ba: Từ nay đến hết tháng 02/2021, trọng tâm.\n")
    assert rec.dot_thi_dua == [{"ten": "Đợt 1", "tu": "2015-01", "den": "2015-06-30"},
                               {"ten": "Đợt 2", "tu": "2021-02", "den": "2021-05"},
                               {"ten": "Đợt 3", "tu": "2020-10", "den": "2021-02-28"}]


def test_no_phase_without_range():
    rec = record("Báo cáo kết quả sau khi kết thúc mỗi đợt thi đua; đợt 2 sẽ có kế hoạch riêng.\n")
    assert rec.dot_thi_dua == []
