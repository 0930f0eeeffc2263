"""DOCX reader: body order, tables, headers/footers apart, NFC, zip bombs, broken files."""

from __future__ import annotations

import zipfile

import pytest
from vanban.ingest.detect import detect_format
from vanban.ingest.readers import ReadError, read

from tests.readers_util import FORMATS, TRUTH, cer, joined


def test_docx_matches_truth_header_footer_apart() -> None:
    res = read(FORMATS / "doc0.docx", "docx")
    text = joined(res)
    assert cer(text, (TRUTH / "doc0.ref.txt").read_text(encoding="utf-8")) <= 0.1
    assert res.meta["header"] == "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"
    assert "Trang" in res.meta["footer"]
    assert "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" not in text
    assert res.pages[0].method == "docx"


def test_nfd_docx_comes_out_nfc() -> None:
    import unicodedata

    text = joined(read(FORMATS / "doc3_nfd.docx", "docx"))
    assert unicodedata.is_normalized("NFC", text)
    assert cer(text, (TRUTH / "doc3.ref.txt").read_text(encoding="utf-8")) <= 0.1


def test_tables_and_order(tmp_path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("Mở đầu văn bản")
    layout = d.add_table(rows=2, cols=2)
    layout.cell(0, 0).text = "LIÊN ĐOÀN LAO ĐỘNG TỈNH"
    layout.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    layout.cell(1, 0).text = "Số: 12/KH-LĐLĐ"
    layout.cell(1, 1).text = "Hà Giang, ngày 2 tháng 3 năm 2020"
    d.add_paragraph("Giữa hai bảng")
    data = d.add_table(rows=4, cols=4)
    for r in range(4):
        for c in range(4):
            data.cell(r, c).text = f"{r}.{c}" if c else f"Đơn vị {r}"
    d.add_paragraph("Kết thúc")
    d.sections[0].header.paragraphs[0].text = "ĐẦU TRANG"
    d.sections[0].footer.paragraphs[0].text = "CHÂN TRANG"
    path = tmp_path / "t.docx"
    d.save(path)
    assert detect_format(path) == "docx"
    res = read(path, "docx")
    paras = res.pages[0].text.split("\n\n")
    assert paras[0] == "Mở đầu văn bản"
    assert paras[1] == "LIÊN ĐOÀN LAO ĐỘNG TỈNH\nSố: 12/KH-LĐLĐ"  # layout table by column
    assert paras[2] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Giang, ngày 2 tháng 3 năm 2020"
    assert paras[3] == "Giữa hai bảng"
    assert paras[4] == "Đơn vị 0 | 0.1 | 0.2 | 0.3"  # data table as rows of cells
    assert paras[-1] == "Kết thúc"
    assert res.meta["header"] == "ĐẦU TRANG" and res.meta["footer"] == "CHÂN TRANG"
    assert "ĐẦU TRANG" not in res.pages[0].text


def test_zip_bomb_refused(tmp_path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/big.bin", b"\0" * (210 * 1024 * 1024))
    with pytest.raises(ReadError, match="bom giải nén"):
        read(path, "docx")


def test_entity_expansion_not_resolved(tmp_path) -> None:
    src = FORMATS / "doc0.docx"
    path = tmp_path / "laughs.docx"
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "hahahahahahahahahaha">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                        for i in range(8))
              + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
              'main"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = laughs.encode() if item.filename == "word/document.xml" else zin.read(item)
            zout.writestr(item, data)
    try:
        res = read(path, "docx")
        assert len(joined(res)) < 10_000
    except ReadError:
        pass


def test_corrupt_docx(tmp_path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(ReadError):
        read(path, "docx")
    cut = tmp_path / "cut.docx"
    cut.write_bytes((FORMATS / "doc0.docx").read_bytes()[:20000])
    with pytest.raises(ReadError):
        read(cut, "docx")


def test_tcvn3_docx_converted(tmp_path) -> None:
    import docx

    d = docx.Document()
    for _ in range(3):
        d.add_paragraph("Ph¸t ®éng phong trµo thi ®ua chµo mõng c¸c ngµy lÔ lín trong n¨m 2020")
    path = tmp_path / "vntime.docx"
    d.save(path)
    res = read(path, "docx")
    assert res.pages[0].method == "converted-tcvn3"
    assert "Phát động phong trào thi đua chào mừng các ngày lễ lớn" in res.pages[0].text
