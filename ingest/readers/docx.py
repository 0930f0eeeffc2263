"""DOCX: body paragraphs and tables in document order; headers/footers kept apart.

Pages follow the breaks Word wrote (explicit page breaks and `lastRenderedPageBreak`);
a file without them is one page. A text box (an issuer block or a number set apart from the
flow) is read once — Word stores it twice, as a drawing and as its VML fallback — and becomes
its own paragraph before the paragraph it is anchored in, not words glued into that one.
The zip is checked before parsing (size and expansion ratio) and the XML is parsed by
python-docx's lxml parser, which does not resolve entities or touch the network.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from vanban.corpus.legacy import detect_legacy, to_unicode
from vanban.corpus.schema import Page, ReadResult
from vanban.corpus.vntext import nfc
from vanban.ingest import safety
from vanban.ingest.errors import ReadError
from vanban.ingest.readers.tables import table_paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_APART = {MC + "Fallback", W + "txbxContent"}  # a second copy, or a text box: not this text


def check_zip(path: Path) -> None:
    """Refuse zip bombs, XML entity tricks and broken archives before any XML is parsed."""
    safety.check_zip(path, label="DOCX")
    safety.check_ooxml_xml(path, label="DOCX")
    try:
        with zipfile.ZipFile(path) as zf:
            names = {i.filename for i in zf.infolist()}
            if "word/document.xml" not in names:
                raise ReadError("tệp DOCX thiếu phần nội dung (word/document.xml)")
            if "EncryptedPackage" in names:
                raise ReadError("tệp DOCX có mật khẩu (bị mã hóa), không đọc được")
    except zipfile.BadZipFile as exc:
        raise ReadError("tệp DOCX hỏng (không mở được gói zip)") from exc


def _walk(el):
    """Descendants of `el` in document order, without text boxes and VML fallbacks."""
    for child in el:
        if child.tag in _APART:
            continue
        yield child
        yield from _walk(child)


def _boxes(p) -> list[str]:
    """Texts of the text boxes anchored in one w:p (each box one paragraph of lines)."""
    out = []
    for box in p.iter(W + "txbxContent"):
        if any(a.tag in _APART for a in box.iterancestors()):
            continue  # the fallback copy of a box, or a box inside a box (read with it)
        lines = _blocks(box)
        if lines:
            out.append("\n".join(lines))
    return out


def _para_text(p) -> tuple[str, bool]:
    """Text of one w:p (runs, tabs, line breaks) and whether a page break follows it."""
    parts: list[str] = []
    page_break = False
    for el in _walk(p):
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            if el.get(W + "type") == "page":
                page_break = True
            else:
                parts.append("\n")
        elif tag == W + "lastRenderedPageBreak" and "".join(parts).strip():
            page_break = True
    return "".join(parts), page_break


def _style(p) -> str:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return ""
    st = ppr.find(W + "pStyle")
    return (st.get(W + "val") or "") if st is not None else ""


def _table_rows(tbl) -> list[str]:
    """Paragraphs of one table: layout tables by column, data tables as rows of cells
    (a cell's own paragraphs are kept as lines). A table nested in a cell is read once, as
    part of that cell; a one-cell table (a frame around a header table) is its content."""
    trs = [tr for tr in tbl.iter(W + "tr") if next(tr.iterancestors(W + "tbl"), None) is tbl]
    tcs = [tc for tr in trs for tc in tr.findall(W + "tc")]
    if len(tcs) == 1:
        return _blocks(tcs[0])
    rows = [["\n".join(_blocks(tc)) for tc in tr.findall(W + "tc")] for tr in trs]
    paras = table_paragraphs(rows)
    return [p if "\n" in p and " | " not in p else p.replace("\n", " ") for p in paras]


def _blocks(container) -> list[str]:
    """Paragraph and table texts of a header/footer part, a table cell or a text box."""
    out = []
    for el in container.iterchildren():
        if el.tag == W + "p":
            out.extend(_boxes(el))
            t = " ".join(_para_text(el)[0].split())
            if t:
                out.append(t)
        elif el.tag == W + "tbl":
            out.extend(_table_rows(el))
    return out


def read(path: Path) -> ReadResult:
    import docx  # python-docx

    t0 = time.perf_counter()
    check_zip(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken parts
        raise ReadError("tệp DOCX hỏng, không đọc được") from exc
    body = document.element.body
    pages_text: list[list[str]] = [[]]
    headings: list[str] = []
    for el in body.iterchildren():
        if el.tag == W + "p":
            pages_text[-1].extend(_boxes(el))
            text, brk = _para_text(el)
            lines = [" ".join(ln.split()) for ln in text.split("\n")]
            text = "\n".join(ln for ln in lines if ln)
            if text:
                pages_text[-1].append(text)
                style = _style(el).lower()
                if style.startswith(("heading", "title")) or style in ("tieude", "muc"):
                    headings.append(text)
            if brk:
                pages_text.append([])
        elif el.tag == W + "tbl":
            pages_text[-1].extend(_table_rows(el))
    header: list[str] = []
    footer: list[str] = []
    for section in document.sections:
        for part, dest in ((section.header, header), (section.footer, footer)):
            try:
                if part.is_linked_to_previous and dest:
                    continue
                for t in _blocks(part._element):
                    if t not in dest:
                        dest.append(t)
            except Exception:  # noqa: BLE001, S112 - a broken header must not lose the body
                continue
    while len(pages_text) > 1 and not pages_text[-1]:
        pages_text.pop()
    meta: dict = {"header": "\n".join(header), "footer": "\n".join(footer)}
    if headings:
        meta["headings"] = headings
    props = document.core_properties
    if props.title:
        meta["title"] = nfc(props.title)
    seconds = (time.perf_counter() - t0) / len(pages_text)
    pages = []
    for n, paras in enumerate(pages_text, start=1):
        text = "\n\n".join(paras)
        method = "docx"
        legacy = detect_legacy(text)
        if legacy:
            text, method = to_unicode(text, legacy), f"converted-{legacy}"
            meta["encoding"] = legacy
        pages.append(Page(number=n, text=nfc(text), method=method, seconds=seconds))
    return ReadResult(pages=pages, format="docx", meta=meta)
