"""PDF reader: text layer, running lines, ligatures, legacy layers, routing to OCR."""

from __future__ import annotations

import json

import pytest
from vanban.ingest.detect import detect_format
from vanban.ingest.readers import ReadError, read
from vanban.ingest.readers.pdf import classify, fix_lines, page_text, strip_running

from tests.readers_util import FORMATS, TRUTH, cer, joined


def test_text_pdf_matches_truth_without_running_lines() -> None:
    res = read(FORMATS / "doc0.pdf", "pdf")
    assert [p.method for p in res.pages] == ["text-layer"] * 3
    text = joined(res)
    assert "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" not in text  # running header
    assert "Trang 2" not in text
    assert cer(text, (TRUTH / "doc0.ref.txt").read_text(encoding="utf-8")) <= 0.1
    assert res.meta["running_lines"][0] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "Trang 1"]


def test_ligatures_mapped() -> None:
    res = read(FORMATS / "doc4_noto.pdf", "pdf")
    text = joined(res)
    assert not any("\ufb00" <= c <= "\ufb06" for c in text)
    assert cer(text, (TRUTH / "doc4.ref.txt").read_text(encoding="utf-8")) <= 0.1


def test_tcvn3_layer_converted_not_ocred() -> None:
    res = read(FORMATS / "doc1_tcvn3.pdf", "pdf")
    assert {p.method for p in res.pages} == {"converted-tcvn3"}
    assert cer(joined(res), (TRUTH / "doc1.ref.txt").read_text(encoding="utf-8")) <= 2.5


def test_no_tounicode_layer_goes_to_ocr() -> None:
    # what extractors return from doc0_notounicode.pdf: glyph ids as control characters
    layer = "\x01\x04\x05\x06\x07\x08\x05\t\n\x0b\x05\x06\x0c\n\x05\t\r\x04\x05\x0e" * 5
    assert classify(layer, 0.0) == "ocr"


def test_classify() -> None:
    viet = "Công đoàn phát động phong trào thi đua yêu nước trong công nhân viên chức. " * 4
    assert classify(viet, 0.0) == "text"
    assert classify("", 1.0) == "ocr"
    assert classify("", 0.0) == "text"  # a blank page
    garbled = "UY BAN NHAN DAN TINH HA GIANG Quyet dinh ve viec tang bang khen cua Chu tich " * 3
    assert classify(garbled, 1.0) == "ocr"
    assert classify(garbled, 0.0) == "text"  # no scan under it: a real (English-like) layer
    stamp = "Ký bởi: Phòng Giáo dục và Đào tạo huyện Hiệp Hòa, Thời gian ký: 30.10.2020"
    assert classify(stamp, 1.0) == "ocr"  # a scan with only a signature stamp as text
    assert classify("(cid:12)(cid:15)(cid:3) " * 20, 0.0) == "ocr"
    assert classify("Ph¸t ®éng phong trµo thi ®ua chµo mõng c¸c ngµy lÔ lín", 0.0) == "tcvn3"


def test_hyphen_join_and_paragraphs() -> None:
    text = fix_lines("giải phóng miền Nam (30/4/1975-\n30/4/2020) và ngày\nQuốc tế")
    assert "1975-30/4/2020" in text
    assert "ﬁ" not in fix_lines("ﬁnal")


def test_strip_running_lines() -> None:
    bodies = ["Căn cứ Điều lệ Công đoàn", "phong trào thi đua yêu nước", "Nơi nhận: như trên"]
    pages = [f"CÔNG ĐOÀN NGÀNH GIÁO DỤC\n{b} ({n})\nđoạn {b[:5]}\nTrang {n}"
             for n, b in enumerate(bodies, 1)]
    out, removed = strip_running(pages)
    assert all("CÔNG ĐOÀN NGÀNH" not in p and "Trang" not in p for p in out)
    assert removed[1] == ["CÔNG ĐOÀN NGÀNH GIÁO DỤC", "Trang 2"]
    assert "phong trào thi đua yêu nước (2)" in out[1]


def test_mixed_pdf_routed_page_by_page() -> None:
    res = read(FORMATS / "mixed_text_scan.pdf", "pdf")
    assert [p.method for p in res.pages] == ["text-layer", "text-layer", "ocr", "text-layer"]
    scan = res.pages[2]
    assert scan.confidence and scan.confidence > 80
    truth = "\n".join(json.loads((TRUTH / "doc0_rl.pages.json").read_text("utf-8"))[0][1:-1])
    assert cer(scan.text, truth) <= 0.5
    assert res.meta["ocr_pages"] == [3]


def _encrypted_pdf() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32
            + b"> /P -4 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccdd"
            b"eeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, xref))
    return bytes(out)


def test_encrypted_and_corrupt_pdf_raise_read_error(tmp_path) -> None:
    enc = tmp_path / "enc.pdf"
    enc.write_bytes(_encrypted_pdf())
    with pytest.raises(ReadError, match="mật khẩu"):
        read(enc, detect_format(enc))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    with pytest.raises(ReadError):
        read(bad, detect_format(bad))
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((FORMATS / "doc0.pdf").read_bytes()[:5000])
    try:
        res = read(cut, "pdf")  # pdfium may recover part of a truncated file
        assert res.format == "pdf"
    except ReadError:
        pass


def test_real_text_pdfs(shared) -> None:
    for name in ("r010.pdf", "r011.pdf", "r015.pdf"):
        res = read(shared / "corpus" / "real" / name, "pdf")
        assert {p.method for p in res.pages} == {"text-layer"}, name
        assert "Đại hội" in joined(res) or "phong trào" in joined(res)


def test_garbled_layer_is_routed_to_ocr(shared) -> None:
    import pypdfium2 as pdfium
    from vanban.ingest.readers.pdf import _image_dpi

    pdf = pdfium.PdfDocument(str(shared / "corpus" / "real" / "r029.pdf"))
    try:
        page = pdf[0]
        assert classify(page_text(page), _image_dpi(page)[1]) == "ocr"
    finally:
        pdf.close()


def _overlay_pdf() -> bytes:
    """A one-page PDF whose content has `So:    /KH-ABC` and `ngay    thang 10 nam 2020` with
    the number and day in form-field appearances laid over the blanks (as e-office does)."""
    content = (b"BT /F1 12 Tf 72 700 Td (So:        /KH-ABC) Tj ET\n"
               b"BT /F1 12 Tf 300 700 Td (ngay       thang 10 nam 2020) Tj ET\n"
               b"BT /F1 12 Tf 72 650 Td (KE HOACH) Tj ET\n")
    ap = b"BT /F1 12 Tf 2 4 Td (25) Tj ET"
    ap2 = b"BT /F1 12 Tf 2 4 Td (30) Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 8 0 R] >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R 8 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (s1) /F 4 /Rect [100 695 125 715] "
        b"/P 3 0 R /AP << /N 7 0 R >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 25 20] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n" % len(ap)
        + ap + b"\nendstream",
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (s2) /F 4 /Rect [330 695 355 715] "
        b"/P 3 0 R /AP << /N 9 0 R >> >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 25 20] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n" % len(ap2)
        + ap2 + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_form_field_overlays_put_back_in_their_line(tmp_path) -> None:
    # the signed-PDF number/day live in widget appearances, not in the page content
    path = tmp_path / "signed.pdf"
    path.write_bytes(_overlay_pdf())
    text = read(path, "pdf").pages[0].text
    assert "So: 25 /KH-ABC" in text
    assert "ngay 30 thang 10 nam 2020" in text
    assert "KE HOACH" in text and text.count("25") == 1
