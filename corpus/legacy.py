"""Legacy Vietnamese encodings (TCVN3/ABC and VNI) back to Unicode.

Old Word files and the PDFs made from them carry text in 8-bit fonts (.VnTime, VNI-Times):
extractors return the bytes as Latin-1 letters (`Ph¸t ®éng` = TCVN3 `Phát động`,
`Phaùt ñoäng` = VNI). The character maps are data (`data/tcvn3.tsv`, `data/vni.tsv`);
conversion is exact, line by line, and lines already holding Vietnamese Unicode are kept
(a Unicode running header over a TCVN3 body is common).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vanban.corpus import data

# Letters only Vietnamese Unicode has (outside Latin-1): their presence means "already Unicode".
_VIET_UNICODE = re.compile(r"[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1"
                           r"\u01af\u01b0\u1ea0-\u1ef9]")
# Latin-1 symbols that TCVN3 uses as letters (¸ µ ® § ¹ ¶ · ­ ¬ « ...), never inside words in
# Unicode Vietnamese, plus Latin-1 letters Vietnamese never uses.
_TCVN3_SIGNAL = re.compile(r"[A-Za-z][\u00a1-\u00be\u00c6-\u00c9\u00cb\u00cc\u00ce-\u00d1"
                           r"\u00d6-\u00d8\u00dc\u00de\u00df\u00e6-\u00e8\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8"
                           r"\u00fb\u00fc\u00fe]|[\u00a7\u00ae][a-zA-Z\u00a1-\u00fe]")
# VNI: a vowel followed by a tone/shape byte, or the đ key (ñ) starting a word.
_VNI_SIGNAL = re.compile(r"[aeiouyAEIOUY\u00f4\u00f6\u00d4\u00d6][\u00f8\u00f9\u00fb\u00f5\u00ef"
                         r"\u00e2\u00e4\u00e0\u00e1\u00e5\u00e3\u00e8\u00e9\u00fa\u00fc\u00eb"
                         r"\u00ea\u00d8\u00d9\u00db\u00d5\u00cf\u00c2\u00c4\u00c0\u00c1\u00c5"
                         r"\u00c3\u00c8\u00c9\u00da\u00dc\u00cb\u00ca]|\b[\u00f1\u00d1][a-zA-Z]")
_WORD = re.compile(r"\S+")


def _load(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in data.lines(name):
        codes, uni = line.split("\t")
        table["".join(chr(int(c, 16)) for c in codes.split())] = uni
    return table


@lru_cache(maxsize=2)
def _pattern(name: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table = _load(name)
    keys = sorted(table, key=len, reverse=True)  # longest key first: "oâ" before "ô"
    return re.compile("|".join(re.escape(k) for k in keys)), table


def _convert_line(line: str, name: str) -> str:
    if _VIET_UNICODE.search(line):
        return line
    pattern, table = _pattern(name)
    out = pattern.sub(lambda m: table[m.group(0)], line)
    if name == "tcvn3.tsv":
        out = _upper_words(line, out)
    return unicodedata.normalize("NFC", out)


def _upper_words(src: str, out: str) -> str:
    """TCVN3 capitals with tones live in separate fonts (.VnTimeH) that reuse the lower-case
    codes, so `KÕ HO¹CH` converts to `Kế HOạCH`. A word whose ASCII letters are all capitals
    (two or more) is a capital word; a one-capital word (`KÕ`) is one too when a neighbour
    is a capital word with such lower-case codes (`HO¹CH`), unlike `Sè: 31 /KH`."""
    words = out.split(" ")
    src_words = src.split(" ")
    if len(words) != len(src_words):
        return out
    caps, h_font, single = [], [], []
    for sw, w in zip(src_words, words, strict=True):
        letters = [c for c in sw if c.isascii() and c.isalpha()]
        lowered = any(not c.isascii() and c != w_c and w_c.islower()
                      for c, w_c in zip(sw, w, strict=False)) if len(sw) == len(w) else False
        cap = len(letters) >= 2 and all(c.isupper() for c in letters)
        caps.append(cap)
        h_font.append(cap and lowered)
        single.append(len(letters) == 1 and letters[0].isupper() and lowered)
    fixed = []
    for i, w in enumerate(words):
        near = (i > 0 and h_font[i - 1]) or (i + 1 < len(words) and h_font[i + 1])
        fixed.append(w.upper() if caps[i] or (single[i] and near) else w)
    return " ".join(fixed)


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) text to NFC Unicode, keeping lines that are already Unicode."""
    return "\n".join(_convert_line(ln, "tcvn3.tsv") for ln in text.split("\n"))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text to NFC Unicode, keeping lines that are already Unicode."""
    return "\n".join(_convert_line(ln, "vni.tsv") for ln in text.split("\n"))


def viet_ratio(text: str) -> float:
    """Share of words that carry a Vietnamese-only letter (ơ ư ă đ or a toned vowel).

    Vietnamese prose runs at 0.4-0.7; a legacy or diacritic-less layer is near 0."""
    words = [w for w in _WORD.findall(text) if any(c.isalpha() for c in w)]
    if not words:
        return 0.0
    hits = sum(1 for w in words if _VIET_UNICODE.search(unicodedata.normalize("NFC", w))
               or _has_tone(w))
    return hits / len(words)


def _has_tone(word: str) -> bool:
    return any(c in "\u0300\u0301\u0303\u0309\u0323"
               for c in unicodedata.normalize("NFD", word))


def detect_legacy(text: str) -> str | None:
    """Return "tcvn3", "vni" or None by the share of words showing each encoding's marks.

    Decided on the words that are not already Unicode Vietnamese, and confirmed by the
    converted text reading as Vietnamese."""
    lines = [ln for ln in text.split("\n") if not _VIET_UNICODE.search(ln)]
    words = [w for ln in lines for w in _WORD.findall(ln) if any(c.isalpha() for c in w)]
    if len(words) < 3:
        return None
    tcvn = sum(1 for w in words if _TCVN3_SIGNAL.search(w))
    vni = sum(1 for w in words if _VNI_SIGNAL.search(w))
    best, count = ("tcvn3", tcvn) if tcvn >= vni else ("vni", vni)
    if count < 2 or count / len(words) < 0.08:
        return None
    sample = "\n".join(lines)
    converted = tcvn3_to_unicode(sample) if best == "tcvn3" else vni_to_unicode(sample)
    if viet_ratio(converted) < max(0.2, viet_ratio(sample) + 0.1):
        return None
    return best


def to_unicode(text: str, encoding: str) -> str:
    return tcvn3_to_unicode(text) if encoding == "tcvn3" else vni_to_unicode(text)


# -- how Vietnamese does a decoded text read? ---------------------------------------------
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = ("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ "
           "uê ui uô uơ uy ưa ưi ươ ưu yê iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê "
           "uyu").split()
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})"
                       r"(?:ch|nh|ng|c|m|n|p|t)?")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TOKEN = re.compile(r"[^\W\d_]+")
COMMON_WORDS = frozenset(
    "và của các trong có được cho với là những này công đoàn lao động năm người thực hiện "
    "theo về tổ chức phong trào thi đua đơn vị ban ngày tháng không một để đã từ tại việc "
    "cấp viên cán bộ hoạt quản kế hoạch nội dung tỉnh huyện số kết quả".split())


def _syllable_ok(word: str) -> bool:
    """A Vietnamese syllable: onset, a known vowel group, a coda, at most one tone mark
    and it on a vowel."""
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = [k for k, c in enumerate(nfd) if c in _TONES]
    if len(tones) > 1 or (tones and (tones[0] == 0 or not _is_vowel_base(nfd[:tones[0]]))):
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _is_vowel_base(prefix: str) -> bool:
    base = prefix.rstrip("\u0302\u0306\u031b")  # circumflex, breve, horn
    return bool(base) and base[-1] in "aeiouy"


@lru_cache(maxsize=1 << 16)
def _word_class(w: str) -> tuple[bool, bool, bool]:
    """(valid syllable, common word, capitalised abbreviation) of a word: the same word
    recurs thousands of times in a file, so it is judged once."""
    return _syllable_ok(w), w.lower() in COMMON_WORDS, len(w) >= 2 and w.isupper()


def vietnamese_score(text: str, limit: int = 4000) -> tuple[float, int]:
    """(score, words counted): the share of words that are valid Vietnamese syllables, with
    a small bonus for the commonest words. Capitalised abbreviations (CNVCLĐ) are neutral.

    Right decodings of Vietnamese score above 0.9; a wrong code page leaves letters where
    no syllable has them and scores far lower."""
    ok = bad = common = 0
    for m in _TOKEN.finditer(text):
        good, usual, neutral = _word_class(m.group(0))
        if good:
            ok += 1
            common += usual
        elif not neutral:
            bad += 1
        if ok + bad >= limit:
            break
    n = ok + bad
    if not n:
        return 0.0, 0
    return min(1.0, ok / n + 0.2 * common / n), n


# -- writing legacy bytes (test fixtures, round trips) ------------------------------------
@lru_cache(maxsize=2)
def _reverse(name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for legacy, uni in _load(name).items():
        out.setdefault(uni, legacy)
    return out


def encode_legacy(text: str, encoding: str) -> bytes:
    """Bytes as a TCVN3 or VNI font user's "plain text" file holds them (NFC input).

    TCVN3's main font has no toned capitals (they live in the capitals-only font, which
    reuses the lower-case codes), so those are written as their lower-case codes."""
    table = _reverse("tcvn3.tsv" if encoding == "tcvn3" else "vni.tsv")
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
        elif ch.lower() in table and encoding == "tcvn3":
            out.append(table[ch.lower()])
        else:
            out.append(ch)
    return "".join(out).encode("latin-1", errors="replace")


def encode_cp1258(text: str, decomposed: bool = True) -> bytes:
    """Windows-1258 bytes: precomposed where the code page has the letter, else (and always
    when `decomposed`, as Word writes it) base letter with its shape mark + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tone = next((c for c in d if c in _TONES), None)
        if tone is None or not decomposed:
            try:
                out += ch.encode("cp1258")
                continue
            except UnicodeEncodeError:
                if tone is None:
                    out += b"?"
                    continue
        base = unicodedata.normalize("NFC", d.replace(tone, ""))
        out += base.encode("cp1258", errors="replace") + tone.encode("cp1258")
    return bytes(out)
