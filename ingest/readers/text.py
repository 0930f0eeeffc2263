"""Plain text and Markdown: UTF-8, UTF-16, Windows-1258, legacy TCVN3/VNI; one page.

Unicode first: BOMs, UTF-16 without BOM (every other byte zero), UTF-8. 8-bit bytes are
ambiguous, so every reading is made – Windows-1258 (whose tone marks may be combining
characters: NFC composes them), TCVN3 and VNI by character map – and scored as Vietnamese
(`corpus.legacy.vietnamese_score`); the best wins, its score is kept in meta, and a file no
reading makes Vietnamese is refused rather than stored as garbage. Markdown marks (`**`, `*`,
`##`) are removed; headings stay as their own paragraphs and are listed in meta.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from vanban.corpus.legacy import (
    detect_legacy,
    tcvn3_to_unicode,
    to_unicode,
    vietnamese_score,
    vni_to_unicode,
)
from vanban.corpus.schema import Page, ReadResult
from vanban.corpus.vntext import nfc

# A plain text this large is thousands of pages, not one document; cleaning and extracting
# run at roughly 4-8 s per MB, so a larger file is refused up front (bounded time and memory).
MAX_BYTES = 10 * 1024 * 1024
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_BULLET = re.compile(r"^(\s*)[*+]\s+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _utf16_no_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def _unicode(data: bytes) -> tuple[str, str] | None:
    """BOMs, UTF-16 without BOM (every other byte zero), strict UTF-8; None for 8-bit text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    enc16 = _utf16_no_bom(data[:4096])
    if enc16:
        return data.decode(enc16, errors="replace"), enc16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes, html: bool = False) -> tuple[str, str]:
    """Return (text, encoding name) or raise ReadError."""
    from vanban.ingest.errors import ReadError

    got = _unicode(data)
    if got is not None:
        return got
    if html:
        m = _CHARSET.search(data[:4096])
        if m:
            name = m.group(1).decode("ascii", "ignore").lower()
            try:
                return data.decode(name, errors="replace"), name
            except LookupError:
                pass
    # 8-bit: TCVN3/VNI bytes read as Latin-1 letters; anything else is Windows-1258 (which
    # would turn TCVN3's õ into ơ, so the legacy test comes first)
    latin = data.decode("latin-1")
    if detect_legacy(latin):
        return latin, "latin-1"
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError:
        pass
    if latin:
        return latin, "latin-1"
    raise ReadError("không nhận ra bảng mã của tệp văn bản")


MIN_SCORE = 0.6  # below this no decoding reads as Vietnamese: the file is refused
_CP1258_TONES = frozenset(b"\xcc\xec\xde\xd2\xf2")  # Windows-1258's combining tone marks


def _sample(text: str) -> str:
    """Start, middle and end: enough to judge the encoding of a file of any size."""
    if len(text) <= 120_000:
        return text
    mid = len(text) // 2
    return "\n".join((text[:60_000], text[mid:mid + 30_000], text[-30_000:]))


def _eight_bit(data: bytes) -> dict[str, str]:
    """The 8-bit readings of (a sample of) the bytes, by encoding name."""
    latin = data.decode("latin-1")
    cp = nfc(data.decode("cp1258", errors="replace"))
    return {"cp1258": cp, "tcvn3": tcvn3_to_unicode(latin), "vni": vni_to_unicode(latin)}


def decode_scored(data: bytes) -> tuple[str, str, float, dict[str, float]]:
    """(text, encoding, Vietnamese score, every candidate's score).

    Unicode (BOM, UTF-16, valid UTF-8) is taken as it is, unless it holds TCVN3/VNI letters
    that read better converted. 8-bit bytes are read as Windows-1258 (composed or with
    combining tones), TCVN3 and VNI, and the reading that is most Vietnamese (valid
    syllables, tones on vowels, common words) wins; when none is, ReadError."""
    from vanban.ingest.errors import ReadError

    got = _unicode(data)
    if got is not None:
        text, enc = got
        scores = {enc: vietnamese_score(_sample(text))[0]}
        legacy = detect_legacy(text)
        if legacy:
            converted = to_unicode(text, legacy)
            scores[legacy] = vietnamese_score(_sample(converted))[0]
            if scores[legacy] > scores[enc]:
                return converted, legacy, scores[legacy], scores
        return text, enc, scores[enc], scores
    sample = data if len(data) <= 120_000 else b"\n".join(
        (data[:60_000], data[len(data) // 2:len(data) // 2 + 30_000], data[-30_000:]))
    readings = _eight_bit(sample)
    judged = {name: vietnamese_score(t) for name, t in readings.items()}
    scores = {name: round(sc, 3) for name, (sc, _) in judged.items()}
    best = max(scores, key=lambda k: (scores[k], k == "cp1258"))
    words = judged[best][1]
    if words >= 8 and scores[best] < MIN_SCORE:
        tried = ", ".join(f"{k} {v:.2f}" for k, v in sorted(scores.items()))
        raise ReadError("không nhận ra bảng mã của tệp văn bản: không cách đọc nào (UTF-8, "
                        "UTF-16, Windows-1258, TCVN3, VNI) cho ra tiếng Việt (điểm: "
                        f"{tried}); tệp không được lưu")
    if not words:  # no letters at all: Windows-1258 is as good as any
        best = "cp1258"
    text = readings[best] if sample is data else _eight_bit(data)[best]
    name = best
    if best == "cp1258" and _CP1258_TONES & set(data[:200_000]):
        name = "cp1258-decomposed"
    return text, name, scores[best], scores


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes and convert legacy Vietnamese encodings: (text, encoding name)."""
    text, enc, _score, _all = decode_scored(data)
    return text, enc


def strip_markdown(text: str) -> tuple[str, list[str]]:
    """Remove Markdown marks; return the text and its headings (kept as paragraphs)."""
    out: list[str] = []
    headings: list[str] = []
    for line in text.split("\n"):
        if _MD_RULE.match(line) or _MD_TABLE_SEP.match(line):
            continue
        m = _MD_HEADING.match(line)
        if m:
            head = _inline(m.group(2))
            if head:
                headings.append(head)
                if out and out[-1].strip():
                    out.append("")
                out.append(head)
                out.append("")
            continue
        line = _MD_BULLET.sub(r"\1- ", line)
        if line.lstrip().startswith(">"):
            line = line.lstrip()[1:].lstrip()
        out.append(_inline(line))
    return "\n".join(out), headings


def _inline(s: str) -> str:
    s = _MD_LINK.sub(r"\1", s)
    prev = None
    while prev != s:
        prev = s
        s = _MD_EMPH.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), s)
    s = re.sub(r"\*\*+", "", s)  # unbalanced bold marks left by careless conversions
    return s.replace("\\*", "*").replace("\\_", "_")


def _is_markdown(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".md", ".markdown"):
        return True
    heads = len(re.findall(r"(?m)^#{1,6}\s+\S", text))
    bold = len(re.findall(r"\*\*\S[^*\n]*\*\*", text))
    return heads >= 2 or (heads >= 1 and bold >= 2) or bold >= 5


def line_paragraphs(text: str) -> bool:
    """True for text with one paragraph per line (Word's "save as text", antiword -w 0):
    many lines longer than any wrapped line. Such text gets a blank line between lines so
    its paragraphs are the same as the document's; hard-wrapped text has none this long."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 3:
        return False
    long = sum(1 for ln in lines if len(ln.strip()) > 120)
    return long >= 2 and long / len(lines) >= 0.1


def read(path: Path) -> ReadResult:
    from vanban.ingest.errors import ReadError

    t0 = time.perf_counter()
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(f"tệp văn bản quá lớn ({size / 2**20:.1f} MB, giới hạn "
                        f"{MAX_BYTES // 2**20} MB cho một văn bản), không đọc: hãy tách thành "
                        "các tệp nhỏ hơn, mỗi văn bản một tệp")
    data = path.read_bytes()
    text, encoding, score, scores = decode_scored(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    meta: dict = {"encoding": encoding, "encoding_score": round(score, 3),
                  "encoding_candidates": scores}
    warnings: list[str] = []
    if len(scores) > 1 or encoding.startswith("cp1258"):
        base = "cp1258" if encoding.startswith("cp1258") else encoding
        warnings.append(f"bảng mã {encoding} (điểm tiếng Việt {score:.2f}; các cách đọc khác: "
                        + ", ".join(f"{k} {v:.2f}" for k, v in scores.items() if k != base)
                        + ")")
    method = f"converted-{encoding}" if encoding in ("tcvn3", "vni") else "text"
    if _is_markdown(path, text):
        text, headings = strip_markdown(text)
        meta["markdown"] = True
        if headings:
            meta["headings"] = [nfc(h) for h in headings]
            meta.setdefault("title", meta["headings"][0])
    elif line_paragraphs(text):
        from vanban.ingest.readers.doc import tidy

        text = tidy(text)  # the layout antiword -w 0 and "save as text" give
        meta["layout"] = "line-paragraphs"
    page = Page(number=1, text=nfc(text), method=method, seconds=time.perf_counter() - t0)
    return ReadResult(pages=[page], format="text", meta=meta, warnings=warnings)
