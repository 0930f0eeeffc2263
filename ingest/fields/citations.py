"""van_ban_dan_chieu: every document number the text cites, normalized, in order of first mention.

Numbers as cited: `Nghị định 91/2017/NĐ-CP`, `Chỉ thị số 34-CT/TW`, `Kế hoạch số 105/KH-LĐLĐ`,
`công văn 342/LĐLĐ`; spacing noise (`1689/QĐ - TLĐ`, `08/HD- CĐN`) is removed. The document's
own number is not a citation, nor is the number in an attached list's `(Kèm theo Quyết định
số …)` line when the type is the document's own (the appendix of this very document, whose
number OCR may have garbled: a handwritten `1943` read as `2/OĐ-UBND`). Dates (`20/10`),
ratios (`23/24`) and `b/c`-style notes are not numbers: a symbol must start with a capital.
"""

from __future__ import annotations

import re

from vanban.corpus.schema import Record
from vanban.corpus.vntext import fold
from vanban.ingest.fields._common import span
from vanban.ingest.fields.so_hieu import normalize_number

_SYM = r"[A-ZĐÐ][A-Za-zĐđÐ&]*"
_CITE = re.compile(
    # Party style: 34-CT/TW, 63-CTr/TU, 217-QĐ/TW
    rf"(?<![\w/.-])(?P<party>[0-9]{{1,5}}[a-z]?-{_SYM}/{_SYM}(?:-{_SYM})?)(?![\w/])"
    # administrative and normative: 58/KH-TLĐ, 91/2017/NĐ-CP, 342/LĐLĐ, 6b/NQ-TLĐ
    rf"|(?<![\w/.-])(?P<admin>[0-9]{{1,6}}[a-z]?\s?/\s?(?:(?:19|20)[0-9]{{2}}\s?/\s?)?{_SYM}"
    rf"(?:\s?-\s?{_SYM})*(?:/(?:19|20)[0-9]{{2}})?)(?![\w/])"
)


_ATTACHED = re.compile(
    r"k[èe]m\s+theo\s+(?P<type>[^\W\d_]+(?:\s+[^\W\d_]+)?)\s*s[ốô6o]\b[^\n]{0,6}$",
    re.IGNORECASE)


def attached_to_self(rec: Record, at: int) -> bool:
    """Whether the number at `at` follows `kèm theo <own type> số`."""
    m = _ATTACHED.search(rec.text[max(0, at - 60):at])
    return bool(m and rec.loai and fold(m.group("type")) == fold(rec.loai))


def extract(rec: Record) -> None:
    own = fold(rec.so_hieu or "").replace(" ", "")
    own_span = rec.provenance.get("so_hieu")
    seen: set[str] = set()
    n = 0
    for m in _CITE.finditer(rec.text):
        raw = m.group(0)
        if own_span and own_span.start is not None and own_span.start <= m.start() < (
                own_span.end or 0) + 2:
            continue
        if attached_to_self(rec, m.start()):
            continue
        number = normalize_number(raw)
        k = fold(number)
        if k == own or k in seen:
            continue
        seen.add(k)
        rec.van_ban_dan_chieu.append(number)
        rec.provenance[f"van_ban_dan_chieu[{n}]"] = span(rec, m.start(), m.end())
        n += 1
