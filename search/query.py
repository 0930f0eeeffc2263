"""Query parsing: free text (words, "phrases") + field filters → an index query tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.analysis import analyze, key
from index.engine import date_bounds
from index.query import And, Boost, Node, Or, Range, Term, phrase_or_term

MAX_QUERY = 1000
EXACT_BOOST = 2.0


class QueryError(ValueError):
    """A query the user must fix; the message is shown as is (Vietnamese)."""


@dataclass
class Filters:
    don_vi: str | None = None
    loai: str | None = None
    nam: int | None = None
    tu: str | None = None  # ISO date at any precision: 2020, 2020-06, 2020-06-26
    den: str | None = None
    phong_trao: str | None = None
    so_hieu: str | None = None
    cap: str | None = None
    tinh: str | None = None
    trich_dan: str | None = None
    # resolved facet values (canonical spellings from the store) for loai/phong_trao/cap/tinh
    resolved: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ParsedQuery:
    node: Node
    words: list[str]  # folded tokens, for snippets
    phrases: list[list[str]]


_PART = re.compile(r'"([^"]*)"|(\S+)')


def parse_text(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """Split into (phrases, single words), each as folded/exact token lists checked."""
    if len(text) > MAX_QUERY:
        raise QueryError(f"câu tìm kiếm quá dài ({len(text)} ký tự; tối đa {MAX_QUERY})")
    text = text.replace("“", '"').replace("”", '"')
    if text.count('"') % 2:
        raise QueryError('thiếu dấu ngoặc kép đóng (") trong câu tìm kiếm')
    phrases: list[list[str]] = []
    singles: list[list[str]] = []
    for m in _PART.finditer(text):
        if m.group(1) is not None:
            if analyze(m.group(1))[0]:
                phrases.append([m.group(1)])
        else:
            singles.append([m.group(2)])
    return phrases, singles


def _match(text: str) -> Node | None:
    """One word or phrase: exact field boosted, folded field as fallback."""
    exact, folded = analyze(text)
    if not exact:
        return None
    return Or([Boost(phrase_or_term("exact", exact), EXACT_BOOST),
               phrase_or_term("folded", folded)])


def text_node(text: str) -> ParsedQuery:
    phrases, singles = parse_text(text)
    clauses: list[Node] = []
    words: list[str] = []
    for group in phrases + singles:
        node = _match(group[0])
        if node is not None:
            clauses.append(node)
            words.extend(analyze(group[0])[1])
    if text.strip() and not clauses:
        raise QueryError("câu tìm kiếm không có từ nào để tìm")
    if len(clauses) == 1 and not words:
        raise QueryError("câu tìm kiếm không có từ nào để tìm")
    return ParsedQuery(And(clauses), words, [analyze(p[0])[1] for p in phrases])


def parse_date(value: str, option: str) -> str:
    """Accept 2020, 2020-06, 2020-06-26, 26/6/2020, 6/2020; reject impossible dates."""
    v = value.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", v)
    if m:
        v = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", v)
    if m:
        v = f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", v)
    if not m:
        raise QueryError(
            f"{option}: ngày không hợp lệ '{value}' (dạng 2020, 2020-06 hoặc 2020-06-26)")
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if mo and not 1 <= int(mo) <= 12:
        raise QueryError(f"{option}: tháng không hợp lệ trong '{value}'")
    if d:
        import datetime

        try:
            datetime.date(int(y), int(mo), int(d))
        except ValueError as exc:
            raise QueryError(f"{option}: ngày không có thật '{value}'") from exc
        return f"{y}-{int(mo):02d}-{int(d):02d}"
    return f"{y}-{int(mo):02d}" if mo else y


def filter_nodes(f: Filters) -> list[Node]:
    nodes: list[Node] = []
    if f.don_vi:
        folded = analyze(f.don_vi)[1]
        if not folded:
            raise QueryError("--don-vi: không có từ nào")
        nodes.append(phrase_or_term("don_vi_text", folded))
    for name in ("loai", "phong_trao", "cap", "tinh"):
        value = getattr(f, name)
        if value:
            options = f.resolved.get(name, [value])
            nodes.append(Or([Term(name, v) for v in options]))
    if f.nam is not None:
        nodes.append(Term("nam", f.nam))
    lo = hi = None
    if f.tu:
        lo, _ = date_bounds(parse_date(f.tu, "--tu"))
        nodes.append(Range("ngay_hi", lo, None))
    if f.den:
        _, hi = date_bounds(parse_date(f.den, "--den"))
        nodes.append(Range("ngay_lo", 1, hi))
    if lo is not None and hi is not None and lo > hi:
        raise QueryError(f"--tu {f.tu} ở sau --den {f.den}: khoảng ngày rỗng")
    if f.so_hieu:
        nodes.append(Term("so_hieu", key(f.so_hieu)))
    if f.trich_dan:
        nodes.append(Term("trich_dan", key(f.trich_dan)))
    return nodes


def build(text: str, filters: Filters) -> ParsedQuery:
    parsed = text_node(text) if text.strip() else ParsedQuery(And([]), [], [])
    nodes = filter_nodes(filters)
    if nodes:
        parsed.node = And([parsed.node, *nodes]) if text.strip() else And(nodes)
    return parsed
