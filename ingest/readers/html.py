"""HTML captures of union websites: the article body, its title and publication stamp.

Site chrome (menus, navigation trees, "In / Về đầu / Lượt truy cập" footers, other-news
lists) is dropped by structure, not by site: obvious chrome tags and class/id names go
first, then the block whose own paragraphs hold the most non-link text wins (the idea of
Readability, written small). Parsed with lxml with entities unresolved and no network.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html
from vanban.corpus.legacy import detect_legacy, to_unicode
from vanban.corpus.schema import Page, ReadResult
from vanban.corpus.vntext import nfc
from vanban.ingest import safety
from vanban.ingest.errors import ReadError
from vanban.ingest.readers.text import decode_bytes

MAX_BYTES = 50 * 1024 * 1024
_DROP_TAGS = {"script", "style", "noscript", "iframe", "nav",
              "aside", "select", "button", "input", "textarea", "svg", "canvas", "object",
              "embed", "map", "template", "link", "meta", "head"}
_CHROME = re.compile(
    r"menu|(?<![a-z])nav|footer|breadcrumb|sidebar|side-bar|banner|share|social|comment|"
    r"related|tool|search|login|advert|quangcao|lien-?ket|weblink|tinkhac|tin-khac|other|"
    r"counter|thong-?ke|visitor|truy-?cap|copyright|popup|modal|cookie|pagination|"
    r"paging|tags?(?![a-z])|rating|print|topbar|top-bar|header|logo|slide|marquee|calendar",
    re.IGNORECASE)
_CHROME_TEXT = re.compile(
    r"^(in|về đầu|về trang chủ|lượt truy cập|đang truy cập|online|chia sẻ|bản in|gửi email|"
    r"quay lại|trở về|xem thêm|tin liên quan|các tin khác|tin khác|bình luận|đọc bài|lưu|"
    r"a-|a\+|a|\||top|in bài|gửi bài|print|email)\s*[:.]?\s*\d*$", re.IGNORECASE)
_BLOCKS = {"p", "div", "td", "th", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
           "section", "article", "blockquote", "pre", "ul", "ol", "dd", "dt", "center", "br",
           "hr", "main", "figure", "figcaption", "caption", "address"}
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D{1,5}(\d{1,2}):(\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _parse(data: bytes) -> etree._Element:
    text, _ = decode_bytes(data, html=True)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  default_doctype=False)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError("tệp HTML hỏng, không đọc được") from exc
    return root


def _meta(root: etree._Element, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            vals = root.xpath(f'//meta[@{attr}="{name}"]/@content')
            if vals and vals[0].strip():
                return " ".join(vals[0].split())
    return None


def _iso(text: str | None) -> str | None:
    if not text:
        return None
    m = _ISO.search(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DATE.search(text)
        if not m:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return datetime(y, mo, d).date().isoformat()
    except ValueError:
        return None


def _is_chrome(el: etree._Element) -> bool:
    ident = " ".join(filter(None, [el.get("class"), el.get("id"), el.get("role")]))
    return bool(ident and _CHROME.search(ident))


def _drop_tags(root: etree._Element) -> None:
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.tag in _DROP_TAGS and el.getparent() is not None:
            el.drop_tree()


def _strip_chrome(root: etree._Element) -> None:
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in _DROP_TAGS:
            el.drop_tree()
        elif el.tag not in ("html", "body") and _is_chrome(el):
            # a chrome-named block is dropped only when it looks like chrome: mostly links or
            # little text (a "container widget" may hold the whole article)
            n = _text_len(el)
            if n < 300 or _link_len(el) / max(1, n) > 0.5:
                el.drop_tree()


def _text_len(el: etree._Element) -> int:
    return len("".join(el.itertext()).split()) and len(" ".join("".join(el.itertext()).split()))


def _link_len(el: etree._Element) -> int:
    return sum(len(" ".join("".join(a.itertext()).split())) for a in el.iter("a"))


def _best_block(body: etree._Element) -> etree._Element:
    """The block with the most paragraph text that is not link text (parent gets the full
    score of each paragraph, grandparent half): Readability's core, small."""
    scores: dict[etree._Element, float] = {}
    for el in body.iter("p", "div", "td", "span", "font", "li", "pre", "blockquote"):
        own = " ".join(" ".join(t.split()) for t in [el.text or ""] + [c.tail or "" for c in el])
        text_len = _text_len(el)
        if text_len < 25:
            continue
        if el.tag in ("div", "td", "span", "font") and len(own.strip()) < 25:
            continue  # a container: scored through its children
        link = _link_len(el) / max(1, text_len)
        score = (1 + text_len / 100 + own.count(",") + own.count(".")) * (1 - link)
        parent = el.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + score
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + score / 2
    if not scores:
        return body
    for el in list(scores):
        scores[el] *= 1 - _link_len(el) / max(1, _text_len(el))
    best = max(scores, key=lambda e: scores[e])
    # a sibling block holding the rest of the article (long, few links) belongs with it
    return best


def block_text(el: etree._Element) -> str:
    """Paragraphs at block boundaries (blank line between), `<br>` as a line break, source
    newlines as spaces (HTML whitespace), table cells joined by ` | `, chrome lines dropped."""
    para, brk = "\x1e", "\x1f"
    parts: list[str] = []

    def flat(s: str | None) -> str:
        return (s or "").replace("\n", " ").replace("\r", " ")

    def walk(node: etree._Element) -> None:
        if not isinstance(node.tag, str):
            parts.append(flat(node.tail))
            return
        if node.tag == "br":
            parts.append(brk)
            parts.append(flat(node.tail))
            return
        block = node.tag in _BLOCKS
        if block:
            parts.append(para)
        if node.tag in ("td", "th"):
            parts.append(" | ")
        parts.append(flat(node.text))
        for child in node:
            walk(child)
        if block:
            parts.append(para)
        parts.append(flat(node.tail))

    walk(el)
    paras = []
    for block in "".join(parts).split(para):
        lines = []
        for ln in block.split(brk):
            s = " ".join(ln.replace("\u200b", " ").replace("\xa0", " ").split())
            s = re.sub(r"^(\|\s*)+|(\s*\|)+$", "", s).strip()
            if s and not _CHROME_TEXT.match(s):
                lines.append(s)
        if lines:
            paras.append("\n".join(lines))
    return "\n\n".join(paras)


# What editors leave in `<title>` when they give none: never a headline.
_PLACEHOLDER = re.compile(
    r"^(?:document\s*\d*|untitled(?: document)?|new page\s*\d*|index|home|trang chủ|"
    r"tin tức|microsoft word\b.*|.*\.(?:docx?|pdf|html?))$", re.IGNORECASE)


def _title(root: etree._Element) -> str | None:
    """The headline: page metadata, else the first `<h1>`, else `<title>`; a placeholder
    (`<title>Document</title>`) is skipped wherever it is."""
    cands = [_meta(root, "og:title", "DC.Title", "title")]
    cands += [" ".join("".join(h.itertext()).split()) for h in root.xpath("//h1")[:1]]
    cands += [" ".join("".join(t.itertext()).split()) for t in root.xpath("//title")[:1]]
    for t in cands:
        t = (t or "").replace("\u200b", "").strip()
        if t and not _PLACEHOLDER.match(t):
            return nfc(t)
    return None


def _site(root: etree._Element, title: str | None) -> str | None:
    """The site's own name (a prior for the news issuer): its metadata, else the part of
    `<title>` after the headline (`Headline - Công đoàn Giáo dục X`)."""
    name = _meta(root, "og:site_name", "application-name")
    if name:
        return nfc(" ".join(name.split()))
    for t in root.xpath("//title")[:1]:
        full = " ".join("".join(t.itertext()).split())
        parts = re.split(r"\s+[-|–»]\s+", full)
        if len(parts) >= 2 and title and parts[0].strip() == title.strip():
            return nfc(parts[-1])
    return None


def _lead(root: etree._Element, best: etree._Element) -> str | None:
    """The lead paragraph (sapo) when the page keeps it outside the article block."""
    inside = set(best.iter())
    for el in root.iter():
        if not isinstance(el.tag, str) or el in inside:
            continue
        ident = " ".join(filter(None, [el.get("class"), el.get("id")]))
        if re.search(r"\b(?:sapo|lead|summary|chapeau|excerpt|description)\b", ident, re.I):
            txt = " ".join("".join(el.itertext()).split())
            if len(txt) > 40:
                return txt
    return None


def _stamped(scope: etree._Element) -> str | None:
    """The first date in a `<time>` or a date/time-named element of `scope`."""
    for el in scope.iter():
        if not isinstance(el.tag, str):
            continue
        ident = " ".join(filter(None, [el.get("class"), el.get("id"), el.get("itemprop")]))
        if el.tag == "time" or re.search(r"date|time|ngay|publish|posted", ident, re.I):
            iso = _iso(el.get("datetime")) or _iso(" ".join("".join(el.itertext()).split()))
            if iso:
                return iso
    return None


def _published(root: etree._Element, best: etree._Element) -> str | None:
    """Publication date: page metadata, else a date element next to the article (its
    container up to two levels), else a stamp opening the article. A date element elsewhere
    on the page (a header clock, a list of other news) is the last resort only."""
    iso = _iso(_meta(root, "article:published_time", "DC.Date", "datePublished", "pubdate",
                     "date", "og:updated_time", "article:modified_time"))
    if iso:
        return iso
    scope = best
    for _ in range(2):
        if scope.getparent() is not None and scope.getparent().tag not in ("body", "html"):
            scope = scope.getparent()
    iso = _stamped(scope)
    if iso:
        return iso
    head = " ".join("".join(best.itertext()).split())[:120]
    m = _DATE.search(head)
    if m and m.start() < 40:
        return _iso(m.group(0))
    return None


def read(path: Path) -> ReadResult:
    t0 = time.perf_counter()
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ReadError("tệp HTML quá lớn, không đọc")
    root = _parse(data)
    safety.check_html_depth(root)  # recursive walkers below must not overflow
    title = _title(root)
    site = _site(root, title)
    body = root.find("body")
    if body is None:
        body = root
    _drop_tags(body)
    best = _best_block(body)
    published = _published(root, best)
    lead = _lead(root, best)
    _strip_chrome(best)
    text = block_text(best)
    paras = text.split("\n\n") if text else []
    # a leading stamp line ("19/02/2019 07:52:00", "Thứ 2, 19/12/2016 | 00:00") is metadata
    while paras and _DATE.search(paras[0]) and len(paras[0]) < 40:
        published = published or _iso(paras[0])
        paras.pop(0)
    published = published or _stamped(body)
    if lead and not any(lead[:60] in p for p in paras[:3]):
        paras.insert(0, lead)
    if title:
        first = " ".join(paras[0].lower().split()) if paras else ""
        if not first.startswith(" ".join(title.lower().split())):
            paras.insert(0, title)  # the article's own title, shown above the body
    text = "\n\n".join(paras)
    meta: dict = {}
    method = "html"
    legacy = detect_legacy(text)  # old sites typed in .VnTime / VNI-Times fonts
    if legacy:
        text, method = to_unicode(text, legacy), f"converted-{legacy}"
        meta["encoding"] = legacy
        title = to_unicode(title, legacy) if title else title
    text = nfc(text)
    if title:
        meta["title"] = title
    if published:
        meta["published"] = published
    if site:
        meta["site"] = site
    page = Page(number=1, text=text, method=method, seconds=time.perf_counter() - t0)
    warns = [] if text.strip() else ["không tìm thấy nội dung bài viết trong tệp HTML"]
    return ReadResult(pages=[page], format="html", meta=meta, warnings=warns)
