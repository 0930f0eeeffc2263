"""Issue 13: document zones, the issuer block, the subject line, dates, types, the HTML
headline and the unit gazetteer — each failure class on a small document written here."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from vanban.corpus.gazetteer import matches, unit_key
from vanban.corpus.schema import Paragraph, Record
from vanban.corpus.vntext import tone_style
from vanban.index.build import add_documents
from vanban.ingest.pipeline import process_file
from vanban.search.query import Filters
from vanban.search.searcher import search

from tests.fields_util import at, docx_of_lines, record
from vanban.archive import Archive
from vanban.archive import extract as extract_json

CONG_VAN_WITH_DRAFT = (
    "UBND HUYỆN NAM SƠN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n\n"
    "Số: 215/PGDĐT\nV/v góp ý dự thảo Thông tư về thi đua\n\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Nam Sơn, ngày 04 tháng 3 năm 2021\n\n"
    "Kính gửi: Hiệu trưởng các trường trực thuộc.\n\n"
    "Thực hiện Công văn số 88/SGDĐT-VP ngày 01/3/2021 của Sở Giáo dục và Đào tạo, Phòng "
    "đề nghị các trường nghiên cứu dự thảo gửi kèm và góp ý trước ngày 15/3/2021.\n\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
    "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\n\nLê Văn Bình\n\n"
    "BỘ GIÁO DỤC VÀ ĐÀO TẠO\nSố: /2021/TT-BGDĐT\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "DỰ THẢO\n\nTHÔNG TƯ\nQuy định về công tác thi đua, khen thưởng ngành Giáo dục\n\n"
    "Căn cứ Luật Thi đua, khen thưởng; căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017;\n\n"
    "Điều 1. Phạm vi điều chỉnh.\n\n"
    "Nơi nhận:\n- Văn phòng Chính phủ;\n\nBỘ TRƯỞNG\n\nNguyễn Văn Khoa\n")


def test_attached_draft_is_its_own_zone_and_not_the_document() -> None:
    rec = record(CONG_VAN_WITH_DRAFT)
    names = [z.name for z in rec.zones]
    assert names[:2] == ["header", "body"]
    assert "attachment" in names and {"signature", "recipients"} <= set(names)
    # the attached circular's type, number and signer are not the công văn's
    assert rec.loai == "Công văn"
    assert rec.so_hieu == "215/PGDĐT"
    assert rec.nguoi_ky == "Lê Văn Bình"
    assert rec.don_vi == "Phòng Giáo dục và Đào tạo huyện Nam Sơn"
    # citations keep the zone they came from
    zones = {rec.van_ban_dan_chieu[i]: rec.provenance[f"van_ban_dan_chieu[{i}]"].zone
             for i in range(len(rec.van_ban_dan_chieu))}
    assert zones["88/SGDĐT-VP"] == "body" and zones["91/2017/NĐ-CP"] == "attachment"
    att = next(z for z in rec.zones if z.name == "attachment")
    assert rec.text[att.start:].startswith("BỘ GIÁO DỤC VÀ ĐÀO TẠO") and att.page == 1
    assert rec.provenance["so_hieu"].zone == "header"


def test_annex_after_recipients_is_not_a_recipient() -> None:
    rec = record(
        "CÔNG ĐOÀN GIÁO DỤC TỈNH TÂY SƠN\n\nSố: 30/QĐ-CĐGD\n\nTây Sơn, ngày 2 tháng 4 năm 2022"
        "\n\nQUYẾT ĐỊNH\nVề việc ban hành Quy chế khen thưởng\n\n"
        "Căn cứ Điều lệ Công đoàn Việt Nam;\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế."
        "\n\nNơi nhận:\n- Các CĐCS;\n- Lưu VT.\n\nTM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nTrần Thị Mai"
        "\n\nPHỤ LỤC\nMẫu đăng ký thi đua của các công đoàn cơ sở\n\n"
        "- Công đoàn trường Tiểu học Hòa Bình;\n- Công đoàn trường THCS An Phú.\n")
    assert [z.name for z in rec.zones][-1] == "annex"
    assert rec.noi_nhan and not any("Hòa Bình" in r or "An Phú" in r for r in rec.noi_nhan)
    assert rec.loai == "Quyết định"


def test_blank_sample_form_zone() -> None:
    rec = record(
        "TRƯỜNG THCS AN HÒA\n\nSố: 12/KH-THCS\n\nAn Hòa, ngày 5 tháng 9 năm 2020\n\n"
        "KẾ HOẠCH\nTổ chức hội thi đồ dùng dạy học năm học 2020-2021\n\n"
        "I. MỤC ĐÍCH\nNâng cao chất lượng dạy học trong nhà trường.\n\n"
        "Nơi nhận:\n- Các tổ chuyên môn;\n- Lưu VT.\n\nHIỆU TRƯỞNG\n\nNguyễn Văn Tư\n\n"
        "(Mẫu 1 - áp dụng cho các trường)\nĐơn vị: ...........\nDANH SÁCH DỰ THI\n"
        "An Hòa, ngày … tháng … năm 20..\nHIỆU TRƯỞNG\n(Ký tên và đóng dấu)\n")
    assert "form" in [z.name for z in rec.zones]
    assert rec.nguoi_ky == "Nguyễn Văn Tư"
    assert rec.ngay == "2020-09-05"


def test_issuer_block_wrapped_name_misspelt_motto_damaged_label() -> None:
    rec = record(
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH HÀ GIANG\nCÔNG ĐOÀN NGÀNH\nGIÁO DỤC HÀ GIANG\n"
        "CỘNG HÕA XÃ HỘI CHỦ NGHỈA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Sé; 41/KH-CĐN\n\nHà Giang, ngày 9 tháng 3 năm 2021\n\n"
        "KẾ HOẠCH\nTổ chức tháng công nhân năm 2021\n\nCăn cứ Chương trình công tác năm.\n")
    assert rec.so_hieu == "41/KH-CĐN"
    assert rec.don_vi_raw == "Công đoàn ngành Giáo dục Hà Giang"  # as written
    assert rec.don_vi == "Công đoàn ngành Giáo dục tỉnh Hà Giang"  # one spelling per unit
    assert "CỘNG" not in at(rec, "don_vi")


def test_tone_normaliser_leaves_glued_words() -> None:
    assert tone_style("ĐỘNGTỈNH") == "ĐỘNGTỈNH"
    assert tone_style("hoà thuỷ khoẻ giỏi quý") == "hòa thủy khỏe giỏi quý"


def test_subject_stop_rules() -> None:
    rec = record(
        "TRƯỜNG THCS AN HÒA\n\nSố: 58/KH-THCS\n\nAn Hòa, ngày 19 tháng 9 năm 2019\n\n"
        "KẾ HOẠCH\nThực hiện nhiệm vụ năm học 2019 – 2020\nA. CĂN CỨ LẬP KẾ HOẠCH\n"
        "Căn cứ Chỉ thị số 11/CT-UBND ngày 13/8/2019.\n")
    assert rec.trich_yeu == "Thực hiện nhiệm vụ năm học 2019 – 2020"
    rec = record(
        "ỦY BAN NHÂN DÂN\nTỈNH BẠCH LONG\n\nSố: 1561/QĐ-UBND\n\n"
        "Bạch Long, ngày 13 tháng 8 năm 2020\n\nQUYẾT ĐỊNH\nBan hành Kế hoạch thời gian năm học"
        "\n2020 - 2021\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nCăn cứ Luật Tổ chức chính quyền.\n")
    assert rec.trich_yeu == "Ban hành Kế hoạch thời gian năm học 2020 - 2021"
    rec = record(
        "UBND HUYỆN NAM SƠN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 539/PGDĐT\n"
        "V/v kiểm tra cuối học kỳ I lớp 9\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập – Tự do – Hạnh phúc\nNam Sơn, ngày 07 tháng 12 năm 2020\n\n"
        "Kính gửi: Hiệu trưởng các trường THCS.\n")
    assert rec.trich_yeu == "kiểm tra cuối học kỳ I lớp 9"
    assert rec.loai == "Công văn" and rec.ngay == "2020-12-07"


def test_date_line_rules() -> None:
    # a body sentence is not the date line
    rec = record("BẢN TIN CÔNG ĐOÀN\n\nTrước đó, ngày 12/10/2020 Ban Thường vụ đã họp.\n\n"
                 "Hội nghị diễn ra sôi nổi.\n")
    assert rec.ngay != "2020-10-12"
    # OCR read the comma as a full stop; a place with a number; `TP.` glued to the place
    rec = record("UBND TỈNH ĐẮK NÔNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 77/SGDĐT\n"
                 "Đắk Nông. ngày 5 tháng 3 năm 2021\n\nTHÔNG BÁO\nLịch nghỉ Tết\n\nCăn cứ.\n")
    assert rec.ngay == "2021-03-05" and rec.dia_danh == "Đắk Nông"
    rec = record("TRƯỜNG TIỂU HỌC QUANG MINH\nSố : 32/QĐ-THQM\nPhường 5, ngày 02 tháng 11 năm "
                 "2020\n\nQUYẾT ĐỊNH\nThành lập Ban tổ chức\n\nCăn cứ Điều lệ.\n")
    assert rec.ngay == "2020-11-02" and rec.dia_danh == "Phường 5"
    rec = record("UBND THÀNH PHỐ BẠCH LONG\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố :40/KH-PGDĐT\n"
                 "TP.Bạch Long, ngày 01 tháng 12 năm 2020\n\nKẾ HOẠCH HOẠT ĐỘNG THÁNG 12\n\n"
                 "A. ĐÁNH GIÁ\n")
    assert rec.dia_danh == "Bạch Long"


def test_number_typed_below_its_label() -> None:
    # the content stream put the typed number three lines under `Số: /PGDĐT`
    rec = record("UBND HUYỆN NAM SƠN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n¯¯¯¯¯¯¯¯\nSố: /PGDĐT\n"
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n"
                 "537 | Nam Sơn, ngày 03 tháng 12 năm 2020\nV/v tổ chức thi giảng dạy\n\n"
                 "Kính gửi: các trường.\n")
    assert rec.so_hieu == "537/PGDĐT"
    assert rec.don_vi == "Phòng Giáo dục và Đào tạo huyện Nam Sơn"


def test_types_annex_schedule_and_law_number() -> None:
    rec = record("BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\nPHỤ LỤC\nDanh mục thiết bị dạy học tối thiểu\n"
                 "(Kèm theo Công văn số 1125/BGDĐT-GDTH ngày 31 tháng 3 năm 2020)\n\n"
                 "1. Môn Toán\n")
    assert rec.loai == "Phụ lục" and rec.ngay == "2020-03-31"
    rec = record("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
                 "LỊCH THI VÀ KIỂM TRA GIỮA HỌC KỲ II\nNĂM HỌC 2019-2020\n"
                 "TT | Thứ, ngày | Buổi | Môn\n1 | 25/5/2020 | Sáng | Toán\n")
    assert rec.loai == "Lịch"
    assert rec.trich_yeu == "Thi và kiểm tra giữa học kỳ II năm học 2019-2020"
    rec = record("QUỐC HỘI\n-------\nLuật số: 43/2019/QH14 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\n\nLUẬT\nGIÁO DỤC\n\nCăn cứ Hiến pháp;\n")
    assert rec.so_hieu == "43/2019/QH14" and rec.loai == "Luật"
    assert rec.don_vi == "Quốc hội"


def test_docx_zones_in_extract_json(tmp_path: Path) -> None:
    path = docx_of_lines(CONG_VAN_WITH_DRAFT, tmp_path / "cv.docx")
    out = extract_json(str(path))
    assert out["loai"] == "Công văn" and out["nguoi_ky"] == "Lê Văn Bình"
    names = [z["name"] for z in out["zones"]]
    assert names[0] == "header" and "attachment" in names
    assert all({"name", "page", "start", "end"} <= set(z) for z in out["zones"])
    assert out["provenance"]["so_hieu"]["zone"] == "header"


def test_html_placeholder_title_and_lead_outside_article(tmp_path: Path) -> None:
    html = ("<html><head><title>Document</title></head><body>"
            "<div class='top'><h1>Công đoàn Giáo dục tỉnh Tây Sơn tổng kết năm học</h1></div>"
            "<p class='sapo'>Sáng 20/6, Công đoàn Giáo dục tỉnh Tây Sơn tổ chức hội nghị "
            "tổng kết hoạt động năm học 2021-2022.</p>"
            "<div class='content'><p>" + "Hội nghị đánh giá kết quả các phong trào thi đua. " * 8
            + "</p><p>" + "Các công đoàn cơ sở đã hoàn thành nhiệm vụ được giao. " * 6
            + "</p></div></body></html>")
    path = tmp_path / "tin.html"
    path.write_text(html, encoding="utf-8")
    rec = process_file(path)
    assert rec.meta.get("title") == "Công đoàn Giáo dục tỉnh Tây Sơn tổng kết năm học"
    assert rec.trich_yeu != "Document"
    assert "Sáng 20/6" in rec.text


def test_gazetteer_key_joins_spellings() -> None:
    a = unit_key("Công đoàn ngành Giáo dục Hà Giang")
    assert a == unit_key("Công đoàn Giáo dục tỉnh Hà Giang") == unit_key("CĐN Giáo dục Hà Giang")
    assert a != unit_key("Công đoàn Giáo dục tỉnh Lai Châu")
    assert matches("cong doan giao duc ha giang", a) and not matches("Lai Châu", a)


def _rec(name: str, don_vi: str) -> Record:
    text = f"Văn bản {name} của {don_vi}."
    return Record(path=f"/kho/{name}.txt", sha256=hashlib.sha256(name.encode()).hexdigest(),
                  format="text", text=text,
                  paragraphs=[Paragraph(index=0, text=text, start=0, end=len(text))],
                  don_vi=don_vi, cap="nganh", tinh="Hà Giang", ngay="2021", loai="Kế hoạch")


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_don_vi_filter_finds_every_spelling(tmp_path: Path, engine: str) -> None:
    arch = Archive(tmp_path / engine, engine)
    docs = [_rec("a", "Công đoàn ngành Giáo dục Hà Giang"),
            _rec("b", "Công đoàn Giáo dục tỉnh Hà Giang"),
            _rec("c", "Công đoàn Giáo dục tỉnh Lai Châu")]
    ids = [arch.store.put(r)[0] for r in docs]
    add_documents(arch.store, arch.engine, ids)
    known = {r["name"] for r in arch.store.unit_names("Công đoàn ngành Giáo dục Hà Giang")}
    assert known == {"Công đoàn ngành Giáo dục Hà Giang", "Công đoàn Giáo dục tỉnh Hà Giang"}
    for typed in ("Công đoàn ngành Giáo dục Hà Giang", "cong doan giao duc tinh ha giang",
                  "CĐN Giáo dục Hà Giang"):
        res = search(arch.store, arch.engine, "", Filters(don_vi=typed), limit=10)
        assert sorted(h["path"] for h in res["hits"]) == ["/kho/a.txt", "/kho/b.txt"], typed
    arch.close()
