"""Helpers shared by the reader tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rapidfuzz.distance import Levenshtein

FORMATS = Path(__file__).resolve().parent.parent / "corpus" / "samples" / "formats"
# truths live apart from the samples so `vanban ingest` of the bundled samples skips them
TRUTH = Path(__file__).resolve().parent / "data" / "formats_truth"


def cer(hyp: str, ref: str) -> float:
    """Character error rate in % after NFC and whitespace collapsing."""
    h = " ".join(unicodedata.normalize("NFC", hyp).split())
    r = " ".join(unicodedata.normalize("NFC", ref).split())
    return 100.0 * Levenshtein.distance(h, r) / max(1, len(r))


def joined(result) -> str:
    return "\n".join(p.text for p in result.pages)
