"""What counts as "the same" số hiệu, name or line: small named steps composed into the few
keys the project compares on. Each key is a separate composition because its callers rely on
its exact form (two are persisted: `citation_key` in the store, `number_key` in the index).

Steps (from `corpus.vntext`): `nfc`; `normalize` (NFC, one tone style, Ð→Đ, odd spaces);
`fold` (no marks, đ→d, lower case); `iy` (final y of a syllable → i); here: `y_to_i` (every y),
`words` (runs of other characters → one space), `dashes` (separator runs → `-`), `no_spaces`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vanban.corpus.vntext import fold, fold_word, iy, nfc, normalize

# -- steps ----------------------------------------------------------------------------------
# A token of the text: letters/digits, with decimal or thousand separators kept inside numbers.
TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)
_SEPARATORS = re.compile(r"[\s/\-–—_.]+")
_SPACES = re.compile(r"\s+")


def y_to_i(folded: str) -> str:
    """Every `y` as `i` (`quy`=`qui`, `thuy`=`thui`): spellings vary more in names of awards."""
    return folded.replace("y", "i")


@lru_cache(maxsize=8)
def _non_word(keep: str) -> re.Pattern[str]:
    return re.compile(rf"[^\w{re.escape(keep)}]+")


def words(s: str, keep: str = "") -> str:
    """Runs of anything but word characters (and `keep`) as one space, trimmed."""
    return " ".join(_non_word(keep).sub(" ", s).split())


def dashes(s: str) -> str:
    """Any run of separators (space, `/`, `-`, dashes, `_`, `.`) as one `-`, none at the ends."""
    return _SEPARATORS.sub("-", s).strip("-")


def no_spaces(s: str) -> str:
    return "".join(s.split())


@lru_cache(maxsize=262_144)
def normal_token(token: str) -> str:
    """`normalize` of one token (cached: an archive repeats a small vocabulary)."""
    return normalize(token)


@lru_cache(maxsize=262_144)
def folded_token(word: str) -> str:
    """A normalized word as the folded index field holds it: no marks, đ→d, lower, final y→i."""
    return iy(fold_word(word))


# -- keys -----------------------------------------------------------------------------------
def number_key(so_hieu: str) -> str:
    """A document number compared the forgiving way: no accents (Đ = D), no spaces, and any
    run of separators as one `-`, so `34-CT/TW`, `34/CT-TW` and `34 - CT/TW` are one key.
    The index stores it (so_hieu, trich_dan, nhac_den): a change needs ANALYSIS_VERSION."""
    return dashes(fold_word(normalize(so_hieu)))


def citation_key(so_hieu: str) -> str:
    """The form the store's citations table is matched on: folded, no spaces, `–` as `-`;
    `/` and `-` stay distinct (unlike `number_key`). Stored in SQLite: never change it."""
    return no_spaces(fold(so_hieu)).replace("–", "-")


def text_key(s: str) -> str:
    """Names and title words (units, provinces, types, titles, movements): folded,
    punctuation dropped, one space between words."""
    return words(fold(normalize(s)))


def loose_key(s: str | None, keep: str = "") -> str:
    """`text_key` that also takes every `y` for `i` (award names, figure text); `keep` lists
    punctuation that stays part of a word (`%/` for figures: `50%`, `1/2`)."""
    if not s:
        return ""
    return words(y_to_i(fold(normalize(s))), keep)


def figure_key(s: str | None) -> str:
    """What figure queries compare (a SQLite function over stored figure text)."""
    return loose_key(s, "%/")


def line_key(s: str) -> str:
    """What paragraphs are compared on in de-duplication: folded, one space, trimmed; all
    punctuation kept (it tells lines apart)."""
    return _SPACES.sub(" ", fold(s)).strip()


def folded_tokens(s: str) -> list[str]:
    """The folded tokens of `s`, as the index's `folded` field holds them."""
    return [folded_token(normal_token(t)) for t in TOKEN.findall(nfc(s))]


def token_key(s: str) -> str:
    """Folded tokens between spaces, padded, so containment is on whole tokens:
    `Cơ sở` = `co-so`, ` lao dong gioi ` ⊂ ` lao dong gioi ... `."""
    return " " + " ".join(folded_tokens(s)) + " "


# The unit levels (`cap`) as stored, and the word a person says for each.
CAP_NAMES = {"tong-lien-doan": "Tổng Liên đoàn", "tinh": "tỉnh", "nganh": "ngành",
             "huyen": "huyện", "co-so": "cơ sở", "khac": "khác"}

# Counted nouns written several ways that mean one unit of measure.
_UNIT_SAME = {"xuat qua": "suat qua", "xuat": "suat", "phan qua": "suat qua", "nguoi lao dong":
              "lao dong", "nld": "lao dong", "cnld": "lao dong", "cnvcld": "lao dong",
              "doan vien cong doan": "doan vien", "dvcd": "doan vien", "cdcs": "cong doan co so",
              "dong chi": "nguoi", "d/c": "nguoi", "can": "nha", "mai nha": "nha",
              "can nha": "nha", "ngoi nha": "nha", "phan tram": "%"}
_UNIT_DROP = re.compile(r"^(?:so|tong so|luot|khoang)\s+")


def unit_key(unit: str | None) -> str:
    """A unit in comparable form (targets are paired with results on it): folded, `y`→`i`,
    leading `số`/`lượt` dropped, the same noun written several ways taken as one
    (`xuất quà` = `suất quà`, `NLĐ` = `lao động`). Open-ended: any other noun stays itself."""
    k = loose_key(unit, "%/")
    k = _UNIT_DROP.sub("", k)
    if k.startswith("dong") or k.startswith("trieu dong") or k.startswith("ti dong"):
        return "dong"
    return _UNIT_SAME.get(k, k)
