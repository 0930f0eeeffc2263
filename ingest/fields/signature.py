"""Signature block: nguoi_ky (signer), chuc_vu (signer's title) and noi_nhan (recipients).

The block reads `TM. BAN THƯỜNG VỤ` / `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / `(Đã ký)` / name; the
signer's title is the last title line of the block and the name is the first line after it that
looks like a person's name. A block with a title but no name (an unsigned copy) gives the
title only; a web article's author line (`ĐẶNG LỢI`) has no title above it and is not a signer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process
from vanban.corpus import data
from vanban.corpus.keys import text_key
from vanban.corpus.schema import Record
from vanban.corpus.vntext import fold
from vanban.ingest.fields._common import (
    ACRONYMS,
    Cell,
    cells,
    is_upper,
    span,
    title_words,
)

_PREFIX = re.compile(r"^(?:(?:TM|T/M|KT|K/T|Q|TL|TUQ|TM\.|KT\.)\s*[.:-]?\s*)", re.IGNORECASE)
_DEBRIS = re.compile(r"^[“”\"'‘’`ˆ^.,:;]+\s*")  # a seal's edge read as marks before a title
_NOI_NHAN = re.compile(r"^N[ơo]i nh[ậa]n\s*:?\s*(.*)$", re.IGNORECASE)
_SIGNED = re.compile(r"\(?\s*(?:Đã ký|đã ký|Ký|ký)(?:[^)]*)\)?", re.IGNORECASE)
_NOT_NAME = {"nơi", "lưu", "kính", "như", "các", "ban", "phòng", "trường", "công", "liên", "tổng",
             "sở", "ủy", "uỷ", "hội", "đồng", "tm", "kt", "đã", "tác", "nguồn", "trân", "xin",
             # stamp and margin lines of a scan: "Sao y bản chính", "Đăng Web", "Phụ lục"
             "sao", "đăng", "phụ", "bản", "trích", "nhận"}
_LIST_MARK = ("-", "+", "–", "•", "*")  # a recipient item: never the signer
_KT = re.compile(r"^\s*K\s*/?\s*T\s*[.:-]", re.IGNORECASE)  # OCR: `KT-` for `KT.`
_LEAD = re.compile(r"^(?:TM|T/M|KT|K/T|TL|TUQ|Q)\s*[.:]")  # a `TM.`/`KT.` line opening a block
_PHO = re.compile(r"^P\s*\.\s*(?=[^\W\d_])")  # `P. HIỆU TRƯỞNG`: the deputy's short form
_DEPUTY = {"Bộ trưởng": "Thứ trưởng", "Thủ trưởng": "Phó thủ trưởng"}


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    out = {}
    for row in data.rows("chuc_vu.tsv"):
        out[text_key(row[0])] = row[0]
        keep = row[0].startswith(("Chủ tịch", "Chánh", "Tổng", "Bí thư"))
        pho = row[0] if keep else row[0][:1].lower() + row[0][1:]
        out[text_key("Phó " + row[0])] = "Phó " + pho
    return out


@lru_cache(maxsize=8192)
def position(text: str, loose: bool = False) -> str | None:
    """Canonical title when a cell is a signer's title line (`KT. CHỦ TỊCH` → `Chủ tịch`,
    `P. HIỆU TRƯỞNG` → `Phó Hiệu trưởng`). Title lines are in capitals; `loose` also takes a
    line written in sentence case (`Chủ tịch`, `P. Hiệu trưởng`) when it is only a known
    title — the caller says when the line stands where a signer's title stands."""
    t = _DEBRIS.sub("", text.strip(" *_:"))
    upper = is_upper(t)
    if not upper and not (loose and t[:1].isupper() and len(t) < 40):
        return None
    t = _PHO.sub("Phó ", _PREFIX.sub("", t).strip(" ."))
    hit = _titles().get(text_key(t))
    if hit is not None:
        return hit
    return _qualified(t.split()) if upper else None


_VOWELS = set("aeiouy")


def _qualified(words: list[str]) -> str | None:
    """A known title followed by what it heads: an abbreviation (`CHỦ TỊCH HĐ` → `Chủ tịch
    HĐ`: a token without a vowel is no Vietnamese syllable) or a one- or two-word body
    (`CHỦ TỊCH QUỐC HỘI` → `Chủ tịch Quốc hội`). Longer tails are headings, not titles."""
    for cut in range(len(words) - 1, 0, -1):
        hit = _titles().get(text_key(" ".join(words[:cut])))
        if hit is None:
            continue
        tail = words[cut:]
        if len(tail) == 1 and not _VOWELS & set(fold(tail[0]).lower()) and tail[0].isupper():
            return f"{hit} {tail[0]}"
        if len(tail) <= 2 and all(w.isalpha() for w in tail):
            body = " ".join(tail)
            return f"{hit} {body[:1].upper()}{body[1:].lower()}"
        return None
    return None


def is_name(text: str) -> bool:
    """A person's name: 2-5 capitalised words of letters (`Hoàng Văn Trinh`, `LÔ TIẾN SƠN`)."""
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    if words[0].lower() in _NOT_NAME or any(w.upper() in ACRONYMS and w.isupper() for w in words):
        return False
    return (all(w.isalpha() and w[:1].isupper() for w in words) and position(text) is None
            and not title_like(text))


@lru_cache(maxsize=1)
def _title_texts() -> list[str]:
    return [t.lower() for t in _titles().values()]


def title_like(text: str) -> bool:
    """A title line that OCR damaged (`HỘ TRƯỞNG PHÒNG` under a seal's ring for `PHÓ TRƯỞNG
    PHÒNG`): close to a known title letter for letter, diacritics kept (so `Hồ Trường Phong`,
    a name, is not taken for one). A title is never the signer's name."""
    t = " ".join(text.lower().split())
    return process.extractOne(t, _title_texts(), scorer=fuzz.ratio, score_cutoff=85) is not None


# an academic degree or honour before the signer's name (`ThS. Lê Minh Hải`, `NGƯT Trần A`)
_DEGREE = re.compile(r"^(?:(?:PGS|GS|TS|ThS|Ths|THS|CN|KS|BS|NGƯT|NGND)\s*[.,]?\s*)+(?=[A-ZĐÀ-Ỹ])")


def clean_name(text: str) -> str:
    """A name cell without `(Đã ký)` marks and the stray strokes OCR reads around a
    handwritten signature (`_= Nguyễn Văn Sơn`, `Vũ Minh Đức z`: a name's words are all
    capitalised, so a trailing one- or two-letter lower-case token is a stroke)."""
    text = _DEGREE.sub("", text.strip())
    words = re.sub(r"^[\W_]+|[\W_]+$", "", _SIGNED.sub("", _unstamp(text))).split()
    while len(words) > 2 and len(words[-1]) <= 2 and words[-1].islower():
        words.pop()
    return " ".join(words)


_STAMP = re.compile(
    r"\s*(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}:\d{2}(?::\d{2})?|[+-]\d{2}:\d{2})\s*")


def _unstamp(text: str) -> str:
    """A digitally signed PDF draws the signing time over the name, and the text layer
    interleaves them (`Nguyễn Th 03-12-2020 anh Ph 16:19:07 ong +07:00`): drop the date,
    time and zone, then glue each lower-case piece back onto the word it was cut from
    (a name's words all start with a capital)."""
    if not _STAMP.search(text):
        return text
    words: list[str] = []
    for w in _STAMP.sub(" ", text).split():
        if words and w[:1].islower() and w.isalpha():
            words[-1] += w
        else:
            words.append(w)
    return " ".join(words)


def extract(rec: Record) -> None:
    cs = cells(rec)
    if not cs:
        return
    _signer(rec, cs)
    _recipients(rec, cs)


def _block_start(cs: list[Cell]) -> int:
    """Where to look for the signature block: the last two thirds of the text, or from a few
    lines before the first `Nơi nhận:` when that comes earlier (a decision whose attached
    name lists fill the later pages signs on its first page)."""
    start = len(cs) // 3
    at = next((i for i, c in enumerate(cs) if _NOI_NHAN.match(c.text)), None)
    return start if at is None else min(start, max(0, at - 12))


def alone(cs: list[Cell], i: int) -> bool:
    """The cell is the only one on its line, or sits under a `TM.`/`KT.` line: where a signer's
    title written in sentence case stands (a table row has other cells beside it)."""
    c = cs[i]
    if (i == 0 or cs[i - 1].line != c.line) and (i + 1 == len(cs) or cs[i + 1].line != c.line):
        return True
    return any(d.line == c.line - 1 and _LEAD.match(d.text)
               for d in cs[max(0, i - 4):i])


def _title_at(cs: list[Cell], i: int) -> str | None:
    t = cs[i].text
    hit = position(t)
    if hit or len(t) >= 44 or not t[:1].isupper() or is_upper(t):
        return hit  # the loose reading only differs for a short sentence-case line
    return position(t, loose=True) if alone(cs, i) else None


def _signer(rec: Record, cs: list[Cell]) -> None:
    start = _block_start(cs)
    idx = None
    for i in range(start, len(cs)):
        if _title_at(cs, i):
            idx = i
            # a block continues on the next lines: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
            j = i + 1
            while j < len(cs) and cs[j].line <= cs[idx].line + 3:
                if _title_at(cs, j):
                    idx = j
                j += 1
            break
    if idx is None:
        _untitled_signer(rec, cs, start)
        return
    rec.chuc_vu = signed_title(cs[idx].text, _title_at(cs, idx))
    rec.provenance["chuc_vu"] = span(rec, cs[idx].start, cs[idx].end)
    for c in cs[idx + 1: idx + 16]:
        if _take_signer(rec, c):
            break


def signed_title(line: str, title: str | None) -> str | None:
    """The signer's title read from a block's last title line: a lone `KT. X` (the deputy's
    own title line unread) means X's deputy signed."""
    return deputy(title) if _KT.match(line) else title


def deputy(title: str | None) -> str | None:
    """The title of who signs `KT. X` (for X): X's deputy (`Chủ tịch` → `Phó Chủ tịch`,
    `Bộ trưởng` → `Thứ trưởng`)."""
    if title is None or title.startswith(("Phó", "Thứ")):
        return title
    return _DEPUTY.get(title) or _titles().get(text_key("Phó " + title), "Phó " + title)



def _take_signer(rec: Record, c: Cell) -> bool:
    """Set `nguoi_ky` from this line if it is a person's name; say whether it was. A
    recipient item (`- Ông Nguyễn Văn A;`) is never the signer."""
    if c.text.lstrip().startswith(_LIST_MARK):
        return False
    name = clean_name(c.text)
    if not is_name(name):
        # a typing slip in the case of one letter (`Trần Ngọc hIển`): every word still has a
        # capital, which a sentence's words do not
        words = name.split()
        if not (words and all(w.isalpha() and any(ch.isupper() for ch in w) for w in words)):
            return False
        name = title_words(name)
        if not is_name(name):
            return False
    rec.nguoi_ky = title_words(name) if is_upper(name) else name
    s = rec.text.find(name, c.start)
    s = s if s >= 0 else c.start
    rec.provenance["nguoi_ky"] = span(rec, s, s + len(name))
    return True


def _untitled_signer(rec: Record, cs: list[Cell], start: int) -> None:
    """No title line was read (a seal over it on a scan): the signer is then the name line
    standing alone within the `Nơi nhận:` block's lines (not a `- …` recipient), as the
    signature column sits beside that block. Without a `Nơi nhận:` block (a news article's
    author line) nobody is taken for a signer."""
    at = next((i for i in range(start, len(cs)) if _NOI_NHAN.match(cs[i].text)), None)
    if at is None:
        return
    for c in cs[at + 1: at + 25]:
        if c.text.lstrip().startswith(("-", "+", "–", "•")):
            continue
        if _take_signer(rec, c):
            return


def _recipients(rec: Record, cs: list[Cell]) -> None:
    at = next((i for i, c in enumerate(cs) if _NOI_NHAN.match(c.text) and i > len(cs) // 3), None)
    if at is None:
        return
    col = cs[at].col
    items: list[list] = []  # [text, start, end]
    first = _NOI_NHAN.match(cs[at].text).group(1).strip()
    if first.startswith(("-", "+", "–")):
        items.append([first.lstrip("-+– ").strip(), cs[at].start, cs[at].end])
    for c in cs[at + 1: at + 60]:
        t = c.text
        if position(t) or (is_name(clean_name(t)) and not t.startswith(("-", "+", "–"))):
            if c.col == col and not items:
                continue
            if c.col <= col and items:
                break
            continue
        if t.startswith(("-", "+", "–", "•")):
            items.append([t.lstrip("-+–• ").strip(), c.start, c.end])
        elif items and c.col == col and t[:1].islower() and not items[-1][0].endswith((";", ".")):
            items[-1][0] += " " + t
            items[-1][2] = c.end
        elif t.endswith(":"):
            continue  # "Gửi bản điện tử:" sub-heading
        elif c.col > col or t.startswith("("):
            continue  # the other column (title, "(b/c)")
        elif items:
            break
    n = 0
    for text, s, e in items:
        text = " ".join(text.split()).strip(" ;,.")
        if not text or fold(text).startswith("luu") or re.fullmatch(r"\(.*\)", text):
            continue
        rec.noi_nhan.append(text)
        rec.provenance[f"noi_nhan[{n}]"] = span(rec, s, e)
        n += 1
