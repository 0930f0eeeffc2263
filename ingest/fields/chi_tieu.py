"""Chỉ tiêu: every quantity in the body as a `Figure` (value, unit, subject, target/result, period).

How a figure is found, in order:
1. Mask what looks like a number but is not a quantity: dates, times, document numbers
   (`34-CT/TW`, `Nghị định 04`), years and periods, section numbers at line starts, labels
   (`Đợt 1`, `lần thứ 2`, `lớp 9`), page numbers, URLs, `Covid-19`.
2. Read each remaining number with its qualifier, range, ratio, scale and % (`numbers.py`),
   then the counted noun after it (a small vocabulary, else the next one or two syllables).
   A number with no unit is not a figure; time units (`5 năm`, `02 đợt`) are not either.
3. Kind: cues in the clause, then in the sentence (`đã`, `kết quả` → result; `phấn đấu`,
   `chỉ tiêu`, `mục tiêu` → target), then the enclosing headings (innermost first: `Chỉ tiêu
   cụ thể` → target, `KẾT QUẢ` → result, a heading period after/before the document year),
   then the document type.
4. Period: from the clause, the headings, or the title (the later period for targets).
Headings are found line by line (numbering, ALL CAPS) because readers give paragraphs
without a section tree; `Paragraph.section`, when another stage sets it, is added as context.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from vanban.corpus import data
from vanban.corpus.keys import loose_key, unit_key
from vanban.corpus.schema import Figure, Paragraph, Record, Span
from vanban.corpus.vntext import fold, strip_marks
from vanban.ingest.fields.numbers import NUMBER, QUALIFIERS, SCALE, parse_number, scale_of

_L = r"[^\W\d_]"  # a letter

# ---------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------
# Counted nouns (longest match wins). Abbreviations match case-sensitively.
COUNTED = (
    "suất quà", "xuất quà", "phần quà", "lượt", "tập thể", "cá nhân", "đề tài", "sáng kiến",
    "công trình", "gia đình", "hộ gia đình", "hộ", "người", "đại biểu", "doanh nghiệp",
    "đơn vị", "cơ quan", "lớp học", "lớp", "bộ", "cặp", "mái nhà", "căn nhà", "ngôi nhà",
    "nhà", "phiếu", "chị", "em", "đ/c", "đồng chí", "tiết", "cây", "lao động", "phụ nữ",
    "cán bộ", "hội viên", "đoàn viên", "công nhân", "giáo viên", "cô giáo", "học sinh",
    "tờ rơi", "áp phích", "câu lạc bộ", "đội", "cuộc", "buổi", "tấn", "kg", "ha", "km",
    "m2", "mô hình", "thỏa thuận", "thoả thuận", "bản", "văn bản", "giải", "huy chương",
    "trường", "xã", "huyện", "tổ", "chi đoàn", "chăn", "áo", "suất", "xuất", "lần",
    "tin", "bài", "tiết mục", "hội nghị", "lớp tập huấn", "cơ sở", "thành viên", "ủy viên",
    "nữ", "CĐCS", "CNVCLĐ", "CNLĐ", "NLĐ", "ĐVCĐ", "CBCCVC", "TULĐTT", "HS", "GV", "CB",
)
_COUNTED_FOLD = sorted(((fold(u), u) for u in COUNTED), key=lambda t: -len(t[0]))
# Not quantities: durations, ordinals, ages.
_TIME_UNITS = {"năm", "tháng", "ngày", "tuần", "giờ", "phút", "giây", "quý", "đợt", "kỳ",
               "khóa", "khoá", "tuổi", "thế kỷ", "h"}
# Words that cannot start a counted noun (fallback reading).
_STOP = {
    "của", "và", "với", "cho", "tại", "được", "đã", "có", "là", "trong", "theo", "về", "đến",
    "từ", "trở", "lên", "xuống", "số", "điều", "khoản", "mục", "chương", "phần", "trang",
    "thứ", "này", "đó", "các", "những", "mỗi", "một", "hay", "hoặc", "nhưng", "thì", "mà",
    "ở", "để", "nhằm", "bằng", "so", "như", "gồm", "trên", "dưới", "hơn", "gần", "khoảng",
    "đạt", "tăng", "giảm", "vượt", "còn", "lại", "nay", "qua", "tới", "sau", "trước",
    "không", "chưa", "đều", "cũng", "vào", "ra", "do", "bị", "thuộc", "gửi", "năm", "tháng",
    "ngày", "giờ", "phút", "tuần", "quý", "đợt", "kỳ", "khóa", "khoá", "tuổi", "lần",
}
_MONEY = re.compile(
    r"(?:đồng|đ(?!\w|/c\b)|VNĐ|VND|vnđ|USD|usd)(?![\w])((?:/[^\W\d_]+(?:\s[^\W\d_]+)?){0,3})")

# ---------------------------------------------------------------------------------------
# What is not a quantity (masked before numbers are read)
# ---------------------------------------------------------------------------------------
_DOC_WORDS = (
    r"Nghị định|Nghị quyết|Quyết định|Chỉ thị|Thông tư|Thông tri|Kế hoạch|Công văn|"
    r"Hướng dẫn|Đề án|Chương trình|Luật|Đi[eêềế]u|Khoản|Mục|Chương|Phần|Tờ trình|Thông báo|"
    r"Báo cáo|Quy chế|Quy định|Pháp lệnh|Phụ lục|Biểu|Mẫu|Hiến pháp"
)
_LABEL_WORDS = (
    r"lần|thứ|đợt|khóa|khoá|kỳ|tuần|quý|lớp|khối|tổ|phường|quận|khu|tầng|phòng|xóm|thôn|"
    r"tiểu khu|trang|bước|giai đoạn|vòng|nhiệm kỳ|năm học|niên khóa|số nhà|km|tập|kỳ họp|"
    r"câu|bảng|hình|mục|tiết"
)
_MASKS = [
    re.compile(p, f) for p, f in (
        (r"https?://\S+|\S+\.(?:html?|php|aspx?)\S*|\bwww\.\S+", re.I),
        (r"[\w.+-]+@[\w-]+\.[\w.]+", 0),
        (r"\d{9,}", 0),
        (r"(?i:covid)\s*-?\s*\d+|[^\W\d_]-\d+", 0),
        # document numbers: 34-CT/TW, 91/2017/NĐ-CP, 1689/QĐ - TLĐ, 7c/NQ-BCH
        (r"\d+[a-zA-Z]?(?:\s*/\s*\d{2,4})?\s*[/-]\s*[A-ZĐ][\wĐđ&.]*(?:\s*[-/]\s*[A-ZĐ][\wĐđ&.]*)*",
         0),
        (r"(?<!tổng )(?<!Tổng )\b[Ss]ố\s*:?\s*\d[\w/.\-–]*", 0),
        (rf"\b(?:{_DOC_WORDS})\s+(?:số\s*)?\d[\w/.\-–]*", re.I),
        # dates and times
        (r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:19|20)?\d{2}(?!\d)", 0),
        (r"(?<![\d.,])\d{1,2}\s*/\s*(?:19|20)\d{2}(?!\d)", 0),
        (r"\d{1,2}\s*[-–]\s*(?=\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4})", 0),
        (r"\bngày\s*[.…]*\s*\d{1,2}(?:\s*[/.-]\s*\d{1,2})?(?:\s*[/.-]\s*\d{2,4})?", re.I),
        (r"\btháng\s*\d{1,2}\b", re.I),
        (r"\bnăm\s*(?:học\s*)?(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?", re.I),
        (r"\d{1,2}\s*(?:giờ|h)\s*\d{0,2}(?:\s*phút)?(?![^\W\d_])", re.I),
        # years and periods
        (r"(?<![\d.,])(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}(?!\d)", 0),
        (r"(?<![\d.,])(?:19|20)\d{2}\s+(?:19|20)\d{2}(?!\d)", 0),
        # labels and ordinals: Đợt 1, lần thứ 2, lớp 9, Thứ 2
        (rf"\b(?:{_LABEL_WORDS}|điểm)\s+(?:thứ\s+)?\d+(?:\s*(?:[-–,]|và)\s*\d+)*", re.I),
        # page-view counters of web captures
        (r"lượt xem\s*:?\s*\d+|\d+\s*lượt xem", re.I),
        # names in quotes ("Gia đình 5 không, 3 sạch") are not quantities
        (r"“[^”]{1,60}”|\"[^\"]{1,60}\"", 0),
    )
]
# At the start of a line: section numbers (2.2., I., a), (1).), page numbers.
_LINE_MASKS = [
    # (not "2.500 lao động" at the start of a wrapped line: a thousands group is a number)
    re.compile(r"(?m)^[ \t*#\-+•]*(?:[IVXLC]+|[a-zđ]|\d{1,2})\s*[.)](?=\s|$|[^\W\d_])"),
    re.compile(r"(?m)^[ \t*#\-+•]*\d{1,2}(?:\.\d{1,2})+\.?(?=\s|$|[^\W\d_])"),
    re.compile(r"(?m)^[ \t*#\-+•]*\(\s*\d+\s*\)\s*\.?"),
    re.compile(r"(?m)^[ \t]*\d{1,4}[ \t]*$"),
]

# Money written against the number (50.000.000đ, 15.000VNĐ) is the one letter allowed after it.
_GLUED = r"(?!đồng|đ(?!\w|/c\b)|VNĐ|VND)"
# A quantity: optional qualifier, number (or ratio), %, range, scale.
_QUAL = "|".join(re.escape(q) for q in QUALIFIERS)
# Money with spaces between thousands (`191 595 500 đồng`, common in scans and spreadsheets).
_SPACED = r"\d{1,3}(?: \d{3}){2,}(?=\s*(?:đồng|đ\b|VNĐ|VND))"
_QTY = re.compile(
    rf"(?:(?P<q>(?<!{_L})(?:{_QUAL}))\s+)?"
    rf"(?<![\w.,/])(?P<a>{_SPACED}|{NUMBER})(?:\s*/\s*(?P<tot>\d+))?(?!{_GLUED}[\w/]|[.,]\d)"
    rf"(?:\s*(?P<pa>%|phần trăm))?"
    rf"(?:\s*(?:-|–|đến|tới)\s*(?P<b>{NUMBER})(?![\w/]|[.,]\d)(?:\s*(?P<pb>%))?)?"
    rf"(?:\s+(?P<sc>{SCALE})(?!{_L}))?",
    re.IGNORECASE,
)

_TARGET_CUES = re.compile(
    r"\b(?:phấn đấu|chỉ tiêu|mục tiêu|kế hoạch giao|được giao|phải đạt|cần đạt|"
    r"sẽ|đến cuối nhiệm kỳ|định hướng|dự kiến)\b", re.I)
_RESULT_CUES = re.compile(
    r"\b(?:đã|kết quả|đạt được|năm qua|vừa qua|nhiệm kỳ qua|đến nay|hiện nay|hiện có|"
    r"tính đến|thực hiện được)\b", re.I)
_H_TARGET = ("muc tieu", "chi tieu", "nhiem vu", "phuong huong", "giai phap", "ke hoach",
             "dinh huong", "phan dau", "de xuat", "du kien")
_H_RESULT = ("ket qua", "danh gia", "tinh hinh", "thanh tich", "so lieu", "tong ket",
             "so ket", "da dat", "thuc trang", "uu diem", "han che", "kiem diem", "da lam")
_DOC_TARGET = {"Kế hoạch", "Phát động", "Chương trình", "Hướng dẫn", "Chỉ thị", "Thông tri",
               "Đề án", "Phương án", "Nghị quyết"}
_PERIOD = re.compile(
    r"(?:(?P<w>giai đoạn|nhiệm kỳ|năm học|niên khóa|kế hoạch \d+ năm)\s*\(?\s*)?"
    r"(?P<a>(?:19|20)\d{2})\s*[-–]\s*(?P<b>(?:19|20)\d{2})\)?", re.I)
_YEAR = re.compile(r"\bnăm\s+(?P<y>(?:19|20)\d{2})\b", re.I)
_SINCE = re.compile(r"\btừ năm\s+(?P<y>(?:19|20)\d{2})\s+(?:đến|tới)\s+nay\b", re.I)
_HANG_NAM = re.compile(r"\b(?:hàng|hằng) năm\b", re.I)
_QUOTED = re.compile(r"[“\"]\s*([^”\"]{3,120}?)\s*[”\"]")


@dataclass
class _Heading:
    level: float
    text: str
    movement: str | None = None  # the movement (phong trào) the section is about
    programme: str | None = None  # or the programme (chương trình)


@dataclass
class _Context:
    """What the document says about itself: year, title kind and periods, default kind."""

    year: int | None
    title_kind: str | None
    title_periods: list[tuple[int, int, str]]
    default_kind: str
    headings: list[_Heading] = field(default_factory=list)
    zones: list = field(default_factory=list)  # Record.zones when another stage set them
    annex: bool = False  # past a `PHỤ LỤC` heading
    table: list[str] | None = None  # header cells of the table being read


# ---------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------
def extract(rec: Record) -> None:
    """Fill `rec.chi_tieu` with one Figure per quantity found in the body."""
    ctx = _doc_context(rec)
    ctx.zones = sorted(getattr(rec, "zones", None) or [], key=lambda z: z.start)
    start = _body_start(rec)
    figures: list[Figure] = []
    prev_heading = False
    for p in rec.paragraphs:
        table_like = _TABLE_ROW.search(p.text) is not None
        if p.end <= start or p.kind in ("signature", "noi_nhan", "header") or \
                p.kind == "title" and not table_like:  # a table is never a title
            continue
        if table_like:
            rows = _line_spans(p.text)
            if all(_TABLE_ROW.search(p.text[a:b]) for a, b in rows if p.text[a:b].strip()):
                for a, b in rows:  # one row per line (a cleaner may join short rows)
                    if p.text[a:b].strip():
                        figures.extend(_table_row(p, ctx, p.text[a:b], a))
                continue
        ctx.table = None
        flat = p.text.replace("\n", " ")
        lines = _line_spans(p.text)
        heads = found = _headings(p.text, lines)
        if p.kind == "heading":  # another stage already knows it is a heading
            heads = [h or ((1.5, p.text[a:b].strip()) if p.text[a:b].strip() else None)
                     for h, (a, b) in zip(heads, lines, strict=True)]
        if not _DIGIT.search(p.text) and not any(heads):
            prev_heading = prev_heading and not p.text.strip()
            continue  # no number and no heading: nothing to read here
        mask = _mask(p.text) if _DIGIT.search(p.text) else bytearray(len(p.text))
        li = 0
        for cs, ce, ss, se in _units(p.text, lines, found):
            while li < len(lines) and lines[li][0] < ce:
                if heads[li] is not None:
                    _push_heading(ctx, heads[li][0], heads[li][1], prev_heading)
                    prev_heading = True
                elif p.text[lines[li][0]:lines[li][1]].strip():
                    prev_heading = False
                li += 1
            if p.start + cs < start:
                continue
            if _NOI_NHAN.match(flat[cs:ce]):
                break  # the recipients list: nothing after it in this paragraph is a figure
            figures.extend(_figures_in(p, ctx, flat, mask, cs, ce, ss, se))
    rec.chi_tieu = figures


# ---------------------------------------------------------------------------------------
# Document context and headings
# ---------------------------------------------------------------------------------------
def _doc_context(rec: Record) -> _Context:
    year = rec.nam
    title = " ".join(x for x in (rec.trich_yeu, rec.meta.get("title") if rec.meta else None)
                     if x)
    periods = [(int(m.group("a")), int(m.group("b")), _period_text(m))
               for m in _PERIOD.finditer(title)]
    if year is None:
        ys = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", title)]
        if not ys:
            head = "\n".join(p.text for p in rec.paragraphs[:15])
            ys = [int(m.group("y")) for m in _YEAR.finditer(head)]
        year = max(ys) if ys else None
    # the title speaks by its words only: "Biên bản ... nhiệm kỳ 2025-2030" is not a plan
    title_kind = _heading_kind(title, None) if title else None
    loai = rec.loai or ""
    default = "target" if loai in _DOC_TARGET else "result"
    return _Context(year=year, title_kind=title_kind, title_periods=periods,
                    default_kind=default)


def _body_start(rec: Record) -> int:
    """Offset in `rec.text` where the body starts: after the document-type line when known."""
    span = rec.provenance.get("loai") if rec.provenance else None
    if span is None or span.end is None:
        return 0
    nl = rec.text.find("\n", span.end)
    return len(rec.text) if nl < 0 else nl + 1


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _headings(text: str, lines: list[tuple[int, int]]) -> list[tuple[float, str] | None]:
    """Heading of each line; a numbered line as wide as the paragraph is a wrapped list item."""
    width = max((le - ls for ls, le in lines), default=0)
    out: list[tuple[float, str] | None] = []
    for ls, le in lines:
        h = _heading_of(text[ls:le])
        if h is not None and len(lines) > 2 and le - ls >= 0.75 * width and h[0] != 1.5:
            h = None
        out.append(h)
    return out


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 6 or len(line.split()) < 2:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.85


@lru_cache(maxsize=4096)
def _heading_of(line: str) -> tuple[float, str] | None:
    """(level, text) when the line is a heading; None for body text."""
    s = line.strip().strip("*#").strip()
    if not s or len(s) > 160:
        return None
    if re.match(r"(?i)(phần|chương)\s+(thứ\s+\w+|[IVXLC]+|\d+)\b", s):
        return 0.0, s
    short = len(s) <= 110
    if short and re.match(r"[IVXLC]+\s*[.)]\s*\S", s):
        return 1.0, s
    m = re.match(r"(\d{1,2}(?:\.\d{1,2})*)\s*[.)]?\s*(?=[^\W\d_])", s)
    if short and m and (m.group(0).strip().endswith((".", ")")) or "." in m.group(1)):
        return 2.0 + m.group(1).count("."), s
    if short and re.match(r"[a-zđ]\s*[.)]\s+\S", s):
        return 5.0, s
    if short and re.match(r"\(\s*\d+\s*\)\s*\.?\s*\S", s):
        return 6.0, s
    if _is_caps(s):
        return 1.5, s
    return None


def _push_heading(ctx: _Context, level: float, text: str, prev_heading: bool) -> None:
    """Keep the stack of enclosing headings; an unnumbered caps line continues a heading."""
    if re.match(r"(?i)\s*(?:phụ lục|biểu số|biểu mẫu)\b", text):
        ctx.annex = True
    if level == 1.5 and prev_heading and ctx.headings:
        h = ctx.headings[-1]
        h.text += " " + text
        h.movement, h.programme = _heading_movement(h.text)
        return
    while ctx.headings and ctx.headings[-1].level >= level:
        ctx.headings.pop()
    ctx.headings.append(_Heading(level, text, *_heading_movement(text)))


_H_MOVE = re.compile(r"(?i)\b(phong trào|cuộc vận động|chương trình)\b(?:\s+thi đua)?"
                     r"(?:\s+yêu nước)?\s*:?\s*")
_NUMBERING = re.compile(r"(?i)\s*(?:phần\s+thứ\s+\w+|[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ]|"
                        r"\(\s*\d+\s*\))?\s*[.):]?\s*[-+*•]?\s*$")


@lru_cache(maxsize=512)
def _heading_movement(text: str) -> tuple[str | None, str | None]:
    """(movement, programme) a heading names: `1. Phong trào thi đua “Lao động giỏi…”`
    → the gazetteer's canonical name; an unquoted name counts only when the heading starts
    with `Phong trào` (`II. KẾT QUẢ PHONG TRÀO THI ĐUA` names none)."""
    m = _H_MOVE.search(text)
    if not m:
        return None, None
    word, rest = m.group(1).lower(), text[m.end():]
    q = re.match(r"[“\"]([^”\"]{3,160})(?:[”\"]|$)", rest)
    if q:
        name = q.group(1)
    elif _NUMBERING.fullmatch(text[:m.start()]) and len(rest.split()) >= 2:
        name = re.split(r"[(;]|\s[-–]\s", rest)[0]
    else:
        return None, None
    name = " ".join(name.replace("*", " ").split()).strip(" ,;.:…-–_")
    if len(name) < 3:
        return None, None
    from vanban.ingest.fields.phong_trao import lookup

    entry = lookup(name)
    if entry is not None:
        return (None, entry.name) if entry.kind == "chuong_trinh" else (entry.name, None)
    name = name[:1].upper() + name[1:]
    return (None, name) if word == "chương trình" else (name, None)


# Award wording, not a plan: "cá nhân hoàn thành xuất sắc nhiệm vụ", "nhiệm vụ được giao".
_NOT_PLAN = re.compile(r"hoan thanh (?:xuat sac |tot )?(?:cac )?nhiem vu|nhiem vu duoc giao")


def _heading_kind(text: str, year: int | None) -> str | None:
    """target/result from a heading's (or title's) words, else from its period vs the year."""
    f = _NOT_PLAN.sub(" ", fold(text))
    t = any(re.search(rf"\b{c}\b", f) for c in _H_TARGET)
    r = any(re.search(rf"\b{c}\b", f) for c in _H_RESULT)
    if t != r:
        return "target" if t else "result"
    if t and r:
        return None
    if year:
        for m in _PERIOD.finditer(text):
            a, b = int(m.group("a")), int(m.group("b"))
            if a >= year and b > year:
                return "target"
            if b <= year:
                return "result"
    return None


def _period_text(m: re.Match[str]) -> str:
    w = (m.group("w") or "giai đoạn").lower()
    if w.startswith("kế hoạch"):
        w = "giai đoạn"
    return f"{w} {m.group('a')}-{m.group('b')}"


# ---------------------------------------------------------------------------------------
# Sentences and clauses
# ---------------------------------------------------------------------------------------
_BULLET = re.compile(r"\s*(?:[-+*•]|\(?\d+(?:\.\d+)*\s*[.)]|[IVXLC]+\s*[.)]|[a-zđ]\s*\))\s*")


def _units(text: str, lines: list[tuple[int, int]],
           heads: list[tuple[float, str] | None] | None = None
           ) -> list[tuple[int, int, int, int]]:
    """Clauses (split on `;` too) with their enclosing sentence: (cs, ce, ss, se)."""
    width = max((le - ls for ls, le in lines), default=0)
    heads = _headings(text, lines) if heads is None else heads
    cuts: set[int] = set()
    for i in range(1, len(lines)):
        prev = text[lines[i - 1][0]:lines[i - 1][1]].rstrip()
        cur = text[lines[i][0]:lines[i][1]]
        first = cur.lstrip()[:1]
        if (not prev or prev.endswith((".", ";", ":", "!", "?", "”")) or _BULLET.match(cur)
                and re.match(r"\s*(?:[-+*•]|\(?\d|[IVXLC]+\s*[.)])", cur)
                or (first.isupper() and len(prev) < 0.6 * width)
                or heads[i - 1] or heads[i]):
            cuts.add(lines[i][0])
    for m in re.finditer(r"[.!?](?=\s+[\"“(\[*]?[A-ZĐÀ-Ỹ0-9])", text):
        if not re.search(r"\d$", text[max(0, m.start() - 1):m.start()]) or \
                re.match(r"\s+[A-ZĐ]", text[m.end():]):
            cuts.add(m.end())
    sentences = _split(text, cuts)
    out = []
    for ss, se in sentences:
        sub = {m.end() for m in re.finditer(r";", text[ss:se])}
        for cs, ce in _split(text[ss:se], sub):
            out.append((ss + cs, ss + ce, ss, se))
    return out


def _split(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


_DIGIT = re.compile(r"\d")
_NOI_NHAN = re.compile(r"\s*N[ơo]i nh[ậa]n\b", re.I)


def _mask(text: str) -> bytearray:
    """1 where a date, number, section mark … lies: no figure may start there."""
    masked = bytearray(len(text))
    for rx in _LINE_MASKS:
        for m in rx.finditer(text):
            masked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    flat = text.replace("\n", " ")
    # the text without marks (same length for NFC Vietnamese) lets the rules see OCR'd
    # "ngay 19 thang 6 nam 2015" as a date too
    bare = _strip_marks(flat)
    windows, longest = _digit_runs(flat)
    low = flat.lower()
    passes = [(flat, _MASKS, _gates(flat, low, longest))]
    if len(bare) == len(flat):
        passes.append((bare, _masks_bare(), _gates_bare(bare.lower())))
    for v, rxs, gates in passes:
        for rx, gate in zip(rxs, gates, strict=True):
            if not gate:  # a literal the rule needs is nowhere in the paragraph
                continue
            for a, b in windows:
                for m in rx.finditer(v, a, b):
                    masked[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return masked


def _gates(flat: str, low: str, longest: int) -> tuple[bool, ...]:
    """For each rule of `_MASKS`, whether the paragraph holds what every match of it
    contains (a literal, checked in C) — a rule that cannot match is not run. Case-blind
    rules are checked on the lowered text; their literals avoid `i`/`s`, which the regex
    engine also matches as `ı`/`ſ`."""
    slash, dash, dot = "/" in flat, "-" in flat, "." in flat
    return (
        "://" in flat or "www." in low or ".htm" in low or ".php" in low or ".a" in low,
        "@" in flat,
        longest >= 9,
        dash or "cov" in low,
        slash or dash,
        "ố" in flat,
        True,
        slash or dot or dash,
        slash,
        slash,
        "ngày" in low,
        "tháng" in low,
        "năm" in low,
        True,
        dash or "–" in flat,
        True,
        True,
        "lượt xem" in low,
        "“" in flat or '"' in flat,
    )


def _gates_bare(low: str) -> tuple[bool, ...]:
    """`_gates` for `_masks_bare()` (ngày, tháng, năm, giờ on the unaccented text)."""
    return ("ngay" in low, "thang" in low, "nam" in low, True)


_DIGITS = re.compile(r"\d+")
_REACH = 64  # no mask reaches further from a digit (a quoted name: 60 characters + quotes)


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Spans around the digits, merged: only there can a mask hide a number, so the mask
    rules run over these spans instead of the whole paragraph (lookbehinds still see
    what is before a span)."""
    out: list[list[int]] = []
    n = len(text)
    for m in _DIGITS.finditer(text):
        a, b = max(0, m.start() - _REACH), min(n, m.end() + _REACH)
        if out and a <= out[-1][1]:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _digit_runs(text: str) -> tuple[list[tuple[int, int]], int]:
    """`_digit_windows` and the longest run of digits, in one pass."""
    out: list[list[int]] = []
    n, longest = len(text), 0
    for m in _DIGITS.finditer(text):
        s, e = m.span()
        longest = max(longest, e - s)
        a, b = max(0, s - _REACH), min(n, e + _REACH)
        if out and a <= out[-1][1]:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out], longest


def _strip_marks(s: str) -> str:
    """Drop accents and tones, `đ`→`d`, keeping case (unlike `fold`) so regexes still apply."""
    return unicodedata.normalize("NFC", strip_marks(s))


@lru_cache(maxsize=1)
def _masks_bare() -> list[re.Pattern[str]]:
    dated = (r"\bngày", r"\btháng", r"\bnăm", r"\d{1,2}\s*(?:giờ")
    return [re.compile(_strip_marks(rx.pattern), rx.flags) for rx in _MASKS
            if rx.pattern.startswith(dated)]


# ---------------------------------------------------------------------------------------
# Quantities in one clause
# ---------------------------------------------------------------------------------------
@dataclass
class _Qty:
    start: int  # start of the expression (qualifier included), in paragraph coordinates
    num_start: int
    end: int  # end of number + unit
    np_end: int  # end of the counted-noun phrase after the unit
    value: float
    value_max: float | None
    total: float | None
    qualifier: str | None
    unit: str
    np: str
    raw: str


def _figures_in(p: Paragraph, ctx: _Context, flat: str, mask: bytearray,
                cs: int, ce: int, ss: int, se: int) -> list[Figure]:
    qtys = _quantities(flat, mask, cs, ce)
    if not qtys:
        return []
    clause = flat[cs:ce]
    sentence = flat[ss:se]
    kind = _kind(clause, sentence, ctx, p)
    period = _period(clause, ctx, kind, p.section)
    groups = _groups(flat, qtys)
    movement, programme = _section_context(ctx)
    programme = _programme(clause) or programme
    about = _about(flat, cs, qtys[0].start)
    out = []
    for group in groups:
        last = group[-1]
        pred = _predicate(flat, last.np_end, ce, qtys)
        for q in group:
            subject = _subject(flat, q, group, pred, cs, qtys)
            award = _award(flat, q, group, pred, cs, ce, ctx)
            out.append(Figure(
                text=" ".join(clause.split()).rstrip(";"), value=q.value, unit=q.unit, kind=kind,
                qualifier=q.qualifier, value_max=q.value_max, total=q.total, raw=q.raw,
                subject=subject, period=period, phong_trao=award,
                span=Span(page=p.page, paragraph=p.index, start=p.start + q.start,
                          end=p.start + q.end),
                muc_phong_trao=movement, chuong_trinh=programme, don_vi_ve=about,
                zone=_zone(ctx, p.start + q.start, None), unit_key=unit_key(q.unit),
            ))
    return out


# ---------------------------------------------------------------------------------------
# Context: section movement, programme, the body a figure is about, zone
# ---------------------------------------------------------------------------------------
def _section_context(ctx: _Context) -> tuple[str | None, str | None]:
    """Movement and programme of the innermost heading that names one."""
    movement = programme = None
    for h in reversed(ctx.headings):
        movement = movement or h.movement
        programme = programme or h.programme
        if movement:
            break
    return movement, programme


@lru_cache(maxsize=1)
def _programmes() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over a clause's loose key for every programme name and variant."""
    from vanban.ingest.fields.phong_trao import gazetteer

    names = {loose_key(k): e.name for e in gazetteer() if e.kind == "chuong_trinh"
             for k in [e.name, *e.keys] if loose_key(k)}
    alts = sorted(names, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, alts)) + r")\b"), names


@lru_cache(maxsize=4096)
def _programme(clause: str) -> str | None:
    """A programme (`Mái ấm công đoàn`, `Tết Sum vầy`) the clause names."""
    rx, names = _programmes()
    m = rx.search(loose_key(clause))
    return names[m.group(0)] if m else None


_ABOUT = re.compile(
    r"(?<!Tổng )\b(?:LĐLĐ|LDLĐ|Liên đoàn Lao động|Công đoàn ngành|CĐN|Công đoàn|CĐCS|"
    r"Công đoàn cơ sở)\s+(?i:(?:huyện|thành phố|thị xã|quận|tỉnh|ngành|viên chức)\s+)?"
    r"(?:[A-ZĐ][^\W\d_]*\s*){1,4}")


def _about(flat: str, cs: int, first: int) -> str | None:
    """The body the clause's figures are about, when one is named before them (`LĐLĐ huyện
    Than Uyên đã …`); a giver (`… tặng`) is not it."""
    found = None
    for m in _ABOUT.finditer(flat, cs, min(first, cs + 40)):
        if len(flat[cs:m.start()].split()) > 3:  # only a clause's subject, at its start
            break
        name = m.group(0).strip()
        if re.match(r"\s*(?:tặng|trao|khen)", flat[m.end():m.end() + 12]):
            continue
        if len(name.split()) >= 2 and not name.endswith(("Việt", "Việt Nam")):
            found = name
    return found


_ZONE_NAMES = {"body": "main", "attachment": "annex"}


def _zone(ctx: _Context, pos: int, table: bool | None) -> str:
    """main | table | annex (and the other zones of `Record.zones` when set)."""
    for z in ctx.zones:
        if z.start <= pos < z.end:
            name = _ZONE_NAMES.get(z.name, z.name)
            return "table" if table and name == "main" else name
    if ctx.annex:
        return "annex"
    return "table" if table else "main"


# ---------------------------------------------------------------------------------------
# Tables: rows of cells joined by " | " (readers/tables.py)
# ---------------------------------------------------------------------------------------
_TABLE_ROW = re.compile(r"\S \| \S")
_CELL_NUM = re.compile(rf"(?:(?P<q>{_QUAL})\s+)?(?P<a>{NUMBER})\s*(?P<pct>%)?", re.I)
_STT = re.compile(r"(?i)(?:[IVXLC]+|[a-zđ]|\d{1,2}(?:\.\d{1,2})*)\s*[.)]?")
_COL_TARGET = ("chi tieu", "ke hoach", "muc tieu", "phan dau", "du kien", "dang ki")
_COL_RESULT = ("ket qua", "thuc hien", "dat duoc", "uoc", "thuc te", "da dat")
_COL_UNIT = re.compile(r"(?i)^(?:đvt|đơn vị tính|đơn vị|dvt|don vi tinh)$")


def _col_kind(header: str | None) -> str | None:
    """The kind a column header gives its cells: `Chỉ tiêu Đại hội` → target, `Kết quả` /
    `Thực hiện` → result, `Tỷ lệ %` → a result rate."""
    if not header:
        return None
    f = fold(header)
    if re.search(r"\bty le\b|%", f):
        return "result"
    if any(re.search(rf"\b{c}\b", f) for c in _COL_RESULT):
        return "result"
    if any(re.search(rf"\b{c}\b", f) for c in _COL_TARGET):
        return "target"
    return None


def _is_num(cell: str) -> re.Match[str] | None:
    return _CELL_NUM.fullmatch(cell.strip())


def _table_row(p: Paragraph, ctx: _Context, line: str, base: int) -> list[Figure]:
    """A table row: a header row is remembered; each number of a data row becomes a figure
    with the row label, the column header (which decides its kind) and the unit (the
    `ĐVT` column, a unit cell, `%`, or the noun of the row label)."""
    cells, offs, pos = [], [], base
    for c in line.split("|"):
        offs.append(pos + len(c) - len(c.lstrip()))
        cells.append(c.strip())
        pos += len(c) + 1
    nums = [i for i, c in enumerate(cells) if _is_num(c)]
    if ctx.table is not None and nums == [0]:
        nums = []  # a numbered group row under a header
    body = [i for i in nums if not (i == 0 and len(cells) > 2 and _STT.fullmatch(cells[0]))]
    if not body:
        if len([c for c in cells if c]) >= 2 and not _DIGIT.search(
                re.sub(r"(?:19|20)\d{2}", "", line)):
            ctx.table = cells
        return []
    header = ctx.table
    labels = [i for i, c in enumerate(cells) if i not in nums and c and not _STT.fullmatch(c)]
    # a row number the header has no column for does not count when aligning cells
    skip = 1 if (header and len(cells) > 2 and _STT.fullmatch(cells[0])
                 and not re.fullmatch(r"(?i)s?tt|số tt", header[0].strip())) else 0
    width = len(cells) - skip
    unit_col = None
    if header:
        unit_col = next((j for j, h in enumerate(header) if _COL_UNIT.match(h.strip())), None)
    label = cells[labels[0]] if labels else None
    unit_cell = None
    if unit_col is not None and len(header) == width and cells[unit_col + skip] \
            and not _is_num(cells[unit_col + skip]) and unit_col + skip not in labels[:1]:
        unit_cell = cells[unit_col + skip]
    else:
        after = [i for i in labels[1:] if len(cells[i].split()) <= 3 and len(cells[i]) <= 20]
        if after:
            unit_cell = cells[after[0]]
    row_text = " | ".join(cells)
    out = []
    for i in body:
        m = _is_num(cells[i])
        col = None
        if header:
            k = i - skip
            j = k if len(header) == width else len(header) - (width - k)
            col = header[j] if 0 <= j < len(header) else None
        try:
            value = parse_number(m.group("a"))
        except ValueError:
            continue
        pct = bool(m.group("pct")) or bool(col and re.search(r"%|(?i:tỷ lệ|tỉ lệ)", col))
        unit = "%" if pct else (unit_cell or _label_unit(label))
        if not unit:
            continue
        kind = _col_kind(col) or _kind(row_text, row_text, ctx, p)
        period = None
        if col:
            pm = _PERIOD.search(col)
            ym = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", col)
            period = _period_text(pm) if pm else (f"năm {ym.group(1)}" if ym else None)
        period = period or _period(row_text, ctx, kind, p.section)
        movement, programme = _section_context(ctx)
        start = p.start + offs[i]
        out.append(Figure(
            text=row_text, value=value, unit=unit, kind=kind,
            qualifier=(m.group("q") or "").lower() or None, raw=cells[i],
            subject=label, period=period, phong_trao=_find_award(label or "") or None,
            span=Span(page=p.page, paragraph=p.index, start=start, end=start + len(cells[i])),
            muc_phong_trao=movement, chuong_trinh=programme or _programme(label or ""),
            don_vi_ve=_about(label or "", 0, len(label or "")) if label else None,
            zone=_zone(ctx, start, True), row_label=label, col_header=col,
            unit_key=unit_key(unit),
        ))
    return out


def _label_unit(label: str | None) -> str | None:
    """The unit a row label implies: `(người)` at its end, else the counted noun after
    `Số`/`Tổng số` (`Số đoàn viên kết nạp mới` → `đoàn viên`)."""
    if not label:
        return None
    m = re.search(r"\(([^()]{1,20})\)\s*$", label)
    if m and not _DIGIT.search(m.group(1)):
        return m.group(1).strip()
    m = re.match(r"(?i)\s*(?:tổng\s+)?số(?:\s+lượng)?(?:\s+lượt)?\s+", label)
    if not m:
        return None
    unit, _n, _v = _counted(" " + label[m.end():])
    return unit


def _quantities(flat: str, mask: bytearray, cs: int, ce: int) -> list[_Qty]:
    out: list[_Qty] = []
    pos = cs
    while True:
        if not _DIGIT.search(flat, pos, ce):
            break  # every quantity holds a digit: no need to try each position
        m = _QTY.search(flat, pos, ce)
        if not m:
            break
        pos = m.end() if m.end() > m.start() else m.start() + 1
        a0, a1 = m.span("a")
        if any(mask[a0:a1]):
            pos = a1
            continue
        if m.group("b") and any(mask[m.start("b"):m.end("b")]):
            pos = a1
            continue
        q = _read(flat, m, ce)
        if q is not None:
            out.append(q)
            pos = max(pos, q.end)
    return out


def _read(flat: str, m: re.Match[str], ce: int) -> _Qty | None:
    """One quantity with its unit, or None when it is not a figure (date, year, no unit)."""
    try:
        a = parse_number(m.group("a").replace(" ", "."))
        b = parse_number(m.group("b")) if m.group("b") else None
    except ValueError:
        return None
    scale = scale_of(m.group("sc"))
    pct = bool(m.group("pa") or m.group("pb"))
    tot = float(m.group("tot")) if m.group("tot") else None
    qual = (m.group("q") or "").lower() or None
    end = m.end()
    rest = flat[end:ce]
    unit, np, np_end = None, "", end
    if pct:
        unit = "%"
        up = re.match(r"\s*trở (lên|xuống)\b", rest)
        if up:  # "85% trở lên cán bộ": the bound, then what is counted
            qual = f"{qual} … trở {up.group(1)}" if qual else f"trở {up.group(1)}"
            rest = rest[up.end():]
        np, np_len = _noun_phrase(rest)
        np_end = end + (up.end() if up else 0) + np_len
    else:
        mm = re.match(r"\s*" + _MONEY.pattern, rest)
        if mm:
            unit = "đồng" if mm.group(0).strip()[0] in "đVv" else "USD"
            unit += mm.group(1) or ""
            end += mm.end()
            np_end = end
        else:
            unit, ulen, from_vocab = _counted(rest)
            if unit is None:
                before = flat[max(0, m.start() - 30):m.start()]
                sm = re.search(r"\bsố\s+(" + _L + r"+)\s*:?\s*$", before)
                if sm and fold(sm.group(1)) not in {fold(w) for w in _STOP}:
                    unit, from_vocab = sm.group(1), True
                else:
                    return None
            if fold(unit.split()[0]) in {fold(t) for t in _TIME_UNITS} and \
                    unit.split()[0] in _TIME_UNITS:
                return None
            if ulen:
                end += ulen
                extra, elen = _noun_phrase(flat[end:ce], max_words=3)
                np = (unit + (" " + extra if extra else "")).strip()
                np_end = end + elen
            else:
                np, np_end = unit, end
            plain_int = re.fullmatch(r"\d{4}", m.group("a")) is not None
            if plain_int and 1900 <= a <= 2100 and not from_vocab and not scale > 1:
                return None
            if tot is not None and 1 <= a <= 31 and 1 <= tot <= 12 and not from_vocab:
                return None
    if scale > 1 and unit not in ("%",) and not unit.startswith(("đồng", "USD")) and \
            not np:
        return None
    value = a * scale
    value_max = b * scale if b is not None else None
    if value_max is not None:
        if value_max < value:
            value, value_max = value_max, value
        qual = f"{qual} … đến" if qual and "từ" in qual else (
            f"{qual} từ … đến" if qual else "từ … đến")
    tail = re.match(r"\s*(?:\S+\s+){0,4}?trở (lên|xuống)\b", flat[np_end:ce])
    if tail and not re.search(r"[,;]", tail.group(0)) and "trở" not in (qual or ""):
        q2 = f"trở {tail.group(1)}"
        qual = f"{qual} … {q2}" if qual else q2
    raw = flat[m.start("a"):end].strip()
    return _Qty(start=m.start(), num_start=m.start("a"), end=end, np_end=max(np_end, end),
                value=value, value_max=value_max, total=tot, qualifier=qual, unit=unit,
                np=np, raw=raw)


@lru_cache(maxsize=1)
def _stop_fold() -> set[str]:
    return {fold(w) for w in _STOP}


def _counted(rest: str) -> tuple[str | None, int, bool]:
    """The counted noun right after a number: (unit, chars consumed, from vocabulary)."""
    m = re.match(r"\s+", rest)
    lead = m.end() if m else 0
    if lead == 0 and rest[:1].isalpha():
        return None, 0, False
    s = rest[lead:]
    fs = fold(s)
    pm = re.match(r"(nữ|nam)\s+", s)
    cands = [(s[pm.end():], fs[pm.end():], pm.end())] if pm else []
    for cand_s, cand_f, off in [*cands, (s, fs, 0)]:
        for uf, u in _COUNTED_FOLD:
            if cand_f.startswith(uf) and not re.match(r"\w", cand_f[len(uf):len(uf) + 1]):
                written = cand_s[:len(u)]
                if (u.isupper() and written != u) or u in _TIME_UNITS:
                    continue
                return (s[:off] + written).strip(), lead + off + len(u), True
    ocr = _ocr_unit(s)
    if ocr:
        return ocr[0], lead + ocr[1], True
    # fallback: one or two syllables, lowercase words or an abbreviation
    words = re.match(rf"({_L}[\w/]*)(?:\s+({_L}+))?", s)
    if not words:
        return None, 0, False
    w1, w2 = words.group(1), words.group(2)
    if w1 in _TIME_UNITS or fold(w1) in _stop_fold() and w1.lower() in _STOP:
        return (w1, lead + len(w1), False) if w1 in _TIME_UNITS else (None, 0, False)
    is_abbr = len(w1) >= 2 and w1.isupper()
    if not (w1[0].islower() or is_abbr):
        return None, 0, False
    unit = w1
    if w2 and w2[0].islower() and w2.lower() not in _STOP and not is_abbr:
        unit = f"{w1} {w2}"
    return unit, lead + len(unit), False


_GARBLED = re.compile(r"[~{}\[\]|\\^`$]|[a-zđ][A-Z]|[^\W\d_]\d|\d[^\W\d_]")


def _ocr_unit(s: str) -> tuple[str, int] | None:
    """A counted noun misread by OCR (`t~p thS` for `tập thể`): one wrong letter at most,
    OCR junk characters count as any letter. Only tried when the words look garbled."""
    m = re.match(r"(\S+)(?:\s(\S+))?", s)
    if not m or not any(_GARBLED.search(t) for t in m.groups() if t):
        return None
    for n_words, end in ((2, m.end()), (1, m.end(1))):
        if n_words == 2 and not m.group(2):
            continue
        seen = _strip_marks(s[:end]).lower()
        for _uf, u in _COUNTED_FOLD:
            want = _strip_marks(u).lower()
            if len(u.split()) != n_words or len(want) != len(seen) or len(want) < 5 or \
                    seen[0] != want[0]:
                continue
            wrong = sum(1 for a, b in zip(seen, want, strict=True)
                        if a != b and a not in "~{}[]|\\^`$")
            if wrong <= 1:
                return u, end
    return None


# Verbs and links that end a counted-noun phrase.
_NP_END = {
    "đạt", "được", "có", "là", "tham", "ký", "thực", "tổ", "hoàn", "không", "trị", "với",
    "cho", "của", "tại", "trong", "về", "để", "nhằm", "từ", "đến", "trở", "đã", "đang",
    "sẽ", "bị", "và", "hoặc", "=", "tặng", "xây", "vay", "nâng", "giúp", "tăng", "giảm",
    "sử", "thoát", "khởi", "ứng", "tiếp", "đề", "làm", "theo", "ở", "qua", "trên",
    "dưới", "hơn", "gần", "khoảng", "lên", "đi", "do", "bằng", "mỗi", "các", "những",
}


_VERBS = {"đạt", "được", "có", "là", "tham", "ký", "thực", "tổ", "hoàn", "không", "vi", "sử"}


def _enumerated(rest: str) -> tuple[list[str], int] | None:
    """`, đơn vị` in `cơ quan, đơn vị đạt`: up to six words (and commas) after a comma,
    then a verb; the noun phrase takes them in."""
    m = re.match(r"\s*,", rest)
    if not m:
        return None
    ws = list(re.finditer(r"\s*([^\s,]+)(,?)", rest[m.end():]))[:7]
    for k in range(1, len(ws)):
        if ws[k].group(1).lower() in _VERBS:
            head = ws[:k]
            if k > 6 or not all(re.fullmatch(r"[^\W\d_]+", w.group(1)) for w in head):
                return None
            return [w.group(1) + w.group(2) for w in head], m.end() + head[-1].end(1)
    return None


def _noun_phrase(rest: str, max_words: int = 5) -> tuple[str, int]:
    """Words after a unit until a verb or link word: `cá nhân` in `70% cá nhân đạt ...`.

    A short enumeration before the verb stays in: `95% cơ quan, đơn vị đạt ...`."""
    pos, words = 0, []
    while True:
        m = re.match(r"\s*([^\s,;:.()“”\"]+)", rest[pos:])
        if m is None:
            taken = _enumerated(rest[pos:]) if words else None
            if taken is None:
                break
            words[-1] += ","
            words.extend(taken[0])
            pos += taken[1]
            continue
        w = m.group(1)
        if w.lower() in _NP_END or not re.match(_L, w) or len(words) >= max_words:
            break
        words.append(w)
        pos += m.end()
    return " ".join(words), pos


def _groups(flat: str, qtys: list[_Qty]) -> list[list[_Qty]]:
    """Coordinated quantities share a predicate: `70% cá nhân, 80% tập thể đạt ...`."""
    groups: list[list[_Qty]] = []
    for q in qtys:
        if groups:
            prev = groups[-1][-1]
            between = flat[prev.np_end:q.start]
            if re.fullmatch(r"\s*(?:,|và|,\s*và|hoặc|,\s*có|và có)?\s*", between) and \
                    (prev.unit == "%") == (q.unit == "%"):
                groups[-1].append(q)
                continue
        groups.append([q])
    return groups


def _predicate(flat: str, start: int, ce: int, qtys: list[_Qty]) -> str:
    """What the quantity does or gets: words after its noun phrase up to a break or comma."""
    nxt = min((q.start for q in qtys if q.start >= start), default=ce)
    seg = flat[start:min(nxt, ce)]
    seg = re.split(r"[;(,]|\.\s", seg)[0]
    words = seg.split()
    while words and words[-1].lower() in ("và", "cho", "với", "có", ",", "của"):
        words.pop()
    return " ".join(words[:14]).strip(" ,:.)(")


def _pre_context(flat: str, q: _Qty, cs: int, min_words: int = 2) -> str:
    seg = flat[cs:q.start]
    parts = [x for x in re.split(r",", seg)]
    text = ""
    while parts and len(text.split()) < min_words:
        text = (parts.pop() + ("," + text if text else "")).strip()
    words = text.split()[-12:]
    while words and words[0].lower() in ("có", "và", "với", ",", "đã", "trong", "đó"):
        words.pop(0)
    return " ".join(words).strip(" ,:(-+*")


def _subject(flat: str, q: _Qty, group: list[_Qty], pred: str, cs: int,
             qtys: list[_Qty]) -> str | None:
    """What is counted: its noun phrase and shared predicate, else the words before it."""
    if q.unit.startswith(("đồng", "USD")):
        prev = [x for x in qtys if x.end <= q.start]
        if prev:  # "làm nhà cho 62 gia đình nhân dân trị giá 795 triệu đồng"
            chunk = flat.rfind(",", cs, prev[-1].start) + 1 or cs
            words = flat[max(chunk, cs):q.start].split()[-20:]
            return " ".join(words).strip(" ,:") or pred or None
        pre = _pre_context(flat, group[0], cs, min_words=3)
        return pre or pred or None
    np = q.np
    if pred:
        return f"{np} {pred}".strip() if np else pred
    pre = _pre_context(flat, group[0], cs)
    if np and pre:
        return f"{np} ({pre})"
    return np or pre or None


@lru_cache(maxsize=1)
def _awards() -> list[tuple[str, str]]:
    names = [(loose_key(line.strip()), line.strip()) for line in data.lines("danh_hieu.txt")]
    return sorted(names, key=lambda t: -len(t[0]))


def _award(flat: str, q: _Qty, group: list[_Qty], pred: str, cs: int, ce: int,
           ctx: _Context) -> str | None:
    """The award or movement the figure is tied to: in its predicate, its clause, or heading."""
    found = _find_award(pred)
    if found:
        return found
    chunk = flat.rfind(",", cs, group[0].start) + 1 or cs
    before = flat[max(chunk, cs):group[0].start]
    if re.search(r"\btặng (?:thưởng )?[Cc]ờ\b(?! và)", before):
        return "Cờ thi đua"  # "tặng Cờ cho 15 tập thể" ("cờ" folds to "có": matched here)
    found = _find_award(before) or _find_award(flat[cs:ce])
    if found:
        return found
    for h in reversed(ctx.headings):
        if re.search(r"(?i)phong trào|cuộc vận động|thi đua", h.text):
            m = _QUOTED.search(h.text)
            if m:
                return m.group(1).strip()
    return None


@lru_cache(maxsize=8192)
def _find_award(text: str) -> str | None:
    if not text:
        return None
    m = _QUOTED.search(text)
    k = " " + loose_key(text) + " "
    best: tuple[int, str] | None = None
    for key, name in _awards():
        i = k.find(" " + key + " ")
        if i >= 0 and (best is None or i < best[0]):
            best = (i, name)
    if m and (best is None or k.find(" " + loose_key(m.group(1))) <= best[0]):
        return m.group(1).strip()
    return best[1] if best else None


# ---------------------------------------------------------------------------------------
# Kind and period
# ---------------------------------------------------------------------------------------
def _cue_kind(text: str, year: int | None) -> str | None:
    if _RESULT_CUES.search(text):
        return "result"
    if _TARGET_CUES.search(text):
        return "target"
    m = re.search(r"\b(?:đến|tới) năm\s+((?:19|20)\d{2})", text, re.I)
    if m and year and int(m.group(1)) > year:
        return "target"
    return None


def _kind(clause: str, sentence: str, ctx: _Context, p: Paragraph) -> str:
    for text in (clause, sentence):
        k = _cue_kind(text, ctx.year)
        if k:
            return k
    for h in reversed(ctx.headings):
        k = _heading_kind(h.text, ctx.year)
        if k:
            return k
    if p.section:
        k = _heading_kind(p.section, ctx.year)
        if k:
            return k
    return ctx.title_kind or ctx.default_kind


def _period(clause: str, ctx: _Context, kind: str, section: str | None = None) -> str | None:
    """The clause's own period, else the innermost heading's (or section's), else the title's
    (the later one for targets, the earlier for results); `hàng năm` is kept in front."""
    m = _PERIOD.search(clause)
    if m:
        return _period_text(m)
    m = _SINCE.search(clause)
    if m:
        return f"từ năm {m.group('y')} đến nay"
    m = _YEAR.search(clause)
    if m:
        return f"năm {m.group('y')}"
    found = None
    heads = [h.text for h in ctx.headings] + ([section] if section else [])
    for h in reversed(heads):
        hm = list(_PERIOD.finditer(h))
        if hm:
            found = _period_text(hm[-1])
            break
        ym = _YEAR.search(h)
        if ym:
            found = f"năm {ym.group('y')}"
            break
    if found is None and ctx.title_periods:
        ps = sorted(ctx.title_periods)
        found = ps[-1][2] if kind == "target" else ps[0][2]
    if _HANG_NAM.search(clause):
        return f"hàng năm, {found}" if found else "hàng năm"
    return found
