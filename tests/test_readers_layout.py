"""Column layout shared by the readers, and every real non-scan file through the pipeline."""

from __future__ import annotations

from vanban.ingest.readers.ocr import _layout_text
from vanban.ingest.readers.tables import assemble_lines, table_paragraphs


def test_layout_table_by_columns_data_table_by_rows() -> None:
    header = [["UBND TỈNH BẮC NINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
              ["Số: 322/UBND-KGVX", "Bắc Ninh, ngày 17 tháng 5 năm 2021"]]
    assert table_paragraphs(header) == [
        "UBND TỈNH BẮC NINH\nSố: 322/UBND-KGVX",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nBắc Ninh, ngày 17 tháng 5 năm 2021"]
    data = [["STT", "Đơn vị", "Số đoàn viên", "Tỷ lệ"], ["1", "CĐCS A", "120", "98%"]]
    assert table_paragraphs(data) == ["STT | Đơn vị | Số đoàn viên | Tỷ lệ",
                                      "1 | CĐCS A | 120 | 98%"]


def test_assemble_lines() -> None:
    text = assemble_lines([(["ỦY BAN NHÂN DÂN", "CỘNG HÒA"], True), (["TỈNH X", "Độc lập"], False),
                           (["QUYẾT ĐỊNH"], True), (["Về việc"], False), (["Điều 1."], True)])
    assert text == "ỦY BAN NHÂN DÂN\nTỈNH X\n\nCỘNG HÒA\nĐộc lập\n\nQUYẾT ĐỊNH\nVề việc\n\nĐiều 1."


def test_ocr_tsv_columns() -> None:
    head = "\t".join(["level", "page_num", "block_num", "par_num", "line_num", "word_num",
                      "left", "top", "width", "height", "conf", "text"])
    rows = [(1, 1, 1, 1, 10, "UBND"), (1, 1, 1, 2, 120, "TỈNH"), (1, 1, 1, 3, 900, "CỘNG"),
            (1, 1, 1, 4, 1010, "HÒA"), (1, 1, 2, 1, 10, "Số:"), (1, 1, 2, 2, 900, "Hà"),
            (2, 1, 1, 1, 10, "Căn"), (2, 1, 1, 2, 100, "cứ")]
    tsv = "\n".join([head] + [f"5\t1\t{b}\t{p}\t{ln}\t{w}\t{x}\t0\t80\t40\t95\t{t}"
                              for b, p, ln, w, x, t in rows])
    assert _layout_text(tsv) == "UBND TỈNH\nSố:\n\nCỘNG HÒA\nHà\n\nCăn cứ"


def test_real_files_through_pipeline(shared) -> None:
    from vanban.ingest.pipeline import process_file

    real = shared / "corpus" / "real"
    for name in ("r001.doc", "r006.doc", "r008.doc", "r010.pdf", "r011.pdf", "r015.pdf",
                 "r018.html", "r020.html", "r022.html", "r026.md", "r030.html"):
        rec = process_file(real / name)
        assert rec.text.strip(), name
        assert all(p.method in ("text", "text-layer", "doc", "html") for p in rec.pages), name
