"""Field evaluation: run extraction on gold documents and print per-field accuracy.

    python -m ingest.eval_fields GOLD.jsonl DOCS_DIR... [--docs] [--json]

Each gold line names a file (`file`); the document is looked up in the given directories by file
stem (`r001.doc` is scored from `r001.doc` or `r001.txt`, whichever a directory holds; with
several directories the first one holding the stem wins). Comparison rules:

- numbers (so_hieu, each citation): folded (no diacritics, đ→d, lower case), spaces removed;
- dates (ngay): compared at the gold's precision (`2016` matches `2016-12-19`; a prediction less
  precise than the gold is wrong);
- names and titles (loai, dia_danh, don_vi, nguoi_ky, chuc_vu, trich_yeu): rapidfuzz `ratio` of
  NFC, tone-normalized, lower-cased, punctuation-free strings ≥ FUZZY (85); null equals null;
- lists (phong_trao, van_ban_dan_chieu, dot_thi_dua): precision/recall/F1 with a
  one-to-one greedy match (phong_trao: fuzzy ≥ FUZZY after mapping both sides through the
  movement gazetteer; citations: folded numbers; đợt: same name and both dates at the gold's
  precision). Both empty scores 1.0. A list key missing from a gold line is scored as empty.
- chi_tieu (figures): the gold lists only a sample of a document's clear figures, so extra
  predicted figures are not errors: it is scored by RECALL (same value, fuzzy unit), only on
  documents whose gold list is non-empty, and reported apart (`extra`), outside the overall.

Field accuracy = mean over documents (scalar: 1/0; list: F1). Overall = mean over the scalar
and list fields. chi_tieu is scored only when its extractor module (`ingest.fields.chi_tieu`)
is installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from vanban.corpus.vntext import fold, normalize

FUZZY = 85
SCALARS = ["so_hieu", "loai", "ngay", "dia_danh", "don_vi", "trich_yeu", "nguoi_ky", "chuc_vu"]
LISTS = ["phong_trao", "van_ban_dan_chieu", "dot_thi_dua"]
RECALL_LISTS = ["chi_tieu"]  # gold is a sample: recall only, where the gold is non-empty


def fold_number(s: str | None) -> str | None:
    return None if s is None else re.sub(r"\s+", "", fold(normalize(s)))


def text_key(s: str | None) -> str:
    s = normalize(s or "").lower()
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def same_text(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return not a and not b
    return fuzz.ratio(text_key(a), text_key(b)) >= FUZZY


def same_date(pred: str | None, gold: str | None) -> bool:
    if not gold or not pred:
        return not gold and not pred
    return len(pred) >= len(gold) and pred[: len(gold)] == gold


def compare_scalar(field: str, pred: Any, gold: Any) -> bool:
    if field == "so_hieu":
        return fold_number(pred) == fold_number(gold)
    if field == "ngay":
        return same_date(pred, gold)
    return same_text(pred, gold)


def _movement_key(s: str) -> str:
    from vanban.ingest.fields.phong_trao import canonical

    return text_key(canonical(s) or s)


def _item_match(field: str, p: Any, g: Any) -> bool:
    if field == "van_ban_dan_chieu":
        return fold_number(p) == fold_number(g)
    if field == "phong_trao":
        return fuzz.ratio(_movement_key(p), _movement_key(g)) >= FUZZY
    if field == "dot_thi_dua":
        return (text_key(p.get("ten")) == text_key(g.get("ten"))
                and same_date(p.get("tu"), g.get("tu")) and same_date(p.get("den"), g.get("den")))
    if field == "chi_tieu":
        pv, gv = p.get("value"), g.get("value")
        return (pv is not None and gv is not None and abs(float(pv) - float(gv)) < 1e-6
                and same_text(p.get("unit") or "", g.get("unit") or ""))
    return same_text(p, g)


def prf(field: str, pred: list[Any], gold: list[Any]) -> tuple[float, float, float]:
    """Precision, recall, F1 with a greedy one-to-one match."""
    if field == "phong_trao":  # several spellings of one movement count once
        pred = _dedup(pred)
        gold = _dedup(gold)
    if not pred and not gold:
        return 1.0, 1.0, 1.0
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and _item_match(field, p, g):
                used.add(i)
                hits += 1
                break
    prec = hits / len(pred) if pred else 0.0
    rec = hits / len(gold) if gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def _dedup(items: list[str]) -> list[str]:
    out: list[str] = []
    for it in items:
        if not any(fuzz.ratio(_movement_key(it), _movement_key(o)) >= FUZZY for o in out):
            out.append(it)
    return out


def find_doc(stem: str, dirs: list[Path]) -> Path | None:
    for d in dirs:
        for cand in sorted(d.glob(f"{stem}.*")):
            if cand.is_file():
                return cand
    return None


def record_values(rec: Any) -> dict[str, Any]:
    d = {f: getattr(rec, f) for f in SCALARS}
    d["phong_trao"] = list(rec.phong_trao)
    d["van_ban_dan_chieu"] = list(rec.van_ban_dan_chieu)
    d["dot_thi_dua"] = list(rec.dot_thi_dua)
    d["chi_tieu"] = [
        {"value": f.value, "unit": f.unit, "kind": f.kind, "text": f.text} for f in rec.chi_tieu
    ]
    return d


def _gold_lines(gold_path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def evaluate(gold_path: Path, dirs: list[Path],
             keep: Any = None) -> dict[str, Any]:
    """Score every gold line of `gold_path` (those `keep(line)` accepts, when given)."""
    golds = [g for g in _gold_lines(gold_path) if keep is None or keep(g)]
    return evaluate_lines([(g, dirs) for g in golds])


def evaluate_lines(items: list[tuple[dict[str, Any], list[Path]]]) -> dict[str, Any]:
    """Score gold lines, each looked up in its own directories, as one table."""
    from vanban.ingest.pipeline import process_file

    lists = list(LISTS)
    extra = list(RECALL_LISTS)
    if importlib.util.find_spec("vanban.ingest.fields.chi_tieu") is None:
        extra.remove("chi_tieu")
    fields = SCALARS + lists
    docs: list[dict[str, Any]] = []
    missing: list[str] = []
    for gold, dirs in items:
        stem = Path(gold["file"]).stem
        path = find_doc(stem, dirs)
        if path is None:
            missing.append(gold["file"])
            continue
        try:
            pred = record_values(process_file(path))
        except Exception as exc:  # a reader failure scores every field 0
            pred = {f: None for f in SCALARS} | {f: [] for f in LISTS + RECALL_LISTS}
            pred["error"] = str(exc)
        scores: dict[str, float] = {}
        detail: dict[str, Any] = {}
        for f in SCALARS:
            scores[f] = float(compare_scalar(f, pred.get(f), gold.get(f)))
            detail[f] = {"pred": pred.get(f), "gold": gold.get(f)}
        for f in lists:
            p, r, f1 = prf(f, pred.get(f) or [], gold.get(f) or [])
            scores[f] = f1
            detail[f] = {"p": p, "r": r, "pred": pred.get(f), "gold": gold.get(f) or []}
        extra_scores: dict[str, float] = {}
        for f in extra:
            if gold.get(f):
                p, r, _ = prf(f, pred.get(f) or [], gold[f])
                extra_scores[f] = r
                detail[f] = {"p": p, "r": r, "pred": pred.get(f), "gold": gold[f]}
        docs.append({"file": gold["file"], "path": str(path), "scores": scores,
                     "extra": extra_scores, "detail": detail, "error": pred.get("error")})
    per_field = {f: (sum(d["scores"][f] for d in docs) / len(docs) if docs else 0.0)
                 for f in fields}
    overall = sum(per_field.values()) / len(per_field) if per_field else 0.0
    per_extra: dict[str, dict[str, float]] = {}
    for f in extra:
        scored = [d["extra"][f] for d in docs if f in d["extra"]]
        per_extra[f] = {"recall": sum(scored) / len(scored) if scored else 0.0,
                        "docs": len(scored)}
    return {"fields": fields, "per_field": per_field, "overall": overall, "docs": docs,
            "extra_fields": extra, "extra": per_extra, "missing": missing}


# The dev suite: the first 19 documents plus dev2 (our corrected gold), one portal held out.
DEV2_GOLD = Path(__file__).parent / "data" / "dev2_gold.jsonl"
HELD_OUT = "hb"


def suite(shared: Path) -> dict[str, dict[str, Any]]:
    """The dev table (old dev set + dev2 without the held-out portal) and the held-out table."""
    corpus = shared / "corpus"
    dev_dirs = [corpus / "real", corpus / "seeds"]
    dev2_dirs = [corpus / "dev2"]
    dev_items = [(g, dev_dirs) for g in _gold_lines(shared / "eval" / "dev" / "gold.jsonl")]
    dev2 = _gold_lines(DEV2_GOLD)
    dev_items += [(g, dev2_dirs) for g in dev2 if g.get("portal") != HELD_OUT]
    held = [(g, dev2_dirs) for g in dev2 if g.get("portal") == HELD_OUT]
    return {"dev": evaluate_lines(dev_items), "held_out": evaluate_lines(held)}


def print_table(res: dict[str, Any], out: Any = None, detail: bool = False) -> None:
    out = out or sys.stdout
    fields = res["fields"]
    short = {"so_hieu": "so_hieu", "loai": "loai", "ngay": "ngay", "dia_danh": "dia_d",
             "don_vi": "don_vi", "trich_yeu": "trich", "nguoi_ky": "n_ky", "chuc_vu": "c_vu",
             "phong_trao": "p_trao", "van_ban_dan_chieu": "dan_c", "dot_thi_dua": "dot",
             "chi_tieu": "c_tieu"}
    extra = res.get("extra_fields", [])
    head = (f"{'tài liệu':<28}" + "".join(f"{short[f]:>8}" for f in fields) + f"{'TB':>8}"
            + "".join(f"{short[f] + '*':>9}" for f in extra))
    print(head, file=out)
    print("-" * len(head), file=out)
    for d in res["docs"]:
        mean = sum(d["scores"].values()) / len(d["scores"])
        tail = "".join(f"{d['extra'][f]:>9.2f}" if f in d.get("extra", {}) else f"{'-':>9}"
                       for f in extra)
        print(f"{d['file'][:28]:<28}" + "".join(f"{d['scores'][f]:>8.2f}" for f in fields)
              + f"{mean:>8.2f}" + tail, file=out)
    print("-" * len(head), file=out)
    print(f"{'TỔNG (' + str(len(res['docs'])) + ' tài liệu)':<28}"
          + "".join(f"{res['per_field'][f]:>8.2f}" for f in fields)
          + f"{res['overall']:>8.2f}"
          + "".join(f"{res['extra'][f]['recall']:>9.2f}" for f in extra), file=out)
    for f in extra:
        print(f"* {f}: độ phủ (recall) trên {res['extra'][f]['docs']} tài liệu có gold "
              "không rỗng; không tính vào TB", file=out)
    if res["missing"]:
        print(f"không tìm thấy tệp: {', '.join(res['missing'])}", file=out)
    if detail:
        for d in res["docs"]:
            for f in fields + [f for f in extra if f in d.get("extra", {})]:
                if d["scores"].get(f, d.get("extra", {}).get(f, 1.0)) < 1.0:
                    print(f"  {d['file']} {f}: {json.dumps(d['detail'][f], ensure_ascii=False)}",
                          file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="eval_fields", description="Đánh giá trích xuất trường")
    ap.add_argument("gold", type=Path, nargs="?", help="tệp gold JSONL")
    ap.add_argument("dirs", type=Path, nargs="*", help="thư mục chứa tài liệu")
    ap.add_argument("--suite", type=Path, metavar="SHARED",
                    help="bộ dev (19 cũ + dev2 trừ cổng giữ lại) và bảng cổng giữ lại "
                         f"({HELD_OUT}); SHARED là thư mục dữ liệu chung (../shared)")
    ap.add_argument("--detail", action="store_true", help="in các giá trị sai")
    ap.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    args = ap.parse_args(argv)
    if args.suite is not None:
        if not (args.suite / "eval" / "dev" / "gold.jsonl").is_file():
            print(f"không tìm thấy dữ liệu chung: {args.suite}", file=sys.stderr)
            return 2
        both = suite(args.suite)
        if args.json:
            print(json.dumps(both, ensure_ascii=False, default=str))
            return 0
        print("== Bộ dev (19 tài liệu cũ + dev2 trừ cổng giữ lại) ==")
        print_table(both["dev"], detail=args.detail)
        print(f"\n== Cổng giữ lại ({HELD_OUT}) ==")
        print_table(both["held_out"], detail=False)
        return 0
    if args.gold is None or not args.dirs:
        ap.error("cần tệp gold và ít nhất một thư mục, hoặc --suite SHARED")
    if not args.gold.is_file():
        print(f"không đọc được tệp gold: {args.gold}", file=sys.stderr)
        return 2
    res = evaluate(args.gold, args.dirs)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, default=str))
    else:
        print_table(res, detail=args.detail)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
