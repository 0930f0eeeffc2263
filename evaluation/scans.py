"""Scan evaluation: the handwritten number and day, and the signer, on real scanned forms.

    vanban eval scans [GOLD.jsonl] [--shared DIR] [--json] [--no-crops] [--dev-only]

GOLD (default `evaluation/data/scans_gold.jsonl`: every scanned document of the dev data, i.e.
every file the PDF/image reader OCRs, checked against the originals) names files in
`corpus/dev2` or `corpus/real` of the shared folder. Two tables: the dev scans (per-document
rows and the crop table, what may be tuned on) and the held-out scans of portal hb (totals
only; never tuned on). Each file is
ingested once; "before" re-runs the field extractors on the same text without the handwriting
readings (the step off), "after" is the normal result. Printed per field: right (so_hieu
folded; ngay at day precision; where the page has no value, null is right), wrong (a non-null
value that is not right) and null. The crop table compares the digit readers on the same crops
of the dev scans (the gaps located on page 1 and refined at the printed slash): the shipped
model (the perceptron), the second model (the CNN), the two models together as the field step
uses them, Tesseract digits-only (`--psm 7`, whitelist) and the perceptron with Tesseract (the
model when sure, else both reading the same digits).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from vanban.evaluation.fields import fold_number, same_text
from vanban.evaluation.readers import default_samples

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evaluation" / "data" / "scans_gold.jsonl"
FIELDS = ["so_hieu", "ngay", "nguoi_ky"]


def _right(field: str, pred: Any, gold: Any) -> bool:
    if gold is None:  # no number, date or signer on the page: null is the right answer
        return pred is None
    if field == "so_hieu":
        return pred is not None and fold_number(pred) == fold_number(gold)
    if field == "ngay":
        return pred is not None and pred == gold
    return same_text(pred, gold)


def _values(rec: Any) -> dict[str, Any]:
    ngay = rec.ngay if rec.ngay_precision == "day" else None  # scored at day precision
    return {"so_hieu": rec.so_hieu, "ngay": ngay, "ngay_any": rec.ngay,
            "nguoi_ky": rec.nguoi_ky, "chuc_vu": rec.chuc_vu}


def _before(rec: Any) -> Any:
    """The same document's fields with the handwriting step off (no readings in the meta)."""
    from vanban.corpus.schema import Record
    from vanban.ingest.fields import extract_fields

    meta = {k: v for k, v in rec.meta.items() if k != "handwriting"}
    b = Record(path=rec.path, format=rec.format, pages=rec.pages, text=rec.text,
               paragraphs=rec.paragraphs, meta=meta)
    extract_fields(b)
    return b


def _page_one(path: Path) -> tuple[Any, int]:
    """Page 1 as the OCR reader prepares it (grey, deskewed), and its DPI."""
    from PIL import Image, ImageOps
    from vanban.ingest.readers import ocr
    from vanban.ingest.readers import pdf as pdfr
    from vanban.ingest.readers.image import open_image, true_dpi

    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
        page = doc[0]
        dpi = pdfr.render_dpi(pdfr._image_dpi(page)[0])
        img = pdfr._render(page, dpi)
        page.close()
        doc.close()
    else:
        img = ImageOps.exif_transpose(open_image(path))
        dpi = true_dpi(img)
    scale = ocr.working_scale(dpi)  # as ocr_image does it, so the crops are the pipeline's
    if scale != 1.0:
        img = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))),
                         Image.LANCZOS)
        dpi = 300
    return ocr.prepare(img)[0], max(ocr.MIN_DPI, min(ocr.MAX_DPI, dpi))


def crop_rows(path: Path, gold: dict[str, Any]) -> list[dict[str, Any]]:
    """Both digit readers on the gaps of page 1, against the gold's digits."""
    import numpy as np
    from vanban.ingest import handwriting
    from vanban.ingest.handwriting import anchors, locate, model, tess_digits
    from vanban.ingest.readers import ocr
    from vanban.ingest.tools import tesseract

    gray, dpi = _page_one(path)
    words = ocr.tsv_words(tesseract.ocr_tsv(ocr.pgm_bytes(gray), dpi))
    head = locate.locate(words, dpi, gray.size)
    want = {"so": (gold.get("so_hieu") or "").split("/")[0]}
    if gold.get("ngay") and len(gold["ngay"]) == 10:
        want["ngay"] = str(int(gold["ngay"][8:10]))
        want["thang"] = str(int(gold["ngay"][5:7]))
    rows = []
    for field, truth in want.items():
        gap = head.gaps.get(field) if head else None
        row = {"file": path.name, "field": field, "gold": truth, "located": gap is not None}
        if gap is not None:
            arr = np.asarray(gray.crop(anchors.refine(gray, gap, head.symbol or "")),
                             dtype=np.uint8)
            t0 = time.perf_counter()
            row["mlp"] = handwriting.read_digits(arr, 0.75 * gap.line_height,
                                                 edge=field == "ngay")
            row["mlp_ms"] = 1000 * (time.perf_counter() - t0)
            t0 = time.perf_counter()
            row["cnn"] = handwriting.read_digits(arr, 0.75 * gap.line_height, model.SECOND,
                                                 field == "ngay")
            row["cnn_ms"] = 1000 * (time.perf_counter() - t0)
            row["pair"] = _pair(row["mlp"], row["cnn"])
            row["pair_ms"] = row["mlp_ms"] + row["cnn_ms"]
            t0 = time.perf_counter()
            row["tess"] = tess_digits.read_digits(arr, dpi)
            row["tess_ms"] = 1000 * (time.perf_counter() - t0)
            row["printed"] = gap.printed
            row["both"] = _agree(row["mlp"], row["tess"])
            row["both_ms"] = row["mlp_ms"] + row["tess_ms"]
        rows.append(row)
    return rows


def _agree(mlp: tuple[str | None, float], tess: tuple[str | None, float]) -> tuple[str | None,
                                                                                 float]:
    """The third candidate: the model's reading when sure, else when Tesseract's digits
    agree with it (both at least 0.5): an ensemble, two readers wrong the same way."""
    from vanban.ingest.fields.handwritten import AGREE, THRESHOLD

    (mv, mc), (tv, tc) = mlp, tess
    if mv is not None and mc >= THRESHOLD:
        return mv, mc
    if mv is not None and tv is not None and mv.lstrip("0") == tv.lstrip("0") \
            and min(mc, tc) >= AGREE:
        return mv, 1 - (1 - mc) * (1 - tc)
    return None, 0.0


def _pair(mlp: tuple[str | None, float], cnn: tuple[str | None, float]) -> tuple[str | None,
                                                                               float]:
    """The shipped rule on the two models: the perceptron when sure, else both reading the
    same digits (both at least `AGREE`)."""
    from vanban.ingest.fields.handwritten import AGREE, THRESHOLD

    (mv, mc), (cv, cc) = mlp, cnn
    if mv is not None and mc >= THRESHOLD:
        return mv, mc
    if mv is not None and cv is not None and int(mv) == int(cv) and min(mc, cc) >= AGREE:
        return mv, 1 - (1 - mc) * (1 - cc)
    return None, 0.0


def _score(rows: list[dict[str, Any]], key: str, threshold: float) -> tuple[int, int, int]:
    right = wrong = null = 0
    for r in rows:
        val, conf = r.get(key) or (None, 0.0)
        if val is None or conf < threshold:
            null += 1
        elif str(int(val)) == str(int(r["gold"])) if r["gold"].isdigit() else val == r["gold"]:
            right += 1
        else:
            wrong += 1
    return right, wrong, null


def heldout(g: dict[str, Any]) -> bool:
    """Portal hb's documents are the held-out set: reported as totals only, never tuned on."""
    return g["file"].startswith("hb")


def _table(docs: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, int, int]]:
    n = len(docs)
    table = {}
    for when in ("before", "after"):
        for f in FIELDS:
            right = sum(_right(f, d[when][f], d["gold"].get(f)) for d in docs)
            wrong = sum(d[when][f] is not None and not _right(f, d[when][f], d["gold"].get(f))
                        for d in docs)
            table[(when, f)] = (right, wrong, n - right - wrong)
    return table


def _print_table(title: str, docs: list[dict[str, Any]]) -> None:
    n = len(docs)
    table = _table(docs)
    print(f"{title}: {n} bản quét")
    print(f"{'trường':10} {'':7} {'đúng':>6} {'sai':>6} {'null':>6}   tỉ lệ đúng  tỉ lệ sai")
    for f in FIELDS:
        for when in ("before", "after"):
            r, w, z = table[(when, f)]
            print(f"{f:10} {when:7} {r:6d} {w:6d} {z:6d}   {r / max(1, n):9.2f}"
                  f"  {w / max(1, n):9.2f}")


def main(argv: list[str] | None = None) -> int:
    from vanban.ingest.fields import handwritten
    from vanban.ingest.pipeline import process_file

    ap = argparse.ArgumentParser(prog="vanban eval scans", description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(GOLD))
    ap.add_argument("--shared", default=None, help="thư mục shared (mặc định: ../shared)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-crops", action="store_true", help="bỏ bảng so sánh hai bộ đọc chữ số")
    ap.add_argument("--dev-only", action="store_true", help="bỏ qua tập giữ lại (hb)")
    a = ap.parse_args(argv)
    shared = Path(a.shared) if a.shared else default_samples().parents[1]
    gold = [json.loads(x) for x in Path(a.gold).read_text(encoding="utf-8").splitlines()
            if x.strip()]
    if a.dev_only:
        gold = [g for g in gold if not heldout(g)]
    docs, crops = [], []
    for g in gold:
        path = shared / "corpus" / g.get("corpus", "dev2") / g["file"]
        if not path.exists():
            print(f"không thấy {path}", file=sys.stderr)
            continue
        t0 = time.perf_counter()
        rec = process_file(path)
        secs = time.perf_counter() - t0
        docs.append({"file": g["file"], "gold": g, "after": _values(rec),
                     "before": _values(_before(rec)), "seconds": secs,
                     "handwriting": rec.meta.get("handwriting"), "heldout": heldout(g)})
        if not a.no_crops and not heldout(g):  # no crop rows of the held-out set
            crops += crop_rows(path, g)
    dev = [d for d in docs if not d["heldout"]]
    held = [d for d in docs if d["heldout"]]
    if a.json:  # per-document rows of the dev scans only; the held-out set as totals
        print(json.dumps({"docs": dev,
                          "table": {f"{w}.{f}": v for (w, f), v in _table(dev).items()},
                          "heldout_table": {f"{w}.{f}": v for (w, f), v in _table(held).items()},
                          "crops": crops}, ensure_ascii=False, default=str, indent=1))
        return 0
    print(f"ngưỡng tin cậy chữ viết tay {handwritten.THRESHOLD}")
    _print_table("Bản quét dev (không gồm hb)", dev)
    print()
    for d in dev:
        b, af = d["before"], d["after"]
        print(f"  {d['file']:14} so_hieu {b['so_hieu']!s:22} -> {af['so_hieu']!s:22}"
              f" ngay {d['before']['ngay_any']!s:10} -> {d['after']['ngay_any']!s:10}"
              f" ký {d['after']['nguoi_ky']} ({d['after']['chuc_vu']})")
    if held:
        print()
        _print_table("Bản quét giữ lại (portal hb, chỉ tổng)", held)
    if crops:
        print()
        print(f"bộ đọc chữ số trên {len(crops)} ô bản quét dev (cùng các ô):"
              "  đúng  sai  null  ms/ô")
        located = [c for c in crops if c["located"]]
        for key, thr, name in (("mlp", handwritten.THRESHOLD, "mô hình nhỏ (numpy MLP)"),
                               ("mlp", 0.0, "mô hình nhỏ, không ngưỡng"),
                               ("tess", 0.60, "tesseract psm 7 chữ số (conf ≥ 60)"),
                               ("tess", 0.0, "tesseract psm 7 chữ số, không ngưỡng"),
                               ("cnn", 0.95, "mạng tích chập (CNN, conf ≥ 0.95)"),
                               ("cnn", 0.0, "mạng tích chập, không ngưỡng"),
                               ("pair", 0.5, "MLP, hoặc MLP và CNN đọc giống nhau"),
                               ("both", 0.5, "mô hình, hoặc cả hai đọc giống nhau")):
            r, w, z = _score(located, key, thr)
            z += len(crops) - len(located)
            ms = sum(c[f"{key}_ms"] for c in located) / max(1, len(located))
            print(f"  {name:38} {r:4d} {w:4d} {z:5d}  {ms:5.1f}")
        for c in crops:
            print(f"    {c['file']:14} {c['field']:5} gold {c['gold']:>5}"
                  f"  in {c.get('printed')!s:10}"
                  f" mlp {c.get('mlp')!s:24} cnn {c.get('cnn')!s:24} tess {c.get('tess')}")
    return 0
