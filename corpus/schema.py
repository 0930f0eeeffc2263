"""The record: what one document becomes, shared by every stage.

Every value read from the text keeps a `Span` so a person can check it.
`Record.to_json()` gives the contract keys of DESIGN.md (ASCII field names).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

EXTRACTOR_VERSION = "0.2.0"  # round 2: zones, canonical don_vi, signer OCR, handwriting


@dataclass
class Span:
    """Where a value was read: page (1-based), paragraph index, character span in `Record.text`."""

    page: int | None = None
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None
    zone: str | None = None  # the document zone it lies in (header, body, annex, …)
    # how the value was read when not from the text itself ("handwriting": the digit reader
    # on a scanned form's gap), with that reading's confidence 0-1
    method: str | None = None
    confidence: float | None = None


@dataclass
class Zone:
    """A part of the document: header | body | signature | recipients | annex | attachment |
    form | quote, with its character span in `Record.text` and the page it starts on."""

    name: str
    start: int
    end: int
    page: int | None = None


@dataclass
class Page:
    """One page as a reader produced it, with how it was read."""

    number: int
    text: str
    # text | text-layer | ocr | converted-tcvn3 | converted-vni | docx | doc | html
    method: str = "text"
    confidence: float | None = None  # mean OCR word confidence 0-100, None when not OCR'd
    seconds: float = 0.0


@dataclass
class ReadResult:
    """What a reader returns: pages of raw text plus facts about the file."""

    pages: list[Page]
    format: str
    # e.g. title, published (HTML), header/footer
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    index: int
    text: str
    page: int = 1
    start: int = 0  # offsets into Record.text
    end: int = 0
    section: str | None = None  # "Phần thứ hai > I > 2."
    kind: str = "body"  # body | heading | title | list | signature | noi_nhan | header
    line: int | None = None  # 1-based line of its first line in the page text (after normalize)
    section_title: str | None = None  # "Phần thứ hai > I. MỤC TIÊU … > 2. Chỉ tiêu cụ thể"


@dataclass
class Correction:
    """A change the normalizer made: kept so the original can always be shown."""

    rule: str
    before: str
    after: str
    page: int | None = None
    offset: int | None = None


@dataclass
class Duplicate:
    """A removed repeated block, pointing at the kept one, with its differences."""

    text: str
    kept_text: str
    kept_start: int | None = None
    kept_end: int | None = None
    paragraphs: list[int] = field(default_factory=list)  # indices in the raw paragraph list
    kept_paragraphs: list[int] = field(default_factory=list)
    similarity: float = 1.0
    diffs: list[list[str]] = field(default_factory=list)  # [[kept, removed], ...]


@dataclass
class Figure:
    """One quantity (chỉ tiêu): a target or a result."""

    text: str  # the sentence
    value: float | None
    unit: str | None = None
    kind: str = "result"  # target | result
    qualifier: str | None = None
    value_max: float | None = None  # upper bound of a range (từ 2% đến 30%)
    total: float | None = None  # denominator of a ratio (70/70)
    raw: str | None = None  # the number as written
    subject: str | None = None
    period: str | None = None
    phong_trao: str | None = None  # award or movement it is tied to
    span: Span = field(default_factory=Span)
    # context (issue 16): the movement/programme of the section it sits in, the body it is
    # about when not the issuer, where it sits (main | table | annex), table cell labels,
    # and the unit in comparable form (see `keys.unit_key`)
    muc_phong_trao: str | None = None
    chuong_trinh: str | None = None
    don_vi_ve: str | None = None
    zone: str | None = None
    row_label: str | None = None
    col_header: str | None = None
    unit_key: str | None = None


@dataclass
class Record:
    path: str
    sha256: str = ""
    format: str = ""
    size: int = 0
    mtime: float = 0.0
    pages: list[Page] = field(default_factory=list)
    text: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    so_hieu: str | None = None
    so_hieu_raw: str | None = None
    loai: str | None = None
    ngay: str | None = None  # ISO at its precision: 2020-06-26 | 2020-06 | 2020
    ngay_precision: str | None = None  # day | month | year
    dia_danh: str | None = None
    don_vi: str | None = None  # canonical spelling (corpus.gazetteer.canonical)
    don_vi_raw: str | None = None  # the issuer's name as the document writes it
    cap: str | None = None  # tong-lien-doan | tinh | nganh | huyen | co-so | khac
    tinh: str | None = None
    trich_yeu: str | None = None
    nguoi_ky: str | None = None
    chuc_vu: str | None = None
    noi_nhan: list[str] = field(default_factory=list)
    phong_trao: list[str] = field(default_factory=list)
    chi_tieu: list[Figure] = field(default_factory=list)
    van_ban_dan_chieu: list[str] = field(default_factory=list)
    dot_thi_dua: list[dict[str, Any]] = field(default_factory=list)
    provenance: dict[str, Span] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)  # reader facts: title, published, encoding
    warnings: list[str] = field(default_factory=list)
    extractor_version: str = EXTRACTOR_VERSION
    zones: list[Zone] = field(default_factory=list)

    @property
    def nam(self) -> int | None:
        return int(self.ngay[:4]) if self.ngay and self.ngay[:4].isdigit() else None

    def to_json(self, with_text: bool = True) -> dict[str, Any]:
        d = asdict(self)
        d["nam"] = self.nam
        if not with_text:
            d.pop("text")
            d.pop("paragraphs")
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Record:
        d = dict(d)
        d.pop("nam", None)
        d["pages"] = [Page(**p) for p in d.get("pages", [])]
        d["paragraphs"] = [Paragraph(**p) for p in d.get("paragraphs", [])]
        d["duplicates"] = [Duplicate(**x) for x in d.get("duplicates", [])]
        d["corrections"] = [Correction(**x) for x in d.get("corrections", [])]
        d["chi_tieu"] = [
            Figure(**{**f, "span": Span(**(f.get("span") or {}))}) for f in d.get("chi_tieu", [])
        ]
        d["provenance"] = {k: Span(**v) for k, v in (d.get("provenance") or {}).items()}
        d["zones"] = [Zone(**z) for z in d.get("zones") or []]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in known})
