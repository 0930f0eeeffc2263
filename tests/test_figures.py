"""Chỉ tiêu: number reading, every sentence form of issue 3, exclusions, query and export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from vanban.corpus.schema import Figure, Page, Record
from vanban.corpus.store import Store
from vanban.ingest.clean import clean
from vanban.ingest.fields import chi_tieu
from vanban.ingest.fields.numbers import parse_number, parse_quantity
from vanban.search.export import figures_table, format_value, write_csv, write_json, write_xlsx
from vanban.search.figures import query_figures, vn_key

from tests.conftest import seed


def figs(text: str, loai: str | None = None, trich_yeu: str | None = None,
         ngay: str | None = "2020-06-26") -> list[Figure]:
    c = clean([Page(1, text)])
    rec = Record(path="t.txt", text=c.text, paragraphs=c.paragraphs, loai=loai,
                 trich_yeu=trich_yeu, ngay=ngay)
    chi_tieu.extract(rec)
    for f in rec.chi_tieu:  # spans point into the text
        assert f.span.start is not None and f.span.end is not None
        assert f.raw and f.raw.split()[0] in rec.text[f.span.start:f.span.end]
    return rec.chi_tieu


def one(fs: list[Figure], value: float) -> Figure:
    hits = [f for f in fs if f.value == value]
    assert len(hits) == 1, [(f.value, f.unit) for f in fs]
    return hits[0]


# -- numbers ---------------------------------------------------------------------------
@pytest.mark.parametrize("raw,value", [
    ("2.100", 2100), ("15,5", 15.5), ("10.500.000", 10_500_000), ("05", 5), ("6.210", 6210),
    ("1.5", 1.5),
])
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize("text,expected", [
    ("gần 6 tỷ", (6e9, None, "gần", None)),
    ("525 nghìn", (525000, None, None, None)),
    ("từ 2% đến 30%", (2, 30, "từ … đến", "%")),
    ("15-20%", (15, 20, "từ … đến", "%")),
    ("bình quân từ 15-20%", (15, 20, "bình quân từ … đến", "%")),
    ("3-4 triệu", (3e6, 4e6, "từ … đến", None)),
])
def test_parse_quantity(text: str, expected: tuple) -> None:
    assert parse_quantity(text) == expected


# -- the sentence forms of the issue ---------------------------------------------------
PLAN = """KẾ HOẠCH

Phần thứ hai
MỤC TIÊU, NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG 5 NĂM (2020-2025)

2. Chỉ tiêu cụ thể

2.2. Hàng năm có trên 70% cá nhân, 80% tập thể đạt danh hiệu Lao động tiên tiến; \
có 15% cá nhân đạt CSTĐ các cấp.
"""


def test_two_targets_with_qualifier_subject_period_award() -> None:
    fs = figs(PLAN, loai="Báo cáo")
    assert [(f.value, f.unit, f.kind) for f in fs] == [
        (70, "%", "target"), (80, "%", "target"), (15, "%", "target")]
    f70, f80 = fs[0], fs[1]
    assert f70.qualifier == "trên"
    assert f70.subject == "cá nhân đạt danh hiệu Lao động tiên tiến"
    assert f80.subject == "tập thể đạt danh hiệu Lao động tiên tiến"
    assert f70.period == "hàng năm, giai đoạn 2020-2025"
    assert f70.phong_trao == "Lao động tiên tiến"
    assert fs[2].phong_trao == "CSTĐ"


REPORT = """BÁO CÁO

Phần thứ nhất
KẾT QUẢ PHONG TRÀO THI ĐUA 5 NĂM (2015-2020)

V. KẾT QUẢ CÔNG TÁC KHEN THƯỞNG 5 NĂM (2015-2020)

Kết quả từ năm 2015 đến nay, hàng năm đều có trên 90% CNVCLĐ đạt danh hiệu lao động \
tiên tiến; có 25 tập thể, 75 cá nhân được Chủ tịch nước tặng thưởng Huân chương lao động; \
UBND tỉnh tặng Bằng khen cho 6.900 tập thể và 13.224 cá nhân.
"""


def test_two_results_share_their_predicate() -> None:
    fs = figs(REPORT, loai="Báo cáo")
    f25, f75 = one(fs, 25), one(fs, 75)
    assert (f25.unit, f25.kind, f75.unit, f75.kind) == ("tập thể", "result", "cá nhân", "result")
    assert f25.subject == "tập thể được Chủ tịch nước tặng thưởng Huân chương lao động"
    assert f25.phong_trao == "Huân chương Lao động"
    assert f25.period == "giai đoạn 2015-2020"
    assert one(fs, 13224).unit == "cá nhân"
    assert one(fs, 6900).phong_trao == "Bằng khen"


def test_award_named_before_the_number() -> None:
    fs = figs("Kết quả: Tổng Liên đoàn tặng Cờ cho 15 tập thể, tặng Bằng khen cho 65 tập thể.")
    assert [(f.value, f.phong_trao) for f in fs] == [(15, "Cờ thi đua"), (65, "Bằng khen")]


def test_section_from_another_stage_sets_kind_and_period() -> None:
    c = clean([Page(1, "Hàng năm có 90% CĐCS đạt vững mạnh.")])
    c.paragraphs[0].section = "Phần thứ hai: Mục tiêu, nhiệm vụ giai đoạn 2020-2025"
    rec = Record(path="s.txt", text=c.text, paragraphs=c.paragraphs, ngay="2020-06-26")
    chi_tieu.extract(rec)
    f = rec.chi_tieu[0]
    assert (f.kind, f.period) == ("target", "hàng năm, giai đoạn 2020-2025")


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}".replace(",", ".")) == n


def test_thousands_at_the_start_of_a_wrapped_line() -> None:
    fs = figs("Trong nhiệm kỳ qua đã dạy nghề, giới thiệu việc làm cho\n2.500 lao động và\n"
              "1.200 hội viên.\n2.2. Nội dung\n10. Phong trào")
    assert [(f.value, f.unit) for f in fs] == [(2500, "lao động"), (1200, "hội viên")]


def test_enumerated_subject_before_the_verb() -> None:
    f = one(figs("Hàng năm có trên 95% cơ quan, đơn vị đạt danh hiệu cơ quan đơn vị văn hoá."), 95)
    assert f.subject == "cơ quan, đơn vị đạt danh hiệu cơ quan đơn vị văn hóa"


def test_ratio_and_new_agreements() -> None:
    fs = figs("Kết quả có 70/70 CĐCS doanh nghiệp ký kết TULĐTT trong đó ký mới 05 TULĐTT.")
    r = one(fs, 70)
    assert (r.total, r.unit, r.kind, r.raw) == (70, "CĐCS", "result", "70/70 CĐCS")
    assert one(fs, 5).unit == "TULĐTT"


def test_money_with_scale_and_qualifier() -> None:
    fs = figs("Các cấp công đoàn đã hỗ trợ làm 77 công trình nhà bán trú cho học sinh trị giá "
              "gần 6 tỷ đồng, làm nhà cho 62 gia đình nhân dân trị giá 795 triệu đồng.")
    six = one(fs, 6e9)
    assert (six.unit, six.qualifier) == ("đồng", "gần")
    assert one(fs, 77).unit == "công trình"
    assert one(fs, 795e6).unit == "đồng"
    assert "62 gia đình" in (one(fs, 795e6).subject or "")


@pytest.mark.parametrize("text,value,unit,qualifier", [
    ("đã giúp cho hơn 10 nghìn đoàn viên công đoàn được hưởng ưu đãi.", 10000, "đoàn viên",
     "hơn"),
    ("có trên 525 nghìn lượt CNVCLĐ tham gia nghiên cứu, quán triệt, học tập.", 525000, "lượt",
     "trên"),
    ("đã trao 6.210 suất quà cho đoàn viên.", 6210, "suất quà", None),
    ("đã có 34 doanh nghiệp tổ chức ăn ca với mức từ 15.000 đồng trở lên.", 15000, "đồng",
     "từ … trở lên"),
])
def test_counted_nouns_and_qualifiers(text: str, value: float, unit: str,
                                      qualifier: str | None) -> None:
    f = one(figs(text), value)
    assert (f.unit, f.qualifier, f.kind) == (unit, qualifier, "result")


@pytest.mark.parametrize("text,value,unit", [
    ("Tổng số tiền hỗ trợ là 50.000.000đ cho đoàn viên.", 50_000_000, "đồng"),
    ("đã chi ăn ca mức 15.000đ/người/ngày.", 15000, "đồng/người/ngày"),
    ("đã hỗ trợ 2 triệu đ/hộ.", 2_000_000, "đồng/hộ"),
    ("Tổng số CB, CBGVCNV trong trường là : 31 đ/c.", 31, "đ/c"),
    ("đã trao 19 xuất quà trị giá 10.500.000\nđồng cho giáo viên.", 10_500_000, "đồng"),
])
def test_money_forms_and_comrades(text: str, value: float, unit: str) -> None:
    assert one(figs(text), value).unit == unit


def test_ranges() -> None:
    f = one(figs("hầu hết các dịch vụ đều giảm từ 2% đến 30% so với giá niêm yết."), 2)
    assert (f.value_max, f.unit, f.qualifier) == (30, "%", "từ … đến")
    g = one(figs("mỗi đơn vị đã tiết kiệm chi phí bình quân từ 15-20%."), 15)
    assert (g.value_max, g.unit, g.qualifier) == (20, "%", "bình quân từ … đến")


def test_wrapped_lines_and_plan_section_from_headings() -> None:
    text = ("2. Một số chỉ tiêu cơ bản\n(3). Trong nhiệm kỳ, các cấp Hội giúp 550 hộ cận nghèo "
            "thoát nghèo; dạy nghề, giới thiệu việc\nlàm cho 2.500 lao động (trong đó có ít "
            "nhất 70% lao động nữ).\n")
    fs = figs(text, loai="Nghị quyết", trich_yeu="Đại hội nhiệm kỳ 2021 - 2026", ngay="2021-07")
    assert {(f.value, f.unit, f.kind) for f in fs} >= {
        (550, "hộ", "target"), (2500, "lao động", "target"), (70, "%", "target")}


# -- what is not a figure --------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Lai Châu, ngày 26 tháng 6 năm 2020",
    "Số: 276 /BC - LĐLĐ",
    "theo Chỉ thị số 34-CT/TW ngày 07/4/2014 và Nghị định 91/2017/NĐ-CP, ngày 31/7/2017.",
    "Kế hoạch số 105/KH-LĐLĐ ngày 16/7/2019 giai đoạn 2019-2024 và Nghị định 04 của Chính phủ.",
    "2.2. Nội dung thi đua",
    "Đợt 1: từ tháng 11/2019 đến 31/3/2020; tổ chức 02 đợt thi đua.",
    "kỷ niệm 90 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 - 28/7/2019).",
    "Đại hội Đảng toàn quốc lần thứ XIII và lần thứ 2 của Hội.",
    "Hội nghị bắt đầu vào lúc 13 giờ ngày 19 tháng 5 năm 2025, dịch Covid-19 trong 5 năm qua.",
    "chào mừng các ngày lễ lớn 20/10, 20/11 năm học 2016 – 2017.",
    "Các chi đội có nhiều hoa điểm tốt: 8A1, 7A1, 9A2.",
])
def test_exclusions(text: str) -> None:
    assert figs(text) == []


def test_vote_ratio_is_not_a_date() -> None:
    f = one(figs("kết quả Hội nghị đã bầu được: Lê Thị Mai (với số phiếu 04/04)"), 4)
    assert (f.total, f.unit) == (4, "phiếu")


def test_award_decision_is_a_result() -> None:
    fs = figs("Điều 1. Tặng Bằng khen cho 19 tập thể và 90 cá nhân. Điêu 1 chịu trách nhiệm.",
              loai="Quyết định", trich_yeu="Về việc tặng Bằng khen cho cá nhân 02 năm liên "
              "tục hoàn thành xuất sắc nhiệm vụ", ngay="2017-09-28")
    assert [(f.value, f.kind) for f in fs] == [(19, "result"), (90, "result")]


def test_title_period_alone_does_not_make_a_plan() -> None:
    f = figs("Hội nghị bầu Chủ tịch CĐCS: Lê Thị Mai (với số phiếu 04/04)", loai="Biên bản",
             trich_yeu="Hội nghị bầu bổ sung Chủ tịch CĐCS nhiệm kỳ 2025-2030", ngay="2025-05")
    assert f[0].kind == "result"


# -- query and export ------------------------------------------------------------------
def _other_province() -> Record:
    c = clean([Page(1, "BÁO CÁO\n\nKết quả năm 2019, có 5 tập thể được tặng Huân chương "
                       "lao động.\n")])
    rec = Record(path="khac.txt", sha256="khac", text=c.text, paragraphs=c.paragraphs,
                 so_hieu="9/BC-LĐLĐ", ngay="2019-12-01", don_vi="Liên đoàn Lao động tỉnh Bắc Kạn")
    chi_tieu.extract(rec)
    return rec


def test_store_query_and_xlsx(tmp_path) -> None:
    from openpyxl import load_workbook
    from vanban.ingest.pipeline import process_file

    store = Store(tmp_path / "vanban.db")
    rec = process_file(seed(2))
    rec.don_vi = rec.don_vi or "Liên đoàn Lao động tỉnh Lai Châu"
    rec.so_hieu = rec.so_hieu or "276/BC-LĐLĐ"
    store.put(rec)
    store.put(_other_province())

    rows = query_figures(store, "huân chương lao động", don_vi="Lai Châu", nam=None,
                         tu=None, den=None, kind=None, phong_trao=None, limit=None)
    got = {(r["value"], r["unit"], r["kind"]) for r in rows}
    assert {(25.0, "tập thể", "result"), (75.0, "cá nhân", "result")} <= got
    assert all(r["so_hieu"] and r["path"] and r["don_vi"].endswith("Lai Châu") for r in rows)
    assert all(r["page"] is not None and r["paragraph"] is not None for r in rows)
    # accent-free, tone-style and case do not matter; the other province is filtered out
    folded = query_figures(store, "HUAN CHUONG LAO DONG", don_vi="lai chau")
    assert len(folded) == len(rows)
    everywhere = query_figures(store, "huân chương lao động")
    assert len(everywhere) == len(rows) + 1
    # kind, year (period) and award filters
    targets = query_figures(store, None, don_vi="Lai Châu", kind="target")
    assert targets and all(r["kind"] == "target" for r in targets)
    assert query_figures(store, "huân chương", nam=2017, don_vi="Lai Châu")
    assert not query_figures(store, "huân chương", nam=2023, don_vi="Lai Châu")
    assert query_figures(store, None, tu="2019", den="2019", phong_trao="huân chương")
    assert len(query_figures(store, None, limit=3)) == 3
    assert query_figures(store, None, phong_trao="lao dong tien tien", kind="target")

    xlsx = tmp_path / "chi_tieu.xlsx"
    assert write_xlsx(rows, xlsx) == len(rows)
    ws = load_workbook(xlsx).active
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    assert header[:2] == ("value", "value_max") and "so_hieu" in header
    body = {(r[0], r[header.index("unit")]) for r in values[1:]}
    assert {(25, "tập thể"), (75, "cá nhân")} <= body

    buf = io.StringIO()
    assert write_csv(rows, buf) == len(rows)
    back = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert {(r["value"], r["unit"]) for r in back} >= {("25", "tập thể"), ("75", "cá nhân")}
    jbuf = io.StringIO()
    write_json(rows, jbuf)
    assert json.loads(jbuf.getvalue())[0]["so_hieu"]
    assert figures_table(rows).row_count == len(rows)
    store.close()


def test_vn_key_and_value_format() -> None:
    assert vn_key("Hoà  Bình, Thuỷ") == vn_key("hòa bình thủy") == "hoa binh thui"
    assert format_value({"value": 70.0, "qualifier": "trên"}) == "trên 70"
    assert format_value({"value": 2.0, "value_max": 30.0, "qualifier": "từ … đến"}) == "2–30"
    assert format_value({"value": 70.0, "total": 70.0}) == "70/70"
    assert format_value({"value": 85.0, "qualifier": "trở lên"}) == "85 trở lên"
    assert format_value({"value": 15.5}) == "15,5"


def test_ocr_garbled_counted_noun() -> None:
    f = one(figs("Điều 1. Tặng Bằng khen cho 19 t~p thS co 02 nam lien tuc."), 19)
    assert f.unit == "tập thể"
    assert figs("đã trao cho 19 tập thể.")[0].unit == "tập thể"


def test_eval_recall_on_dev_set(shared) -> None:
    from vanban.evaluation.figures import evaluate, main

    corpus = shared / "corpus"
    res = evaluate(shared / "eval" / "dev" / "gold.jsonl",
                   [str(corpus / "seeds"), str(corpus / "real-text")])
    assert res["gold"] >= 30 and res["recall"] >= 0.90
    assert main([]) == 2
