"""Target ↔ result pairing against gold: `vanban eval pairs GOLD.jsonl DOCS...`.

DOCS (files or folders) are ingested into a throw-away archive; every figure is paired
(`search.pairing`) and each predicted pair is compared with the gold pairs. A gold line
names the target (`so_hieu`: the acceptable documents, `value`, `unit`) and the result the
same way. A predicted pair is right when both ends agree with one gold pair (document,
value, unit in `unit_key` form). An empty gold file scores precision only (every predicted
pair is wrong): what the seeds are for, where no later report answers a plan.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from vanban.corpus.keys import number_key, unit_key


def _end(row: dict[str, Any], want: dict[str, Any]) -> bool:
    docs = want["so_hieu"] if isinstance(want["so_hieu"], list) else [want["so_hieu"]]
    return (number_key(row.get("so_hieu") or "") in {number_key(d) for d in docs}
            and abs(float(row["value"]) - float(want["value"])) < 1e-6
            and unit_key(row.get("unit")) == unit_key(want["unit"]))


def evaluate(gold_path: Path, docs: list[str]) -> dict[str, Any]:
    from vanban.search.pairing import pair_figures

    from vanban.archive import Archive

    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines()
            if x.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        with Archive(Path(tmp)) as archive:
            archive.ingest([Path(d) for d in docs], isolate=False)
            rows = archive.figures()
    predicted = [p for p in pair_figures(rows) if p.target and p.result]
    used: set[int] = set()
    right, wrong = [], []
    for p in predicted:
        hit = next((i for i, g in enumerate(gold) if i not in used
                    and _end(p.target, g["target"]) and _end(p.result, g["result"])), None)
        if hit is None:
            wrong.append(p)
        else:
            used.add(hit)
            right.append(p)
    missed = [g for i, g in enumerate(gold) if i not in used]
    n_pred, n_gold = len(predicted), len(gold)
    return {"predicted": n_pred, "gold": n_gold, "right": len(right),
            "precision": len(right) / n_pred if n_pred else 1.0,
            "recall": len(right) / n_gold if n_gold else None,
            "wrong": [p.to_json() for p in wrong], "missed": missed}


def _show(row: dict[str, Any] | None) -> str:
    if not row:
        return "—"
    return f"{row.get('so_hieu')} {row.get('value'):g} {row.get('unit')}"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    argv = [a for a in argv if a != "--json"]
    if len(argv) < 2:
        print("cách dùng: vanban eval pairs GOLD.jsonl TỆP_HOẶC_THƯ_MỤC... [--json]",
              file=sys.stderr)
        return 2
    res = evaluate(Path(argv[0]), argv[1:])
    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=1, default=str))
        return 0
    rec = "—" if res["recall"] is None else f"{res['recall']:.3f}"
    print(f"cặp dự đoán {res['predicted']}, cặp chuẩn {res['gold']}, đúng {res['right']}: "
          f"precision = {res['precision']:.3f}, recall = {rec}")
    for w in res["wrong"]:
        print(f"  sai: {_show(w['target'])} → {_show(w['result'])} «{w['indicator'][:50]}»")
    for m in res["missed"]:
        print(f"  thiếu: {m['target']['so_hieu']} {m['target']['value']} {m['target']['unit']}"
              f" → {m['result']['so_hieu']} {m['result']['value']} ({m.get('note', '')})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
