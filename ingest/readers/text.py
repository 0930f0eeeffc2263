"""Plain text and Markdown: UTF-8, UTF-16, Windows-1258, legacy TCVN3/VNI; one page.

Encodings are tried from the strictest: BOMs, UTF-16 without BOM (every other byte zero),
UTF-8, then Windows-1258 (Vietnamese Windows code page, whose tone marks are combining
characters: NFC composes them). Text typed in TCVN3/VNI fonts and saved as "plain text"
comes back as Latin-1 letters and is converted by character map. Markdown marks (`**`, `*`,
`##`) are removed; headings stay as their own paragraphs and are listed in meta.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from vanban.corpus.legacy import detect_legacy, to_unicode
from vanban.corpus.schema import Page, ReadResult
from vanban.corpus.vntext import nfc

MAX_BYTES = 100 * 1024 * 1024
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_BULLET = re.compile(r"^(\s*)[*+]\s+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _utf16_no_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, html: bool = False) -> tuple[str, str]:
    """Return (text, encoding name) or raise ReadError."""
    from vanban.ingest.errors import ReadError

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    enc16 = _utf16_no_bom(data[:4096])
    if enc16:
        return data.decode(enc16, errors="replace"), enc16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        m = _CHARSET.search(data[:4096])
        if m:
            name = m.group(1).decode("ascii", "ignore").lower()
            try:
                return data.decode(name, errors="replace"), name
            except LookupError:
                pass
    # 8-bit: TCVN3/VNI bytes read as Latin-1 letters; anything else is Windows-1258 (which
    # would turn TCVN3's õ into ơ, so the legacy test comes first)
    latin = data.decode("latin-1")
    if detect_legacy(latin):
        return latin, "latin-1"
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        pass
    if latin:
        return latin, "latin-1"
    raise ReadError("không nhận ra bảng mã của tệp văn bản")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes and convert legacy Vietnamese encodings: (text, encoding name)."""
    text, enc = decode_bytes(data)
    legacy = detect_legacy(text)
    if legacy:
        return to_unicode(text, legacy), legacy
    return text, enc


def strip_markdown(text: str) -> tuple[str, list[str]]:
    """Remove Markdown marks; return the text and its headings (kept as paragraphs)."""
    out: list[str] = []
    headings: list[str] = []
    for line in text.split("\n"):
        if _MD_RULE.match(line) or _MD_TABLE_SEP.match(line):
            continue
        m = _MD_HEADING.match(line)
        if m:
            head = _inline(m.group(2))
            if head:
                headings.append(head)
                if out and out[-1].strip():
                    out.append("")
                out.append(head)
                out.append("")
            continue
        line = _MD_BULLET.sub(r"\1- ", line)
        if line.lstrip().startswith(">"):
            line = line.lstrip()[1:].lstrip()
        out.append(_inline(line))
    return "\n".join(out), headings


def _inline(s: str) -> str:
    s = _MD_LINK.sub(r"\1", s)
    prev = None
    while prev != s:
        prev = s
        s = _MD_EMPH.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), s)
    s = re.sub(r"\*\*+", "", s)  # unbalanced bold marks left by careless conversions
    return s.replace("\\*", "*").replace("\\_", "_")


def _is_markdown(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".md", ".markdown"):
        return True
    heads = len(re.findall(r"(?m)^#{1,6}\s+\S", text))
    bold = len(re.findall(r"\*\*\S[^*\n]*\*\*", text))
    return heads >= 2 or (heads >= 1 and bold >= 2) or bold >= 5


def line_paragraphs(text: str) -> bool:
    """True for text with one paragraph per line (Word's "save as text", antiword -w 0):
    many lines longer than any wrapped line. Such text gets a blank line between lines so
    its paragraphs are the same as the document's; hard-wrapped text has none this long."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 3:
        return False
    long = sum(1 for ln in lines if len(ln.strip()) > 120)
    return long >= 2 and long / len(lines) >= 0.1


def read(path: Path) -> ReadResult:
    from vanban.ingest.errors import ReadError

    t0 = time.perf_counter()
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ReadError("tệp văn bản quá lớn, không đọc")
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    meta: dict = {"encoding": encoding}
    method = f"converted-{encoding}" if encoding in ("tcvn3", "vni") else "text"
    if _is_markdown(path, text):
        text, headings = strip_markdown(text)
        meta["markdown"] = True
        if headings:
            meta["headings"] = [nfc(h) for h in headings]
            meta.setdefault("title", meta["headings"][0])
    elif line_paragraphs(text):
        from vanban.ingest.readers.doc import tidy

        text = tidy(text)  # the layout antiword -w 0 and "save as text" give
        meta["layout"] = "line-paragraphs"
    page = Page(number=1, text=nfc(text), method=method, seconds=time.perf_counter() - t0)
    return ReadResult(pages=[page], format="text", meta=meta)
