"""The issuer of a news page by salience: small stories written for each rule."""

from __future__ import annotations

from pathlib import Path

from vanban.ingest.fields.news_issuer import unglue
from vanban.ingest.pipeline import process_file

from tests.fields_util import at, record

STAMP = "Cập nhật lúc 09:50 23/12/2021 (GMT+7)\n\n"
FILL = "Buổi gặp mặt diễn ra trong không khí ấm áp, thân tình và cởi mở. " * 4


def test_headline_actor_beats_the_first_body_named_in_the_story():
    rec = record(STAMP + "Liên đoàn Lao động tỉnh Sơn La trao quà Tết cho đoàn viên\n\n"
                 "Tổng Liên đoàn Lao động Việt Nam đã phát động chương trình Tết Sum vầy. "
                 "Sáng 22/12, Liên đoàn Lao "
                 "động tỉnh Sơn La đã trao 200 suất quà cho đoàn viên khó khăn. " + FILL)
    assert rec.loai == "Tin tức"
    assert rec.don_vi == "Liên đoàn Lao động tỉnh Sơn La"


def test_short_and_full_names_of_one_body_add_up():
    rec = record(STAMP + "Gặp mặt đoàn viên tiêu biểu năm 2021\n\n"
                 "Công đoàn Viên chức tỉnh Sơn La tổ chức đoàn đến dự. " + FILL +
                 "\n\nLĐLĐ tỉnh Điện Biên tổ chức gặp mặt 50 đoàn viên. Đại diện LĐLĐ tỉnh "
                 "Điện Biên phát biểu. Liên đoàn Lao động tỉnh Điện Biên khen thưởng 10 "
                 "đoàn viên. " + FILL)
    assert rec.don_vi == "Liên đoàn Lao động tỉnh Điện Biên"


def test_generic_plurals_are_never_the_issuer():
    rec = record(STAMP + "Tập huấn nghiệp vụ công tác tài chính\n\n"
                 "Các LĐLĐ tỉnh tổ chức lớp tập huấn theo hướng dẫn của Công đoàn Giáo dục "
                 "Việt Nam. Công đoàn Giáo dục Việt Nam đề nghị cử 120 học viên. " + FILL)
    assert rec.don_vi == "Công đoàn Giáo dục Việt Nam"


def test_a_congress_named_often_is_not_the_actor():
    rec = record(STAMP + "Chuẩn bị Đại hội đại biểu Công đoàn tỉnh Lào Cai\n\n"
                 "Theo kế hoạch, Đại hội đại biểu Công đoàn tỉnh Lào Cai tổ chức trong hai "
                 "ngày. Liên đoàn Lao động tỉnh Lào Cai ban hành hướng dẫn. Các nội dung trình "
                 "Đại hội đại biểu Công đoàn tỉnh Lào Cai được gửi trước ngày 10/1. " + FILL)
    assert rec.don_vi == "Liên đoàn Lao động tỉnh Lào Cai"


def test_person_glued_after_the_body_is_cut_off():
    assert unglue("Liên đoàn Lao động tỉnh Hà Giang Nguyễn Văn Nam") == \
        "Liên đoàn Lao động tỉnh Hà Giang"
    assert unglue("Công đoàn ngành Giáo dục Hà Giang") == "Công đoàn ngành Giáo dục Hà Giang"
    rec = record(STAMP + "Thăm hỏi công nhân bị tai nạn lao động\n\n"
                 "Thay mặt Liên đoàn Lao động tỉnh Hà Giang Nguyễn Văn Nam phát biểu động viên "
                 "gia đình. " + FILL)
    assert rec.don_vi == "Liên đoàn Lao động tỉnh Hà Giang"
    assert at(rec, "don_vi") == "Liên đoàn Lao động tỉnh Hà Giang"


def test_site_name_breaks_a_tie(tmp_path: Path):
    page = ("<html><head><title>Hỗ trợ đoàn viên bị cháy nhà - Công đoàn ngành Giáo dục Yên "
            "Bái</title><meta property=\"og:site_name\" content=\"Công đoàn Giáo dục tỉnh Yên "
            "Bái\"></head><body><article><h1>Hỗ trợ đoàn viên bị cháy nhà</h1>"
            "<p class=\"date\">23/12/2021 09:50</p>"
            "<p>Ngày 20/12, đại diện Công đoàn Giáo dục Việt Nam, Công đoàn ngành Giáo dục Yên "
            "Bái cùng đến thăm gia đình đoàn viên bị cháy nhà. " + FILL + "</p>"
            "<p>Số tiền hỗ trợ của Công đoàn Giáo dục Việt Nam là 5 triệu đồng, của Công đoàn "
            "ngành Giáo dục Yên Bái là 3 triệu đồng. " + FILL + "</p></article></body></html>")
    f = tmp_path / "tin.html"
    f.write_text(page, encoding="utf-8")
    rec = process_file(f)
    assert rec.meta["site"] == "Công đoàn Giáo dục tỉnh Yên Bái"
    assert rec.loai == "Tin tức"
    assert rec.don_vi == "Công đoàn ngành Giáo dục tỉnh Yên Bái"
    f.write_text(page.replace("og:site_name", "og:other"), encoding="utf-8")
    assert process_file(f).meta["site"] == "Công đoàn ngành Giáo dục Yên Bái"  # from <title>
    f.write_text(page.replace("og:site_name", "og:other").replace(
        " - Công đoàn ngành Giáo dục Yên Bái</title>", "</title>"), encoding="utf-8")
    rec = process_file(f)
    assert "site" not in rec.meta
    assert rec.don_vi == "Công đoàn Giáo dục Việt Nam"  # a tie without the prior: the first


def test_menus_above_the_stamp_and_the_news_list_below_are_no_part_of_the_story():
    menu = "Trang chủ\nCông đoàn ngành Giáo dục\nPhòng Giáo dục Trung học\n\n"
    others = ("\n\nLượt xem: 120\n\nCông đoàn ngành Giáo dục Lạng Sơn tổ chức hội thao\n\n"
              "27/10/2020\n\nCông đoàn ngành Giáo dục Lạng Sơn trao nhà mái ấm công đoàn\n\n"
              "26/10/2020\n\nChủ tịch Công đoàn ngành Giáo dục Lạng Sơn thăm trường\n")
    rec = record("Kế hoạch nâng cao đạo đức nhà giáo\n\n" + menu + "21/04/2019 00:28:00\n\n"
                 "Kế hoạch nâng cao đạo đức nhà giáo\n\nCông đoàn Giáo dục Việt Nam vừa ban "
                 "hành kế hoạch nâng cao đạo đức nhà giáo. " + FILL + others)
    assert rec.loai == "Tin tức"
    assert rec.don_vi == "Công đoàn Giáo dục Việt Nam"


def test_a_stamp_under_the_story_bounds_nothing():
    rec = record("Hội thao công nhân viên chức năm 2021\n\nSáng 3/4, Liên đoàn Lao động tỉnh "
                 "Yên Bái tổ chức hội thao cho 500 vận động viên. " + FILL +
                 "\n\nCập nhật lúc 09:50 05/04/2021 (GMT+7)\n")
    assert rec.loai == "Tin tức"
    assert rec.don_vi == "Liên đoàn Lao động tỉnh Yên Bái"
