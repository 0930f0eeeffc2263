"""Cross-document near-duplicates (a DOC and its PDF, a re-scan): linked, not indexed twice.

MinHash signatures of word 3-grams are cut into LSH bands kept in the store, so candidates
come from an indexed SQL lookup at any archive size; each candidate is then verified by the
exact shingle Jaccard on the stored texts.
"""

from __future__ import annotations

import hashlib
import re

from vanban.corpus.schema import Record
from vanban.corpus.store import citation_key
from vanban.corpus.store_api import Store
from vanban.ingest.dedup import NUM_PERM, jaccard, near_duplicate_signature, shingles

BANDS, ROWS = 16, 8  # 16 × 8 = 128 permutations: candidate threshold ≈ (1/16)^(1/8) ≈ 0.71
THRESHOLD = 0.8  # verified Jaccard of word 3-grams
NUMBERS_THRESHOLD = 0.8  # and of the numbers written: template siblings differ there
MIN_SHINGLES = 30  # a very short text (a cover page) is not compared
assert BANDS * ROWS == NUM_PERM
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


def lsh_bands(text: str) -> list[int]:
    """One signed 64-bit hash per band of the document's MinHash ([] for a short text)."""
    if len(shingles(text)) < MIN_SHINGLES:
        return []
    values = near_duplicate_signature(text).hashvalues
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8)
        out.append(int.from_bytes(digest.digest(), "big", signed=True))
    return out


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def _agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or citation_key(a) == citation_key(b)


def find_original(store: Store, rec: Record, bands: list[int]) -> tuple[int, float] | None:
    """The earlier stored document `rec` nearly repeats, with the Jaccard; or None.

    Beyond the text, the number guard: the same plan for another year (another số hiệu, date,
    or other figures) is a sibling, not a copy, and stays its own document.
    """
    if not bands:
        return None
    mine = shingles(rec.text)
    my_numbers = _numbers(rec.text)
    best: tuple[int, float] | None = None
    for cand in store.lsh_candidates(bands):
        row = store.original_candidate(cand)
        if row is None or row["near_duplicate_of"] is not None:
            continue  # link to originals only, never to another copy
        if not (_agree(rec.so_hieu, row["so_hieu"]) and _agree(rec.ngay, row["ngay"])):
            continue
        if jaccard(my_numbers, _numbers(row["text"])) < NUMBERS_THRESHOLD:
            continue
        sim = jaccard(mine, shingles(row["text"]))
        if sim >= THRESHOLD and (best is None or sim > best[1]):
            best = (cand, round(sim, 4))
    return best
