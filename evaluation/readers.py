"""Reader evaluation: character error rate of every sample against its truth.

`vanban eval readers [SAMPLES_DIR] [--no-ocr]` reads each sample file of
`../shared/corpus/samples` (or the given folder) and compares it with its truth:
`docN.ref.txt` for `docN*.pdf|docx`, `doc0_rl.pages.json` for `doc0_rl.pdf` and the
single-page scans of its page 1, `scans/<name>.gt.json` for the image-only PDFs and their
OCRmyPDF outputs. CER = Levenshtein distance / truth length after NFC and whitespace
collapsing. Running header/footer lines the reader removed are removed from page truths too
(the readers are meant to drop them). Prints per file, per format and pages/second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein
from vanban.ingest.detect import detect_format
from vanban.ingest.readers import ReadError, read

ROOT = Path(__file__).resolve().parents[1]


def default_samples() -> Path:
    """`$VANBAN_SHARED/corpus/samples`, else `../shared` next to the project (or its parent,
    for a git worktree)."""
    env = os.environ.get("VANBAN_SHARED")
    bases = [Path(env)] if env else []
    bases += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for base in bases:
        if (base / "corpus" / "samples").is_dir():
            return base / "corpus" / "samples"
    return bases[0] / "corpus" / "samples"

TARGETS = {"text-pdf": 0.1, "docx": 0.1, "scan-clean": 0.5, "scan-office": 0.5,
           "scan-harsh": 2.0, "tcvn3": 2.5, "scan-speckle": 2.0, "ocrmypdf": 2.0,
           "mixed": 0.5, "notounicode": 0.5}


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(hyp: str, ref: str) -> float:
    h, r = norm(hyp), norm(ref)
    return 100.0 * Levenshtein.distance(h, r) / max(1, len(r))


def _key(line: str) -> str:
    from vanban.ingest.readers.pdf import _key as pdf_key

    return pdf_key(line)


@dataclass
class Case:
    path: Path
    kind: str
    truth: str | None = None  # full text truth
    page_truth: list[str] | None = None  # per-page truth (first pages of the file)


def cases(root: Path) -> list[Case]:
    out: list[Case] = []
    refs = {p.name.split(".")[0]: p.read_text(encoding="utf-8") for p in root.glob("doc*.ref.txt")}
    for p in sorted(root.glob("doc*.pdf")) + sorted(root.glob("doc*.docx")):
        stem = p.stem
        base = stem.split("_")[0]
        if stem == "doc0_rl":
            pages = json.loads((root / "doc0_rl.pages.json").read_text(encoding="utf-8"))
            out.append(Case(p, "text-pdf", page_truth=["\n".join(pg) for pg in pages]))
        elif base in refs:
            kind = "docx" if p.suffix == ".docx" else "text-pdf"
            if "tcvn3" in stem:
                kind = "tcvn3"
            elif "notounicode" in stem:
                kind = "notounicode"
            out.append(Case(p, kind, truth=refs[base]))
    if (root / "mixed_text_scan.pdf").exists() and "doc0" in refs:
        out.append(Case(root / "mixed_text_scan.pdf", "mixed", truth=None))
    scans = root / "scans"
    rl = root / "doc0_rl.pages.json"
    if rl.exists():
        p1 = "\n".join(json.loads(rl.read_text(encoding="utf-8"))[0])
        kinds = {"clean300": "scan-clean", "skew1.5": "scan-clean", "sp1pct": "scan-speckle",
                 "combo200": "scan-office", "harsh150": "scan-harsh"}
        for img in sorted(scans.glob("doc0_p1_*")):
            kind = next((k for s, k in kinds.items() if s in img.name), "scan-clean")
            out.append(Case(img, kind, page_truth=[p1]))
    for gt in sorted(scans.glob("*.gt.json")):
        pages = json.loads(gt.read_text(encoding="utf-8"))
        name = gt.name.removesuffix(".gt.json")
        kind = "scan-harsh" if "harsh" in name else "scan-office"
        pdf = scans / f"{name}.pdf"
        if pdf.exists():
            out.append(Case(pdf, kind, page_truth=pages))
        tag = name.removeprefix("scan_")
        ocrd = scans / f"ocrmypdf_{tag}_vie.pdf"
        if ocrd.exists():
            out.append(Case(ocrd, "ocrmypdf", page_truth=pages))
    return out


def _strip_truth(page: str, removed: list[str]) -> str:
    """Drop from a page truth the running lines the reader dropped (top/bottom only)."""
    lines = [ln for ln in page.split("\n") if ln.strip()]
    keys = {_key(r) for r in removed}
    edge = set(range(min(2, len(lines)))) | set(range(max(0, len(lines) - 2), len(lines)))
    return "\n".join(ln for i, ln in enumerate(lines) if not (i in edge and _key(ln) in keys))


def _cpu() -> float:
    """CPU seconds of this process and its finished children (tesseract, antiword): a
    speed measure that a busy shared machine does not distort."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def evaluate(case: Case, refs_dir: Path) -> dict:
    c0 = _cpu()
    t0 = time.perf_counter()
    fmt = detect_format(case.path)
    try:
        res = read(case.path, fmt)
    except ReadError as exc:
        return {"file": case.path.name, "kind": case.kind, "error": str(exc)}
    secs = time.perf_counter() - t0
    cpu = _cpu() - c0
    pages = res.pages
    removed = res.meta.get("running_lines") or [[] for _ in pages]
    if case.kind == "mixed":
        # pages 1, 2 and 4 are doc0.pdf's text pages (truth doc0.ref.txt); page 3 is a scan of
        # doc0_rl.pdf page 1 (truth doc0_rl.pages.json): compared as text pages + scan page
        ref = (refs_dir / "doc0.ref.txt").read_text(encoding="utf-8")
        rl = json.loads((refs_dir / "doc0_rl.pages.json").read_text(encoding="utf-8"))[0]
        scan = [p for p in pages if p.method == "ocr"]
        texts = [p for p in pages if p.method != "ocr"]
        scan_removed = removed[scan[0].number - 1] if scan else []
        truth = ref + "\n" + _strip_truth("\n".join(rl), scan_removed)
        hyp = " ".join(p.text for p in texts + scan)
        score = cer(hyp, truth)
    elif case.page_truth is not None:
        n = min(len(pages), len(case.page_truth))
        truth = " ".join(_strip_truth(case.page_truth[i], removed[i] if i < len(removed) else [])
                         for i in range(n))
        hyp = " ".join(p.text for p in pages[:n])
        score = cer(hyp, truth)
    else:
        hyp = " ".join(p.text for p in pages)
        score = cer(hyp, case.truth or "")
    methods = sorted({p.method for p in pages})
    return {"file": str(case.path.relative_to(refs_dir)), "kind": case.kind, "cer": score,
            "pages": len(pages), "seconds": secs, "cpu": cpu, "methods": ",".join(methods),
            "target": TARGETS.get(case.kind)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="eval_readers", description=__doc__.split("\n")[0])
    ap.add_argument("samples", nargs="?", default=None)
    ap.add_argument("--no-ocr", action="store_true", help="bỏ qua các tệp cần nhận dạng chữ")
    ap.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    args = ap.parse_args(argv)
    root = Path(args.samples) if args.samples else default_samples()
    if not root.is_dir():
        print(f"không thấy thư mục mẫu: {root}", file=sys.stderr)
        return 2
    from vanban.ingest.readers import _registry

    _registry()  # import every reader before timing the first file
    rows = []
    for case in cases(root):
        if args.no_ocr and (case.kind.startswith("scan") or case.kind in ("mixed", "notounicode")):
            continue
        rows.append(evaluate(case, root))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{'tệp':<42} {'loại':<13} {'CER %':>7} {'mục tiêu':>8} {'trang':>5} "
          f"{'trang/s':>8} {'CPU-s/tr':>8}  cách đọc")
    for r in rows:
        if "error" in r:
            print(f"{r['file']:<42} {r['kind']:<13} LỖI: {r['error']}")
            continue
        tgt = f"{r['target']:.1f}" if r["target"] is not None else "-"
        ok = "" if r["target"] is None or r["cer"] <= r["target"] else " !"
        pps = r["pages"] / r["seconds"] if r["seconds"] else 0.0
        print(f"{r['file']:<42} {r['kind']:<13} {r['cer']:>7.2f} {tgt:>8} {r['pages']:>5} "
              f"{pps:>8.2f} {r['cpu'] / max(1, r['pages']):>8.3f}  {r['methods']}{ok}")
    print()
    print(f"{'loại':<13} {'tệp':>4} {'CER % (TB)':>11} {'CER % (max)':>12} {'trang/s':>8} "
          f"{'CPU-s/tr':>8}")
    kinds: dict[str, list[dict]] = {}
    for r in rows:
        if "error" not in r:
            kinds.setdefault(r["kind"], []).append(r)
    for kind, rs in kinds.items():
        pages = sum(r["pages"] for r in rs)
        secs = sum(r["seconds"] for r in rs)
        mean = sum(r["cer"] for r in rs) / len(rs)
        cpu = sum(r["cpu"] for r in rs)
        print(f"{kind:<13} {len(rs):>4} {mean:>11.2f} {max(r['cer'] for r in rs):>12.2f} "
              f"{pages / secs if secs else 0:>8.2f} {cpu / max(1, pages):>8.3f}")
    total_p = sum(r.get("pages", 0) for r in rows)
    total_s = sum(r.get("seconds", 0) for r in rows)
    total_c = sum(r.get("cpu", 0) for r in rows)
    print(f"\ntổng: {len(rows)} tệp, {total_p} trang, {total_s:.1f} s, "
          f"{total_p / total_s if total_s else 0:.2f} trang/s, {total_c:.1f} CPU-s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
