"""Repeated sections inside one document (seed-and-extend); across documents see `near_dup`.

Inside a document a scanned page fed twice, or a section pasted twice, repeats a *run* of
paragraphs, exactly or with OCR variants, split at the same places. So:

1. seeds: pairs of substantial paragraphs (not short generic lines) with a character ratio
   ≥ `SEED_RATIO` on folded text whose numbers agree – the number guard: `2.3. … 80%` is not
   `2.4. … 95%`, `… năm 2020` is not `… năm 2021`, whatever the ratio says; plus *cut*
   seeds: a long paragraph that is the start or end of an earlier one (a truncated copy),
   or two earlier paragraphs glued (a lost blank line), taken only when unambiguous;
2. extend each seed backward, then forward, in step with its neighbours: a looser ratio
   (`EXTEND_RATIO`), merged or split paragraphs, a paragraph dropped from the copy, a short
   noisy line between two matches, cut pieces (start, end, or continuing where the previous
   piece stopped) – always under the number guard; the kept run never grows into the copy;
3. keep the first copy, its position and its text (no voting: OCR errors are shared between
   copies); the later copies become `Duplicate`s pointing to it, with their differences.

A repeat counts only when its copy is long (`MIN_RUN_CHARS` in all): a lone heading or a
`Nơi nhận:` list recurs legitimately. Page-break repair runs *after* this
(`ingest/pagebreak.py`). Cost: one vectorised ratio matrix over the document's paragraphs
(~3 s for 3,000 paragraphs), then local work per seed.
"""

from __future__ import annotations

import difflib
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq
from vanban.corpus.keys import line_key
from vanban.corpus.schema import Duplicate, Paragraph

SEED_RATIO = 93.0
EXTEND_RATIO = 80.0
DROP_RATIO = 90.0  # a neighbour matched across a paragraph missing from the copy
SHORT_DROP_RATIO = 95.0
EDGE_LINKS = 3  # a run this long vouches for an identical short line after a dropped one
FRAGMENT_RATIO = 88.0
MIN_SEED_CHARS = 40
MIN_SEED_WORDS = 6
MIN_FRAGMENT_CHARS = 20
STRONG_SEED_CHARS = 100  # a shorter seed needs a second close match in its run
MIN_RUN_CHARS = 200  # a repeat shorter than this in all is boilerplate, not a pasted section
SANDWICH_RATIO = 50.0  # a short paragraph between two matched ones (OCR hits short lines hard)
FRAGMENT_SEED_CHARS = 80  # a cut copy (truncated, split) seeds a run only when this long
FRAGMENT_SEED_RATIO = 90.0
MIN_PIECE_CHARS = 8  # a whole paragraph merged into / split from its neighbour
_CHUNK = 512
MAX_ALIGN_CHARS = 2000  # a cut piece longer than this is not aligned (quadratic in length)
MAX_DIFF_WORDS = 5000
EXACT_LIMIT = 1500  # paragraphs scored all against all; above, MinHash candidates
_BANDS = 16
_PER_BUCKET = 4
_rng = np.random.default_rng(15)
_MH_A = _rng.integers(1, 2**63, _BANDS, dtype=np.uint64) | np.uint64(1)
_MH_B = _rng.integers(0, 2**63, _BANDS, dtype=np.uint64)

# Digits, with the letters OCR confuses with digits inside a number (2O20, 2Ol5, l9).
_NUM_RUN = re.compile(r"[\dOoIlSB]+(?:[.,/:-][\dOoIlSB]+)*")
_DIGITS = re.compile(r"\d+(?:[.,/:-]\d+)*")
_DIGIT_OF = str.maketrans("OoIlSB", "001158", ".,/:-")
_SPACES = re.compile(r"\s+")
_ANY_DIGIT = re.compile(r"\d")


def _letter(ch: str) -> bool:
    return ch.isalpha()


def numbers(text: str) -> tuple[str, ...]:
    """The numbers of a text, in order, as digit strings (`70/70` → `7070`, `2Ol5` → `2015`).

    Separators inside a number are dropped so a lost dot does not break the guard; look-alike
    letters count as digits only when the whole token is digits and look-alikes
    (`90lượt` is `90` + a word whose space was lost, not `901`).
    """
    out: list[str] = []
    if not _ANY_DIGIT.search(text):
        return ()  # a run without a digit is skipped below: none can count
    for m in _NUM_RUN.finditer(text):
        run = m.group(0)
        if not any(c.isdigit() for c in run):
            continue
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if _letter(before) or _letter(after):
            out.extend(d.group(0).translate(_DIGIT_OF) for d in _DIGITS.finditer(run))
        else:
            out.append(run.translate(_DIGIT_OF))
    return tuple(out)


_LOOKALIKE_TOKEN = {"0": re.compile(r"(?<!\w)[Oo](?!\w)"), "1": re.compile(r"(?<!\w)[lIi](?!\w)"),
                    "5": re.compile(r"(?<!\w)[Ss](?!\w)"), "8": re.compile(r"(?<!\w)[Bb](?!\w)")}


def nums_agree(na: tuple[str, ...], nb: tuple[str, ...], ka: str = "", kb: str = "") -> bool:
    """The number guard: the same numbers in the same order.

    One tolerance, for OCR only: a one-digit number (`1`, `0`, `5`, `8`) missing on one side
    whose text has the look-alike letter standing alone there (`Đợt l (Từ …`, `B. Phong
    trào`). A different value is never accepted: that is what tells siblings apart.
    """
    if na == nb:
        return True
    if abs(len(na) - len(nb)) != 1:
        return False
    longer, shorter, short_text = (na, nb, kb) if len(na) > len(nb) else (nb, na, ka)
    for k, value in enumerate(longer):
        if longer[:k] + longer[k + 1:] == shorter:
            rx = _LOOKALIKE_TOKEN.get(value)
            return bool(rx and rx.search(short_text))
    return False


def _is_sub(small: tuple[str, ...], big: tuple[str, ...], where: str) -> bool:
    if not small:
        return True
    if len(small) > len(big):
        return False
    return big[: len(small)] == small if where == "prefix" else big[-len(small):] == small


@dataclass
class _Piece:
    """Where a copy piece sits in the kept text (see `_Doc.contained`)."""

    covered: list[int]
    at_start: bool
    at_end: bool
    start_rel: int
    end_rel: int


def _may_reach(a: str, b: str, threshold: float) -> bool:
    """Can `fuzz.partial_ratio(a, b)` reach `threshold`? Every window it scores is a
    substring of one text set against the whole other (n = the shorter length), scoring
    200·LCS/(n + window) with LCS ≤ window and ≤ L = LCS(a, b); so at most
    200·L/(n + L). One bit-parallel LCS is far cheaper than sliding the windows."""
    n = min(len(a), len(b))
    lcs = LCSseq.similarity(a, b)
    return 200.0 * lcs / (n + lcs) >= threshold - 1e-6 if n + lcs else True


def _contiguous(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    """Is `small` a contiguous run of `big` (the numbers of a piece cut from a text)?"""
    n = len(small)
    return n == 0 or any(big[k:k + n] == small for k in range(len(big) - n + 1))


@dataclass
class Run:
    """One repeated run: `removed` paragraphs repeat `kept` ones (indices in the input list)."""

    kept: list[int]
    removed: list[int]
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)


class _Doc:
    """Keys and numbers of one document's paragraphs, with the matching tests."""

    def __init__(self, texts: list[str]) -> None:
        self.keys = [line_key(t) for t in texts]
        self.nums = [numbers(t) for t in texts]
        self.n = len(texts)

    def joined(self, idx: Iterable[int]) -> tuple[str, tuple[str, ...]]:
        idx = list(idx)
        return " ".join(self.keys[i] for i in idx), tuple(x for i in idx for x in self.nums[i])

    def match(self, a: list[int], b: list[int], threshold: float) -> bool:
        ka, na = self.joined(a)
        kb, nb = self.joined(b)
        if not ka or not kb or not nums_agree(na, nb, ka, kb):
            return False
        return fuzz.ratio(ka, kb, score_cutoff=threshold) >= threshold

    def droppable(self, a: int, b: int, run_links: int, then: tuple[int, int] | None) -> bool:
        """Copy paragraph b matches kept a once the kept paragraph before it is skipped (it was
        dropped from the copy). A short line needs a near-exact match, a run behind it and
        the next pair `then` matching too (else it is a generic line that happens to follow)."""
        if self.seedable(b):
            return self.match([a], [b], DROP_RATIO)
        if run_links < 2 or not self.match([a], [b], SHORT_DROP_RATIO):
            return False
        if run_links >= EDGE_LINKS and self.keys[a] == self.keys[b] and self.seedable(a - 1):
            return True  # an identical short line after a long paragraph the copy lacks
        if then is None:
            return False
        a2, b2 = then
        return 0 <= a2 < self.n and 0 <= b2 < self.n and self.match([a2], [b2], EXTEND_RATIO)

    def sandwiched(self, a: int, b: int, a2: int, b2: int) -> bool:
        """A short noisy paragraph whose next neighbours (a2, b2) match: same numbers and a
        loose ratio are enough, since the run already vouches for the place."""
        if self.nums[a] != self.nums[b] or max(len(self.keys[a]), len(self.keys[b])) > 60:
            return False
        if fuzz.ratio(self.keys[a], self.keys[b]) < SANDWICH_RATIO:
            return False
        return self.seedable(b2) and self.match([a2], [b2], EXTEND_RATIO)

    def merged(self, a: list[int], b: int) -> bool:
        """Two kept paragraphs appear as one in the copy (the blank line between was lost)."""
        return (self.match(a, [b], EXTEND_RATIO)
                and self.fragment(b, a[0], "prefix", min_chars=MIN_PIECE_CHARS)
                and self.fragment(b, a[1], "suffix", min_chars=MIN_PIECE_CHARS))

    def split(self, a: int, b: list[int]) -> bool:
        """One kept paragraph appears as two in the copy (a break fell inside it)."""
        return (self.match([a], b, EXTEND_RATIO)
                and self.fragment(a, b[0], "prefix", min_chars=MIN_PIECE_CHARS)
                and self.fragment(a, b[1], "suffix", min_chars=MIN_PIECE_CHARS))

    def fragment(self, a: int, b: int, where: str, threshold: float = 0.0,
                 min_chars: int = MIN_FRAGMENT_CHARS) -> bool:
        """Is paragraph b the start (`prefix`) or end (`suffix`) of paragraph a, cut short?"""
        return self.fragment_score(a, b, where, min_chars) >= (threshold or FRAGMENT_RATIO)

    def fragment_score(self, a: int, b: int, where: str,
                       min_chars: int = MIN_FRAGMENT_CHARS) -> float:
        """How well b matches the start / end of a (0 when lengths or numbers rule it out)."""
        if a < 0 or a >= self.n:
            return 0.0
        ka, kb = self.keys[a], self.keys[b]
        if len(kb) < min_chars or len(kb) >= len(ka) or len(kb) > MAX_ALIGN_CHARS:
            return 0.0
        if not _is_sub(self.nums[b], self.nums[a], where):
            return 0.0
        window = ka[: len(kb) + 5] if where == "prefix" else ka[-len(kb) - 5:]
        al = fuzz.partial_ratio_alignment(kb, window)
        if al is None:
            return 0.0
        if where == "prefix" and al.dest_start > 5:
            return 0.0
        if where == "suffix" and al.dest_end < len(window) - 5:
            return 0.0
        return al.score

    def contained(self, b: int, cands: list[int], threshold: float = FRAGMENT_RATIO,
                  cont: tuple[int, int, str] | None = None, direction: str = "after"
                  ) -> _Piece | None:
        """Copy paragraph b lies inside the kept text of `cands` (consecutive paragraphs next
        to the run), cut and glued at other places than the kept breaks. Returns the kept
        paragraphs it covers, whether it reaches the start of the first / end of the last,
        and where it starts in the first / ends in the last.

        `direction` "after" (extending forward) or "before"; `cont` = (paragraph, offset,
        direction) where the copy's previous piece stopped.
        """
        if not cands:
            return None
        kb = self.keys[b]
        if len(kb) < MIN_FRAGMENT_CHARS or len(kb) > MAX_ALIGN_CHARS:
            return None
        bounds = []
        pos = 0
        for c in cands:
            bounds.append((pos, pos + len(self.keys[c])))
            pos += len(self.keys[c]) + 1
        text = " ".join(self.keys[c] for c in cands)
        if len(kb) > len(text) + 5 or len(text) > 2 * MAX_ALIGN_CHARS:
            return None
        if not _contiguous(self.nums[b], tuple(x for c in cands for x in self.nums[c])):
            return None  # the numbers of any covered paragraphs are a slice of these
        if not _may_reach(kb, text, threshold):
            return None
        al = fuzz.partial_ratio_alignment(kb, text, score_cutoff=threshold)
        if al is None:
            return None
        covered = [c for c, (s0, e0) in zip(cands, bounds, strict=True)
                   if s0 < al.dest_end and e0 > al.dest_start]
        if not covered:
            return None
        big = tuple(x for c in covered for x in self.nums[c])
        if not _contiguous(self.nums[b], big):
            return None
        first = bounds[cands.index(covered[0])]
        last = bounds[cands.index(covered[-1])]
        at_start, at_end = al.dest_start <= first[0] + 5, al.dest_end >= last[1] - 5
        start_rel, end_rel = al.dest_start - first[0], al.dest_end - last[0]
        # Pieces come in copy order: going forward a piece starts where the kept text starts
        # (a paragraph start) or where the previous piece stopped; going backward it ends
        # at a paragraph end or where the next piece starts. A line from the middle of a
        # paragraph (a heading in its table of contents or its body) is no cut copy.
        if direction == "after":
            ok = at_start or (cont is not None and covered[0] == cont[0]
                              and abs(start_rel - cont[1]) <= 15)
        else:
            ok = at_end or (cont is not None and covered[-1] == cont[0]
                            and abs(end_rel - cont[1]) <= 15)
        if not ok:
            return None
        return _Piece(covered, at_start, at_end, start_rel, end_rel)

    def seedable(self, i: int) -> bool:
        k = self.keys[i]
        return len(k) >= MIN_SEED_CHARS and k.count(" ") + 1 >= MIN_SEED_WORDS


def _signature(text: str) -> np.ndarray:
    """MinHash of a text's word pairs (`_BANDS` values): texts sharing most word pairs share
    some values. CRC32, not `hash()`, so a document dedups the same way in every run."""
    words = text.split()
    grams = {zlib.crc32(f"{a} {b}".encode()) for a, b in zip(words, words[1:], strict=False)}
    if not grams:
        grams = {zlib.crc32(text.encode())}
    x = np.fromiter(grams, dtype=np.uint64, count=len(grams))
    return ((x[:, None] * _MH_A + _MH_B) >> np.uint64(29)).min(axis=0)


def _near_pairs(texts: dict[int, str]) -> Iterator[tuple[int, int]]:
    """Candidate pairs (i, j), i < j, of texts likely to be near-identical, in time linear
    in their number: each text meets, per MinHash band, the first and the last few earlier
    texts with the same band value (a copy needs one earlier copy, not all of them)."""
    buckets: dict[tuple[int, int], list[int]] = {}
    for j in sorted(texts):
        sig = _signature(texts[j]).tolist()
        seen: set[int] = set()
        for band, value in enumerate(sig):
            bucket = buckets.setdefault((band, value), [])
            for i in bucket[:1] + bucket[-_PER_BUCKET:]:
                if i not in seen:
                    seen.add(i)
                    yield i, j
            bucket.append(j)


def _seeds(doc: _Doc) -> list[tuple[int, int]]:
    """All (i, j), i < j, of substantial paragraphs with ratio ≥ SEED_RATIO and equal numbers.

    Up to `EXACT_LIMIT` paragraphs every pair is scored; a longer document takes its
    candidates from MinHash buckets (`_near_pairs`), so its cost grows linearly."""
    idx = [i for i in range(doc.n) if doc.seedable(i)]
    if len(idx) < 2:
        return []
    if len(idx) > EXACT_LIMIT:
        found = sorted({(i, j) for i, j in _near_pairs({i: doc.keys[i] for i in idx})
                        if doc.nums[i] == doc.nums[j]
                        and fuzz.ratio(doc.keys[i], doc.keys[j], score_cutoff=SEED_RATIO)})
        return sorted(found, key=lambda p: (p[1], p[0]))
    keys = [doc.keys[i] for i in idx]
    pairs: list[tuple[int, int]] = []
    for lo in range(0, len(idx), _CHUNK):
        block = process.cdist(keys[lo:lo + _CHUNK], keys, scorer=fuzz.ratio,
                              score_cutoff=SEED_RATIO, dtype="uint8")
        rows, cols = block.nonzero()
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i, j = idx[lo + r], idx[c]
            if i < j and doc.nums[i] == doc.nums[j]:
                pairs.append((i, j))
    pairs.sort(key=lambda p: (p[1], p[0]))
    return pairs


def _fragment_seeds(doc: _Doc, seeded: set[int]) -> list[tuple[int, int]]:
    """(a, b), a < b: paragraph b is the cut start or end of a longer earlier paragraph a.

    Candidates by the first / last `FRAGMENT_SEED_CHARS` characters (vectorised), then the
    whole of b must match a's start or end (`_Doc.fragment`) under the number guard.
    """
    w = FRAGMENT_SEED_CHARS
    bs = [j for j in range(doc.n) if j not in seeded and len(doc.keys[j]) >= w]
    if not bs:
        return []
    longs = [i for i in range(doc.n) if len(doc.keys[i]) > w]
    pairs: set[tuple[int, int]] = set()
    for where, cut in (("prefix", lambda k: k[:w]), ("suffix", lambda k: k[-w:])):
        for j, i in _cut_pairs(doc, bs, longs, cut):
            if i >= j:
                continue
            if len(doc.keys[j]) < len(doc.keys[i]):
                if doc.fragment(i, j, where, FRAGMENT_SEED_RATIO):
                    pairs.add((i, j))
            elif where == "prefix" and i + 1 < j and doc.merged([i, i + 1], j):
                pairs.add((i, j))
            elif where == "suffix" and 0 < i and doc.merged([i - 1, i], j):
                pairs.add((i - 1, j))
    # A cut copy that fits two paragraphs with different numbers (numbered siblings whose
    # numbers the cut removed) cannot say which one it repeats: leave it in place.
    by_j: dict[int, list[int]] = {}
    for i, j in pairs:
        by_j.setdefault(j, []).append(i)
    return sorted(((i, j) for j, cands in by_j.items() for i in cands
                   if len({doc.nums[c] for c in cands}) == 1), key=lambda p: (p[1], p[0]))


def _cut_pairs(doc: _Doc, bs: list[int], longs: list[int], cut: Callable[[str], str]
               ) -> Iterator[tuple[int, int]]:
    """(j, i): copy candidate j whose cut window is close to long paragraph i's. All pairs
    when few, MinHash candidates (`_near_pairs`) in a long document."""
    cutoff = FRAGMENT_SEED_RATIO - 4
    if len(bs) * len(longs) > EXACT_LIMIT * EXACT_LIMIT:
        b_set, long_set = set(bs), set(longs)
        texts = {k: cut(doc.keys[k]) for k in sorted(b_set | long_set)}
        for i, j in _near_pairs(texts):
            if j in b_set and i in long_set and fuzz.ratio(texts[i], texts[j],
                                                           score_cutoff=cutoff):
                yield j, i
        return
    a_keys = [cut(doc.keys[i]) for i in longs]
    for lo in range(0, len(bs), _CHUNK):
        chunk = bs[lo:lo + _CHUNK]
        block = process.cdist([cut(doc.keys[j]) for j in chunk], a_keys, scorer=fuzz.ratio,
                              score_cutoff=cutoff, dtype="uint8")
        rows, cols = block.nonzero()
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            yield chunk[r], longs[c]


def _best_fragment(doc: _Doc, b: int, cands: list[int], where: str) -> int | None:
    """The kept paragraph among `cands` whose start/end b is, if any: the aligned one
    (`cands[0]`) unless skipping a dropped paragraph fits clearly better."""
    first = doc.fragment_score(cands[0], b, where)
    alt = doc.fragment_score(cands[1], b, where) if len(cands) > 1 else 0.0
    if alt >= FRAGMENT_RATIO and alt >= first + 3:
        best = cands[1]
    elif first >= FRAGMENT_RATIO:
        best = cands[0]
    else:
        return None
    return None if _ambiguous(doc, b, [best]) else best


def _ambiguous(doc: _Doc, b: int, chosen: list[int]) -> bool:
    """A cut piece that fits a nearby paragraph with other numbers about as well (a numbered
    sibling whose numbers the cut removed) cannot say which one it repeats."""
    mine = tuple(x for c in chosen for x in doc.nums[c])
    kb = doc.keys[b]
    for x in range(min(chosen) - 2, max(chosen) + 3):
        if x in chosen or not 0 <= x < doc.n or doc.nums[x] == mine:
            continue
        if len(doc.keys[x]) >= len(kb) * 0.8 and fuzz.partial_ratio(
                kb, doc.keys[x], score_cutoff=FRAGMENT_RATIO - 5):
            return True
    return False


def _window(doc: _Doc, b: int, a: int, other: int | None,
            cont: tuple[int, int, str] | None, direction: str) -> _Piece | None:
    """Copy piece b inside kept paragraph a, or inside a and its neighbour `other`.

    A piece that only the neighbour holds but that nearly fits a as well (numbered
    siblings, with the numbers cut off) is ambiguous and not taken."""
    got = doc.contained(b, [a], cont=cont, direction=direction)
    if not got and other is not None:
        got = doc.contained(b, sorted((a, other)), cont=cont, direction=direction)
    if got and _ambiguous(doc, b, got.covered):
        return None
    return got


def _forward(doc: _Doc, a: int, b: int, stop_a: int, removed: set[int],
             links: list[tuple[tuple[int, ...], tuple[int, ...]]],
             cont: tuple[int, int, str] | None = None) -> None:
    """Extend a run forward from kept paragraph a / copy paragraph b (both not yet linked).

    `cont`: the copy's last piece stopped inside kept paragraph cont[0] at offset cont[1]."""
    def ok_b(x: int) -> bool:
        return x < doc.n and x not in removed

    def ok_a(x: int) -> bool:
        return x < stop_a and x not in removed

    while ok_a(a) and ok_b(b):
        piece = cont
        cont = None
        if doc.match([a], [b], EXTEND_RATIO):
            links.append(((a,), (b,)))
            a, b = a + 1, b + 1
        elif ok_a(a + 1) and doc.merged([a, a + 1], b):
            links.append(((a, a + 1), (b,)))
            a, b = a + 2, b + 1
        elif ok_b(b + 1) and doc.split(a, [b, b + 1]):
            links.append(((a,), (b, b + 1)))
            a, b = a + 1, b + 2
        elif ok_a(a + 1) and ok_b(b + 1) and doc.sandwiched(a, b, a + 1, b + 1):
            links.append(((a,), (b,)))
            a, b = a + 1, b + 1
        elif ok_a(a + 1) and doc.droppable(
                a + 1, b, len(links), (a + 2, b + 1) if ok_a(a + 2) and ok_b(b + 1) else None):
            links.append(((a + 1,), (b,)))
            a, b = a + 2, b + 1
        elif (best := _best_fragment(doc, b, [a, a + 1] if ok_a(a + 1) else [a], "prefix")
              ) is not None:
            links.append(((best,), (b,)))  # a + 1 when the copy also lost paragraph a
            cont = (best, len(doc.keys[b]), "after")  # the rest of `best` may follow
            a, b = best, b + 1
        elif got := _window(doc, b, a, a + 1 if ok_a(a + 1) else None, piece, "after"):
            links.append((tuple(got.covered), (b,)))
            last = got.covered[-1]
            if not got.at_end:
                cont = (last, got.end_rel, "after")
            a, b = max(a, last + 1 if got.at_end else last), b + 1
        else:
            break


def _backward(doc: _Doc, a: int, b: int, stop_b: int, removed: set[int],
               links: list[tuple[tuple[int, ...], tuple[int, ...]]],
               cont: tuple[int, int, str] | None = None) -> None:
    """Extend a run backward; copy paragraphs must stay after the kept run (b > stop_b)."""
    def ok_b(x: int) -> bool:
        return x > stop_b and x not in removed

    def ok_a(x: int) -> bool:
        return x >= 0 and x not in removed

    while ok_a(a) and ok_b(b) and a < b:
        piece = cont
        cont = None
        if doc.match([a], [b], EXTEND_RATIO):
            links.insert(0, ((a,), (b,)))
            a, b = a - 1, b - 1
        elif ok_a(a - 1) and doc.merged([a - 1, a], b):
            links.insert(0, ((a - 1, a), (b,)))
            a, b = a - 2, b - 1
        elif ok_b(b - 1) and doc.split(a, [b - 1, b]):
            links.insert(0, ((a,), (b - 1, b)))
            a, b = a - 1, b - 2
        elif ok_a(a - 1) and ok_b(b - 1) and doc.sandwiched(a, b, a - 1, b - 1):
            links.insert(0, ((a,), (b,)))
            a, b = a - 1, b - 1
        elif ok_a(a - 1) and doc.droppable(
                a - 1, b, len(links), (a - 2, b - 1) if ok_a(a - 2) and ok_b(b - 1) else None):
            links.insert(0, ((a - 1,), (b,)))
            a, b = a - 2, b - 1
        elif (best := _best_fragment(doc, b, [a, a - 1] if ok_a(a - 1) else [a], "suffix")
              ) is not None:
            links.insert(0, ((best,), (b,)))
            cont = (best, len(doc.keys[best]) - len(doc.keys[b]), "before")
            a, b = best, b - 1
        elif got := _window(doc, b, a, a - 1 if ok_a(a - 1) else None, piece, "before"):
            links.insert(0, (tuple(got.covered), (b,)))
            first = got.covered[0]
            if not got.at_start:
                cont = (first, got.start_rel, "before")
            a, b = min(a, first - 1 if got.at_start else first), b - 1
        else:
            break


def find_repeats(texts: list[str]) -> list[Run]:
    """Runs of paragraphs that repeat an earlier run; the earliest copy is the one kept."""
    doc = _Doc(texts)
    removed: set[int] = set()
    runs: list[Run] = []
    seeds = _seeds(doc)
    seeds += _fragment_seeds(doc, {x for pair in seeds for x in pair})
    seeds.sort(key=lambda p: (p[1], p[0]))
    for i, j in seeds:
        if j in removed or i in removed:
            continue
        links: list[tuple[tuple[int, ...], tuple[int, ...]]] = [((i,), (j,))]
        nxt_a, nxt, back_a = i + 1, j + 1, i - 1
        f_cont: tuple[int, int, str] | None = None
        b_cont: tuple[int, int, str] | None = None
        if len(doc.keys[j]) < len(doc.keys[i]) and not doc.match([i], [j], EXTEND_RATIO):
            # a cut copy: the rest of paragraph i may follow (or precede) it, cut elsewhere
            if doc.fragment(i, j, "prefix", FRAGMENT_SEED_RATIO):
                nxt_a, f_cont = i, (i, len(doc.keys[j]), "after")
            else:
                back_a, b_cont = i, (i, len(doc.keys[i]) - len(doc.keys[j]), "before")
        if j + 1 < doc.n and j + 1 not in removed and doc.split(i, [j, j + 1]):
            links = [((i,), (j, j + 1))]
            nxt = j + 2
        elif i + 1 < j and i + 1 not in removed and doc.merged([i, i + 1], j):
            links = [((i, i + 1), (j,))]
            nxt_a = i + 2
        # Backward first: the kept run must not grow into a copy that follows it (a page
        # scanned three times), so the forward kept pointer stops at the earliest copy line.
        first = links[0][0][-1]
        removed.add(j)  # in place, not a copy: a copy per seed is quadratic in a long text
        _backward(doc, back_a, j - 1, first, removed, links, b_cont)
        copy_start = min(x for _, rs in links for x in rs)
        _forward(doc, nxt_a, nxt, copy_start, removed, links, f_cont)
        removed.discard(j)
        kept = sorted({x for ks, _ in links for x in ks})
        gone = sorted({x for _, rs in links for x in rs})
        if set(kept) & set(gone) or max(kept) >= min(gone):
            continue
        if sum(len(doc.keys[r]) for r in gone) < MIN_RUN_CHARS:
            continue  # a short repeat is boilerplate, not a pasted section
        strong = sum(1 for ks, rs in links if len(ks) == len(rs) == 1
                     and doc.match(list(ks), list(rs), SEED_RATIO))
        if len(doc.keys[j]) < STRONG_SEED_CHARS and strong < 2:
            continue  # a short boilerplate seed whose neighbours only loosely match
        removed.update(gone)
        runs.append(Run(kept=kept, removed=gone, links=links))
    runs.sort(key=lambda r: r.removed[0])
    return runs


def word_diffs(kept: str, removed: str) -> list[list[str]]:
    """Word-level differences `[[kept, removed], …]` (`cung cấp,` vs `cống cỗ,`), over the
    first `MAX_DIFF_WORDS` words (difflib is quadratic; a page's worth says what changed)."""
    a, b = kept.split()[:MAX_DIFF_WORDS], removed.split()[:MAX_DIFF_WORDS]
    out: list[list[str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append([" ".join(a[i1:i2]), " ".join(b[j1:j2])])
    return out


def dedup_paragraphs(paras: list[Paragraph]) -> tuple[list[Paragraph], list[Duplicate]]:
    """Drop repeated runs; return the kept paragraphs (in order) and one Duplicate per run.

    `Duplicate.paragraphs` / `kept_paragraphs` are indices into `paras`; the caller sets
    `kept_start`/`kept_end` once the final text is assembled.
    """
    runs = find_repeats([p.text for p in paras])
    gone = {r for run in runs for r in run.removed}
    dups: list[Duplicate] = []
    for run in runs:
        kept_text = "\n\n".join(paras[i].text for i in run.kept)
        text = "\n\n".join(paras[i].text for i in run.removed)
        dups.append(Duplicate(
            text=text,
            kept_text=kept_text,
            paragraphs=list(run.removed),
            kept_paragraphs=list(run.kept),
            similarity=round(fuzz.ratio(kept_text, text) / 100.0, 4),
            diffs=word_diffs(kept_text, text),
        ))
    return [p for i, p in enumerate(paras) if i not in gone], dups
