"""Target ↔ result pairing: which later result answers which target.

A plan, resolution or call sets targets (`phấn đấu 80% CĐCS đạt …`); a later report gives
results (`đạt 85% CĐCS …`). For the figures of one unit, movement and period, each target is
paired with at most one result and each result answers at most one target, when:

* the unit of measure is the same (`keys.unit_key`: `xuất quà` = `suất quà`);
* the result is not earlier than the target: a later document, or the same table row in the
  same document (`Chỉ tiêu | Kết quả` columns);
* the result's years fall inside the target's period (or its document's year);
* the issuer is the same body or the same province (a parent body reporting for it);
* the indicator is the same: the words of the subject (row label) overlap enough, helped
  by the same movement section.

The best-scoring candidates are taken first (greedy one-to-one); what is left is reported
as unmatched targets and unmatched results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from vanban.corpus.keys import figure_key

# Words that say nothing about which indicator it is.
_FILLER = set("""
cac nhung so luong luot tong dat duoc co la va cho cua trong tren duoi hon gan khoang
tu den tro len xuong it nhat toi thieu phan dau muc tieu chi tieu ket qua thuc hien nam
hang moi ve voi tai theo da se phai can nhiem ki giai doan dang ki tham gia
""".split())

THRESHOLD = 0.34


@dataclass
class Pair:
    """A target, the result that answers it (either may be None), and how sure we are."""

    target: dict[str, Any] | None
    result: dict[str, Any] | None
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def achieved(self) -> float | None:
        """Result / target (1.0 = 100 %), when both are numbers and the target is not 0."""
        if not self.target or not self.result:
            return None
        t, r = self.target.get("value"), self.result.get("value")
        if not t or r is None:
            return None
        return float(r) / float(t)

    def indicator(self) -> str:
        """The indicator's name: a table row label, else the plainer of the two subjects
        (a target's often carries its cue words: `sáng kiến (Phấn đấu … có)`)."""
        rows = [r for r in (self.target, self.result) if r]
        for r in rows:
            if r.get("row_label"):
                return r["row_label"]
        subjects = [r.get("subject") for r in rows if r.get("subject")]
        plain = [x for x in subjects if "(" not in x]
        return (plain or subjects or [rows[0].get("text") or ""])[0]

    def to_json(self) -> dict[str, Any]:
        return {"indicator": self.indicator(), "target": self.target, "result": self.result,
                "achieved": self.achieved, "score": round(self.score, 3),
                "reasons": self.reasons}


def _words(row: dict[str, Any]) -> set[str]:
    text = row.get("row_label") or row.get("subject") or ""
    return {w for w in figure_key(text).split() if w not in _FILLER and not w[0].isdigit()}


def _years(row: dict[str, Any]) -> tuple[int, int] | None:
    ys = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", row.get("period") or "")]
    if ys:
        lo, hi = min(ys), max(ys)
        if "đến nay" in (row.get("period") or "") and row.get("ngay"):
            hi = max(hi, int(row["ngay"][:4]))
        return lo, hi
    if row.get("ngay"):
        y = int(row["ngay"][:4])
        return y, y
    return None


_PLACE = re.compile(r"\b(?:tinh|thanh pho|huyen|quan|thi xa|nganh)\s+(.+)$")


def _body(row: dict[str, Any]) -> str:
    """The place (or branch) of the issuing body, else its name: `Ban Thường vụ tỉnh Sơn
    Hà` and `Liên đoàn Lao động tỉnh Sơn Hà` are one body."""
    name = figure_key(row.get("don_vi") or "")
    m = _PLACE.search(name)
    return m.group(1) if m else figure_key(row.get("tinh") or "") or name


def score(t: dict[str, Any], r: dict[str, Any]) -> tuple[float, list[str]]:
    """0 when the result cannot answer the target; else how alike the indicators are."""
    if (t.get("unit_key") or figure_key(t.get("unit"))) != \
            (r.get("unit_key") or figure_key(r.get("unit"))):
        return 0.0, []
    same_doc = t.get("document_id") == r.get("document_id")
    reasons = ["cùng đơn vị tính"]
    if same_doc:
        if not (t.get("row_label") and t.get("row_label") == r.get("row_label")
                and t.get("paragraph") == r.get("paragraph")):
            return 0.0, []
        return 1.0, [*reasons, "cùng dòng bảng"]
    if (t.get("ngay") or "") > (r.get("ngay") or "9999"):
        return 0.0, []
    ty, ry = _years(t), _years(r)
    if ty and ry and not (ty[0] <= ry[1] and ry[0] <= ty[1]):
        return 0.0, []
    reasons.append("kỳ khớp")
    bt, br = _body(t), _body(r)
    if bt and br and bt not in br and br not in bt:
        return 0.0, []
    tw, rw = _words(t), _words(r)
    if not tw or not rw:
        return 0.0, []
    overlap = len(tw & rw) / min(len(tw), len(rw))
    s = overlap
    mt, mr = figure_key(t.get("muc_phong_trao")), figure_key(r.get("muc_phong_trao"))
    if mt and mt == mr:
        s += 0.15
        reasons.append("cùng phong trào")
    if t.get("row_label") and figure_key(t.get("row_label")) == figure_key(r.get("row_label")):
        s += 0.5
        reasons.append("cùng tên chỉ tiêu")
    reasons.append(f"trùng {len(tw & rw)} từ")
    return s, reasons


def pair_figures(rows: list[dict[str, Any]], threshold: float = THRESHOLD) -> list[Pair]:
    """Pairs (target, result), then unmatched targets, then unmatched results."""
    targets = [r for r in rows if r.get("kind") == "target"]
    results = [r for r in rows if r.get("kind") == "result"]
    cands = []
    for i, t in enumerate(targets):
        for j, r in enumerate(results):
            s, why = score(t, r)
            if s >= threshold:
                # the nearer result in time first among equals
                cands.append((s, -(len(r.get("ngay") or "")), i, j, why))
    cands.sort(key=lambda c: (-c[0], c[1], c[2], c[3]))
    used_t: set[int] = set()
    used_r: set[int] = set()
    pairs: list[Pair] = []
    for s, _n, i, j, why in cands:
        if i in used_t or j in used_r:
            continue
        used_t.add(i)
        used_r.add(j)
        pairs.append(Pair(targets[i], results[j], s, why))
    pairs.sort(key=lambda p: (p.target or {}).get("start") or 0)
    pairs += [Pair(t, None) for i, t in enumerate(targets) if i not in used_t]
    pairs += [Pair(None, r) for j, r in enumerate(results) if j not in used_r]
    return pairs
