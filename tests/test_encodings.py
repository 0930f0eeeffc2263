"""Round trips: every seed, written in every encoding a Vietnamese text file comes in, reads
back as the same text; a file no encoding makes Vietnamese is refused, not stored."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from vanban.corpus.legacy import (
    encode_cp1258,
    encode_legacy,
    tcvn3_to_unicode,
    vietnamese_score,
)
from vanban.ingest.errors import ReadError
from vanban.ingest.readers.text import decode_scored

SAMPLES = Path(__file__).resolve().parent.parent / "corpus" / "samples"
SEEDS = sorted(SAMPLES.glob("*.txt"))
ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "cp1258": lambda t: encode_cp1258(t, decomposed=False),
    "cp1258-decomposed": lambda t: encode_cp1258(t, decomposed=True),
    "tcvn3": lambda t: encode_legacy(t, "tcvn3"),
    "vni": lambda t: encode_legacy(t, "vni"),
}


def _seed(path: Path) -> str:
    """The seed as a legacy file can hold it: NFC, and only characters every code page has."""
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return "".join(c if c in "\n\t" or (c.isascii() and c.isprintable())
                   or unicodedata.name(c, "").startswith("LATIN") else " " for c in text)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_every_seed_in_every_encoding_reads_back(seed: Path, encoding: str) -> None:
    text = _seed(seed)
    got, name, score, scores = decode_scored(ENCODINGS[encoding](text))
    got = unicodedata.normalize("NFC", got)
    assert score >= 0.9, (name, scores)
    if encoding == "tcvn3":
        # TCVN3's main font has no toned capitals (a separate capitals font reuses the
        # lower-case codes): a sentence-case `Ủy` comes back as `ủy`, nothing else differs
        assert got.casefold() == text.casefold()
        assert name == "tcvn3"
    else:
        assert got == text
        assert name.split("-")[0] == encoding.split("-")[0]


def test_cp1258_decomposed_is_named_and_scored(tmp_path: Path) -> None:
    from vanban.ingest.readers.text import read

    path = tmp_path / "cp.txt"
    path.write_bytes(encode_cp1258(_seed(SEEDS[0]), decomposed=True))
    res = read(path)
    assert res.meta["encoding"] == "cp1258-decomposed"
    assert res.meta["encoding_score"] >= 0.9
    assert res.meta["encoding_candidates"]["tcvn3"] < 0.6
    assert any("cp1258" in w for w in res.warnings)
    assert "PĐTĐ-LĐLĐ" in res.pages[0].text


def test_no_vietnamese_reading_is_refused() -> None:
    french = ("Le comité syndical a décidé de lancer une campagne d'émulation pour l'année, "
              "avec des objectifs précis et réalisables à tous les niveaux.") * 3
    rng = random.Random(3)
    noise = bytes(rng.randrange(128, 256) for _ in range(2000))
    for data in (french.encode("latin-1"), noise):
        with pytest.raises(ReadError, match="bảng mã"):
            decode_scored(data)


def test_score_separates_right_and_wrong_readings() -> None:
    right = "Công đoàn phát động phong trào thi đua yêu nước trong công nhân viên chức"
    wrong = tcvn3_to_unicode(encode_cp1258(right).decode("latin-1"))  # issue 15's garbage
    assert vietnamese_score(right)[0] > 0.95
    assert vietnamese_score(wrong)[0] < 0.6
