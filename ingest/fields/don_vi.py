"""don_vi: the issuing body as a canonical full name, its level (`cap`) and province (`tinh`).

Where it is read, in order: the header's organisation lines (the issuer is the last line; the
line above is its parent body, whose locality completes a bare `CÔNG ĐOÀN NGÀNH GIÁO DỤC`),
a `Đơn vị thực hiện:` label, the body's acting executive (`Ban Thường vụ Liên đoàn Lao động
tỉnh … phát động`), for news the first body named in the story, and last the number's symbol.
Names are recased and abbreviations expanded from corpus/data/don_vi.tsv, by folded form, so
all-caps and diacritic-less (OCR) headers give the same canonical name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz
from vanban.corpus import data
from vanban.corpus.gazetteer import canonical
from vanban.corpus.keys import text_key
from vanban.corpus.schema import Record
from vanban.corpus.vntext import fold, normalize
from vanban.ingest.fields._common import (
    ACRONYMS,
    Cell,
    cells,
    is_upper,
    provinces,
    span,
)
from vanban.ingest.fields.header import NEWS, find_title
from vanban.ingest.glued import split_glued

_SKIP = re.compile(
    r"^(CỘNG H[OÒ]A|C[QO]NG H[OÒ]A|ĐỘC LẬP|Độc lập|D[QO]c l|DỰ THẢO|HỎA TỐC|HOẢ TỐC|KHẨN|MẬT|"
    r"THƯỢNG KHẨN)", re.IGNORECASE)
# matched on the folded line, so OCR without diacritics (`UY BAN NHAN DAN`) is recognised
_ORG_WORD = re.compile(
    r"\b(lien doan|cong doan|cd|cdcs|cdn|ldld|ubnd|uy ban|phong|so|bo|ban|truong|hoi|dai hoi|"
    r"tong|dang uy|huyen uy|tinh uy|cong ty|tinh|huyen|thanh pho|quan|lan thu|nganh|"
    r"quoc hoi|chinh phu|clb|cau lac bo|hoi dong|trung tam|vien|cuc|vu|tap doan|hoc vien)\b")
# a line that opens a body's name; a header line that does not is the wrapped tail of the
# line above (`CÔNG ĐOÀN NGÀNH / GIÁO DỤC HÀ GIANG`)
_ORG_HEAD = re.compile(
    r"^(lien doan|cong doan|cd|cdcs|cdn|ldld|ubnd|uy ban|phong|so|bo|ban|truong|hoi|dai hoi|"
    r"tong|dang uy|huyen uy|tinh uy|cong ty|quoc hoi|chinh phu|clb|cau lac bo|trung tam|vien|"
    r"cuc|vu|tap doan|hoc vien|dai hoc|chi bo|doan|lldl|pgd|sgd|thcs|thpt|th|mn|tieu hoc)\b")
# a header line that cannot end a name: its tail is on the next line
_OPEN_END = re.compile(r"\b(nganh|cong doan|phong|so|ban|truong|hoi|lien doan|uy ban|trung tam|"
                       r"cau lac bo|clb|va|cua)\s*$")
_MOTTO_WORDS = ("xa hoi chu nghia", "hoi chu nghia", "doc lap", "tu do", "hanh phuc", "cong hoa xa")


def is_motto(text: str) -> bool:
    """The national motto, also misspelt by OCR (`CỘNG HÕA XÃ HỘI…`, `Độc lập —- Tự do`)."""
    f = fold(text)
    return any(w in f for w in _MOTTO_WORDS) or fuzz.partial_ratio("cong hoa xa hoi", f[:24]) >= 80
_CONT = re.compile(r"^(lan thu|khoa|nhiem ky|tinh |thanh pho |huyen |quan |tp\.? )")
_LOCALITY = re.compile(r"\b(tỉnh|thành phố|huyện|quận|thị xã)\s+(.+)$")
_SMALL = {"và", "của", "các", "lần", "thứ", "nhiệm", "kỳ", "khóa", "trực", "thuộc", "đại", "biểu"}
_INHERIT = re.compile(r"^(Công đoàn ngành|Phòng|Sở|Ban|Công đoàn Viên chức)\b")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    return {row[0]: row[1] for row in data.rows("don_vi.tsv")}


def _unglue_word(t: str) -> list[str]:
    """Words glued by a lost space (`ĐỘNGTỈNH`, `LIÊNĐOÀN`) cut back into syllables."""
    return list(split_glued(t, lower_ok=True))


def recase(line: str) -> str:
    """`LIÊN ĐOÀN LAO ĐỘNG TỈNH HÀ GIANG` → `Liên đoàn Lao động tỉnh Hà Giang`; abbreviations
    expanded (`CĐCS CÔNG TY CP MAY XK` → `Công đoàn cơ sở Công ty Cổ phần May Xuất khẩu`)."""
    table, prov = _table(), provinces()
    line = normalize(line)
    upper = is_upper(line)
    toks = [p for t in line.replace(",", " , ").split() for p in _unglue_word(t)]
    out: list[str] = []
    i = 0
    while i < len(toks):
        for n in range(min(7, len(toks) - i), 0, -1):
            k = text_key(" ".join(toks[i:i + n]))
            raw = " ".join(toks[i:i + n])
            if k in prov and (n > 1 or len(k) > 3) and not (k in table and n == 1):
                out.append(prov[k])
                break
            if k in table and (k.replace(" ", "") == fold(raw).replace(" ", "").replace("&", "&")
                               or "&" in raw):
                out.append(table[k])
                break
        else:
            t = toks[i]
            n = 1
            if t.upper() in ACRONYMS and t.isupper() or re.fullmatch(r"[IVXLC]+", t):
                out.append(t)
            elif t == ",":
                out.append(t)
            elif upper:
                low = t.lower()
                out.append(low if low in _SMALL else low[:1].upper() + low[1:])
            else:
                out.append(t)
        i += n
    s = " ".join(out).replace(" , ", ", ").replace(" ,", ",")
    return s[:1].upper() + s[1:] if s else s


_HEAD_LINES = 40  # a header anchor tried after the first one sits within these lines


_NUMBER_LABEL = re.compile(r"^S[ốôoó6é]\s*[:.;]")


def _header_lines(rec: Record, cs: list[Cell]) -> tuple[list[str], list[Cell]] | None:
    """Organisation lines above the number / date line / title, top first."""
    anchors = []
    for f in ("so_hieu", "ngay"):
        sp = rec.provenance.get(f)
        if sp and sp.start is not None and (f == "so_hieu" or "tháng" in rec.text[sp.start:sp.end]):
            anchors.append(sp.start)
    t = find_title(rec, cs)
    if t:
        anchors.append(cs[t[0]].start)
    # the `Số:` line itself, when its number was not read (handwritten, damaged): a scan read
    # column by column puts the issuer right above it and the motto above the date line
    label = next((c for c in cs if c.line < _HEAD_LINES and _NUMBER_LABEL.match(c.text)), None)
    if label is not None and "so_hieu" not in rec.provenance:
        anchors.append(label.start)
    if not anchors:
        return None
    # the first anchor with organisation lines above it: an OCR or PDF reading order may put
    # the date line (right column) above the issuer block, the number below it
    first = min(anchors)
    for anchor in sorted(set(anchors)):
        if anchor > first and next((c.line for c in cs if c.end > anchor), 0) >= _HEAD_LINES:
            break  # a date line above the signature is no header anchor
        found = _block_above(cs, anchor)
        if found:
            return found
    return None


def _block_above(cs: list[Cell], anchor: int) -> tuple[list[str], list[Cell]] | None:
    """The organisation lines right above the line holding offset `anchor`, top first."""
    anchor_line = next((c.line for c in cs if c.end > anchor), None)
    before = [c for c in cs if anchor_line is None or c.line < anchor_line]
    block: list[Cell] = []
    for k in range(len(before) - 1, -1, -1):
        c = before[k]
        txt = c.text.strip(" _-.…")
        if not txt or _SKIP.match(txt) or is_motto(txt) or re.fullmatch(
                r"[_\-=.…¯—–\s]+", c.text) or re.match(r"^S[ốôoó6é]\s*[:.;]", txt):
            continue
        if c.col > 0 and block:
            continue
        f = fold(txt)
        above = fold(before[k - 1].text) if k > 0 else ""
        # the tail of a name wrapped in its narrow column: after an open end (`… NGÀNH`), or
        # a short line of capitals right under a body's name (`TRƯỜNG TH PHAN BỘI / CHÂU`)
        wrapped = not block and k > 0 and len(txt) < 60 and is_upper(before[k - 1].text) and \
            bool(_OPEN_END.search(above) or len(txt) < 30 and len(txt.split()) <= 3
                 and _ORG_WORD.search(above) and not is_motto(before[k - 1].text))
        if is_upper(txt) and (_ORG_WORD.search(f) or _CONT.match(f) or block and len(txt) < 60
                              or wrapped):
            block.append(c)  # `wrapped`: the tail of a name over two lines (`… NGÀNH / GIÁO DỤC`)
            continue
        if c.col > 0:
            continue
        break
    if not block:
        return None
    block.reverse()
    lines: list[str] = []
    used: list[Cell] = []
    for c in block:
        txt = c.text.strip(" _-.…")
        if lines and (_CONT.match(fold(txt)) or not _ORG_HEAD.match(fold(txt))):
            lines[-1] += " " + txt
        else:
            lines.append(txt)
        used.append(c)
    return lines, used


def _fuller(name: str, rec: Record) -> str:
    """A header name cut short (`… May Xuất khẩu La`) completed from the body's full spelling.

    The body is searched (folded) for the name without its last word; the words that follow
    there, in capitals, replace the abbreviated tail when they start with its letters."""
    words = name.split()
    if len(words) < 4 or len(words[-1]) > 3:
        return name
    text = rec.text[:30000]
    folded = fold(text)
    if len(folded) != len(text):
        return name
    head = next((i for i in range(len(words) - 1) if words[i] == "Công" and words[i + 1] == "ty"),
                0)
    body = " ".join(words[head:-1])
    k = fold(body)
    pos = folded.find(k)
    while pos >= 0:
        tail = re.match(r"\s+((?:[A-ZĐ][^\W\d_]*\s?){1,4})", text[pos + len(k):])
        if tail:
            full = tail.group(1).split()
            initials = "".join(w[0] for w in full).upper()
            if words[-1].upper() in (initials, initials[: len(words[-1])]):
                take = full[: len(words[-1])] if len(words[-1]) > 1 else full[:1]
                return " ".join(words[:-1]) + " " + " ".join(take)
        pos = folded.find(k, pos + 1)
    return name


_EXECUTIVE = re.compile(r"^(?:Ban Chấp hành|BCH|Ban Thường vụ|BTV|Đoàn Chủ tịch|ĐCT)\s+",
                        re.IGNORECASE)


def _clean_name(s: str) -> str:
    """Drop a term (`, nhiệm kỳ 2021 - 2026`) and a leading executive (`BCH CĐ …` → `CĐ …`)."""
    s = re.sub(r",?\s*nhiệm kỳ\s*[0-9]{4}\s*[-–]\s*[0-9]{4}.*$", "", s, flags=re.IGNORECASE)
    s = _EXECUTIVE.sub("", s)
    return " ".join(s.split()).strip(" ,.;:-")


def compose(lines: list[str]) -> str:
    """The issuer from header lines: the last line, completed with its parent's locality."""
    names = [_clean_name(recase(x)) for x in lines]
    issuer = names[-1]
    if len(names) > 1 and _INHERIT.match(issuer) and not _LOCALITY.search(issuer):
        for parent in reversed(names[:-1]):
            m = _LOCALITY.search(parent)
            if m:
                if fold(m.group(2)) not in fold(issuer):  # `… Giáo dục Hà Giang` has it
                    issuer = f"{issuer} {m.group(1)} {m.group(2)}"
                break
    return issuer


# --- body mentions (word tokens) -------------------------------------------------------

# A word, kept whole across `/ - . : ,` before a digit (`26/9/2017`, `70/70`, `Covid-19`,
# `2.100`) and an inner apostrophe, or one other character: the cuts spaCy's blank
# Vietnamese tokenizer made for this use. bench/nlp_compare.py compares the unit mentions
# found with either on the dev texts; the regex made spaCy (a 130 MB dependency) needless.
WORD = re.compile(r"[^\W_]+(?:(?:[-/.:,](?=\d)|['’](?=[^\W_]))[^\W_]+)*|[^\w\s]|_+")


class _Tok(NamedTuple):
    idx: int
    text: str


def tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.group(0)) for m in WORD.finditer(text)]


_HEADS = [
    ("tong lien doan lao dong viet nam", True), ("tong ldldvn", True),
    ("tong ldld viet nam", True), ("tong ldld", True),
    ("cong doan giao duc viet nam", True),
    ("lien doan lao dong", False), ("ldld", False),
    ("cong doan nganh", False), ("cong doan co so", False), ("cdcs", False),
    ("cong doan", False),
    ("uy ban nhan dan", False), ("ubnd", False),
]
_STOP = {"vừa", "đã", "đang", "sẽ", "tổ", "ban", "phát", "kêu", "hướng", "về", "của", "và", "tại",
         "trong", "cho", "với", "đến", "là", "có", "được", "thăm", "trao", "hỗ", "đề", "gửi",
         "thực", "triển", "nhằm", "năm", "ngày", "lần", "các", "cùng", "chỉ", "kí", "ký", "tổng",
         "xây", "tặng", "luôn", "nay", "thừa", "không", "cũng", "tiến", "tham", "mừng"}
_LOC_TOK = {"tỉnh", "thành", "huyện", "quận", "thị", "phố", "xã", "Thành", "TP"}


def body_mentions(text: str, offset: int = 0) -> list[tuple[str, int, int, str]]:
    """Organisation names in `text`: (canonical name, start, end, word before) in order."""
    toks = tokens(text)
    norms = [fold(t.text) for t in toks]
    out = []
    i = 0
    while i < len(toks):
        hit = None
        for head, complete in _HEADS:
            hs = head.split()
            prev = toks[i - 1].text if i else ""
            if norms[i:i + len(hs)] == hs and toks[i].text[:1].isupper() and not (
                    prev.endswith(("-", "/")) or toks[i].idx and text[toks[i].idx - 1] in "-/"):
                hit = (hs, complete)
                break
        if not hit:
            i += 1
            continue
        hs, complete = hit
        j = i + len(hs)
        if not complete:
            prev_title = False
            while j < len(toks):
                t = toks[j].text
                gap = text[toks[j - 1].idx + len(toks[j - 1].text):toks[j].idx]
                if "\n" in gap and t.isupper() and len(t) > 1 and t not in ACRONYMS:
                    break  # the next line in capitals is another block (a title, a signature)
                if "\n\n" in gap:
                    break  # a name never runs on into the next paragraph
                if t in _LOC_TOK or t.lower() in {"tỉnh", "huyện", "quận", "thành", "phố", "thị",
                                                   "xã", "ngành"}:
                    prev_title = False
                    j += 1
                    continue
                if t[:1].isupper() and t.isalpha() or t.isupper() and len(t) > 1:
                    prev_title = True
                    j += 1
                    continue
                if prev_title and t.isalpha() and t.islower() and t not in _STOP:
                    prev_title = False
                    j += 1
                    continue
                break
        while j > i + len(hs) and toks[j - 1].text.lower() in {"tỉnh", "huyện", "ngành", "quận"}:
            if hs in (["lien", "doan", "lao", "dong"], ["ldld"]):
                break  # "Liên đoàn Lao động tỉnh" (name implied) is completed later
            j -= 1
        start, end = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
        before = toks[i - 1].text if i else ""
        before2 = " ".join(x.text for x in toks[max(0, i - 3):i])
        out.append((text[start:end], offset + start, offset + end, before2 or before))
        i = j
    return out


def _has_name(name: str) -> bool:
    """A mention that names a body (`Công đoàn ngành Giáo dục Hà Giang`), not a bare `Công đoàn`."""
    k = text_key(name)
    return k not in {"cong doan", "lien doan lao dong", "ldld", "cong doan co so", "cdcs",
                     "uy ban nhan dan", "ubnd", "cong doan nganh"}


def _complete(name: str, rec: Record) -> str:
    """`Liên đoàn Lao động tỉnh` (name implied by context) + the province of the date line."""
    canon = _clean_name(recase(name))
    if re.search(r"\b(tỉnh|thành phố|huyện)$", canon):
        place = rec.dia_danh or ""
        if text_key(place) in provinces():
            canon = f"{canon} {provinces()[text_key(place)]}"
    return canon


def _level(name: str) -> str:
    n = name
    if n.startswith("Tổng Liên đoàn"):
        return "tong-lien-doan"
    if re.match(r"Liên đoàn Lao động (tỉnh|thành phố|Thành phố)", n):
        return "tinh"
    if re.match(r"Liên đoàn Lao động (huyện|quận|thị xã)", n):
        return "huyen"
    if re.match(r"Công đoàn (ngành|Giáo dục Việt Nam|Viên chức|Y tế Việt Nam)", n):
        return "nganh"
    if re.match(r"Công đoàn (cơ sở|trường|Công ty)", n):
        return "co-so"
    return "khac"


def _province(name: str, rec: Record, context: list[str]) -> str | None:
    prov = provinces()
    for s in [name, *context, rec.dia_danh or ""]:
        words = s.split()
        for n in (4, 3, 2):
            for i in range(len(words) - n + 1):
                k = text_key(" ".join(words[i:i + n]))
                if k in prov:
                    return prov[k]
    return None


_PARENT = re.compile(r"^(phong|so|ubnd|uy ban|lien doan|ldld|pgd|sgd|bo)\b")
_CHILD = re.compile(r"\s(?=(?:TRƯỜNG|CÔNG ĐOÀN|PHÒNG|TRUNG TÂM)\s)")


def _split_parent(line: str) -> list[str]:
    """An issuer block typed on one line (`PHÒNG GD-ĐT TP CÀ MAU TRƯỜNG TH QUANG TRUNG`):
    parent and issuer, cut before the last body word that opens a name."""
    if not _PARENT.match(fold(line)):
        return [line]
    cuts = [m.end() for m in _CHILD.finditer(line)]
    if not cuts:
        return [line]
    head, tail = line[:cuts[-1]].strip(), line[cuts[-1]:].strip()
    if re.search(r"\b(cong doan|co so|cdcs)\s*$", fold(head)):
        return [line]  # `… CÔNG ĐOÀN CƠ SỞ TRƯỜNG …` is one name
    return [head, tail]


def _boxed_issuer(rec: Record, cs: list[Cell]) -> tuple[str, int, int] | None:
    """Word 97 files keep a text box's text after the main text: a header whose issuer block
    sits in a text box has no issuer above its title, and its organisation line comes last,
    after the signature. Taken only when the document's last line is such a line."""
    if not cs or len(cs) < 4:
        return None
    c = cs[-1]
    closing = [z for z in rec.zones if z.name in ("signature", "recipients")]
    if not closing or c.start < closing[0].start:
        return None
    txt = c.text.strip(" _-.…")
    if not (is_upper(txt) and 8 <= len(txt) <= 140 and _ORG_HEAD.match(fold(txt))) \
            or is_motto(txt):
        return None
    from vanban.ingest.fields.signature import position

    if position(txt) or re.match(r"^(?:TM|T/M|KT|K/T|TL|TUQ|Q)\s*[.:]", txt):
        return None
    return _clean_name(compose(_split_parent(txt))), c.start, c.end


def extract(rec: Record) -> None:
    cs = cells(rec)
    if not cs:
        return
    found: tuple[str, int, int] | None = None
    context: list[str] = []
    if rec.loai != NEWS:
        hl = _header_lines(rec, cs)
        if hl:
            lines, used = hl
            found = (_fuller(compose(lines), rec), used[0].start, used[-1].end)
            context = [recase(x) for x in lines]
    if not found and rec.loai != NEWS:
        found = _boxed_issuer(rec, cs)
    if not found:
        for c in cs[:80]:
            m = re.match(r"^(?:Đơn vị(?: thực hiện| ban hành| trình bày)?|Cơ quan ban hành)\s*:\s*"
                         r"(.+)$", c.text)
            if m:
                found = (_clean_name(recase(m.group(1))), c.start + m.start(1), c.end)
                break
    if not found and rec.loai != NEWS:
        for name, s, e, before in body_mentions(rec.text[:20000]):
            if re.search(r"(Ban Thường vụ|Ban thường vụ|Ban Chấp hành|Ban chấp hành|BCH|BTV|"
                         r"Đoàn Chủ tịch)$", before):
                found = (_complete(name, rec), s, e)
                break
    if not found and rec.loai == NEWS:
        from vanban.ingest.fields.news_issuer import news_issuer

        found = news_issuer(rec, _complete)
    if not found:
        # the signature block names the body it signs for: "TM. BAN CHẤP HÀNH CÔNG ĐOÀN …"
        for c in cs[len(cs) // 2:]:
            m = re.match(r"^(?:TM|T/M)\s*\.?\s*(.+)$", c.text)
            if m:
                name = _clean_name(recase(m.group(1)))
                if _has_name(name) and _ORG_WORD.search(fold(name)):
                    found = (_complete(name, rec), c.start + m.start(1), c.end)
                    break
    if not found and rec.so_hieu:
        org = re.split(r"[-/]", rec.so_hieu)[-1]
        name = _complete(org, rec)
        if name != org and "so_hieu" in rec.provenance:
            sp = rec.provenance["so_hieu"]
            found = (name + (" tỉnh" if name == "Liên đoàn Lao động" else ""), sp.start, sp.end)
            found = (_complete(found[0], rec), sp.start, sp.end)
    if not found:
        return
    rec.don_vi_raw = found[0]
    rec.don_vi = canonical(found[0])  # one spelling per unit; the name as read stays in _raw
    rec.provenance["don_vi"] = span(rec, found[1], found[2])
    rec.cap = _level(rec.don_vi)
    rec.tinh = _province(rec.don_vi, rec, context)
