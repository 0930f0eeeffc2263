"""Document zones: header, body, signature, recipients and what is appended after them.

An official paper (NĐ 30/2020) is an issuer block and a title block, a body, a closing
(signer's title and name, `Nơi nhận`), and often trailing parts: an annex (`PHỤ LỤC`,
`(Kèm theo …)`), an attached document with its own header (a circular sent with a công văn), a
blank sample form (`Mẫu …`). Fields that describe the document itself (number, type, date,
issuer, subject, signer) must be read from the main document only — the zones tell the
extractors where it ends. Zones are cut on the line/cell view of `_common.cells`, so every
reader's layout (pipe tables, runs of spaces, OCR) is handled the same way.
"""

from __future__ import annotations

import re

from vanban.corpus.schema import Record, Zone
from vanban.ingest import embedded  # the module: it imports fields._common, which imports us
from vanban.ingest.fields._common import MOTTO, Cell, cells, is_upper, span

MAIN = ("header", "body", "signature", "recipients")
HEAD_LINES = 40

_NUMBER = re.compile(r"^(?:[^\w]{0,3})(?:S[ốôoóé]|Luật số)\s*[:;.]", re.IGNORECASE)
_OPENER = re.compile(
    r"^(?:[-–•*]\s*)?(Căn cứ|Kính gửi|Kính thưa|Thực hiện|Hôm nay|Vào hồi|Vào lúc|Phần thứ|"
    r"Chương [IVX1-9]|Điều [0-9]|[IVX]+[./]\s|[A-D][.-/]\s|[0-9]+[./]\s)")
_NOI_NHAN = re.compile(r"^[*\s]*N[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)
_ANNEX = re.compile(
    r"^(?:PH[ỤU]\s*L[ỤU]C\b|\(\s*(?:Ban hành\s+)?[Kk]èm theo\b|\(\s*Ban hành kèm\b|"
    r"DANH SÁCH\b|THỂ LỆ\b|QUY (?:ĐỊNH|CHẾ|TẮC)\b|CHƯƠNG TRÌNH\b|TIÊU CHÍ\b)")
_FORM = re.compile(r"^\(?\s*(?:M[ẫaẪ]u(?:\s+số)?\b|MẪU\b)")
_SIGN_PREFIX = re.compile(r"^(?:TM|T/M|KT|K/T|TL|TUQ|Q)\s*[.:]", re.IGNORECASE)


def _signer_title(text: str) -> bool:
    from vanban.ingest.fields.signature import position

    return bool(_SIGN_PREFIX.match(text) or (is_upper(text) and len(text) < 60 and position(text)))


def _typed_title(text: str) -> bool:
    from vanban.ingest.fields.header import _title_type

    return _title_type(text) is not None


def _header_end(cs: list[Cell]) -> int | None:
    """Index of the first body cell: the first opener or long sentence under the header."""
    seen = False
    for i, c in enumerate(cs):
        if c.line >= HEAD_LINES:
            break
        if MOTTO.match(c.text) or _NUMBER.match(c.text) or "ngày" in c.text:
            seen = True
        if i and seen and (_OPENER.match(c.text) or (len(c.text) > 140 and not is_upper(c.text))):
            return i
    return None


def _closing_start(cs: list[Cell], after: int) -> tuple[int | None, int | None]:
    """(first `Nơi nhận` cell, signer-title cell next to it) of the first closing after `after`.
    Without a `Nơi nhận`, the first signer title in the last part of the text."""
    nn = next((i for i in range(after, len(cs)) if _NOI_NHAN.match(cs[i].text)), None)
    if nn is not None:
        near = range(max(after + 1, nn - 8), min(len(cs), nn + 14))
        sig = next((i for i in near if _signer_title(cs[i].text)), None)
        if sig is None:
            sig = _after_recipients(cs, nn)
        return nn, sig
    tail = range(max(after + 1, len(cs) * 2 // 3), len(cs))
    sig = next((i for i in tail if _signer_title(cs[i].text)
                or len(cs[i].text) < 40 and _position(cs, i)), None)
    return None, sig


_RECIPIENT = re.compile(r"^[-+•*]|.{0,60}:$")


def _after_recipients(cs: list[Cell], nn: int) -> int | None:
    """The signer title under a recipients list too long for the near window (`Gửi bản điện
    tử:`, `Gửi bản giấy:`, a line per body): the first title once the list lines stop."""
    for i in range(nn + 1, min(len(cs), nn + 80)):
        if _RECIPIENT.match(cs[i].text):
            continue
        return i if _signer_title(cs[i].text) else None
    return None


def _position(cs: list[Cell], i: int) -> bool:
    """A signer's title line, also in sentence case when it stands alone (`P. Hiệu trưởng`)."""
    from vanban.ingest.fields.signature import alone, position

    t = cs[i].text
    return bool(position(t) or t[:1].isupper() and position(t, loose=True) and alone(cs, i))


def _trailing(cs: list[Cell], start: int) -> tuple[int, str] | None:
    """Where the first appended part begins after the closing, and its kind."""
    for i in range(start, len(cs)):
        t = cs[i].text
        if MOTTO.match(t) or _NUMBER.match(t) and i + 1 < len(cs) and any(
                MOTTO.match(d.text) for d in cs[i + 1:i + 4]):
            # a new issuer block: go back to its first line (the issuer above the motto)
            j = i
            while j > start and cs[j - 1].line >= cs[i].line - 2 and is_upper(cs[j - 1].text) \
                    and not _signer_title(cs[j - 1].text):
                j -= 1
            return j, "attachment"
        if _FORM.match(t) and cs[i].col == 0:
            return i, "form"
        if _ANNEX.match(t) and cs[i].col == 0 and (t.startswith("(") or is_upper(t)):
            return i, "annex"
        if cs[i].col == 0 and is_upper(t) and _typed_title(t):
            return i, "attachment"  # another paper's title (`THƯ CÔNG TÁC`, `THÔNG BÁO`)
    return None


def segment(rec: Record) -> list[Zone]:
    """The zones of `rec`, in text order; main-document zones first, appended parts after.
    Embedded zones (a quoted passage, a copy stamp) are found first and cut out of the zone
    they sit in, so the main zones are found as if they were not there."""
    cs = cells(rec)
    n = len(rec.text)
    if not cs:
        return []
    h = _header_end(cs)
    inner = [(cs[a].start, cs[b].end, name) for a, b, name in embedded.find(cs, h or 0)]
    if inner:
        cs = [c for c in cs if not any(s <= c.start < e for s, e, _ in inner)]
        if not cs:
            return [Zone(name=name, start=s, end=e, page=span(rec, s, e).page)
                    for s, e, name in inner]
        h = _header_end(cs)  # again, on the cells outside the embedded zones
    cuts: list[tuple[int, str]] = []
    if h:
        cuts.append((0, "header"))
        cuts.append((cs[h].start, "body"))
    else:
        cuts.append((0, "body"))
    body_i = h or 0
    nn, sig = _closing_start(cs, body_i)
    closing = [i for i in (nn, sig) if i is not None]
    tail_from = max(closing) + 1 if closing else None
    if closing:
        first = min(closing)
        if sig is not None and nn is not None:
            a, b = sorted([(sig, "signature"), (nn, "recipients")])
            cuts.append((cs[a[0]].start, a[1]))
            cuts.append((cs[b[0]].start, b[1]))
        else:
            cuts.append((cs[first].start, "signature" if sig is not None else "recipients"))
    pos = tail_from
    while pos is not None and pos < len(cs):
        t = _trailing(cs, pos)
        if t is None:
            break
        cuts.append((cs[t[0]].start, t[1]))
        nxt = t[0] + 1
        # the appended part's own closing, then look for the next part
        nn2, sig2 = _closing_start(cs, nxt)
        ends = [i for i in (nn2, sig2) if i is not None]
        pos = max(ends) + 1 if ends else None
    cuts.sort(key=lambda x: x[0])
    pieces: list[tuple[int, int, str]] = []
    for k, (s, name) in enumerate(cuts):
        e = cuts[k + 1][0] if k + 1 < len(cuts) else n
        pieces.extend(_carve(s, e, name, inner))
    pieces.extend(inner)
    pieces.sort()
    return [Zone(name=name, start=s, end=e, page=span(rec, s, e).page)
            for s, e, name in pieces if e > s and (not inner or rec.text[s:e].strip())]


def _carve(s: int, e: int, name: str, inner: list[tuple[int, int, str]]) -> list[tuple]:
    """The parts of zone `name` [s, e) outside the embedded zones."""
    out = []
    for a, b, _ in inner:
        if b <= s or a >= e:
            continue
        if a > s:
            out.append((s, a, name))
        s = max(s, b)
    if s < e:
        out.append((s, e, name))
    return out


def main_end(zones: list[Zone], n: int) -> int:
    """Where the main document ends: the start of the first appended zone (an embedded zone
    sits inside the main document and does not end it)."""
    for z in zones:
        if z.name not in MAIN and z.name not in embedded.EMBEDDED:
            return z.start
    return n


def zone_at(zones: list[Zone], offset: int | None) -> str | None:
    """The name of the zone holding `offset`."""
    if offset is None:
        return None
    for z in zones:
        if z.start <= offset < z.end:
            return z.name
    return None


__all__ = ["MAIN", "main_end", "segment", "zone_at"]
