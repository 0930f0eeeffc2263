"""Sections: the heading tree of a document and the kind of each paragraph.

Union documents number their parts the administrative way: `Phần thứ nhất`, `Chương I`,
`Điều 1.`, `I.`, `1.`, `2.1.`, `a)`, then `-`/`+` lists; before them the header (số, date
line, agency) and the title block (type name + trích yếu); after them `Nơi nhận:` and the
signature block. `assign_sections` sets `Paragraph.section` ("Phần thứ hai > I > 2."),
`Paragraph.section_title` (the same path with the heading words) and `Paragraph.kind`.
The level of a marker type is decided by the order in which the document uses it (a stack),
not by a fixed table, because documents skip levels (no `Phần`, `a)` under `I.` …).
"""

from __future__ import annotations

import re

from vanban.corpus.schema import Paragraph

_ORDINAL = r"(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười|[IVX]+|\d+)"
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("phan", re.compile(rf"^(Phần\s+(?:thứ\s+)?{_ORDINAL})\b", re.IGNORECASE)),
    ("chuong", re.compile(r"^(Chương\s+(?:[IVXLC]+|\d+))\b", re.IGNORECASE)),
    ("muc", re.compile(r"^(Mục\s+(?:[IVXLC]+|\d+))\b[.:]?", re.IGNORECASE)),
    ("dieu", re.compile(r"^(Điều\s+\d+)\s*[.:]", re.IGNORECASE)),
    ("roman", re.compile(r"^([IVXLC]+)\s*[.)]\s+(?=\S)")),
    ("num3", re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?=\S)")),
    ("num2", re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(?=\S)")),
    ("num", re.compile(r"^(\d{1,2})\s*[.)]\s+(?=\S)")),
    ("alpha", re.compile(r"^([a-zđ])\)\s+(?=\S)")),
    ("dash", re.compile(r"^([-–•*])\s*(?=\S)")),
    ("plus", re.compile(r"^(\+)\s*(?=\S)")),
]
LIST_TYPES = {"dash", "plus"}
_NOI_NHAN = re.compile(r"^Nơi\s+nhận\b", re.IGNORECASE)
_SIGN_START = re.compile(r"^(?:TM|T/M|KT|TL|TUQ|Q|PP)\s*[./]\s*\S")
_ROLE = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|BÍ\s+THƯ|THỦ\s+TRƯỞNG|"
    r"CHÁNH\s+VĂN\s+PHÒNG|TỔNG\s+GIÁM\s+ĐỐC|TRƯỞNG\s+PHÒNG|HIỆU\s+TRƯỞNG)\b"
)
_HEADER = re.compile(
    r"^(?:Số\s*[:.]|CỘNG\s+HÒA|Cộng\s+hòa|Độc\s+lập|ĐỘC\s+LẬP)|"
    r"^[^\n]{0,40},\s*ngày\b.{0,30}\btháng\b.{0,20}\bnăm\b",
    re.IGNORECASE,
)
_TYPE_NAMES = re.compile(
    r"^(?:BÁO\s+CÁO|KẾ\s+HOẠCH|QUYẾT\s+ĐỊNH|HƯỚNG\s+DẪN|THÔNG\s+BÁO|CHỈ\s+THỊ|NGHỊ\s+QUYẾT|"
    r"TỜ\s+TRÌNH|BIÊN\s+BẢN|CÔNG\s+VĂN|CHƯƠNG\s+TRÌNH|QUY\s+CHẾ|QUY\s+ĐỊNH|THÔNG\s+TRI|"
    r"PHƯƠNG\s+ÁN|ĐỀ\s+ÁN|GIẤY\s+MỜI|THƯ|DIỄN\s+VĂN|THAM\s+LUẬN|PHÁT\s+ĐỘNG)\b"
)


def marker(text: str) -> tuple[str, str] | None:
    """(marker type, label) of a paragraph that starts with a heading or list marker."""
    for kind, rx in _MARKERS:
        m = rx.match(text)
        if m:
            label = m.group(1)
            if kind in ("num", "num2", "num3"):
                label += "."
            elif kind == "alpha":
                label += ")"
            return kind, label
    return None


def is_upper(text: str) -> bool:
    """Mostly upper-case letters: headings and title lines."""
    letters = list(filter(str.isalpha, text))  # C-level loops: called for every line
    return len(letters) >= 3 and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def _is_heading(text: str, kind: str) -> bool:
    first = text.split("\n", 1)[0].rstrip()
    if kind in ("phan", "chuong", "muc", "dieu"):
        return True
    if is_upper(first):
        return True
    return len(text) <= 200 and not first.endswith((".", ";"))


def _short_title(text: str, limit: int = 80) -> str:
    first = text.split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def _title_block(paras: list[Paragraph]) -> int:
    """Mark header and title paragraphs at the top; return the index where the body starts."""
    limit = min(len(paras), 10)
    title_at = None
    for i in range(limit):
        t = paras[i].text
        if marker(t) and marker(t)[0] not in LIST_TYPES:
            break
        if _HEADER.search(t):
            continue
        if _TYPE_NAMES.match(t) or (is_upper(t) and len(t) <= 300):
            title_at = i
            break
        if len(t) > 200:
            break
    if title_at is None:
        return 0
    for i in range(title_at):
        paras[i].kind = "header"
    paras[title_at].kind = "title"
    body = title_at + 1
    nxt = paras[body] if body < len(paras) else None
    if (nxt is not None and len(nxt.text) <= 300 and not marker(nxt.text)
            and not nxt.text.rstrip().endswith(".") and not _HEADER.search(nxt.text)):
        nxt.kind = "title"
        body += 1
    while body < len(paras) and _HEADER.search(paras[body].text) and len(paras[body].text) < 120:
        paras[body].kind = "header"
        body += 1
    return body


def _is_signature_start(text: str, i: int, n: int) -> bool:
    first = text.split("\n", 1)[0].strip()
    if len(first) > 60 or i < n // 2:
        return False
    return bool(_SIGN_START.match(first) or _ROLE.match(first))


def assign_sections(paras: list[Paragraph]) -> None:
    """Set `section`, `section_title` and `kind` on every paragraph, in place."""
    for p in paras:
        p.kind, p.section, p.section_title = "body", None, None
    start = _title_block(paras)
    stack: list[tuple[str, str, str]] = []  # (type, label, label with heading words)
    mode = "body"
    n = len(paras)
    for i in range(start, n):
        p = paras[i]
        text = p.text
        if _NOI_NHAN.match(text):
            mode = "noi_nhan"
            p.kind = "noi_nhan"
            continue
        if _is_signature_start(text, i, n):
            mode = "signature"
            p.kind = "signature"
            continue
        if mode == "noi_nhan":
            p.kind = "noi_nhan"
            continue
        if mode == "signature":
            if len(text) <= 60:
                p.kind = "signature"
                continue
            mode = "body"
        m = marker(text)
        if m and m[0] not in LIST_TYPES:
            kind, label = m
            types = [s[0] for s in stack]
            if kind in types:
                del stack[types.index(kind):]
            heading = _is_heading(text, kind)
            shown = _short_title(text) if heading else label
            stack.append((kind, label, shown))
            p.kind = "heading" if heading else "list"
        elif m:
            p.kind = "list"
        elif is_upper(text) and len(text) <= 200:
            p.kind = "heading"  # an upper-case line: a heading's second line or an unnumbered one
        if stack:
            p.section = " > ".join(s[1] for s in stack)
            p.section_title = " > ".join(s[2] for s in stack)
