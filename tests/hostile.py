"""A hostile-input corpus, generated (no committed binaries): broken, encrypted, disguised,
bombed and oddly named files, as an archive of decades of union files contains.

`make_corpus(root)` writes every case and returns their descriptions. Each case says what the
user must see: "failed" (always refused, with a Vietnamese reason), "ok" (always ingested) or
"either" (depends on which readers are installed: ingested, or refused with a reason).
"""

from __future__ import annotations

import hashlib
import os
import struct
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import SAMPLES, variant

SECRET = "BI-MAT-NGOAI-KHO-7731"  # in a file outside the corpus that an XXE points at


@dataclass
class Case:
    name: str  # short id for the table
    rel: str  # path inside the corpus root (str: may hold odd characters)
    expect: str  # "failed" | "ok" | "either"
    what: str  # what the case is, for the report
    bomb: bool = False  # measure peak memory on its own


# -- PDF ------------------------------------------------------------------------------------
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _pdf_escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def make_pdf(pages: list[str], user_pw: str | None = None, owner_pw: str | None = None,
             shared_content: bool = False) -> bytes:
    """A small valid PDF (Helvetica text, one line per page). With `owner_pw` it is encrypted
    with the standard security handler (RC4 40-bit, R2): an empty `user_pw` opens it without
    a password, a non-empty one does not. `shared_content` makes all pages draw one stream
    (a long document in a few KB)."""
    file_id = hashlib.md5("".join(pages).encode()).digest()
    key = None
    encrypt_dict = b""
    if owner_pw is not None:
        upad = ((user_pw or "").encode("latin-1") + _PAD)[:32]
        opad = ((owner_pw or user_pw or "").encode("latin-1") + _PAD)[:32]
        o_val = _rc4(hashlib.md5(opad).digest()[:5], upad)
        p_val = -3904
        key = hashlib.md5(upad + o_val + struct.pack("<i", p_val) + file_id).digest()[:5]
        u_val = _rc4(key, _PAD)
        encrypt_dict = (b"<< /Filter /Standard /V 1 /R 2 /O <" + o_val.hex().encode() +
                        b"> /U <" + u_val.hex().encode() + b"> /P " + str(p_val).encode() +
                        b" >>")

    objs: dict[int, bytes] = {}
    n = len(pages)
    first_page = 4
    content_ids = [first_page + n] * n if shared_content else \
        [first_page + n + i for i in range(n)]
    kids = b" ".join(f"{first_page + i} 0 R".encode() for i in range(n))
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n).encode() + b" >>"
    objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for i in range(n):
        objs[first_page + i] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 "
            b"3 0 R >> >> /Contents " + str(content_ids[i]).encode() + b" 0 R >>")
    texts = pages[:1] if shared_content else pages
    for i, text in enumerate(texts):
        num = first_page + n + i
        stream = b"BT /F1 12 Tf 72 760 Td (" + _pdf_escape(text) + b") Tj ET"
        if key is not None:
            okey = hashlib.md5(key + struct.pack("<I", num)[:3] + b"\x00\x00").digest()[:10]
            stream = _rc4(okey, stream)
        objs[num] = (b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream +
                     b"\nendstream")
    enc_num = None
    if encrypt_dict:
        enc_num = max(objs) + 1
        objs[enc_num] = encrypt_dict
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + objs[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for num in range(1, size):
        out += f"{offsets[num]:010d} 00000 n \n".encode()
    trailer = b"<< /Size " + str(size).encode() + b" /Root 1 0 R /ID [<" + \
        file_id.hex().encode() + b"> <" + file_id.hex().encode() + b">]"
    if enc_num:
        trailer += b" /Encrypt " + str(enc_num).encode() + b" 0 R"
    out += b"trailer\n" + trailer + b" >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n"
    return bytes(out)


# -- ZIP / DOCX -------------------------------------------------------------------------------
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def document_xml(body_text: bytes, doctype: bytes = b"") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + doctype +
            b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>" + body_text +
            b"</w:t></w:r></w:p></w:body></w:document>")


def make_zip(members: list[tuple[str, bytes | tuple[bytes, bytes, int, bytes]]]) -> bytes:
    """Hand-written zip. A member is bytes (deflated normally) or a bomb spec
    (prefix, chunk, repeat, suffix): the chunk is compressed once and its deflate block
    repeated, so gigabytes of declared content cost milliseconds and a few KB to write.
    The bomb's CRC is left wrong on purpose (a reader only finds out after inflating it all)."""
    out = bytearray()
    central = bytearray()
    for name, data in members:
        bname = name.encode()
        if isinstance(data, bytes):
            comp = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = comp.compress(data) + comp.flush()
            crc, usize = zlib.crc32(data), len(data)
        else:
            prefix, chunk, repeat, suffix = data
            c1 = zlib.compressobj(9, zlib.DEFLATED, -15)
            head = c1.compress(prefix) + c1.flush(zlib.Z_FULL_FLUSH)
            c2 = zlib.compressobj(9, zlib.DEFLATED, -15)
            block = c2.compress(chunk) + c2.flush(zlib.Z_FULL_FLUSH)
            c3 = zlib.compressobj(9, zlib.DEFLATED, -15)
            tail = c3.compress(suffix) + c3.flush()
            raw = head + block * repeat + tail
            crc, usize = 0, len(prefix) + len(chunk) * repeat + len(suffix)
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw),
                           usize & 0xFFFFFFFF, len(bname), 0) + bname + raw
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                               len(raw), usize & 0xFFFFFFFF, len(bname), 0, 0, 0, 0, 0,
                               offset) + bname
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                       cd_offset, 0)
    return bytes(out)


def make_docx(body: bytes, doctype: bytes = b"") -> bytes:
    return make_zip([("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                     ("word/document.xml", document_xml(body, doctype))])


def docx_bomb(gib: float = 2.0) -> bytes:
    """A DOCX whose document.xml inflates to `gib` GiB of text in one w:t."""
    chunk = b"A" * (16 << 20)
    repeat = int(gib * 1024 / 16)
    prefix = document_xml(b"@@").split(b"@@")[0]
    suffix = document_xml(b"@@").split(b"@@")[1]
    return make_zip([("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                     ("word/document.xml", (prefix, chunk, repeat, suffix))])


def billion_laughs() -> bytes:
    ents = [b'<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        ents.append(b"<!ENTITY lol%d \"%s\">" % (i, b"".join(b"&lol%d;" % (i - 1)
                                                          for _ in range(10))))
    doctype = b"<!DOCTYPE w:document [" + b"".join(ents) + b"]>\n"
    return make_docx(b"&lol9;", doctype)


def xxe_docx(secret_path: Path) -> bytes:
    doctype = (b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://' +
               str(secret_path).encode() + b'">]>\n')
    return make_docx(b"Van ban &xxe; het", doctype)


# -- images -----------------------------------------------------------------------------------
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(side: int = 20_000) -> bytes:
    """A 1-bit PNG of side×side pixels (400 Mpx by default: 400 MB once Pillow decodes it,
    several GB for OCR) that is a few KB on disk."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    rows_per = max(1, (4 << 20) // len(row))
    data = bytearray()
    block = row * rows_per
    done = 0
    while done < side:
        k = min(rows_per, side - done)
        data += comp.compress(block if k == rows_per else row * k)
        done += k
    data += comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", bytes(data)) \
        + _png_chunk(b"IEND", b"")


# -- the corpus ---------------------------------------------------------------------------------
def _sample_text(i: int, marker: str) -> bytes:
    samples = sorted(SAMPLES.glob("*.txt"))
    shift = sum(marker.encode("utf-8"))  # each file its own figures: no near-duplicates
    return (variant(samples[i % len(samples)].read_text(encoding="utf-8"), shift) +
            f"\n\nGhi chú kiểm thử: {marker}\n").encode("utf-8")


def make_corpus(root: Path, secret_dir: Path) -> list[Case]:
    """Write the hostile corpus under `root`; `secret_dir` (outside root) gets the XXE target."""
    root.mkdir(parents=True, exist_ok=True)
    secret_dir.mkdir(parents=True, exist_ok=True)
    secret = secret_dir / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    cases: list[Case] = []

    def put(name: str, rel: str, data: bytes, expect: str, what: str, bomb: bool = False
            ) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        cases.append(Case(name, rel, expect, what, bomb))

    good_pdf = make_pdf([f"Trang {i} cua bao cao cong doan" for i in range(1, 4)])
    put("rong", "rong.txt", b"", "failed", "tệp 0 byte")
    put("rong-pdf", "rong.pdf", b"", "failed", "tệp 0 byte đuôi .pdf")
    put("pdf-cut", "pdf-cut.pdf", good_pdf[: len(good_pdf) * 2 // 5], "either",
        "PDF bị cắt cụt (40% đầu)")
    put("pdf-corrupt", "pdf-hong.pdf", b"%PDF-1.4\n" + os.urandom(4000).replace(b"%", b"#"),
        "failed", "PDF hỏng (đầu đúng, thân ngẫu nhiên)")
    put("pdf-pw-user", "pdf-mat-khau.pdf",
        make_pdf(["Van ban mat"], user_pw="matkhau", owner_pw="chu"), "failed",
        "PDF mã hóa, cần mật khẩu người dùng")
    put("pdf-pw-owner", "pdf-chi-chu.pdf",
        make_pdf(["Van ban chi khoa quyen chu so huu"], user_pw="", owner_pw="chu"), "either",
        "PDF mã hóa, chỉ mật khẩu chủ (mở được không cần mật khẩu)")
    put("pdf-long", "pdf-dai.pdf",
        make_pdf([f"Trang {i}" for i in range(1, 401)]), "either",
        "PDF 400 trang", bomb=True)
    put("pdf-huge", "pdf-qua-dai.pdf",
        make_pdf(["Trang lap lai"] * 5000, shared_content=True), "either",
        "PDF 5000 trang (vượt giới hạn 2000)", bomb=True)
    rnd = bytes(range(256)) * 8 + os.urandom(2048)
    put("bin-pdf", "bao-cao.pdf", rnd, "failed", "nhị phân đổi đuôi .pdf")
    put("bin-docx", "quyet-dinh.docx", rnd[::-1], "failed", "nhị phân đổi đuôi .docx")
    put("zip-bomb", "bom-nen.docx", docx_bomb(2.0), "failed",
        "DOCX bom nén (2 GiB khi giải nén)", bomb=True)
    put("xxe", "xxe.docx", xxe_docx(secret), "failed", "DOCX có thực thể ngoài (XXE)")
    put("laughs", "billion-laughs.docx", billion_laughs(), "failed",
        "DOCX bom thực thể (billion laughs)", bomb=True)
    put("img-bomb", "anh-bom.png", png_bomb(), "failed",
        "PNG 20000×20000 (400 Mpx) vài KB", bomb=True)
    depth = 100_000
    put("html-deep", "long-nhau.html",
        b"<html><body>" + b"<div>" * depth + "Văn bản sâu".encode() + b"</div>" * depth +
        b"</body></html>", "either", f"HTML lồng {depth} cấp", bomb=True)
    put("enc-unknown", "bang-ma-la.txt",
        "Công văn về việc tổ chức hội nghị".encode().decode("latin-1").encode("cp500",
                                                                                      "replace")
        + bytes(range(0x80, 0x100)) * 4, "either", "văn bản bảng mã lạ (EBCDIC + byte cao)")
    # names: diacritics (NFC and NFD), spaces, shell characters, a newline, non-UTF-8 bytes
    odd_names = [
        ("ten-dau", "Báo cáo tổng kết năm 2020 (bản cuối).txt"),
        ("ten-nfd", unicodedata.normalize("NFD", "Quyết định khen thưởng.txt")),
        ("ten-ky-tu", "thư mục con/a&b;$HOME `x` 'y' \"z\" #1 %s *.txt"),
        ("ten-xuong-dong", "dòng\nmới.txt"),
        ("ten-gach", "-rf --help.txt"),
    ]
    for i, (name, rel) in enumerate(odd_names):
        put(name, rel, _sample_text(i, name), "ok", f"tên tệp lạ: {rel!r}")
    raw_name = os.fsdecode(b"t\xe9p-latin1-\xff.txt")  # not UTF-8: surrogate escapes
    put("ten-khong-utf8", raw_name, _sample_text(5, "khong-utf8"), "ok",
        "tên tệp không phải UTF-8 (byte latin-1)")
    # symlinks: a loop of two files, a dangling link, and a folder that links back to the root
    (root / "vong-a.txt").symlink_to("vong-b.txt")
    (root / "vong-b.txt").symlink_to("vong-a.txt")
    cases.append(Case("symlink-loop", "vong-a.txt", "failed", "liên kết tượng trưng lặp vòng"))
    cases.append(Case("symlink-loop-2", "vong-b.txt", "failed", "liên kết tượng trưng lặp vòng"))
    (root / "mat-dich.txt").symlink_to(root / "khong-co-that.txt")
    cases.append(Case("symlink-dangling", "mat-dich.txt", "failed", "liên kết trỏ vào hư không"))
    (root / "thư mục con" / "vòng").symlink_to(root, target_is_directory=True)
    os.mkfifo(root / "ong-dan.txt")  # reading a FIFO blocks forever
    cases.append(Case("fifo", "ong-dan.txt", "failed", "ống dẫn (FIFO) đuôi .txt"))
    # plain good files: every one must be ingested whatever else is in the folder
    for i in range(5):
        put(f"tot-{i}", f"tot/van-ban-{i}.txt", _sample_text(i, f"tot-{i}"), "ok",
            "văn bản tốt")
    good_docx = make_docx("Công văn số 12/CV-CĐ về việc họp".encode())
    put("docx-tot", "tot/cong-van.docx", good_docx, "either", "DOCX nhỏ hợp lệ")
    put("pdf-tot", "tot/bao-cao.pdf", good_pdf, "either", "PDF nhỏ hợp lệ")
    return cases
