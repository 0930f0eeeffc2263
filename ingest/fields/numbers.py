"""Vietnamese numbers as written in archives: `2.100`, `15,5`, `gần 6 tỷ`, `525 nghìn`, `15-20%`.

Vietnamese writes the thousands separator as `.` and the decimal mark as `,`; scale words
(nghìn, triệu, tỷ) multiply. Kept separate from the figure extractor so other fields
(dates, money in decisions) can reuse the same reading.
"""

from __future__ import annotations

import re

# A number token: thousands with dots (2.100, 10.500.000), decimals with a comma (15,5),
# or a plain integer. A dot followed by 1-2 digits is read as an (English-style) decimal.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d{1,2}(?!\d)|\d+"
_NUMBER_RE = re.compile(rf"^(?:{NUMBER})$")

SCALES: dict[str, float] = {
    "nghìn": 1e3, "ngàn": 1e3, "ngan": 1e3, "nghin": 1e3, "vạn": 1e4,
    "triệu": 1e6, "trieu": 1e6, "tỷ": 1e9, "tỉ": 1e9, "ty": 1e9,
}
SCALE = r"(?:nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?:\s+(?:tỷ|tỉ))?"

# Words before a number that qualify it (longest first so "ít nhất" wins over "ít").
QUALIFIERS = (
    "bình quân từ", "trung bình từ", "bình quân", "trung bình", "ít nhất", "tối thiểu",
    "tối đa", "xấp xỉ", "khoảng", "trên", "hơn", "gần", "dưới", "từ",
)


def parse_number(raw: str) -> float:
    """`2.100`→2100, `15,5`→15.5, `10.500.000`→10500000, `1.5`→1.5, `05`→5."""
    s = raw.strip()
    if not _NUMBER_RE.match(s):
        raise ValueError(f"không phải số: {raw!r}")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif "," in s:
        s = s.replace(",", ".")
    return float(s)


def scale_of(word: str | None) -> float:
    """Multiplier of a scale phrase (`nghìn tỷ` → 1e12); 1 when none."""
    if not word:
        return 1.0
    mult = 1.0
    for w in word.lower().split():
        mult *= SCALES.get(w, 1.0)
    return mult


_RANGE = re.compile(
    rf"^(?P<q>(?:{'|'.join(QUALIFIERS)})\s+)?(?P<a>{NUMBER})\s*(?P<ua>%|{SCALE})?"
    rf"(?:\s*(?:-|–|đến|tới)\s*(?P<b>{NUMBER}))?\s*(?P<s>%|{SCALE})?$",
    re.IGNORECASE,
)


def parse_quantity(text: str) -> tuple[float, float | None, str | None, str | None]:
    """Read `gần 6 tỷ`, `525 nghìn`, `từ 2% đến 30%`, `15-20%`, `3-4 triệu`.

    Returns (value, value_max, qualifier, unit) where unit is `%` or None; the scale
    applies to both ends of a range.
    """
    m = _RANGE.match(" ".join(text.split()))
    if not m:
        raise ValueError(f"không đọc được số lượng: {text!r}")
    unit_a, tail = m.group("ua"), m.group("s")
    scale = scale_of(tail if tail and tail != "%" else (unit_a if unit_a != "%" else None))
    pct = "%" if "%" in (unit_a, tail) else None
    a = parse_number(m.group("a")) * scale
    b = parse_number(m.group("b")) * scale if m.group("b") else None
    q = (m.group("q") or "").strip().lower() or None
    if b is not None:
        q = f"{q} … đến" if q else "từ … đến"
        if b < a:
            a, b = b, a
    return a, b, q, pct
