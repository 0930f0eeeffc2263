"""Issue 13: zones embedded in the main document — a quoted or reproduced passage (`quote`) and
a copy stamp (`copy`: SAO Y BẢN CHÍNH, SAO LỤC, TRÍCH SAO). Their number, date, issuer and signer
are never the document's own; citations and figures found in them carry their zone."""

from __future__ import annotations

from pathlib import Path

from tests.fields_util import docx_of_lines, record
from vanban.archive import extract as extract_json

HEAD = ("LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY SƠN\nCÔNG ĐOÀN NGÀNH GIÁO DỤC\n\n"
        "Số: 45/CĐN-VP\nV/v triển khai Kế hoạch Tháng Công nhân\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Tây Sơn, ngày 12 tháng 4 năm 2023\n\n"
        "Kính gửi: Các công đoàn cơ sở trực thuộc.\n\n")
CLOSE = ("Nơi nhận:\n- Như trên;\n- Lưu: VP.\n\nTM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\n"
         "Phạm Thị Hoa\n")
QUOTED = (
    "“LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY SƠN\n"
    "Số: 123/KH-LĐLĐ\n"
    "Tây Sơn, ngày 02 tháng 3 năm 2023\n"
    "KẾ HOẠCH\nTổ chức Tháng Công nhân năm 2023\n"
    "Căn cứ Kế hoạch số 77/KH-TLĐ ngày 10/01/2023 của Tổng Liên đoàn Lao động Việt Nam;\n"
    "Phấn đấu 100% công đoàn cơ sở tổ chức đối thoại với người sử dụng lao động.\n"
    "Nơi nhận:\n- Các công đoàn ngành;\n- Lưu VT.\n"
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn Bảo”\n\n")


def _zone_of(rec, needle: str) -> str | None:
    i = rec.text.index(needle)
    return next(z.name for z in rec.zones if z.start <= i < z.end)


def _cite_zones(rec) -> dict[str, str | None]:
    return {c: rec.provenance[f"van_ban_dan_chieu[{i}]"].zone
            for i, c in enumerate(rec.van_ban_dan_chieu)}


def _forwarding(intro: str, quoted: str = QUOTED) -> str:
    return (HEAD + intro + quoted
            + "Đề nghị các công đoàn cơ sở triển khai thực hiện, báo cáo kết quả trước "
              "ngày 30/5/2023.\n\n" + CLOSE)


def test_quoted_plan_in_a_cong_van_is_a_quote_zone() -> None:
    rec = record(_forwarding("Thực hiện Kế hoạch số 123/KH-LĐLĐ ngày 02/3/2023 của Liên đoàn "
                             "Lao động tỉnh, trích nội dung như sau:\n\n"))
    names = [z.name for z in rec.zones]
    assert "quote" in names
    assert _zone_of(rec, "Số: 123/KH-LĐLĐ") == "quote"
    assert _zone_of(rec, "Trần Văn Bảo") == "quote"
    assert _zone_of(rec, "Đề nghị các công đoàn") == "body"  # the body resumes after it
    assert rec.so_hieu == "45/CĐN-VP" and rec.loai == "Công văn"
    assert rec.ngay == "2023-04-12"
    assert rec.nguoi_ky == "Phạm Thị Hoa"
    assert rec.don_vi and "Giáo dục" in rec.don_vi
    cz = _cite_zones(rec)
    assert cz["77/KH-TLĐ"] == "quote"
    assert cz["123/KH-LĐLĐ"] == "body"  # cited by the forwarding sentence itself
    assert all(f.span.zone == "quote" for f in rec.chi_tieu if f.span.start >= rec.text.index(
        "Phấn đấu") and f.span.start < rec.text.index("Trần Văn Bảo"))


def test_reproduced_text_without_quote_marks_nguyen_van() -> None:
    rec = record(_forwarding("Thực hiện Kế hoạch số 123/KH-LĐLĐ của Liên đoàn Lao động tỉnh, "
                             "Công đoàn ngành sao gửi nguyên văn nội dung như sau:\n\n",
                             QUOTED.replace("“", "").replace("”", "")))
    assert _zone_of(rec, "Số: 123/KH-LĐLĐ") == "quote"
    assert _zone_of(rec, "Đề nghị các công đoàn") == "body"
    assert rec.nguoi_ky == "Phạm Thị Hoa" and rec.so_hieu == "45/CĐN-VP"


def test_long_passage_in_quotation_marks_is_a_quote() -> None:
    passage = ("\"Điều 5. Đoàn viên công đoàn có trách nhiệm tham gia các phong trào thi đua do "
               "công đoàn phát động.\nSố: 9/QĐ-TLĐ, Hà Nội, ngày 5 tháng 1 năm 2020\n"
               "Các cấp công đoàn phải bảo đảm 95% đoàn viên được tuyên truyền.\"\n\n")
    rec = record(HEAD + "Công đoàn ngành nhắc lại quy định của Điều lệ:\n\n" + passage
                 + "Đề nghị các đơn vị thực hiện nghiêm.\n\n" + CLOSE)
    assert _zone_of(rec, "Điều 5. Đoàn viên") == "quote"
    assert rec.so_hieu == "45/CĐN-VP" and rec.ngay == "2023-04-12"
    assert _cite_zones(rec).get("9/QĐ-TLĐ") == "quote"


def test_short_inline_quote_is_not_a_zone() -> None:
    rec = record(HEAD + "Hưởng ứng phong trào “Giỏi việc nước, đảm việc nhà” trong nữ "
                 "đoàn viên.\n\n“Đoàn kết - Sáng tạo”\n\n" + CLOSE)
    assert "quote" not in [z.name for z in rec.zones]


COPY_END = ("\n\nSAO Y BẢN CHÍNH\nVĂN PHÒNG UBND HUYỆN NAM SƠN\nSố: 12/SY-VP\n"
            "Nam Sơn, ngày 20 tháng 4 năm 2023\nNơi nhận:\n- Các trường học;\n- Lưu VT.\n"
            "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nĐỗ Minh Quang\n")


def test_copy_stamp_at_the_end_is_its_own_zone() -> None:
    base = HEAD + "Công đoàn ngành đề nghị các công đoàn cơ sở tổ chức Tháng Công nhân.\n\n"
    rec = record(base + "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nPhạm Thị Hoa" + COPY_END)
    assert [z.name for z in rec.zones][-1] == "copy"
    assert _zone_of(rec, "SAO Y BẢN CHÍNH") == "copy"
    assert _zone_of(rec, "Đỗ Minh Quang") == "copy"
    assert rec.so_hieu == "45/CĐN-VP" and rec.ngay == "2023-04-12"
    assert rec.nguoi_ky == "Phạm Thị Hoa"
    assert rec.don_vi and "Nam Sơn" not in rec.don_vi
    assert not any("trường học" in r for r in rec.noi_nhan or [])


def test_copy_stamp_at_the_top_of_a_scanned_page() -> None:
    top = ("SAO LỤC\nUBND HUYỆN NAM SƠN\nSố: 7/SL-UBND\nNam Sơn, ngày 3 tháng 5 năm 2023\n"
           "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nĐỗ Minh Quang\n\n")
    body = "Công đoàn ngành đề nghị các công đoàn cơ sở tổ chức Tháng Công nhân.\n\n"
    rec = record(top + HEAD + body + CLOSE)
    assert rec.zones[0].name == "copy"
    assert _zone_of(rec, "Đỗ Minh Quang") == "copy"
    assert rec.so_hieu == "45/CĐN-VP" and rec.ngay == "2023-04-12"
    assert rec.nguoi_ky == "Phạm Thị Hoa"
    assert rec.don_vi and "Nam Sơn" not in rec.don_vi


def test_docx_quote_and_copy_zones_in_extract_json(tmp_path: Path) -> None:
    text = _forwarding("Thực hiện Kế hoạch số 123/KH-LĐLĐ của Liên đoàn Lao động tỉnh, trích "
                       "nội dung như sau:\n\n")
    text = text.rstrip("\n") + COPY_END
    path = docx_of_lines(text, tmp_path / "cv.docx")
    out = extract_json(str(path))
    names = [z["name"] for z in out["zones"]]
    assert "quote" in names and names[-1] == "copy"
    assert out["so_hieu"] == "45/CĐN-VP" and out["nguoi_ky"] == "Phạm Thị Hoa"
    q = next(z for z in out["zones"] if z["name"] == "quote")
    assert out["text"][q["start"]:q["end"]].lstrip("“\" ").startswith("LIÊN ĐOÀN")
    assert all({"name", "page", "start", "end"} <= set(z) for z in out["zones"])


def test_copy_stamp_beside_its_office_in_two_columns() -> None:
    stamp = ("\n\nUBND HUYỆN NAM SƠN          SAO Y BẢN CHÍNH\nVĂN PHÒNG\n"
             "Số: 12/SY-VP                Nam Sơn, ngày 20 tháng 4 năm 2023\n"
             "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n(Đã ký)\nĐỗ Minh Quang\n")
    base = HEAD + "Công đoàn ngành đề nghị các công đoàn cơ sở tổ chức Tháng Công nhân.\n\n"
    rec = record(base + CLOSE.rstrip("\n") + stamp)
    copy = next(z for z in rec.zones if z.name == "copy")
    assert rec.text[copy.start:].startswith("UBND HUYỆN NAM SƠN")
    assert _zone_of(rec, "Đỗ Minh Quang") == "copy" and _zone_of(rec, "Phạm Thị Hoa") != "copy"
    assert rec.so_hieu == "45/CĐN-VP" and rec.nguoi_ky == "Phạm Thị Hoa"
    assert rec.chuc_vu == "Chủ tịch"


def test_show_and_extract_json_give_the_same_zones(tmp_path: Path) -> None:
    from vanban.archive import Archive

    src = tmp_path / "cv.txt"
    src.write_text(_forwarding("Thực hiện Kế hoạch số 123/KH-LĐLĐ của Liên đoàn Lao động tỉnh, "
                               "trích nội dung như sau:\n\n") + COPY_END, encoding="utf-8")
    out = extract_json(str(src))
    with Archive(tmp_path / "data") as a:
        a.ingest([src])
        shown = a.show("1", with_text=True)
    assert shown["zones"] == out["zones"]
    names = [z["name"] for z in shown["zones"]]
    assert "quote" in names and names[-1] == "copy"
    q = next(z for z in shown["zones"] if z["name"] == "quote")
    assert shown["text"][q["start"]:q["end"]].startswith("“LIÊN ĐOÀN")
    cites = {c: shown["provenance"][f"van_ban_dan_chieu[{i}]"]["zone"]
             for i, c in enumerate(shown["van_ban_dan_chieu"])}
    assert cites["77/KH-TLĐ"] == "quote"


def test_signature_under_a_long_recipients_list() -> None:
    lst = "".join(f"- Công đoàn cơ sở trường số {k} (t/h);\n" for k in range(1, 19))
    rec = record(HEAD + "Công đoàn ngành đề nghị các công đoàn cơ sở thực hiện.\n\n"
                 "Nơi nhận:\nGửi bản điện tử:\n" + lst + "Gửi bản giấy:\n- Lưu: VT.\n\n"
                 "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nPhạm Thị Hoa\n")
    assert [z.name for z in rec.zones][-2:] == ["recipients", "signature"]
    assert _zone_of(rec, "Phạm Thị Hoa") == "signature"
    assert rec.nguoi_ky == "Phạm Thị Hoa"


def test_ocr_damaged_stamp_and_a_cue_without_a_reproduced_closing() -> None:
    stamp = ("\n\nSAO Y BÁN CHÍNH\nVĂN PHÒNG UBND HUYỆN NAM SƠN\nSố: 12/SY-VP\n"
             "Nam Sơn, ngày 20 tháng 4 năm 2023\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nĐỗ Minh Quang\n")
    base = HEAD + "Công đoàn ngành đề nghị các công đoàn cơ sở tổ chức Tháng Công nhân.\n\n"
    rec = record(base + "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nPhạm Thị Hoa" + stamp)
    assert _zone_of(rec, "Đỗ Minh Quang") == "copy" and rec.nguoi_ky == "Phạm Thị Hoa"
    # a cue whose text has no closing of its own: the main closing is never cut away
    rec = record(HEAD + "Thực hiện Kế hoạch số 123/KH-LĐLĐ, trích nội dung như sau:\n\n"
                 "Các công đoàn cơ sở tổ chức đối thoại.\n\n" + CLOSE
                 + "\nĐề nghị các đơn vị lưu ý thời hạn.\n")
    assert "quote" not in [z.name for z in rec.zones]
    assert rec.nguoi_ky == "Phạm Thị Hoa"
