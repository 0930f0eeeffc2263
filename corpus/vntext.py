"""Vietnamese text rules shared by ingest, index and query parsing (one leaf module).

- `nfc`: Unicode NFC, always first.
- `tone_style`: one tone-mark placement (classic: `hoà`→`hòa`, `uỷ`→`ủy`, `thuý`→`thúy`),
  decided by the vowel cluster of each syllable, never by a dictionary.
- `fold`: no diacritics, `đ`→`d`, lower case: what accentless queries match.
- `iy`: the `i`/`y` spelling variants (`sỹ`→`sĩ`, `kỹ`→`kĩ`) folded to `i`.
- `normalize_text`: the recorded repairs of a page (odd spaces, stray scripts, `Ð`, Đ/D in
  known abbreviations, markdown marks) returning `Correction`s; `abbreviations()` the table.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from itertools import accumulate

from vanban.corpus import data
from vanban.corpus.schema import Correction

# OCR and old fonts give Icelandic eth (Ð U+00D0, ð U+00F0) for Đ/đ: the one table of it.
ETH_LETTERS = {"\u00d0": "Đ", "\u00f0": "đ"}
ETH = str.maketrans(ETH_LETTERS)

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
    if not _one_syllable(syllable, base):
        return syllable  # words glued by a lost space (`ĐỘNGTỈNH`): not one syllable, leave it
    pos = _tone_position(base)
    if pos is None:
        return syllable
    out = base[:pos] + unicodedata.normalize("NFC", base[pos] + tone) + base[pos + 1 :]
    return out


def _one_syllable(syllable: str, base: str) -> bool:
    """One tone mark and one vowel group (after a `qu`/`gi` onset): a single syllable."""
    if sum(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", syllable)) > 1:
        return False
    low = base.lower()
    groups = len(re.findall(f"[{''.join(sorted(_VOWELS_LOWER))}]+", low[2:] if low.startswith(
        ("qu", "gi")) and len(low) > 2 else low))
    return groups <= 1


_WORD_SPLIT = re.compile(r"([^\W\d_]+)", re.UNICODE)


def tone_style(text: str) -> str:
    """Put every tone mark where the classic style wants it (`hoà`→`hòa`, `uỷ`→`ủy`)."""
    # split keeps the words at odd positions; mapping the cached function over them is
    # several times faster than re.sub with a Python callback on long documents
    parts = _WORD_SPLIT.split(nfc(text))
    parts[1::2] = map(tone_syllable, parts[1::2])
    return "".join(parts)


_DD = {"đ": "d", "Đ": "D"}
_FOLD_TABLE = str.maketrans(_DD | {eth: _DD[letter] for eth, letter in ETH_LETTERS.items()})
_TABLE_END = 0x3000  # characters below this are folded by one C-level translate


def _strip_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _StripTable(dict):
    """Character → its bare form, for the characters below U+3000, each worked out the first
    time it is met (building all 12k up front cost ~10 ms at every command's start)."""

    def __missing__(self, code: int) -> str:
        if code >= _TABLE_END:
            raise LookupError(code)  # left as is by translate; `strip_marks` sees to it
        self[code] = bare = _strip_slow(chr(code))
        return bare


_STRIP = _StripTable()


def _strip_table() -> dict[int, str]:
    return _STRIP


_BEYOND = re.compile("[^\x00-\u2fff]")


def strip_marks(text: str) -> str:
    """No diacritics, `đ`→`d`, case kept: the same as NFD minus combining marks, but fast."""
    out = text.translate(_strip_table())
    if _BEYOND.search(out):  # other scripts far beyond Latin: the general (slow) rule
        return _strip_slow(out)
    return out


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    return strip_marks(word).lower()


def fold(text: str) -> str:
    """No diacritics, `đ`→`d`, lower case."""
    return strip_marks(text).lower() if len(text) > 64 else fold_word(text)


_IY = re.compile(r"^([bcdđghklmnpqrstvx]+)([yỳýỷỹỵ])$", re.IGNORECASE)
_Y_TO_I = str.maketrans("yỳýỷỹỵYỲÝỶỸỴ", "iìíỉĩịIÌÍỈĨỊ")


def iy(syllable: str) -> str:
    """`sỹ`→`sĩ`, `kỹ`→`kĩ`, `lý`→`lí`: a lone final y after consonants is spelled i."""
    m = _IY.match(syllable)
    if not m or m.group(1).lower() in ("q", "qu", "g", "gh"):
        return syllable
    return m.group(1) + m.group(2).translate(_Y_TO_I)


def normalize(text: str) -> str:
    """The canonical form for comparison: NFC, one tone style, `Ð`→`Đ`, odd spaces→space.

    Length-preserving after NFC, so offsets computed on it hold for the NFC text.
    """
    text = _ODD_WS.sub(lambda m: " " * len(m.group(0)), nfc(text).translate(ETH))
    return tone_style(text)


# ---------------------------------------------------------------------------
# Repairs with a record: what the normalizer changed, so the original stays visible.
# ---------------------------------------------------------------------------

# Spaces that are not U+0020 but mean one (NBSP, thin, ideographic …) and invisible characters.
_ODD_SPACES = {"\u00a0", "\u1680", "\u202f", "\u205f", "\u3000"} | {
    chr(c) for c in range(0x2000, 0x200B)
}
ODD_SPACES = frozenset(_ODD_SPACES)  # for modules that must know what `normalize` rewrites
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
# Cyrillic and Greek letters that OCR puts in place of the Latin letter they look like.
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o",
})
_CONSONANTS = set("bcdđghklmnpqrstvx")
_TOKEN = re.compile(r"\S+")
_ODD_WS = re.compile("[" + "".join(sorted(_ODD_SPACES)) + "]+")
# Markdown: ATX heading marks, strong (**x**, __x__) and emphasis (*x*) markers.
_MD_HEADING = re.compile(r"(?m)^[ \t]*(#{1,6})[ \t]+(?=\S)")
_MD_STRONG = re.compile(r"(?<!\*)\*{2,3}(?!\*)|(?<![_\w])__(?=[^\W_])|(?<=[^\W_])__(?![_\w])")
_MD_EMPH = re.compile(
    r"(?<![*\w])\*(?![\s*])(?:[^*\n]|\n(?![ \t]*\n))*?(?<![\s*])\*(?![*\w])"
)
_ABBR_RUN = re.compile(r"(?<![^\W\d_])[A-ZĐÐ&]+(?:-[A-ZĐÐ&]+)*(?![^\W\d_])")


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Union abbreviations from `corpus/data/abbreviations.tsv`: short form → long form."""
    out: dict[str, str] = {}
    for line in data.lines("abbreviations.tsv"):
        if "\t" in line:
            short, long = line.split("\t", 1)
            out[short.strip()] = long.strip()
    return out


@lru_cache(maxsize=1)
def _dd_repairs() -> dict[str, str]:
    """Folded spelling (Đ→D) → the abbreviation, for abbreviations that contain Đ.

    Only unambiguous keys: a folded form that is itself an abbreviation, or that two
    abbreviations share, is never rewritten.
    """
    table = abbreviations()
    keys: dict[str, list[str]] = {}
    for short in table:
        if "Đ" in short:
            keys.setdefault(short.replace("Đ", "D"), []).append(short)
    return {k: v[0] for k, v in keys.items() if len(v) == 1 and k not in table}


def repair_abbreviation(token: str) -> str:
    """`LĐLD`/`LDLĐ`/`CDCS` → `LĐLĐ`/`CĐCS`: Đ/D confusion, only inside known abbreviations."""
    repairs = _dd_repairs()
    table = abbreviations()

    def one(m: re.Match[str]) -> str:
        run = m.group(0).translate(ETH)
        if run in table:
            return run
        fixed = repairs.get(run.replace("Đ", "D"))
        if fixed:
            return fixed
        parts = run.split("-")
        if len(parts) > 1:
            return "-".join(p if p in table else repairs.get(p.replace("Đ", "D"), p)
                            for p in parts)
        return run

    return _ABBR_RUN.sub(one, token)


@lru_cache(maxsize=65536)
def _script(ch: str) -> str:
    """'latin', 'common' or the first word of another script's Unicode name (THAI, CYRILLIC…)."""
    cat = unicodedata.category(ch)
    if cat[0] not in "LM":
        return "common"
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN") or name.startswith("COMBINING") or not name:
        return "latin" if cat[0] == "L" else "common"
    return name.split(" ", 1)[0]


def _strip_stray(token: str) -> str:
    """Drop letters and marks of other scripts from a word that is written in Latin letters."""
    if not any(_script(c) == "latin" for c in token):
        return token  # a word of another script: leave it alone
    mapped = token.translate(_HOMOGLYPHS)
    kept = "".join(c for c in mapped if _script(c) in ("latin", "common"))
    return kept


def _fix_token(token: str, deleted: list[int], start: int) -> tuple[str, list[str]]:
    """Apply the word rules to one whitespace-delimited token; return (new token, rules).

    `deleted`: the sorted positions of markdown marks to drop."""
    k = bisect.bisect_left(deleted, start)
    if k < len(deleted) and deleted[k] < start + len(token):
        gone = set(deleted[k:bisect.bisect_left(deleted, start + len(token))])
        kept = "".join(c for i, c in enumerate(token) if start + i not in gone)
        fixed, rules = _fix_word(kept)
        return fixed, ["markdown", *rules]
    fixed, rules = _fix_word(token)
    return fixed, list(rules)


@lru_cache(maxsize=262_144)
def _fix_word(cur: str) -> tuple[str, tuple[str, ...]]:
    """The word rules for one token (cached: an archive repeats a few thousand syllables)."""
    rules: list[str] = []
    nfced = nfc(cur)
    if len(nfced) != len(cur):
        rules.append("nfc")  # only decomposed input: recorded so offsets stay exact
    cur = nfced
    if any(c in _INVISIBLE for c in cur):
        cur = "".join(c for c in cur if c not in _INVISIBLE)
        rules.append("invisible")
    if not cur.isascii():
        stripped = _strip_stray(cur)
        if stripped != cur:
            rules.append("homoglyph" if stripped == cur.translate(_HOMOGLYPHS) else "stray_script")
            if (rules[-1] == "stray_script" and len(stripped) == 1
                    and stripped in _CONSONANTS):
                stripped = ""  # a lone consonant left over from OCR garbage (`h้า`) is no word
            cur = stripped
        eth = cur.translate(ETH)
        if eth != cur:
            rules.append("eth")
            cur = eth
        toned = tone_style(cur)
        if toned != cur:
            rules.append("tone_style")
            cur = toned
    abbr = repair_abbreviation(cur)
    if abbr != cur:
        rules.append("abbreviation")
        cur = abbr
    return cur, tuple(rules)


def normalize_text(text: str, page: int | None = None) -> tuple[str, list[Correction]]:
    """Normalize a page of text and return the corrections made, offsets into `text`.

    NFC (recorded only where it changes a token's length, i.e. decomposed input), tone
    style, odd and invisible spaces, stray characters of other scripts inside words,
    `Ð`→`Đ`, Đ/D inside known abbreviations, markdown heading and emphasis marks. Each
    change is one `Correction(rule, before, after, page, offset)`; replacing each
    `before` at `offset` by its `after` turns the input into the output, so the input can
    always be rebuilt (`undo_corrections`).
    """
    deleted: set[int] = set()
    heading, star = "#" in text, "*" in text  # no mark, no pass over the page
    for m in _MD_HEADING.finditer(text) if heading else ():
        deleted.update(range(m.start(1), m.end()))
    for m in _MD_STRONG.finditer(text) if star or "__" in text else ():
        deleted.update(range(m.start(), m.end()))
    for m in _MD_EMPH.finditer(text) if star else ():
        if m.start() in deleted or m.end() - 1 in deleted:
            continue
        deleted.update((m.start(), m.end() - 1))
    # Split once into tokens (even places) and whitespace runs (odd places); each distinct
    # token's rules are one cached decision (`_fix_word`), mapped over the page in bulk, and
    # offsets are worked out only for what changes.
    parts = _GAPS.split(text)
    tokens = parts[0::2]
    done: list[tuple[str, tuple[str, ...] | list[str]]] = list(map(_fix_word, tokens))
    starts: list[int] | None = None
    if deleted:
        starts = [0, *accumulate(map(len, parts))]
        token_starts = starts[0::2]
        deleted_sorted = sorted(deleted)
        for i in {bisect.bisect_right(token_starts, d) - 1 for d in deleted_sorted}:
            done[i] = _fix_token(tokens[i], deleted_sorted, token_starts[i])
    changed = [2 * i for i, (_, rules) in enumerate(done) if rules]
    odd_gaps = ([j for j in range(1, len(parts), 2) if _ODD_WS.search(parts[j])]
                if _ODD_WS.search(text) else [])
    if not changed and not odd_gaps:
        return text, []
    if starts is None:
        starts = [0, *accumulate(map(len, parts))]
    corrections: list[Correction] = []
    for j in sorted(changed + odd_gaps):
        before = parts[j]
        if j % 2:
            after = _ODD_WS.sub(lambda g: " " * len(g.group(0)), before)
            corrections.append(Correction("space", before, after, page, starts[j]))
        else:
            after, rules = done[j // 2]
            corrections.append(Correction("+".join(rules), before, after, page, starts[j]))
        parts[j] = after
    return "".join(parts), corrections


_GAPS = re.compile(r"(\s+)")


def undo_corrections(text: str, corrections: list[Correction]) -> str:
    """Rebuild the original from `normalize_text`'s output and its corrections.

    Exact up to NFC: tokens that no rule touched come back in NFC form."""
    out: list[str] = []
    src = 0  # position in the original
    dst = 0  # position in `text`
    for c in sorted(corrections, key=lambda c: c.offset or 0):
        offset = c.offset or 0
        keep = offset - src
        out.append(text[dst:dst + keep])
        out.append(c.before)
        dst += keep + len(c.after)
        src = offset + len(c.before)
    out.append(text[dst:])
    return "".join(out)

