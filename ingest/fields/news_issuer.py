"""The issuer of a news page, by salience: which body the story is about, not the first named.

A news story names several bodies: the one that acts (`Công đoàn ngành Giáo dục X trao quà`),
the one it reports to or thanks (`… của Công đoàn Giáo dục Việt Nam`), the congress it prepares
(`Đại hội đại biểu Công đoàn X`), generic plurals (`các LĐLĐ tỉnh`). Each mention is weighed
by its role (acting > opening a clause > object of a preposition), doubled in the headline;
the short and full names of one body (`LĐLĐ tỉnh X`, `Liên đoàn Lao động tỉnh X`,
`Công đoàn ngành Giáo dục X`, `Công đoàn Giáo dục tỉnh X`) add up under one gazetteer key; the
site's own name, when the page gives it, is a prior. A person's name glued after a body
(`LĐLĐ tỉnh Hà Giang Nguyễn Văn A`) is cut off at the province.
"""

from __future__ import annotations

import re

from vanban.corpus.gazetteer import unit_key
from vanban.corpus.keys import text_key
from vanban.corpus.schema import Record
from vanban.ingest.fields._common import provinces

SPAN = 6000  # characters of the story read after its stamp: the lead and first paragraphs

_ACTS = re.compile(r"\s*(?:đã |vừa |cũng |sẽ |chính thức )?(?:ban hành|tổ chức|phát động|kí|ký|"
                   r"trao|tặng|hỗ trợ|đến thăm|thăm|triển khai|chỉ đạo|hướng dẫn|kêu gọi|"
                   r"phối hợp|khai mạc|tổng kết|gửi|thông báo|quyết định|đề nghị|yêu cầu)\b")
# the word(s) before a mention that make it an object, not the story's actor
_OBJECT = re.compile(r"(?:\b(?:của|cho|với|tại|tới|đến|về|từ|đại biểu|Đại hội|đại hội|"
                     r"Hội nghị|hội nghị|thuộc|trực thuộc|gửi|trong)\s*)$")
_PLURAL = re.compile(r"(?:\b(?:các|Các|những|Những|nhiều|mọi|từng|toàn thể)\s*)$")
_PERSON_TITLE = re.compile(r"(?:\b(?:Chủ tịch|Phó Chủ tịch|Giám đốc|Trưởng ban|Bí thư)\s*)$")
_GENERIC = {"cong doan", "lien doan lao dong", "ldld", "cong doan co so", "cdcs",
            "uy ban nhan dan", "ubnd", "cong doan nganh", "cong doan cac cap"}


def unglue(name: str) -> str:
    """A body's name without what the mention ran on into after its province: a person's
    name (`LĐLĐ tỉnh Hà Giang Nguyễn Văn A`) or a verb (`… tỉnh Điện Biên khen`)."""
    words = name.split()
    prov = provinces()
    for i in range(1, len(words)):
        for n in (4, 3, 2, 1):
            k = text_key(" ".join(words[i:i + n]))
            if i + n <= len(words) and ((k in prov and len(k) > 3) or k == "viet nam"):
                return " ".join(words[:i + n])
    return name


def _weight(text: str, start: int, end: int, headline: tuple[int, int] | None) -> float:
    before = text[max(0, start - 24):start]
    if _PLURAL.search(before):
        return 0.0
    if _OBJECT.search(before):
        w = 0.25  # governed by a preposition (`Đại hội đại biểu Công đoàn X tổ chức …`)
    elif _ACTS.match(text[end:end + 30]):
        w = 3.0
    else:
        w = 1.0
    if headline and headline[0] <= start < headline[1]:
        w *= 2
    return w


def _headline(rec: Record) -> tuple[int, int] | None:
    sp = rec.provenance.get("trich_yeu")
    if sp is not None and sp.start is not None and sp.end is not None:
        return sp.start, sp.end
    title = rec.meta.get("title") if rec.meta else None
    if title and rec.paragraphs and rec.paragraphs[0].text.startswith(str(title)[:40]):
        return rec.paragraphs[0].start, rec.paragraphs[0].end
    return None


# where a captured page's story ends: the next item's date line of a news list, the page's
# counters and related-news headings
_STORY_END = re.compile(r"^\s*\(?(?:[0-9]{1,2}/[0-9]{1,2}/(?:19|20)[0-9]{2})\)?\s*$|"
                        r"^\s*(?:Lượt xem|Tin liên quan|Tin khác|Các tin khác|Tin cùng|Bài viết "
                        r"liên quan|Tin mới|Tin đã đưa)", re.IGNORECASE | re.MULTILINE)


def _story(rec: Record) -> tuple[int, int]:
    """The story's character range: from the publication stamp (site menus above it are no
    part of the story) to the end of the story, within `SPAN` characters of its start."""
    from vanban.ingest.fields._common import cells
    from vanban.ingest.fields.header import find_stamp

    cs = cells(rec)
    stamp = find_stamp(cs)
    # a stamp under the story (some sites date it at the bottom) bounds nothing
    lo = cs[stamp[0]].end if stamp and cs[stamp[0]].start < len(rec.text) // 2 else 0
    m = _STORY_END.search(rec.text, lo, lo + SPAN)
    return lo, m.start() if m else min(len(rec.text), lo + SPAN)


def news_issuer(rec: Record, complete: object) -> tuple[str, int, int] | None:
    """(canonical name, start, end) of the most salient body of a news page; `complete` turns
    a mention into its canonical name (`don_vi._complete`)."""
    from vanban.ingest.fields.don_vi import body_mentions

    head = _headline(rec)
    lo, hi = _story(rec)
    text = rec.text[:hi]
    site = rec.meta.get("site") if rec.meta else None
    site_key = unit_key(site) if site else ""
    units: dict[str, list] = {}  # key → [score, first acting pos, first pos, name, start, end]
    for raw, s, e, _before in body_mentions(text):
        if s < lo and not (head and head[0] <= s < head[1]):
            continue  # above the stamp: the site's menus, not the story
        raw = unglue(raw)
        e = s + len(raw)
        name = complete(raw, rec)  # type: ignore[operator]
        if text_key(name) in _GENERIC or " các " in f" {name.lower()} ":
            continue
        w = _weight(text, s, e, head)
        if w == 0:
            continue
        if _PERSON_TITLE.search(text[max(0, s - 16):s]):
            w = max(w, 1.0)  # `Chủ tịch Công đoàn X` speaks for X
        key = unit_key(name)
        u = units.get(key)
        if u is None:
            units[key] = [w, s if w >= 3 else None, s, name, s, e]
        else:
            u[0] += w
            if u[1] is None and w >= 3:
                u[1] = s
            if len(name) > len(u[3]):  # the full name stands for its short forms
                u[3], u[4], u[5] = name, s, e
    if not units:
        return None
    # a bare `Liên đoàn Lao động tỉnh` counts for the one named body it is a prefix of
    for key in list(units):
        longer = [k for k in units if k != key and k.startswith(key + " ")]
        if len(longer) == 1:
            units[longer[0]][0] += units.pop(key)[0]
    if site_key:
        for key, u in units.items():
            if key == site_key or key.endswith(" " + site_key) or site_key.endswith(" " + key):
                u[0] += 2.0
    best = max(units.values(), key=lambda u: (u[0], u[1] is not None, -u[2]))
    return best[3], best[4], best[5]


__all__ = ["news_issuer", "unglue"]
