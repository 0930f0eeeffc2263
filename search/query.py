"""Query parsing: free text (words, "phrases") + field filters → an index query tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanban.corpus.errors import UsageError
from vanban.corpus.keys import number_key
from vanban.index.analysis import NUMBER, abbreviation_groups, analyze, find_abbreviations
from vanban.index.engine import date_bounds
from vanban.index.query import And, Boost, Node, Not, Or, Phrase, Range, Term, phrase_or_term

MAX_QUERY = 1000


def parse_year(value: str | int | None, option: str = "--nam") -> int | None:
    """A year the user typed (1900–2100), or None; anything else is a `QueryError`."""
    if value is None:
        return None
    text = str(value).strip()
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise QueryError(f"{option}: năm không hợp lệ '{value}'")
    return int(text)


class QueryError(UsageError):
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
    words: list[str]  # folded tokens marked wherever they occur (snippets)
    phrases: list[list[str]]  # folded sequences marked where whole: phrases, forms, numbers
    # folded word → the accented spellings typed: where the text has them, only they are marked
    spelled: dict[str, set[str]] = field(default_factory=dict)


# Weights: the literal spelling (accents as typed) first, then the folded match, then the
# other forms of an abbreviation; a document number matches its own document first.
EXACT_BOOST = 2.0
ALT_BOOST = 0.8
PROXIMITY_BOOST = 1.5
TITLE_BOOST = 0.5  # the words are in the trích yếu too
HEADING_BOOST = 0.5  # ... or in a section heading: a section about them
ISSUER_BOOST = 0.5  # a whole name that is the issuing unit's (in the header, not the body)
OWN_NUMBER_BOOST = 100.0  # a key match on the own number wins over any text score
MAX_CLAUSES = 64
MAX_VARIANTS = 16
OPERATORS = {"AND": "AND", "OR": "OR", "NOT": "NOT"}

# A query item: a quoted phrase, a document number (case-insensitive when written without
# spaces: staff type `34-ct/tw`), or any other run of non-space characters.
_QNUM = re.compile(
    r"(?<!\S)(?:\d{1,5}(?:/\d{4})?[/-][A-Za-zĐđÐ&]{1,8}(?:[-/][A-Za-zĐđÐ&]{1,8})*"
    r"|" + NUMBER.pattern[len(r"(?<![\w/])"):] + r")(?=[\s,;.]|$)"
)
_ITEM = re.compile(r'"([^"]*)"|(' + _QNUM.pattern + r")|(\S+)")


@dataclass(eq=False)
class _Atom:
    kind: str  # phrase | number | words | neg
    text: str
    words: list[str] = field(default_factory=list)  # for a run of plain words


def _lex(text: str) -> list[_Atom | str]:
    """Items in order: atoms and the operator names AND / OR / NOT."""
    out: list[_Atom | str] = []
    for m in _ITEM.finditer(text):
        if m.group(1) is not None:
            out.append(_Atom("phrase", m.group(1)))
        elif m.group(2) is not None:
            out.append(_Atom("number", m.group(2)))
        else:
            w = m.group(3)
            if w in OPERATORS:
                out.append(OPERATORS[w])
            elif w.startswith("-") and len(w) > 1 and w[1].isalpha():
                out.append("NOT")
                out.append(_Atom("words", w[1:], [w[1:]]))
            elif out and isinstance(out[-1], _Atom) and out[-1].kind == "words" and (
                    len(out) < 2 or out[-2] != "NOT"):
                out[-1].words.append(w)
                out[-1].text += " " + w
            else:
                out.append(_Atom("words", w, [w]))
    return out


def _either(exact: list[str], folded: list[str], alts: list[tuple[str, ...]]) -> Node:
    """One word or phrase: exact spelling boosted, folded as fallback, other forms after."""
    options: list[Node] = [Boost(phrase_or_term("exact", exact), EXACT_BOOST),
                           phrase_or_term("folded", folded),
                           Boost(phrase_or_term("title", folded), TITLE_BOOST),
                           Boost(phrase_or_term("headings", folded), HEADING_BOOST)]
    seen = {tuple(folded)}
    for alt in alts:
        if alt not in seen:
            seen.add(alt)
            options.append(Boost(phrase_or_term("folded", list(alt)), ALT_BOOST))
    return Or(options)


def _near(folded: list[str]) -> list[Node]:
    """The words side by side score more, and more again where they stand: in the trích
    yếu, a section heading, or the issuing unit's name."""
    return [Boost(Phrase("folded", folded), PROXIMITY_BOOST),
            Boost(Phrase("title", folded), PROXIMITY_BOOST * TITLE_BOOST),
            Boost(Phrase("headings", folded), PROXIMITY_BOOST * HEADING_BOOST),
            Boost(Phrase("don_vi_text", folded), PROXIMITY_BOOST * ISSUER_BOOST)]


def _variants(folded: list[str]) -> list[tuple[str, ...]]:
    """The token sequence with each abbreviation (short or long) swapped for its other forms."""
    spans = find_abbreviations(folded)
    if not spans:
        return []
    groups = abbreviation_groups()
    out: list[tuple[str, ...]] = [()]
    pos = 0
    for a, b, gid in spans:
        forms = groups[gid]
        here = tuple(folded[a:b])
        choices = [here, *(f for f in forms if f != here)]
        out = [v + tuple(folded[pos:a]) + c for v in out for c in choices][:MAX_VARIANTS]
        pos = b
    return [v + tuple(folded[pos:]) for v in out][1:]


class _Builder:
    def __init__(self) -> None:
        self.words: list[str] = []
        self.spelled: dict[str, set[str]] = {}  # folded word → exact forms typed with accents
        self.phrases: list[list[str]] = []
        self.clauses = 0

    def _count(self) -> None:
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError(f"câu tìm kiếm có quá nhiều từ (tối đa {MAX_CLAUSES})")

    def _spelled(self, exact: list[str], folded: list[str]) -> None:
        for e, f in zip(exact, folded, strict=True):
            if e != f:
                self.spelled.setdefault(f, set()).add(e)

    def phrase(self, text: str) -> Node | None:
        exact, folded = analyze(text)
        if not exact:
            return None
        self._count()
        alts = _variants(folded)
        self.phrases.append(folded)
        self.phrases.extend(list(a) for a in alts)
        return _either(exact, folded, alts)

    def number(self, text: str) -> Node | None:
        exact, folded = analyze(text)
        if not exact:
            return None
        self._count()
        k = number_key(text)
        self.phrases.append(folded)
        return Or([Boost(Term("so_hieu", k), OWN_NUMBER_BOOST), Term("nhac_den", k),
                   Boost(Phrase("exact", exact), EXACT_BOOST) if len(exact) > 1
                   else Term("exact", exact[0]),
                   phrase_or_term("folded", folded)])

    def words_run(self, ws: list[str]) -> Node | None:
        """Plain words: all must match (accents optional); adjacent matches rank higher;
        an abbreviation's short or long form inside the run also matches its other forms."""
        per_word = [analyze(w) for w in ws]
        per_word = [(e, f) for e, f in per_word if e]
        if not per_word:
            return None
        flat = [t for _, f in per_word for t in f]
        starts, ends, n = set(), set(), 0
        for _, f in per_word:
            starts.add(n)
            n += len(f)
            ends.add(n)
        spans = [s for s in find_abbreviations(flat) if s[0] in starts and s[1] in ends]
        groups = abbreviation_groups()
        nodes: list[Node] = []
        # walk word by word, replacing abbreviation spans by one either-form clause
        pos = 0
        wi = 0
        span_at = {a: (b, g) for a, b, g in spans}
        while wi < len(per_word):
            exact, folded = per_word[wi]
            if pos in span_at:
                b, gid = span_at[pos]
                ex_run: list[str] = []
                fo_run: list[str] = []
                while pos < b:
                    e, f = per_word[wi]
                    ex_run += e
                    fo_run += f
                    pos += len(f)
                    wi += 1
                here = tuple(fo_run)
                others = [f for f in groups[gid] if f != here]
                self._count()
                if len(here) > 1:  # a long form typed as words: keep word semantics
                    own: Node = And([_either([e], [f], []) for e, f in zip(ex_run, fo_run,
                                                                          strict=True)])
                    own = Or([own, *_near(fo_run)])
                    nodes.append(Or([own, *(Boost(phrase_or_term("folded", list(o)), ALT_BOOST)
                                            for o in others)]))
                else:
                    nodes.append(_either(ex_run, fo_run, others))
                if len(here) > 1:
                    self.words.extend(fo_run)
                    self._spelled(ex_run, fo_run)
                self.phrases.extend([list(here), *(list(o) for o in others)])
                continue
            self._count()
            nodes.append(_either(exact, folded, []))
            self.words.extend(folded)
            self._spelled(exact, folded)
            pos += len(folded)
            wi += 1
        node: Node = nodes[0] if len(nodes) == 1 else And(nodes)
        if len(flat) > 1 and len(nodes) > 1:
            node = Or([node, *_near(flat)])
            self.phrases.append(flat)
        return node

    def atom(self, a: _Atom) -> Node | None:
        if a.kind == "phrase":
            return self.phrase(a.text)
        if a.kind == "number":
            return self.number(a.text)
        return self.words_run(a.words)


def _parse_items(items: list[_Atom | str], b: _Builder) -> Node | None:
    """OR of AND-groups; NOT applies to the next atom. Operators need something on each side."""
    if items and isinstance(items[0], str) and items[0] in ("AND", "OR"):
        raise QueryError(f"toán tử {items[0]} thiếu vế trái (ví dụ: lao động {items[0]} việc làm)")
    if items and isinstance(items[-1], str):
        raise QueryError(
            f"toán tử {items[-1]} thiếu vế phải (ví dụ: lao động {items[-1]} việc làm)")
    groups: list[list[Node]] = [[]]
    negate = False
    prev: _Atom | str | None = None
    for it in items:
        if it == "OR":
            if isinstance(prev, str):
                raise QueryError(f"hai toán tử liền nhau ({prev} OR)")
            groups.append([])
        elif it == "AND":
            if isinstance(prev, str):
                raise QueryError(f"hai toán tử liền nhau ({prev} AND)")
        elif it == "NOT":
            if prev == "NOT":
                raise QueryError("hai toán tử NOT liền nhau")
            negate = True
        else:
            assert isinstance(it, _Atom)
            node = b.atom(it) if not negate else _negated(b, it)
            if node is not None:
                groups[-1].append(node)
            negate = False
        prev = it
    ors = [g[0] if len(g) == 1 else And(g) for g in groups if g]
    if not ors:
        return None
    return ors[0] if len(ors) == 1 else Or(ors)


def _negated(b: _Builder, a: _Atom) -> Node | None:
    sub = _Builder()
    sub.clauses = b.clauses
    node = sub.atom(a)
    b.clauses = sub.clauses
    return Not(node) if node is not None else None


def parse_text(text: str) -> list[_Atom | str]:
    if len(text) > MAX_QUERY:
        raise QueryError(f"câu tìm kiếm quá dài ({len(text)} ký tự; tối đa {MAX_QUERY})")
    text = text.replace("“", '"').replace("”", '"').replace("„", '"')
    if text.count('"') % 2:
        raise QueryError('thiếu dấu ngoặc kép đóng (") trong câu tìm kiếm')
    return _lex(text)


def text_node(text: str) -> ParsedQuery:
    items = parse_text(text)
    b = _Builder()
    node = _parse_items(items, b)
    if node is None:
        raise QueryError("câu tìm kiếm không có từ nào để tìm (chỉ có dấu câu hoặc toán tử)")
    if _only_negative(node):
        node = And([node])  # NOT alone: everything except (the engines add "all" to a Not)
    return ParsedQuery(node, b.words, b.phrases, b.spelled)


def _only_negative(node: Node) -> bool:
    return isinstance(node, Not) or (isinstance(node, And) and all(isinstance(c, Not)
                                                                    for c in node.children))


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
        # any part of the name, in either form of its abbreviations (LĐLĐ = Liên đoàn Lao động)
        forms = [tuple(folded), *_variants(folded)]
        # or any known name of the unit (the gazetteer's spellings, resolved from the store)
        names = [Term("don_vi", n) for n in f.resolved.get("don_vi", [])]
        nodes.append(Or([phrase_or_term("don_vi_text", list(v)) for v in forms] + names))
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
        k = number_key(f.so_hieu)
        if not k:
            raise QueryError("--so-hieu: trống")
        nodes.append(Term("so_hieu", k))
    if f.trich_dan:
        nodes.append(citing_node(f.trich_dan))
    return nodes


def citing_node(number: str) -> Node:
    """Documents that cite `number`: extracted citations, or the number written in the text
    of any document other than the one that carries it as its own số hiệu."""
    k = number_key(number)
    if not k or not analyze(number)[0]:
        raise QueryError(f"số hiệu không hợp lệ: '{number}'")
    return And([Or([Term("trich_dan", k), Term("nhac_den", k)]), Not(Term("so_hieu", k))])


def build(text: str, filters: Filters) -> ParsedQuery:
    parsed = text_node(text) if text.strip() else ParsedQuery(And([]), [], [])
    nodes = filter_nodes(filters)
    if nodes:
        parsed.node = And([parsed.node, *nodes]) if text.strip() else And(nodes)
    return parsed
