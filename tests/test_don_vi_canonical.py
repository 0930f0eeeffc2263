"""One spelling per unit on the record (`don_vi`), the name as written kept in `don_vi_raw`."""

from __future__ import annotations

from vanban.corpus.gazetteer import canonical, unit_key
from vanban.search.query import Filters

from tests.fields_util import record
from vanban.archive import Archive, extract


def test_spellings_of_one_unit_meet():
    names = ["Công đoàn Giáo dục tỉnh Hà Giang", "Công đoàn Ngành Giáo dục Hà Giang",
             "Công đoàn ngành Giáo dục tỉnh Hà Giang", "Công đoàn ngành Giáo dục Hà Giang"]
    assert {canonical(n) for n in names} == {"Công đoàn ngành Giáo dục tỉnh Hà Giang"}
    assert canonical("Liên đoàn Lao động Lai Châu") == "Liên đoàn Lao động tỉnh Lai Châu"
    assert canonical("Liên đoàn Lao động TP Hà Nội") == "Liên đoàn Lao động thành phố Hà Nội"
    assert canonical("Liên đoàn Lao động Đà Nẵng") == "Liên đoàn Lao động thành phố Đà Nẵng"
    for n in names + ["Liên đoàn Lao động Lai Châu"]:
        assert unit_key(canonical(n)) == unit_key(n)  # the gazetteer key does not move


def test_other_names_are_left_as_written():
    for n in ("Công đoàn Viên chức tỉnh Sơn La", "Trường THCS An Thạnh Nam",
              "Công đoàn Giáo dục Việt Nam", "Liên đoàn Lao động huyện Cù Lao Dung",
              "Liên đoàn Lao động Thành phố Hồ Chí Minh"):
        assert canonical(n) == n


def test_record_keeps_the_raw_name_and_the_canonical_one(tmp_path):
    text = ("LĐLĐ TỈNH HÀ GIANG          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "CÔNG ĐOÀN GIÁO DỤC TỈNH HÀ GIANG   Độc lập - Tự do - Hạnh phúc\n\n"
            "Số: 15/KH-CĐN              Hà Giang, ngày 2 tháng 3 năm 2021\n\n"
            "KẾ HOẠCH\nTổ chức hội thao năm 2021\n\n"
            + "Căn cứ chương trình công tác năm, Công đoàn ngành xây dựng kế hoạch. " * 10)
    rec = record(text)
    assert rec.don_vi_raw == "Công đoàn Giáo dục tỉnh Hà Giang"
    assert rec.don_vi == "Công đoàn ngành Giáo dục tỉnh Hà Giang"
    assert rec.cap == "nganh"
    f = tmp_path / "kh.txt"
    f.write_text(text, encoding="utf-8")
    row = extract(str(f))
    assert (row["don_vi"], row["don_vi_raw"]) == (rec.don_vi, rec.don_vi_raw)


def test_place_word_glued_by_a_lost_space():
    rec = record("LIÊN ĐOÀN LAO ĐỘNGTỈNH HÀ GIANG\n\nSố: 5/KH-LĐLĐ\n\n"
                 "Hà Giang, ngày 1 tháng 3 năm 2021\n\nKẾ HOẠCH\nTổ chức hội thao\n\n"
                 "Căn cứ chương trình công tác năm.\n")
    assert (rec.don_vi, rec.cap) == ("Liên đoàn Lao động tỉnh Hà Giang", "tinh")


def test_archive_keeps_both_spellings_in_its_gazetteer(tmp_path):
    f = tmp_path / "docs" / "kh.txt"
    f.parent.mkdir()
    f.write_text("LĐLĐ TỈNH HÀ GIANG\nCÔNG ĐOÀN GIÁO DỤC TỈNH HÀ GIANG\n\n"
                 "Số: 15/KH-CĐN\n\nHà Giang, ngày 2 tháng 3 năm 2021\n\n"
                 "KẾ HOẠCH\nTổ chức hội thao năm 2021\n\n"
                 + "Căn cứ chương trình công tác năm, Công đoàn ngành xây dựng kế hoạch. " * 10,
                 encoding="utf-8")
    arch = Archive(tmp_path / "kho")
    arch.ingest([f.parent])
    known = {r["name"] for r in arch.store.unit_names("CĐN Giáo dục Hà Giang")}
    assert known == {"Công đoàn ngành Giáo dục tỉnh Hà Giang", "Công đoàn Giáo dục tỉnh Hà Giang"}
    hits = arch.search("", Filters(don_vi="Công đoàn Giáo dục tỉnh Hà Giang"))["hits"]
    assert [h["don_vi"] for h in hits] == ["Công đoàn ngành Giáo dục tỉnh Hà Giang"]
    arch.close()
