"""Cross-document near-duplicates (a DOC and its PDF, a re-scan): linked, not indexed twice.

MinHash signatures of word 3-grams are cut into LSH bands kept in the store, so candidates
come from an indexed SQL lookup at any archive size; each candidate is then verified by the
exact shingle Jaccard on the stored texts. The in-memory `NearDuplicateIndex` /
`find_near_duplicates` do the same without a store; `paragraph_fingerprint` gives an exact key
for paragraphs shared between documents (to link, never to delete). Repeats inside one
document are `ingest.dedup`'s job.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from vanban.corpus.keys import citation_key
from vanban.corpus.schema import Record
from vanban.corpus.store_api import Store
from vanban.corpus.vntext import fold

NUM_PERM = 128
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = 3) -> set[str]:
    """Word k-grams of the folded text: what near-duplicate documents share."""
    words = _WORD.findall(fold(text))
    if len(words) < k:
        return {" ".join(words)} if words else set()
    if k == 3:  # the hot case, one C-level pass
        return set(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def _same(value: int) -> int:
    return value


_MINHASH: dict[int, tuple] = {}  # num_perm -> (a MinHash to reuse, its initial values)


def _signature_of(grams: set[str], num_perm: int = NUM_PERM):  # -> LeanMinHash
    """The MinHash of a shingle set, the same values as datasketch's default (the low 32 bits
    of each shingle's SHA-1); one MinHash per process is reset and reused, so the permutations
    are not drawn again for every text."""
    from datasketch import LeanMinHash, MinHash

    if num_perm not in _MINHASH:
        m = MinHash(num_perm=num_perm, hashfunc=_same)
        _MINHASH[num_perm] = (m, m.hashvalues.copy())
    m, start = _MINHASH[num_perm]
    m.hashvalues = start.copy()
    sha1 = hashlib.sha1
    m.update_batch([int.from_bytes(sha1(s.encode("utf-8")).digest()[:4], "little")
                    for s in grams])
    return LeanMinHash(m)


def near_duplicate_signature(text: str, num_perm: int = NUM_PERM):  # -> LeanMinHash
    """A MinHash of the document's word 3-grams (about 1 KB; `.hashvalues` to store it)."""
    return _signature_of(shingles(text), num_perm)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class NearDuplicateIndex:
    """MinHash LSH over document signatures: candidates fast, then exact verification.

    Keeps only signatures (≈1 KB a document); verification needs the texts, which the caller
    passes (`query(text, texts_of)`), so memory stays bounded at archive scale.
    """

    def __init__(self, threshold: float = 0.7, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)

    def add(self, key: str, text: str | None = None, signature=None) -> None:
        sig = signature if signature is not None else near_duplicate_signature(text or "",
                                                                              self.num_perm)
        self.lsh.insert(key, sig)

    def candidates(self, text: str) -> list[str]:
        return list(self.lsh.query(near_duplicate_signature(text, self.num_perm)))

    def query(self, text: str, text_of) -> list[tuple[str, float]]:
        """Keys whose exact shingle Jaccard with `text` is ≥ threshold, best first.

        `text_of(key) -> str` fetches a candidate's text (from the store).
        """
        mine = shingles(text)
        out = []
        for key in self.candidates(text):
            sim = jaccard(mine, shingles(text_of(key)))
            if sim >= self.threshold:
                out.append((key, round(sim, 4)))
        return sorted(out, key=lambda x: -x[1])


def find_near_duplicates(docs: Iterable[tuple[str, str]], threshold: float = 0.7
                         ) -> list[tuple[str, str, float]]:
    """Pairs (earlier key, later key, Jaccard) of near-duplicate documents in `docs`.

    Each later document is linked to the earlier ones it nearly repeats (DOC and its PDF).
    """
    index = NearDuplicateIndex(threshold=threshold)
    texts: dict[str, str] = {}
    pairs: list[tuple[str, str, float]] = []
    for key, text in docs:
        for other, sim in index.query(text, texts.__getitem__):
            pairs.append((other, key, sim))
        index.add(key, text)
        texts[key] = text
    return pairs


_PUNCT = re.compile(r"[^\w]+")


def paragraph_fingerprint(text: str) -> str:
    """Exact key of a paragraph's words (folded, no punctuation): shared boilerplate links."""
    return hashlib.sha1(_PUNCT.sub(" ", fold(text)).strip().encode("utf-8")).hexdigest()[:16]


BANDS, ROWS = 16, 8  # 16 × 8 = 128 permutations: candidate threshold ≈ (1/16)^(1/8) ≈ 0.71
THRESHOLD = 0.8  # verified Jaccard of word 3-grams
NUMBERS_THRESHOLD = 0.8  # and of the numbers written: template siblings differ there
MIN_SHINGLES = 30  # a very short text (a cover page) is not compared
assert BANDS * ROWS == NUM_PERM
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


def lsh_bands(text: str) -> list[int]:
    """One signed 64-bit hash per band of the document's MinHash ([] for a short text)."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return []
    values = _signature_of(grams).hashvalues
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8)
        out.append(int.from_bytes(digest.digest(), "big", signed=True))
    return out


def attach_bands(rec: Record) -> None:
    """Compute the bands where the rest of the per-file work runs (a reader worker), so the
    single writer only stores and looks them up (`bands_of`)."""
    rec.__dict__["_lsh_bands"] = lsh_bands(rec.text)


def bands_of(rec: Record) -> list[int]:
    """The bands `attach_bands` computed, or computed now."""
    bands = rec.__dict__.pop("_lsh_bands", None)
    return lsh_bands(rec.text) if bands is None else bands


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or citation_key(a) == citation_key(b)


def _same_unit(a: str | None, b: str | None) -> bool:
    """Đơn vị agree (OCR-tolerant) or one side lacks it."""
    if not a or not b:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(fold(a), fold(b)) >= UNIT_RATIO


def _text_ratio(a: str, b: str) -> float:
    """Character agreement of the folded texts (what survives OCR noise, unlike word
    3-grams), on their first `RATIO_CHARS` characters so the cost stays bounded."""
    from rapidfuzz import fuzz

    return fuzz.ratio(fold(a)[:RATIO_CHARS], fold(b)[:RATIO_CHARS]) / 100.0


UNIT_RATIO = 90.0
RATIO_CHARS = 20_000
IDENTIFIED_RATIO = 0.80  # same số hiệu (and no other field against): an OCR'd copy
UNIDENTIFIED_RATIO = 0.95  # no số hiệu on a side: the text must all but match


def find_original(store: Store, rec: Record, bands: list[int]) -> tuple[int, float] | None:
    """The earlier stored document `rec` is a copy of, with its similarity; or None.

    Identity first: số hiệu, ngày and đơn vị must not disagree (another unit's plan from the
    same template, another number or date, is a sibling and stays its own document). With
    the same số hiệu on both sides the texts need only agree as an OCR'd copy does; without
    one they must all but match, numbers included. Candidates come from the text hashes and,
    for a scan whose OCR is too noisy for them, from the số hiệu.
    """
    if not bands and not rec.so_hieu:
        return None
    cands = set(store.lsh_candidates(bands)) if bands else set()
    if rec.so_hieu:
        cands.update(store.ids_with_so_hieu(rec.so_hieu))
    mine: set[str] | None = None  # computed only when a candidate gets that far
    my_numbers: set[str] | None = None
    best: tuple[int, float] | None = None
    for cand in sorted(cands):
        row = store.original_candidate(cand)
        if row is None or row["near_duplicate_of"] is not None:
            continue  # link to originals only, never to another copy
        if not (_agree(rec.so_hieu, row["so_hieu"]) and _agree(rec.ngay, row["ngay"])
                and _same_unit(rec.don_vi, row.get("don_vi"))):
            continue
        identified = bool(rec.so_hieu and row["so_hieu"])
        if identified:
            sim = _text_ratio(rec.text, row["text"])
            if sim < IDENTIFIED_RATIO:
                continue
        else:
            if mine is None:
                mine, my_numbers = shingles(rec.text), _numbers(rec.text)
            if len(mine) < MIN_SHINGLES:
                continue
            if jaccard(my_numbers, _numbers(row["text"])) < NUMBERS_THRESHOLD:
                continue
            if jaccard(mine, shingles(row["text"])) < THRESHOLD:
                continue
            sim = _text_ratio(rec.text, row["text"])
            if sim < UNIDENTIFIED_RATIO:
                continue
        if best is None or sim > best[1]:
            best = (cand, round(sim, 4))
    return best
