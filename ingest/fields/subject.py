"""trich_yeu: one subject parser for every format, with one set of stop rules.

A document states its subject in one of two ways: a label (`V/v …`, `Về việc …`, `Trích yếu:
…`, `Nội dung: …`, also inside quotes: `“V/v …”`) under the number, or subject lines under the
type word of the title (`KẾ HOẠCH / Tổ chức hội thi …`). Both run over several lines, wrapped
by the writer or cut into paragraphs by the reader; both end at the same things: a body
opener (`Căn cứ`, `Kính gửi`, a numbered heading), a rule, the national motto, the number or
date line, a web stamp, the issuer's authority line (`CHỦ TỊCH ỦY BAN …`), a table row, or a
paragraph that reads as a sentence of the body. `ends_subject` is that rule, written once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from vanban.corpus.keys import text_key
from vanban.ingest.fields._common import MOTTO, MOTTO_SECOND, Cell, is_upper, sentence_case

STOP_OPENERS = re.compile(
    # OCR may put a stamp's or a signature's debris before the opener (`4© — Kính gửi:`)
    r"^(?:[^\w“\"'‘(]*\w?\s*[^\w\s“\"'‘(]+[^\w“\"'‘(]*)?"
    r"(Căn cứ|Kính gửi|Kính thưa|Thực hiện|Hôm nay|Vào hồi|Vào lúc|Thời gian|Địa điểm|"
    r"Phần thứ|Chương [IVX]|[IVX]+\.\s|[0-9]+\.\s|[A-Đ][.\-/]\s|Điều [0-9])"
)
# The issuer's authority line of a decision (`HIỆU TRƯỞNG TRƯỜNG …`, `CHỦ TỊCH ỦY BAN …`) and
# the national motto or a bullet-marked line end a subject too.
AUTHORITY = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|CH[ÚU] TỊCH|GIÁM ĐỐC|HIỆU TRƯỞNG|BỘ TRƯỞNG|TRƯỞNG|THỦ TRƯỞNG|"
    r"BAN CHẤP HÀNH|BAN THƯỜNG VỤ|ĐOÀN CHỦ TỊCH|TỔNG GIÁM ĐỐC|VIỆN TRƯỞNG)\b")
BULLET = re.compile(r"^[^\w\s“\"'‘(]")
RULE = re.compile(r"^[_\-=.…–—\s]{3,}$")
# a subject label, also quoted (`“V/v …”`); `Nội dung` only with its colon (a table's
# `Nội dung` column header is no label)
LABEL = re.compile(
    r"^[“\"'‘(]?\s*(?:Nội dung\s*:|Trích yếu\s*[:.]?|V\s*/\s*v\b\.?|Về việc\b)\s*[:.]?\s*",
    re.IGNORECASE)
_OTHER_LABEL = re.compile(r"^[^\W\d_][\w\s/]{1,30}:")
_QUOTES = " .;:“”\"'‘’"


@lru_cache(maxsize=1)
def _header_marks() -> tuple[Any, Any]:
    """The date-line and web-stamp patterns of `header` (imported late: header imports us)."""
    from vanban.ingest.fields import header

    return header._DATE_LINE, header._STAMP


def ends_subject(t: str, started: bool) -> bool:
    """True when the line `t` cannot be part of a subject (`started`: lines already taken)."""
    date_line, stamp = _header_marks()
    if RULE.match(t) or STOP_OPENERS.match(t) or len(t) > 220:
        return True
    if MOTTO.match(t) or MOTTO_SECOND.match(t):
        return True
    if re.match(r"^S[ốô]\s*:", t) or date_line.search(t) or stamp.match(t):
        return True
    return started and bool(BULLET.match(t) or is_upper(t) and AUTHORITY.match(t))


def continues(prev: str, t: str, new_para: bool) -> bool:
    """Whether `t`, on the next line, goes on with a subject whose last line is `prev`. A
    paragraph split only ends it when `prev` closed a sentence or `t` reads as the body's
    (long, or introducing a list with `:`)."""
    if not new_para:
        return True
    if prev.endswith((".", ";")) and not prev.endswith(".."):
        return False
    return len(t) <= 120 and not t.endswith(":") and not (t.endswith(".") and len(t) > 90)


def label_subject(cs: list[Cell], upto_line: int) -> tuple[str, int, int] | None:
    """A labelled subject in the header (`V/v …`, `Về việc …`, `Nội dung: …`), continued over
    its lines: (text, start, end offsets)."""
    for i, c in enumerate(cs):
        if c.line >= upto_line:
            break
        m = LABEL.match(c.text)
        if not m:
            continue
        parts = [c.text[m.end():]]
        end = c.end
        for d in cs[i + 1:]:
            if d.line > c.line + len(parts) or _OTHER_LABEL.match(d.text):
                break
            if d.col != c.col or ends_subject(d.text, True):
                break
            if not continues(parts[-1] or c.text, d.text, d.para != c.para):
                break
            parts.append(d.text)
            end = d.end
        text = " ".join(" ".join(parts).split())
        quoted = c.text[:1] in "“\"'‘" and text[-1:] in "”\"'’"
        text = text.strip(_QUOTES if quoted else " .;:")
        return text, c.start + m.end(), end
    return None


def title_subject(cs: list[Cell], i: int, rest: str) -> tuple[str, int, int]:
    """The subject lines under the title word in `cs[i]` (`rest`: what follows the type word on
    its line): (text, start, end offsets)."""
    lines: list[str] = [sentence_case(rest) if is_upper(rest) else rest] if rest.strip() else []
    start = end = None
    title = cs[i]
    upper_run = bool(lines) and is_upper(rest)
    prev_line = title.line
    prev_para = title.para
    per_line: dict[int, int] = {}
    for c in cs[i + 1:i + 40]:
        per_line[c.line] = per_line.get(c.line, 0) + 1
    for c in cs[i + 1:]:
        if per_line.get(c.line, 0) >= 3:
            break  # a table row under the title (`TT | Thứ, ngày | Buổi | …`)
        if c.line == title.line:
            continue
        t = c.text
        # `KẾ HOẠCH / Thực hiện nhiệm vụ năm học …`: the subject, not an opener
        subject_opener = not lines and t.startswith("Thực hiện") and len(t) < 90 and \
            not re.search(r"\bsố\b|,$", t)
        if not subject_opener and ends_subject(t, bool(lines)):
            break
        if lines and c.para != prev_para and c.line > prev_line + 1 and not is_upper(t):
            break
        if lines and upper_run and not is_upper(t) and not t.startswith("(") and (
                len(t) > 120 or t.endswith((".", ":"))):
            break
        if t.endswith(".") and not t.endswith("..") and len(t) > 80:
            break
        if lines and c.line > prev_line + 2:
            break
        if lines and text_key(t).startswith(text_key(" ".join(lines))):
            break  # the body's first sentence repeats the subject (a resolution's opening)
        if not lines:
            upper_run = is_upper(t)
        if is_upper(t):
            t = sentence_case(t)
            if lines and t.split()[0].upper() != t.split()[0]:
                t = t[:1].lower() + t[1:]
        lines.append(t)
        start = c.start if start is None else start
        end = c.end
        prev_line, prev_para = c.line, c.para
        if len(lines) >= 5:
            break
    text = " ".join(" ".join(lines).split())
    return text.strip(" .;:"), start if start is not None else title.start, end or title.end


__all__ = ["LABEL", "continues", "ends_subject", "label_subject", "title_subject"]
