"""Zones embedded in the main document: a quoted or reproduced passage and a copy stamp.

A công văn that forwards a plan often reproduces it between its own forwarding sentence and its
own closing (`…, trích nội dung như sau: “…”`, `nguyên văn`), and a copy of a paper carries the
copying office's stamp (`SAO Y BẢN CHÍNH`, `SAO LỤC`, `TRÍCH SAO`) with its own number, date and
signer. Both hold a number, a date, an issuer or a signer that are not the document's own, so
`zones.segment` finds them first, cuts the main zones around them and the field extractors
never see them.
"""

from __future__ import annotations

import re

from vanban.ingest.fields._common import Cell, is_upper

EMBEDDED = ("quote", "copy")
_OPEN = "“\"«"
_CLOSE = {"“": "”", "\"": "\"", "«": "»"}
_MAX_QUOTE_LINES = 600
_TAIL = " .,;:/…"
# the forwarding sentence announces a reproduced text
_CUE = re.compile(r"(?i)(?:\btrích\b[^.]{0,60}\bnhư sau\b|\bnguyên văn\b|\(\s*trích\s*\))")
# the forwarding paper's own words after the reproduced text
_RESUME = re.compile(
    r"^(?:Đề nghị|Yêu cầu|Nhận được|Trên đây|Vậy|Để (?:thực hiện|triển khai)|"
    r"[A-ZĐ][^.:]{0,90}\b(?:đề nghị|yêu cầu|sao gửi|trân trọng)\b)")
_NOI_NHAN = re.compile(r"^[*\s]*N[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)
_STAMP = re.compile(r"^(?:B[ẢA]N\s+)?(?:SAO\s*Y|SAO\s+L[ỤU]C|TR[ÍI]CH\s+SAO)\b"
                    r"(?!\s+[a-zà-ỹđ])")
_STAMP_END = re.compile(r"\s(?:SAO\s*Y(?:\s+B[ẢAÁ]N\s+CH[ÍI]NH)?|SAO\s+L[ỤU]C|TR[ÍI]CH\s+SAO)$")
_COPY_NO = re.compile(r"/\s*(?:SY|SL|TS)\b")
_SIGN = re.compile(r"^(?:TM|T/M|KT|K/T|TL|TUQ|Q)\s*[.:]", re.IGNORECASE)
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,5}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")


def _closing_quote(cs: list[Cell], i: int) -> int | None:
    """The cell closing the quotation opened at the start of cell `i`; None when the mark is
    closed inside a line (`“Công nhân giỏi”, “Dạy tốt, học tốt” …` is a list of titles)."""
    opening = cs[i].text[0]
    close = _CLOSE[opening]
    depth = 1
    for j in range(i, min(len(cs), i + 1 + _MAX_QUOTE_LINES)):
        s = cs[j].text[1:] if j == i else cs[j].text
        end = len(s.rstrip(_TAIL))
        for k, ch in enumerate(s):
            if opening == "\"" and ch == "\"":
                depth = 0
            elif ch == opening:
                depth += 1
            elif ch == close:
                depth -= 1
            if depth == 0:
                return j if k == end - 1 else None
    return None


def _quoted(cs: list[Cell], i: int) -> int | None:
    """Last cell of a quoted passage that opens at cell `i` (a line that starts with a quotation
    mark), or None when it is a slogan or a short quotation rather than a reproduced text."""
    t = cs[i].text
    if cs[i].col != 0 or len(t) < 2 or t[0] not in _OPEN:
        return None
    j = _closing_quote(cs, i)
    if j is None:
        return None
    size = sum(len(c.text) for c in cs[i:j + 1])
    announced = i > 0 and cs[i - 1].text.rstrip().endswith(":")
    if (announced and size >= 150) or size >= 300:
        return j
    return None


def _closing_groups(cs: list[Cell], lo: int) -> list[int]:
    return [k for k in range(lo, len(cs)) if _NOI_NHAN.match(cs[k].text) or _SIGN.match(cs[k].text)]


def _reproduced(cs: list[Cell], i: int) -> int | None:
    """Last cell of a text reproduced without quotation marks after the cue cell `i`: up to the
    forwarding paper's next own sentence, after the reproduced paper's closing if it has one."""
    if not cs[i].text.rstrip().endswith(":") or i + 1 >= len(cs):
        return None
    closes = _closing_groups(cs, i + 1)
    if len(closes) < 2:
        return None  # no closing of its own before the main one: nothing to cut safely
    after = closes[0]
    for k in range(after + 1, len(cs)):
        if cs[k].col == 0 and _RESUME.match(cs[k].text) and not _NOI_NHAN.match(cs[k].text):
            # the forwarding paper's own closing must still follow
            return k - 1 if k - 1 > i and closes[-1] > k else None
    return None


def _stamp(t: str) -> bool:
    """A copy stamp's label, alone or glued after the copying office's name on its line."""
    return "SAO" in t and bool(_STAMP.match(t) or is_upper(t) and _STAMP_END.search(t))


def _stamp_block(cs: list[Cell], i: int) -> tuple[int, int]:
    """First and last cell of the copy stamp whose label is cell `i`: the copying office's
    name beside or above it, its number, place-date, recipients, signer title and name."""
    from vanban.ingest.fields.signature import position

    first = i
    while first > 0 and i - first < 4 and cs[first - 1].line >= cs[first].line - 1:
        t = cs[first - 1].text
        if not (is_upper(t) or _COPY_NO.search(t)) or _SIGN.match(t) or position(t):
            break
        first -= 1
    last = i
    signed = None
    for k in range(i + 1, min(len(cs), i + 30)):
        t = cs[k].text
        if cs[k].line > cs[last].line + 3:
            break
        if signed is not None:
            if _NAME.match(t):
                return first, k
            if k - signed > 3 or not (is_upper(t) or t.startswith("(")):
                break
        elif _SIGN.match(t) or is_upper(t) and position(t):
            signed = k
        elif k > i + 2 and not (is_upper(t) or _NOI_NHAN.match(t) or _COPY_NO.search(t)
                                or t.startswith(("-", "+", "Số")) or "ngày" in t):
            break
        last = k
    return first, last


def find(cs: list[Cell], body: int = 0) -> list[tuple[int, int, str]]:
    """(first cell, last cell, zone name) of every embedded zone, in text order; quoted
    passages are looked for from cell `body` on (never in the title block)."""
    out: list[tuple[int, int, str]] = []
    i = 0
    n = len(cs)
    while i < n:
        t = cs[i].text
        if _stamp(t) or ("/" in t and _COPY_NO.search(t) and t.lstrip("* ").startswith("S")
                               and any(_stamp(c.text) for c in cs[max(0, i - 3):i + 3])):
            k = next(k for k in range(max(0, i - 3), min(n, i + 3)) if _stamp(cs[k].text)) \
                if not _stamp(t) else i
            a, b = _stamp_block(cs, k)
            if out and a <= out[-1][1]:
                a = out[-1][1] + 1
            if a <= b:
                out.append((a, b, "copy"))
            i = max(b, i) + 1
            continue
        j = _quoted(cs, i) if i >= body else None
        if j is None and i >= body and ("trích" in t or "nguyên văn" in t) and _CUE.search(t):
            j2 = _reproduced(cs, i)
            if j2 is not None:
                out.append((i + 1, j2, "quote"))
                i = j2 + 1
                continue
        if j is not None:
            out.append((i, j, "quote"))
            i = j + 1
            continue
        i += 1
    return out


__all__ = ["EMBEDDED", "find"]
