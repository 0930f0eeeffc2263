"""Cross-document near-duplicates (a DOC and its PDF, a re-scan): linked, not indexed twice.

MinHash signatures of word 3-grams are cut into LSH bands kept in the store, so candidates
come from an indexed SQL lookup at any archive size; each candidate is then verified by the
exact shingle Jaccard on the stored texts.
"""

from __future__ import annotations

import hashlib

from corpus.store import Store
from ingest.dedup import NUM_PERM, jaccard, near_duplicate_signature, shingles

BANDS, ROWS = 16, 8  # 16 × 8 = 128 permutations: candidate threshold ≈ (1/16)^(1/8) ≈ 0.71
THRESHOLD = 0.7  # verified Jaccard of word 3-grams
MIN_SHINGLES = 30  # a very short text (a cover page) is not compared
assert BANDS * ROWS == NUM_PERM


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


def find_original(store: Store, text: str, bands: list[int]) -> tuple[int, float] | None:
    """The earlier stored document this text nearly repeats, with the Jaccard; or None."""
    if not bands:
        return None
    mine = shingles(text)
    best: tuple[int, float] | None = None
    for cand in store.lsh_candidates(bands):
        row = store.db.execute("SELECT near_duplicate_of FROM documents WHERE id=?",
                               (cand,)).fetchone()
        if row is None or row[0] is not None:
            continue  # link to originals only, never to another copy
        sim = jaccard(mine, shingles(store.text_of(cand)))
        if sim >= THRESHOLD and (best is None or sim > best[1]):
            best = (cand, round(sim, 4))
    return best
