"""nguoi_ky and chuc_vu from the signature OCR of a scan, after the text pass.

On a scanned page the OCR reader reads the signature block a second time from a small crop
(`ingest.readers.signature_ocr`): the name under the seal and the signature, and the title
when the seal hid it from the page OCR. This step fills only what the text pass left null,
from the block of the main document (the page of the title the text pass found, else the
last page of the main document that has a block): a value in the text is never replaced,
and a name read below `THRESHOLD` stays null rather than wrong.
"""

from __future__ import annotations

from typing import Any

from vanban.corpus.schema import Record, Span
from vanban.ingest.fields._common import is_upper, span, title_words
from vanban.ingest.fields.signature import position, signed_title

THRESHOLD = 0.80  # lowest mean word confidence (0-1) of a name read from the crop


def _last_page(rec: Record) -> int | None:
    """The page the (main) document's text ends on."""
    return rec.paragraphs[-1].page if rec.paragraphs else None


def pick(rec: Record, readings: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The reading of the main document's own signature block."""
    found = rec.provenance.get("chuc_vu")
    if found is not None and found.page is not None:
        same = [r for r in readings if r.get("page") == found.page]
        return same[-1] if same else None
    last = _last_page(rec)
    mine = [r for r in readings if last is None or (r.get("page") or 0) <= last]
    return mine[-1] if mine else None


def title_of(block: str | None) -> str | None:
    """The signer's title from a block's title lines (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`): the
    last one that is a title; a lone `KT. X` means X's deputy signed."""
    lines = [t for t in (block or "").split(" / ") if position(t)]
    if not lines:
        return None
    return signed_title(lines[-1], position(lines[-1]))


def _where(rec: Record) -> Span:
    """The span a value read from the image points at: the title line the text pass found,
    else the `Nơi nhận` label, else the end of the text."""
    old = rec.provenance.get("chuc_vu")
    if old is not None and old.start is not None:
        return Span(old.page, old.paragraph, old.start, old.end)
    at = rec.text.rfind("Nơi nhận")
    at = at if at >= 0 else max(0, len(rec.text) - 1)
    return span(rec, at, min(len(rec.text), at + len("Nơi nhận")))


def extract(rec: Record, threshold: float = THRESHOLD) -> None:
    readings = rec.meta.get("signature_ocr")
    if not isinstance(readings, list) or not readings:
        return
    r = pick(rec, readings)
    if r is None:
        return
    if rec.chuc_vu is None:
        title = title_of(r.get("title"))
        if title:
            rec.chuc_vu = title
            sp = _where(rec)
            sp.method = r.get("method")
            rec.provenance["chuc_vu"] = sp
    name, conf = r.get("name"), r.get("confidence")
    if rec.nguoi_ky is None and name and conf is not None and conf >= threshold:
        rec.nguoi_ky = title_words(name) if is_upper(name) else name
        sp = _where(rec)
        sp.method, sp.confidence = r.get("method"), conf
        rec.provenance["nguoi_ky"] = sp
