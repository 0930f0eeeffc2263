"""Recall of gold chỉ tiêu: `python -m ingest.eval_figures GOLD DOCS...`.

DOCS are files or folders; a document is matched to its gold line by file stem
(`r010.pdf` in gold ↔ `r010.txt` converted text). A gold figure is found when one extracted
figure of that document has the same value, the same kind and a matching unit: equal after
folding (accents, tone style, case), or one a word-prefix of the other (`cây` ↔ `cây xanh`,
`nữ cán bộ` ↔ `nữ cán bộ, đoàn viên`): the gold unit is the head noun, written freely.
Each extracted figure matches at most one gold figure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vanban.corpus.vntext import fold, normalize


def unit_key(unit: str | None) -> str:
    """Comparable form of a unit: folded, `y`→`i`, punctuation to spaces."""
    s = fold(normalize(unit or "")).replace("y", "i")
    return " ".join("".join(c if c.isalnum() or c in "%/" else " " for c in s).split())


def unit_match(gold: str | None, got: str | None) -> bool:
    g, x = unit_key(gold), unit_key(got)
    if g == x:
        return True
    if not g or not x:
        return False
    return (g + " ").startswith(x + " ") or (x + " ").startswith(g + " ")


def value_match(gold: float, got: float | None) -> bool:
    return got is not None and abs(float(gold) - float(got)) <= 1e-6 * max(1.0, abs(gold))


_NOT_DOCS = {"README.md", "SOURCES.tsv"}


def _files(args: list[str]) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for a in args:
        p = Path(a)
        for f in sorted(p.iterdir()) if p.is_dir() else [p]:
            if f.is_file() and not f.name.startswith(".") and f.name not in _NOT_DOCS:
                out.setdefault(f.stem, f)
    return out


def evaluate(gold_path: Path, docs: list[str]) -> dict:
    """Per-document and total recall; the misses with what was extracted instead."""
    from vanban.ingest.pipeline import process_file

    files = _files(docs)
    rows, misses = [], []
    found_total = gold_total = strict_total = kind_wrong_total = 0
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        gold = g.get("chi_tieu") or []
        stem = Path(g["file"]).stem
        if not gold or stem not in files:
            continue
        rec = process_file(files[stem])
        used: set[int] = set()
        found = strict = 0
        for gf in gold:
            hit = None
            for i, f in enumerate(rec.chi_tieu):
                if i in used:
                    continue
                if value_match(gf["value"], f.value) and f.kind == gf["kind"] and \
                        unit_match(gf.get("unit"), f.unit):
                    hit = i
                    break
            if hit is None:
                near = [f"{f.value:g} {f.unit} {f.kind}" for f in rec.chi_tieu
                        if value_match(gf["value"], f.value)]
                kind_wrong_total += any(value_match(gf["value"], f.value) and
                                        unit_match(gf.get("unit"), f.unit)
                                        for f in rec.chi_tieu)
                misses.append({"file": g["file"], "gold": gf, "same_value": near})
            else:
                used.add(hit)
                found += 1
                strict += unit_key(gf.get("unit")) == unit_key(rec.chi_tieu[hit].unit)
        rows.append({"file": g["file"], "gold": len(gold), "found": found, "strict": strict,
                     "extracted": len(rec.chi_tieu)})
        found_total += found
        strict_total += strict
        gold_total += len(gold)
    recall = found_total / gold_total if gold_total else 0.0
    return {"rows": rows, "found": found_total, "gold": gold_total, "recall": recall,
            "strict_found": strict_total, "kind_wrong": kind_wrong_total,
            # of the gold figures found with value and unit, the share whose kind is right
            "kind_right": (found_total / (found_total + kind_wrong_total)
                           if found_total + kind_wrong_total else 0.0),
            "strict_recall": strict_total / gold_total if gold_total else 0.0, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    argv = [a for a in argv if a != "--json"]
    if len(argv) < 2:
        print("cách dùng: python -m ingest.eval_figures GOLD.jsonl TỆP_HOẶC_THƯ_MỤC... [--json]",
              file=sys.stderr)
        return 2
    res = evaluate(Path(argv[0]), argv[1:])
    if as_json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print(f"{'tệp':<28} {'gold':>5} {'đúng':>5} {'đúng y':>6} {'trích':>6}")
    for r in res["rows"]:
        print(f"{r['file']:<28} {r['gold']:>5} {r['found']:>5} {r['strict']:>6} "
              f"{r['extracted']:>6}")
    print(f"{'TỔNG':<28} {res['gold']:>5} {res['found']:>5} {res['strict_found']:>6}   "
          f"recall = {res['recall']:.3f} (đơn vị đúng y hệt: {res['strict_recall']:.3f}; "
          f"loại đúng: {res['kind_right']:.3f})")
    for m in res["misses"]:
        gf = m["gold"]
        print(f"  thiếu: {m['file']}: {gf['value']} {gf.get('unit')} {gf['kind']} "
              f"«{gf['text'][:60]}» (cùng giá trị: {', '.join(m['same_value']) or '—'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
