"""so_hieu and ngay read from handwriting on a scanned form, after the printed pass.

The OCR reader leaves, for a scanned first page, what lies in the gaps of the number line
(`Số: __ /QĐ-UBND`) and the date line (`ngày __ tháng __ năm 2020`): what Tesseract printed
there and what the digit reader read (`ingest.handwriting`), with confidences. This step only
acts on such documents and only where the printed pass is not to be trusted:

- a gap Tesseract read as plain digits with high confidence is typed: the printed value
  stands;
- otherwise the handwritten reading is used when its confidence reaches `THRESHOLD`, or
  when the second digit reader (the convolutional net) read the same digits and both are at
  least `AGREE` sure, with `provenance.method = "handwriting"`;
- otherwise the value is null (for the date: the month or year the printed part supports),
  never a number cited in the body nor the debris the printed pass made of the handwriting.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from rapidfuzz import fuzz
from vanban.corpus.schema import Record, Span
from vanban.corpus.vntext import fold
from vanban.ingest.fields._common import span

THRESHOLD = 0.97  # lowest glyph probability accepted from the digit reader (dev scans: 0 wrong)
PRINTED_CONF = 90  # Tesseract word confidence from which digits in a gap count as typed
TYPED_CONF = 80  # ... and from which they do unless the digit reader read other digits
KEEP_CONF = 60  # an unconfirmed printed reading of the gap kept from this confidence
AGREE = 0.5  # each reader's lowest confidence when both read the same digits
_DIGITS = re.compile(r"^\d{1,5}$")


def _key(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(s).lower())


def _printed(entry: dict[str, Any] | None) -> str | None:
    """Digits the printed pass read confidently in a gap (a typed number), else None. A
    little less confident (`TYPED_CONF`), they stand when the digit reader found no digits
    there or the same ones (a typed `15` that the model, trained on handwriting, doubts)."""
    if not entry:
        return None
    t = (entry.get("printed") or "").strip(" .,:;")
    conf = entry.get("printed_conf") or 0
    if not _DIGITS.match(t) or conf < TYPED_CONF:
        return None
    value = entry.get("value")
    if conf >= PRINTED_CONF or value is None or int(value) == int(t):
        return t
    return None


def _hand(entry: dict[str, Any] | None, threshold: float) -> tuple[str, float] | None:
    """The digit reader's value when sure, or when Tesseract or the second digit reader read
    the same digits there (two readers agreeing: the confidence is that both would be wrong
    the same way; the readers' values only: a second reader alone never fills a gap); None when
    Tesseract read other digits there fairly confidently (`:40` against a reading `401` of a
    crop that kept the printed slash)."""
    if not entry or entry.get("value") is None:
        return None
    conf = float(entry.get("confidence") or 0)
    seen = (entry.get("printed") or "").strip(" .,:;")
    pconf = float(entry.get("printed_conf") or 0) / 100
    if seen.isdigit() and pconf * 100 >= KEEP_CONF and int(seen) != int(entry["value"]):
        return None  # the two readers disagree: neither is sure enough to be printed
    if conf >= threshold:
        return entry["value"], conf
    # the digits among Tesseract's debris (`(3`: the 0 of `03` read as a bracket) count
    digits = re.sub(r"\D", "", seen)
    if digits and int(digits) == int(entry["value"]) and conf >= AGREE and pconf >= AGREE:
        return entry["value"], 1 - (1 - conf) * (1 - pconf)
    second, sconf = entry.get("second"), float(entry.get("second_confidence") or 0)
    if second is not None and int(second) == int(entry["value"]) and min(conf, sconf) >= AGREE:
        return entry["value"], 1 - (1 - conf) * (1 - sconf)  # two models, one reading
    return None


def _span(rec: Record, field: str, conf: float | None, method: str | None) -> Span:
    """Where the value stands: the printed pass's span, else the label of its line (`Số`,
    `ngày`) near the top of the text; with how it was read."""
    old = rec.provenance.get(field)
    if old is not None and old.start is not None:
        base = Span(old.page, old.paragraph, old.start, old.end)
    else:
        label = "Số" if field == "so_hieu" else "ngày"
        at = rec.text.find(label)
        at = at if 0 <= at < 3000 else 0
        base = span(rec, at, at + len(label))
    base.method, base.confidence = method, None if conf is None else round(conf, 3)
    return base


def extract(rec: Record, threshold: float = THRESHOLD) -> None:
    hw = rec.meta.get("handwriting")
    if not isinstance(hw, dict):
        return
    _number(rec, hw, threshold)
    _date(rec, hw, threshold)


def _number(rec: Record, hw: dict[str, Any], threshold: float) -> None:
    entry, symbol = hw.get("so"), hw.get("symbol")
    if not entry or not symbol:
        return
    own = rec.so_hieu
    own_num, _, own_sym = (own or "").partition("/")
    same_symbol = bool(own) and fuzz.ratio(_key(own_sym), _key(symbol)) >= 80
    sym = own_sym if same_symbol else re.sub(r"\s+", "", symbol).strip("/-.,;")
    printed = _printed(entry)
    if printed is not None:  # a typed number: the printed pass is right where it agrees
        if not (same_symbol and own_num == printed):
            rec.so_hieu = f"{printed}/{sym}"
            rec.provenance["so_hieu"] = _span(rec, "so_hieu", None, None)
        return
    hand = _hand(entry, threshold)
    if hand is not None:
        rec.so_hieu = f"{hand[0]}/{sym}"
        rec.provenance["so_hieu"] = _span(rec, "so_hieu", hand[1], "handwriting")
        return
    # unsure: keep the printed pass's number only if it is the line's own and its digits are
    # what Tesseract saw in the gap; a cited number or debris becomes null
    seen = re.sub(r"\D", "", entry.get("printed") or "")
    sure_enough = float(entry.get("printed_conf") or 0) >= KEEP_CONF
    if not (same_symbol and own_num.isdigit() and own_num == seen and sure_enough):
        rec.so_hieu = None
        rec.provenance.pop("so_hieu", None)


def _part(entry: dict[str, Any] | None, threshold: float,
          top: int) -> tuple[int | None, float | None]:
    """A day (1-31) or month (1-12): typed digits, else a sure handwritten reading, else
    None."""
    printed = _printed(entry)
    if printed is not None and 1 <= int(printed) <= top:
        return int(printed), None
    hand = _hand(entry, threshold)
    return (int(hand[0]), hand[1]) if hand and 1 <= int(hand[0]) <= top else (None, None)


def _date(rec: Record, hw: dict[str, Any], threshold: float) -> None:
    year = hw.get("year")
    if not year or ("ngay" not in hw and "thang" not in hw):
        return
    day, dconf = _part(hw.get("ngay"), threshold, 31)
    month, mconf = _part(hw.get("thang"), threshold, 12)
    confs = [c for c in (dconf, mconf) if c is not None]
    method = "handwriting" if confs else None
    conf = min(confs) if confs else None
    if month is None:
        if rec.ngay and not rec.ngay.startswith(str(year)):
            rec.ngay, rec.ngay_precision = str(year), "year"
            rec.provenance["ngay"] = _span(rec, "ngay", None, None)
        return
    if day is not None and day > calendar.monthrange(year, month)[1]:
        day = None  # 31 in a 30-day month: a misreading, not a date
    if day is not None:
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        if rec.ngay != iso:
            rec.ngay, rec.ngay_precision = iso, "day"
            rec.provenance["ngay"] = _span(rec, "ngay", conf, method)
        return
    iso = f"{year:04d}-{month:02d}"  # the day is unreadable: the month the form supports
    if rec.ngay != iso:
        rec.ngay, rec.ngay_precision = iso, "month"
        rec.provenance["ngay"] = _span(rec, "ngay", mconf, method if mconf else None)
