"""HTML reader: article body, title, publication stamp; site chrome dropped."""

from __future__ import annotations

import time

from vanban.ingest.detect import detect_format
from vanban.ingest.readers import read

PAGE = """<html><head><title>Cổng thông tin | Tin công đoàn</title>
<meta property="og:title" content="Công đoàn ngành trao quà cho đoàn viên">
</head><body>
<div id="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/a">Giới thiệu</a></li>
<li><a href="/b">Tin tức</a></li><li><a href="/c">Văn bản</a></li></ul></div>
<table><tr><td class="left"><a href="/x">Phòng Tiểu học</a><br><a href="/y">Phòng Mầm non</a>
</td><td class="ContentBar"><div class="PostDate">27/05/2020 07:43:00</div>
<div class="ArticleContent">
<p>Ngày 25 tháng 5 năm 2020, Công đoàn ngành Giáo dục đã trao
19 suất quà cho đoàn viên, người lao động có hoàn cảnh khó khăn.</p>
<p>Mỗi suất quà trị giá 500.000 đồng, tổng cộng 9.500.000 đồng, nhằm động viên
đoàn viên vượt qua khó khăn.</p>
<p>Phạm Văn Phải - Sở GD&amp;ĐT</p></div>
<div class="tools"><a href="#">In</a> <a href="#">Về đầu</a></div>
</td></tr></table>
<div class="footer">Lượt truy cập: 123456 <a href="/lh">Liên hệ</a></div>
</body></html>"""


def test_article_title_and_stamp(tmp_path) -> None:
    path = tmp_path / "tin.aspx"
    path.write_text(PAGE, encoding="utf-8")
    assert detect_format(path) == "html"
    res = read(path, "html")
    text = res.pages[0].text
    assert res.meta["title"] == "Công đoàn ngành trao quà cho đoàn viên"
    assert res.meta["published"] == "2020-05-27"
    assert text.startswith("Công đoàn ngành trao quà cho đoàn viên\n\nNgày 25 tháng 5 năm 2020")
    assert "19 suất quà cho đoàn viên" in text  # source newline is a space
    for chrome in ("Trang chủ", "Phòng Mầm non", "Lượt truy cập", "Về đầu", "Liên hệ"):
        assert chrome not in text
    assert res.pages[0].method == "html"


def test_entities_not_expanded(tmp_path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                      for i in range(8))
            + "]><html><body><p>&i;</p><p>Nội dung bài viết công đoàn.</p></body></html>")
    path = tmp_path / "bomb.html"
    path.write_text(bomb, encoding="utf-8")
    t0 = time.perf_counter()
    res = read(path, detect_format(path))
    assert time.perf_counter() - t0 < 5
    assert len(res.pages[0].text) < 10_000


def test_real_pages(shared) -> None:
    real = shared / "corpus" / "real"
    r020 = read(real / "r020.html", "html")
    text = r020.pages[0].text
    assert "103/KH-CĐN" in text
    assert "PGD huyện Bắc Mê" not in text  # the site navigation tree
    assert r020.meta["published"] == "2019-04-21"
    assert r020.meta["title"].startswith("Kế hoạch triển khai nâng cao năng lực")
    r018 = read(real / "r018.html", "html")
    assert r018.meta["published"] == "2016-12-19"
    assert "Hòa chung với không khí" in r018.pages[0].text
    r030 = read(real / "r030.html", "html").pages[0].text
    assert "hỗ trợ đột xuất 3 triệu đồng" in r030
    assert "Lượt truy cập" not in r030


def test_tcvn3_page_converted(tmp_path) -> None:
    body = "<p>Ph¸t ®éng phong trµo thi ®ua chµo mõng c¸c ngµy lÔ lín trong n¨m 2020.</p>"
    path = tmp_path / "old.htm"
    path.write_bytes(f"<html><body>{body * 3}</body></html>".encode("latin-1"))
    res = read(path, detect_format(path))
    assert res.pages[0].method == "converted-tcvn3"
    assert "Phát động phong trào thi đua chào mừng" in res.pages[0].text
