"""Issue 16: figures with context, tables, movement selection, pairing, report workbook,
charts and exports, on the seeds and on the held-out plan/report texts."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner
from vanban.corpus.keys import unit_key
from vanban.corpus.schema import Page, Record
from vanban.ingest.clean import clean
from vanban.ingest.fields import chi_tieu
from vanban.search.export import qualifier_meaning
from vanban.search.figures import movement_keys

from tests.conftest import ROOT, SAMPLES
from vanban.archive import Archive
from vanban.cli import app

HELDOUT = ROOT / "evaluation" / "data" / "heldout"
LDG = "Lao động giỏi, lao động sáng tạo"
runner = CliRunner()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("seeds")
    with Archive(d) as a:
        a.ingest(sorted(SAMPLES.glob("*.txt")), isolate=False)
    return d


@pytest.fixture(scope="module")
def heldout(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("heldout")
    with Archive(d) as a:
        a.ingest([HELDOUT], isolate=False)
    return d


def _figs(text: str, loai: str | None = None):
    c = clean([Page(1, text)])
    rec = Record(path="t.txt", text=c.text, paragraphs=c.paragraphs, loai=loai,
                 ngay="2021-12-10")
    chi_tieu.extract(rec)
    return rec.chi_tieu


# -- extraction context ------------------------------------------------------------------
def test_section_movement_and_programme() -> None:
    fs = _figs("I. KẾT QUẢ\n\n1. Phong trào thi đua “Lao động giỏi - Lao động sáng tạo”\n\n"
               "Năm qua có 27 đề tài được tặng Bằng Lao động sáng tạo.\n\n"
               "2. Chương trình “Mái ấm Công đoàn”\n\nĐã xây mới 43 nhà cho đoàn viên.\n\n"
               "3. Công tác khác\n\nLĐLĐ huyện Than Uyên đã trao 120 suất quà.\n")
    by = {f.value: f for f in fs}
    assert by[27].muc_phong_trao == "Lao động giỏi, Lao động sáng tạo"  # the canonical name
    assert by[43].chuong_trinh == "Mái ấm công đoàn" and by[43].muc_phong_trao is None
    assert by[120].don_vi_ve == "LĐLĐ huyện Than Uyên" and by[120].zone == "main"
    assert by[120].unit_key == "suat qua"


def test_table_columns_decide_kind_and_keep_labels() -> None:
    fs = _figs("BÁO CÁO\n\nNội dung | ĐVT | Chỉ tiêu Đại hội | Kết quả thực hiện | Tỷ lệ %\n"
               "1 | Kết nạp đoàn viên mới | Người | 5.000 | 5.775 | 115,5\n"
               "2 | Số CĐCS thành lập mới | 25 | 21 | 84\n")
    got = {(f.value, f.kind, f.unit, f.row_label, f.zone) for f in fs}
    assert (5000, "target", "Người", "Kết nạp đoàn viên mới", "table") in got
    assert (5775, "result", "Người", "Kết nạp đoàn viên mới", "table") in got
    assert (115.5, "result", "%", "Kết nạp đoàn viên mới", "table") in got
    assert (25, "target", "CĐCS", "Số CĐCS thành lập mới", "table") in got  # unit from label
    assert not any(f.value in (1, 2) for f in fs)  # row numbers are not figures
    col = {f.value: f.col_header for f in fs}
    assert col[5775] == "Kết quả thực hiện"


def test_du_kien_is_a_plan_and_sentence_beats_heading() -> None:
    fs = _figs("IV. ĐỀ XUẤT, KIẾN NGHỊ\n\nNăm qua có 3 doanh nghiệp nợ kinh phí công đoàn.\n\n"
               "V. CÔNG TÁC KHÁC\n\nDự kiến tổ chức 12 lớp tập huấn cho cán bộ.\n", "Báo cáo")
    by = {f.value: f for f in fs}
    assert by[3].kind == "result" and by[12].kind == "target"


def test_money_with_spaced_thousands() -> None:
    fs = _figs("Năm qua đã duyệt 12 trường với tổng kinh phí 191 595 500 đồng.\n", "Báo cáo")
    assert {(f.value, f.unit) for f in fs} == {(12, "trường"), (191_595_500, "đồng")}


def test_unit_key_is_open_and_normalised() -> None:
    assert unit_key("xuất quà") == unit_key("Suất quà") == "suat qua"
    assert unit_key("triệu đồng") == unit_key("tỷ đồng") == "dong"
    assert unit_key("máy lọc nước") == "mai loc nuoc"  # any noun stays itself (y→i)
    assert unit_key("lượt cán bộ") == "can bo"


def test_movement_keys_variants_and_abbreviations() -> None:
    full = movement_keys(LDG)
    assert set(full) <= set(movement_keys("LĐG-LĐST"))
    assert set(full) <= set(movement_keys("lao dong gioi lao dong sang tao"))
    assert movement_keys("Văn hóa thể thao") == ["van hoa the thao"]  # not LĐG-LĐST
    assert "xanh sach dep bao dam an toan ve sinh lao dong" in movement_keys("XSĐ")


# -- the done checks ---------------------------------------------------------------------
def test_figures_by_movement_are_the_276_section(seeds: Path) -> None:
    res = runner.invoke(app, ["--data-dir", str(seeds), "figures", "--phong-trao", LDG,
                              "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.output.splitlines() if x.strip()]
    assert {(r["value"], r["unit"]) for r in rows} == {(27, "đề tài"), (300, "đề tài")}
    assert all(r["so_hieu"] == "276/BC-LĐLĐ" and r["muc_phong_trao"] for r in rows)
    for key in ("value", "unit", "kind", "subject", "text", "period", "so_hieu", "ngay",
                "don_vi", "path"):  # the contract keys
        assert key in rows[0]


def test_report_workbook_on_the_seeds(seeds: Path, tmp_path: Path) -> None:
    xlsx, out_csv = tmp_path / "bao_cao.xlsx", tmp_path / "bao_cao.csv"
    res = runner.invoke(app, ["--data-dir", str(seeds), "report", "--don-vi", "Lai Châu",
                              "--tu", "2015", "--den", "2020", "--phong-trao", LDG,
                              "--phong-trao", "Xanh - Sạch - Đẹp", "--xlsx", str(xlsx),
                              "--csv", str(out_csv)])
    assert res.exit_code == 0, res.output
    assert f"vào {xlsx}" in res.output and "đã ghi" in res.output
    wb = load_workbook(xlsx)
    assert wb.sheetnames[0] == "Tổng hợp" and wb.sheetnames[-1] == "Truy vấn"
    ldg = next(wb[n] for n in wb.sheetnames if n.startswith("Lao động giỏi"))
    xsd = next(wb[n] for n in wb.sheetnames if n.startswith("Xanh"))
    header = [c.value for c in ldg[1]]
    assert header[:3] == ["Chỉ tiêu / nội dung", "Đơn vị tính", "Chỉ tiêu đề ra"]
    assert "Kết quả đạt được" in header and "% đạt so với chỉ tiêu" in header
    rows = [dict(zip(header, r, strict=True)) for r in ldg.iter_rows(min_row=2, values_only=True)
            if r[0]]
    known = next(r for r in rows if r["Kết quả đạt được"] == 27)
    assert known["Đơn vị tính"] == "đề tài" and "Bằng Lao động sáng tạo" in known[header[0]]
    assert known["Nguồn kết quả: số hiệu"] == "276/BC-LĐLĐ"
    assert isinstance(known["Kết quả đạt được"], int)
    assert isinstance(known["Nguồn kết quả: ngày"], datetime.datetime)
    assert known["Nguồn kết quả: ngày"].date() == datetime.date(2020, 6, 26)
    xrows = [r for r in xsd.iter_rows(min_row=2, values_only=True) if r[0]]
    assert any(r[header.index("Kết quả đạt được")] == 300 for r in xrows)
    assert len(ldg._images) == 1  # the chart is embedded
    summary = [r for r in wb["Tổng hợp"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert summary[0][0] == LDG and summary[0][3] == 2
    asked = dict(wb["Truy vấn"].iter_rows(min_row=2, values_only=True))
    assert asked["Đơn vị"] == "Lai Châu" and asked["Kho dữ liệu"] == str(seeds)
    assert isinstance(asked["Ngày lập"], datetime.datetime)
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert back[0][0] == "Phong trào" and any(r[0] == LDG and r[9] == "27" for r in back[1:])


def test_chart_png(seeds: Path, tmp_path: Path) -> None:
    from matplotlib import image

    png = tmp_path / "bieu_do.png"
    res = runner.invoke(app, ["--data-dir", str(seeds), "chart", "--phong-trao",
                              "Giỏi việc nước", "--theo", "nam", "-o", str(png)])
    assert res.exit_code == 0, res.output
    assert png.stat().st_size > 5000
    pixels = image.imread(str(png))
    assert pixels.shape[1] >= 900 and pixels.std() > 0  # A4 width at 150 dpi, not blank


def test_figures_file_exports(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "so_lieu.csv"
    res = runner.invoke(app, ["--data-dir", str(seeds), "figures", "tập thể", "--csv", str(out),
                              "--xlsx", str(tmp_path / "so_lieu.xlsx")])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("đã ghi ") and str(out) in lines[0]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    head = next(csv.reader([raw.decode("utf-8-sig").splitlines()[0]]))
    assert head[0] == "Giá trị như văn bản viết" and "Cách hiểu giá trị" in head
    ws = load_workbook(tmp_path / "so_lieu.xlsx")["Số liệu"]
    hdr = [c.value for c in ws[1]]
    assert isinstance(ws.cell(2, hdr.index("Ngày văn bản") + 1).value, datetime.datetime)
    assert qualifier_meaning("từ … trở lên").startswith("bằng hoặc lớn hơn")
    assert qualifier_meaning("hơn").startswith("lớn hơn")
    res = runner.invoke(app, ["--data-dir", str(seeds), "search", "lao động", "--csv",
                              str(tmp_path / "vb.csv")])
    assert res.exit_code == 0 and res.output.startswith("đã ghi ")
    assert (tmp_path / "vb.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_terminal_table_fits_80_columns(seeds: Path) -> None:
    from rich.console import Console
    from vanban.search.export import figures_table

    with Archive(seeds) as a:
        rows = a.figures("tập thể")
    console = Console(width=80, record=True)
    console.print(figures_table(rows, width=80))
    lines = console.export_text().splitlines()
    assert len(lines) == len(rows) + 1  # one line per figure
    assert all(len(x) <= 80 for x in lines)


# -- pairing -----------------------------------------------------------------------------
def test_pairing_plan_with_later_report(heldout: Path) -> None:
    with Archive(heldout) as a:
        found = a.pairs(don_vi="Sơn Hà")
    paired = {(p.target["value"], p.result["value"]) for p in found if p.target and p.result}
    assert {(150, 172), (5000, 4600), (85, 87), (40, 43), (2500, 2730)} <= paired
    sk = next(p for p in found if p.target and p.target["value"] == 150)
    assert sk.result and abs(sk.achieved - 172 / 150) < 1e-9
    # the district's trees and next year's targets answer nothing here
    assert not any(p.result and p.result["value"] == 1200 and p.target for p in found)
    assert any(p.target and p.target["value"] == 2800 and p.result is None for p in found)


def test_pairing_eval_scores(heldout: Path) -> None:
    from vanban.evaluation.pairs import evaluate

    res = evaluate(ROOT / "evaluation" / "data" / "pairs_heldout.jsonl", [str(HELDOUT)])
    assert res["precision"] >= 0.9 and res["recall"] >= 0.9
    seeds_res = evaluate(ROOT / "evaluation" / "data" / "pairs_seeds.jsonl",
                         [str(p) for p in sorted(SAMPLES.glob("*.txt"))])
    assert seeds_res["predicted"] == 0  # no later report answers the seeds' plans


def test_heldout_figure_recall() -> None:
    from vanban.evaluation.figures import evaluate

    res = evaluate(HELDOUT / "gold.jsonl", [str(HELDOUT)])
    assert res["recall"] >= 0.9 and res["kind_right"] >= 0.9


def test_docx_table_through_the_reader(tmp_path: Path) -> None:
    import docx
    from vanban.ingest.pipeline import process_file

    d = docx.Document()
    d.add_paragraph("Kết quả công tác năm 2021 của Liên đoàn Lao động tỉnh Sơn Hà.")
    rows = [["TT", "Nội dung", "ĐVT", "Chỉ tiêu Đại hội", "Kết quả"],
            ["1", "Kết nạp đoàn viên mới", "Người", "5.000", "5.775"],
            ["2", "Tỷ lệ CĐCS vững mạnh", "%", "80", "86,5"]]
    t = d.add_table(rows=3, cols=5)
    for i, r in enumerate(rows):
        for j, c in enumerate(r):
            t.cell(i, j).text = c
    d.save(str(tmp_path / "bang.docx"))
    rec = process_file(tmp_path / "bang.docx")
    got = {(f.value, f.unit, f.kind, f.col_header) for f in rec.chi_tieu}
    assert got == {(5000, "Người", "target", "Chỉ tiêu Đại hội"),
                   (5775, "Người", "result", "Kết quả"),
                   (80, "%", "target", "Chỉ tiêu Đại hội"), (86.5, "%", "result", "Kết quả")}
