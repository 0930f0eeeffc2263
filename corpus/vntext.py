"""Vietnamese text rules shared by ingest, index and query parsing (one leaf module).

- `nfc`: Unicode NFC, always first.
- `tone_style`: one tone-mark placement (classic: `hoà`→`hòa`, `uỷ`→`ủy`, `thuý`→`thúy`),
  decided by the vowel cluster of each syllable, never by a dictionary.
- `fold`: no diacritics, `đ`→`d`, lower case: what accentless queries match.
- `iy`: the `i`/`y` spelling variants (`sỹ`→`sĩ`, `kỹ`→`kĩ`) folded to `i`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks (the five tones other than ngang).
TONES = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}
_TONE_MARKS = set(TONES)
# Letters whose own mark (circumflex, breve, horn) is part of the letter, not the tone.
_MARKED_VOWELS = set("âăêôơưÂĂÊÔƠƯ")
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split_tone(syllable: str) -> tuple[str, str | None]:
    """Return the syllable without its tone mark (NFC) and the tone mark, if any."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = None
    kept = []
    for ch in decomposed:
        if ch in _TONE_MARKS:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(base: str) -> int | None:
    """Index in `base` (toneless) of the vowel that carries the tone, classic style."""
    low = base.lower()
    start = 0
    if low.startswith("qu") and len(low) > 2 and low[2] in "aăâeêioôơuưy":
        start = 2
    elif low.startswith("gi") and len(low) > 2 and low[2] in "aăâeêoôơuưy":
        start = 2
    i = start
    while i < len(low) and low[i] not in _VOWELS_LOWER:
        i += 1
    j = i
    while j < len(low) and low[j] in _VOWELS_LOWER:
        j += 1
    if i == j:  # no vowel after the onset ("gì": the i of gi is the vowel)
        k = next((n for n, c in enumerate(low) if c in _VOWELS_LOWER), None)
        return k
    cluster = range(i, j)
    marked = [n for n in cluster if base[n] in _MARKED_VOWELS]
    if marked:
        # ươ carries the tone on ơ; otherwise the (single) marked vowel
        return marked[-1]
    closed = j < len(low)
    n = j - i
    if n == 1:
        return i
    if closed:
        return j - 1
    if n == 3:
        return i + 1
    return i  # open two-vowel cluster: hòa, khỏe, thủy, múa, mía


_VOWELS_LOWER = {c.lower() for c in _VOWELS}


@lru_cache(maxsize=65536)
def tone_syllable(syllable: str) -> str:
    base, tone = _split_tone(syllable)
    if tone is None or not base:
        return syllable
    pos = _tone_position(base)
    if pos is None:
        return syllable
    out = base[:pos] + unicodedata.normalize("NFC", base[pos] + tone) + base[pos + 1 :]
    return out


_WORD_SPLIT = re.compile(r"([^\W\d_]+)", re.UNICODE)


def tone_style(text: str) -> str:
    """Put every tone mark where the classic style wants it (`hoà`→`hòa`, `uỷ`→`ủy`)."""
    # split keeps the words at odd positions; mapping the cached function over them is
    # several times faster than re.sub with a Python callback on long documents
    parts = _WORD_SPLIT.split(nfc(text))
    parts[1::2] = map(tone_syllable, parts[1::2])
    return "".join(parts)


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D", "\u00d0": "D", "\u00f0": "d"})


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.translate(_FOLD_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def fold(text: str) -> str:
    """No diacritics, `đ`→`d`, lower case."""
    return fold_word(text)


_IY = re.compile(r"^([bcdđghklmnpqrstvx]+)([yỳýỷỹỵ])$", re.IGNORECASE)
_Y_TO_I = str.maketrans("yỳýỷỹỵYỲÝỶỸỴ", "iìíỉĩịIÌÍỈĨỊ")


def iy(syllable: str) -> str:
    """`sỹ`→`sĩ`, `kỹ`→`kĩ`, `lý`→`lí`: a lone final y after consonants is spelled i."""
    m = _IY.match(syllable)
    if not m or m.group(1).lower() in ("q", "qu", "g", "gh"):
        return syllable
    return m.group(1) + m.group(2).translate(_Y_TO_I)


def normalize(text: str) -> str:
    """The canonical form for comparison: NFC and one tone style."""
    return tone_style(nfc(text))
