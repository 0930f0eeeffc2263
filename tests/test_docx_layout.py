"""DOCX header layouts (issue 13): an issuer block in a Word text box, and a header table
framed by an outer one-cell table. Each test writes a small document with python-docx (the
text box as raw WordprocessingML, the way Word stores it: a drawing and its VML fallback)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from vanban.ingest.pipeline import process_file
from vanban.ingest.readers import read

LEFT = ["UBND HUYỆN HOÀ AN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Số: 147/KH-PGDĐT"]
RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Hoà An, ngày 15 tháng 9 năm 2021"]
BODY = ["Căn cứ Kế hoạch số 12/KH-SGDĐT ngày 10/9/2021 của Sở Giáo dục và Đào tạo về việc "
        "tổ chức hội thi giáo viên dạy giỏi;",
        "Phòng Giáo dục và Đào tạo xây dựng kế hoạch tổ chức hội thi giáo viên dạy giỏi cấp "
        "huyện như sau:"]


def _title_and_body(d) -> None:
    d.add_paragraph("KẾ HOẠCH").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("Tổ chức hội thi giáo viên dạy giỏi cấp huyện").alignment = \
        WD_ALIGN_PARAGRAPH.CENTER
    for t in BODY:
        d.add_paragraph(t)


def _text_box_docx(path: Path) -> Path:
    """The issuer column in a text box anchored in the motto's paragraph."""
    d = docx.Document()
    for t in RIGHT:
        d.add_paragraph(t).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _title_and_body(d)
    plain = path.with_suffix(".plain.docx")
    d.save(str(plain))
    paras = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in LEFT)
    box = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-'
        'compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wps:wsp xmlns:wps="http://'
        'schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent>'
        + paras + '</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback>'
        '<w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
        + paras + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>")
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                at = xml.index("<w:r>", xml.index("<w:body>"))  # the first paragraph's run
                data = (xml[:at] + box + xml[at:]).encode("utf-8")
            zout.writestr(item, data)
    return path


def test_text_box_is_read_once_as_its_own_paragraph(tmp_path: Path) -> None:
    path = _text_box_docx(tmp_path / "box.docx")
    text = read(path, "docx").pages[0].text
    assert text.startswith("\n".join(LEFT) + "\n\n" + RIGHT[0] + "\n\n"), text
    assert text.count("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO") == 1
    rec = process_file(path)
    assert rec.so_hieu == "147/KH-PGDĐT"
    assert rec.don_vi == "Phòng Giáo dục và Đào tạo huyện Hòa An"
    assert rec.ngay == "2021-09-15"


def test_header_table_inside_a_frame_table_is_read_once_by_columns(tmp_path: Path) -> None:
    d = docx.Document()
    inner = d.add_table(rows=1, cols=1).cell(0, 0).add_table(rows=3, cols=2)
    for i, (a, b) in enumerate(zip(LEFT, RIGHT, strict=True)):
        inner.cell(i, 0).text, inner.cell(i, 1).text = a, b
    _title_and_body(d)
    path = tmp_path / "frame.docx"
    d.save(str(path))
    text = read(path, "docx").pages[0].text
    assert text.startswith("\n".join(LEFT) + "\n\n" + "\n".join(RIGHT) + "\n\nKẾ HOẠCH"), text
    assert text.count("UBND HUYỆN HOÀ AN") == 1
    assert process_file(path).so_hieu == "147/KH-PGDĐT"
