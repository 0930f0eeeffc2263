"""Evaluate clean text: seed 002 dedup gold, page-break gold, and a synthetic stress set.

`python -m ingest.eval_dedup [--shared DIR] [--docs N] [--seed S]` prints three tables:

1. seed 002 against `eval/dev/dedup-002.json`: every repeated block removed, none else,
   pointing at the right kept block, sections 4–11 once in the kept text;
2. page-break repair against `eval/dev/pagebreaks.json` on all seeds: genuine splits joined
   (the lowercase rule's 13, less the two inside removed copies, plus the acronym and digit
   heads), nothing else joined;
3. a deterministic stress set generated here from the seeds in `corpus/samples/`: copies of
   runs with OCR noise (1–5 %), dropped / merged / split / truncated paragraphs, tripled
   runs, and hard negatives (numbered siblings, template siblings "… năm 2020" / "… năm 2021",
   short generic lines, recurring boilerplate). Precision and recall over paragraphs; a
   removed paragraph counts as right only when it points at a paragraph of its source run
   (or at an earlier copy of it).

   What counts as a repeated section here (the dedup policy, `ingest/dedup.py`): a copy of
   at least 200 characters, with at least one paragraph of 60 or more, after damage. Shorter
   repeats – a lone heading, a `Nơi nhận:` list – are what recurs legitimately, so they are
   neither generated as copies nor expected to be removed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz
from vanban.corpus.keys import line_key
from vanban.corpus.schema import Page
from vanban.corpus.vntext import normalize, normalize_text
from vanban.ingest.clean import clean, split_paragraphs
from vanban.ingest.dedup import find_repeats, numbers
from vanban.ingest.pagebreak import repair

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"
DEFAULT_SHARED = next(
    (p for p in (Path(os.environ.get("VANBAN_SHARED", "")), ROOT.parent / "shared",
                 ROOT.parent.parent / "shared") if str(p) not in ("", ".") and p.is_dir()),
    ROOT.parent / "shared",
)


def _seed_file(n: int) -> Path:
    return next(SAMPLES.glob(f"{n:03d}_*.txt"))


def _paragraphs(path: Path):
    text, _ = normalize_text(path.read_text(encoding="utf-8"), page=1)
    return split_paragraphs([Page(1, text)])


# ---------------------------------------------------------------------------
# 1. seed 002
# ---------------------------------------------------------------------------

def eval_seed002(gold_path: Path) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = SAMPLES / gold["file"]
    paras = _paragraphs(path)
    runs = find_repeats([p.text for p in paras])
    target: dict[int, int] = {}
    for run in runs:
        for ks, rs in run.links:
            for r in rs:
                target[paras[r].line] = paras[ks[0]].line
    want = {b["line"]: b["repeat_of_line"] for b in gold["duplicate_blocks"]}
    removed = set(target)
    res = {
        "gold_blocks": len(want),
        "removed": len(removed),
        "right": sum(1 for line in removed if want.get(line) == target[line]),
        "missed": len(set(want) - removed),
        "extra": len(removed - set(want)),
    }
    cleaned = clean([Page(1, path.read_text(encoding="utf-8"))])
    raw_lines = path.read_text(encoding="utf-8").split("\n")
    once = {}
    for k in range(4, 12):
        head = next(normalize(x.strip()) for x in raw_lines if x.startswith(f"{k}. "))
        once[k] = sum(1 for p in cleaned.paragraphs if p.text.startswith(head))
    res["sections_4_11_once"] = all(v == 1 for v in once.values())
    res["section_counts"] = once
    res["phrase"] = "xây mới và sửa nhà" in cleaned.text
    return res


# ---------------------------------------------------------------------------
# 2. page breaks
# ---------------------------------------------------------------------------

def eval_pagebreaks(gold_path: Path) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raw_want = {(s["file"], s["tail_line"], s["head_line"]) for s in gold["splits"]
                if s["kind"] != "page_break_in_duplicate"}
    raw_want |= {(s["file"], s["tail_line"], s["head_line"]) for s in gold["non_rule_splits"]}
    inside_copies = {(s["file"], s["tail_line"], s["head_line"]) for s in gold["splits"]
                     if s["kind"] == "page_break_in_duplicate"}
    found: set[tuple[str, int, int]] = set()
    want: set[tuple[str, int, int]] = set()
    rules: Counter[str] = Counter()
    texts = {}
    for n in range(5):
        f = f"{n:03d}"
        paras = _paragraphs(_seed_file(n))
        runs = find_repeats([p.text for p in paras])
        gone = {r for run in runs for r in run.removed}
        kept = [p for i, p in enumerate(paras) if i not in gone]
        last_line = {id(p): p.line + p.text.count("\n") for p in kept}
        fixed = repair(kept)
        for a, b, rule in fixed.joins:
            found.add((f, last_line[id(kept[a])], kept[b].line))
            rules[rule] += 1
        texts[n] = "\n\n".join(p.text for p in fixed.paragraphs)
        # a gold tail inside a removed copy joins, after dedup, the kept paragraph before the head
        for gf, tail, head in raw_want:
            if gf != f:
                continue
            before = [p for p in kept if p.line < head]
            if before and last_line[id(before[-1])] != tail:
                tail = last_line[id(before[-1])]
            want.add((gf, tail, head))
    tp = len(found & want)
    return {
        "gold": len(want), "found": len(found), "tp": tp,
        "precision": tp / len(found) if found else 1.0,
        "recall": tp / len(want) if want else 1.0,
        "joined_inside_removed_copies": len(found & inside_copies),
        "rules": dict(rules),
        "missing": sorted(want - found), "extra": sorted(found - want),
        "phrases": {
            "xây mới và sửa nhà": "xây mới và sửa nhà" in texts[2],
            "nội dung, biện pháp, phạm vi tổ chức phong trào":
                "nội dung, biện pháp, phạm vi tổ chức phong trào" in texts[1],
        },
    }


# ---------------------------------------------------------------------------
# 3. stress set
# ---------------------------------------------------------------------------

GENERIC = ["Nơi nhận:", "- Lưu: VT.", "- Như trên;", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH",
           "(Đã ký)", "Trân trọng!", "- Lưu: VT, CTCS."]
BOILERPLATE = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ sung một "
    "số điều của Luật Thi đua, khen thưởng ngày 16 tháng 11 năm 2013;",
    "Đề nghị các cấp công đoàn triển khai thực hiện nghiêm túc các nội dung trên.",
    "Trong quá trình thực hiện nếu có vướng mắc, đề nghị phản ánh về Ban Thường vụ Liên đoàn "
    "Lao động tỉnh để được hướng dẫn.",
]
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_LOOK = {"rn": "m", "m": "rn", "l": "i", "i": "l", "c": "e", "e": "c", "n": "h", "h": "n",
         "u": "v", "v": "u", "o": "c", "t": "f", "đ": "d", "Đ": "D", "ư": "u", "ơ": "o",
         "â": "a", "ă": "a", "ê": "e", "ô": "o"}
_DIGIT_LOOK = {"0": "O", "1": "l", "5": "S", "8": "B"}


def ocr_noise(text: str, rate: float, rng: random.Random) -> str:
    """OCR-like damage at `rate` per character: tone/diacritic and look-alike swaps,
    deletions, insertions, lost spaces; digits only become look-alike letters (digit→digit
    errors are indistinguishable from a sibling's other figure, by design)."""
    out: list[str] = []
    for ch in text:
        if rng.random() >= rate:
            out.append(ch)
            continue
        if ch.isdigit():
            out.append(_DIGIT_LOOK.get(ch, ch))
        elif ch.isalpha():
            r = rng.random()
            if r < 0.5:
                base = unicodedata.normalize("NFD", ch)
                tones = [c for c in base if c in _TONE_MARKS]
                plain = "".join(c for c in base if c not in _TONE_MARKS)
                if tones and rng.random() < 0.6:
                    new = rng.choice([t for t in _TONE_MARKS if t != tones[0]] + [""])
                    out.append(unicodedata.normalize("NFC", plain + new))
                else:
                    low = unicodedata.normalize("NFC", plain).lower()
                    out.append(_LOOK.get(low, ch))
            elif r < 0.75:
                continue
            elif r < 0.9:
                out.append(ch + rng.choice("aeinotuhc"))
            else:
                out.append(ch.swapcase())
        elif ch == " ":
            if rng.random() < 0.5:
                out.append(ch)
        else:
            if rng.random() < 0.5:
                out.append(ch)
    return normalize("".join(out))


@dataclass
class StressDoc:
    texts: list[str]
    source: list[set[int] | None]  # for copy paragraphs: indices of the paragraphs they copy
    kind: list[str]  # base | copy | sibling | template | generic | boilerplate
    transforms: list[set[str]] = field(default_factory=list)


def base_documents() -> list[list[str]]:
    """The seeds as paragraph lists, without the repeats they already contain."""
    docs = []
    for path in sorted(SAMPLES.glob("*.txt")):
        keys: list[str] = []
        texts: list[str] = []
        for p in _paragraphs(path):
            k = line_key(p.text)
            if len(k) >= 30 and any(fuzz.ratio(k, x) >= 90 for x in keys):
                continue
            keys.append(k)
            texts.append(p.text)
        docs.append(texts)
    return docs


_NUMBER = re.compile(r"\d+")


def _shift_numbers(text: str, rng: random.Random) -> str:
    """Another year's / sibling's figures: every number changed (years +k, others +j)."""
    years = rng.randint(1, 6)

    def one(m: re.Match[str]) -> str:
        v = int(m.group(0))
        if 1900 <= v <= 2100:
            return str(v + years)
        return str(v + rng.randint(1, 9)).zfill(len(m.group(0)))
    return _NUMBER.sub(one, text)


def _fresh(make, existing: list[str], tries: int = 8) -> str | None:
    """A generated negative that no paragraph of the document already has (else it would
    be a true repeat, not a hard negative)."""
    for _ in range(tries):
        t = make()
        nums = numbers(t)
        if not any(numbers(e) == nums and fuzz.ratio(e, t) >= 80 for e in existing):
            return t
    return None


def _copy_run(texts: list[str], start: int, length: int, rng: random.Random
              ) -> tuple[list[str], list[set[int]], set[str]]:
    """A damaged copy of texts[start:start+length] and, per copy paragraph, its sources."""
    items = [(texts[i], {i}) for i in range(start, start + length)]
    done: set[str] = set()
    if length >= 3 and rng.random() < 0.25:
        del items[rng.randrange(1, length - 1)]
        done.add("dropped")
    if len(items) >= 2 and rng.random() < 0.2:
        k = rng.randrange(len(items) - 1)
        items[k:k + 2] = [(items[k][0] + " " + items[k + 1][0], items[k][1] | items[k + 1][1])]
        done.add("merged")
    if rng.random() < 0.2:
        k = rng.randrange(len(items))
        words = items[k][0].split(" ")
        if len(words) >= 16:
            cut = rng.randint(len(words) // 3, 2 * len(words) // 3)
            items[k:k + 1] = [(" ".join(words[:cut]), items[k][1]),
                              (" ".join(words[cut:]), items[k][1])]
            done.add("split")
    if rng.random() < 0.2:
        words = items[-1][0].split(" ")
        if len(words) >= 12:
            items[-1] = (" ".join(words[: int(len(words) * rng.uniform(0.4, 0.8))]), items[-1][1])
            done.add("truncated_end")
    if len(items) >= 2 and rng.random() < 0.15:
        words = items[0][0].split(" ")
        if len(words) >= 12:
            items[0] = (" ".join(words[-int(len(words) * rng.uniform(0.4, 0.8)):]), items[0][1])
            done.add("truncated_start")
    rate = 0.0 if rng.random() < 0.2 else rng.uniform(0.01, 0.05)
    if rate:
        done.add("noise")
    return [ocr_noise(t, rate, rng) if rate else t for t, _ in items], [s for _, s in items], done


def make_stress_doc(base: list[str], rng: random.Random) -> StressDoc:
    """One synthetic document: a window of a seed, damaged copies, hard negatives."""
    lo = rng.randrange(0, max(1, len(base) - 20))
    window = base[lo: lo + rng.randint(20, 60)]
    # every paragraph is (uid, text, kind, sources as uids, transforms)
    items: list[tuple[int, str, str, set[int] | None, set[str]]] = [
        (u, t, "base", None, set()) for u, t in enumerate(window)]
    next_uid = len(items)
    source_runs: list[set[int]] = []

    def insert(at: int, texts: list[str], kind: str, srcs: list[set[int] | None],
               tr: set[str]) -> None:
        nonlocal next_uid
        new = []
        for t, src in zip(texts, srcs, strict=True):
            new.append((next_uid, t, kind, src, set(tr)))
            next_uid += 1
        items[at:at] = new

    for _ in range(rng.choice([1, 1, 2])):
        length = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8])
        # a copy worth the name: some real text in it, and a lone paragraph only when long
        # (short lines alone recur legitimately: `Nơi nhận:`, `- Lưu: VT.`)
        starts = [i for i in range(len(items) - length)
                  if all(items[k][2] == "base" for k in range(i, i + length))
                  and max(len(items[k][1]) for k in range(i, i + length)) >= 60
                  and sum(len(items[k][1]) for k in range(i, i + length)) >= 200]
        if not starts:
            continue
        s0 = rng.choice(starts)
        run_texts = [items[k][1] for k in range(s0, s0 + length)]
        run_uids = [items[k][0] for k in range(s0, s0 + length)]
        source_runs.append(set(run_uids))
        for _c in range(2 if rng.random() < 0.2 else 1):
            new, src_local, tr = _copy_run(run_texts, 0, length, rng)
            if sum(map(len, new)) < 200 or max(map(len, new)) < 60:
                continue  # damage left too little to call it a section (see module doc)
            srcs = [{run_uids[i] for i in loc} for loc in src_local]
            end_run = next(k for k, it in enumerate(items) if it[0] == run_uids[-1]) + 1
            at = end_run if rng.random() < 0.5 else rng.randint(end_run, len(items))
            while 0 < at < len(items) and items[at][2] == "copy" and items[at - 1][2] == "copy":
                at += 1  # never inside another copy
            insert(at, new, "copy", srcs, tr)
    # Short generic lines and boilerplate go where they cannot sit at the same place in a
    # run and in its copy (there a repeat of them would be part of the copy).
    def away() -> int:
        near: set[int] = set()
        copied = set().union(*source_runs) if source_runs else set()
        for k, it in enumerate(items):
            if it[2] == "copy" or it[0] in copied:
                near.update((k, k + 1))
        free = [k for k in range(len(items) + 1) if k not in near]
        return rng.choice(free) if free else len(items)

    def inside(at: int) -> bool:
        """Strictly inside a copy or inside the run it copies (a negative there would be an
        insertion into the page, not a neighbour)."""
        if at <= 0 or at >= len(items):
            return False
        x, y = items[at - 1], items[at]
        return (x[2] == y[2] == "copy") or any(x[0] in r and y[0] in r for r in source_runs)

    for _ in range(rng.randint(1, 3)):
        numbered = [k for k, it in enumerate(items) if it[2] == "base" and _NUMBER.search(it[1])]
        if not numbered:
            break
        k = rng.choice(numbered)
        sib = _fresh(lambda k=k: _shift_numbers(items[k][1], rng), [it[1] for it in items])
        if sib is None:
            continue
        if rng.random() < 0.3:
            sib = ocr_noise(sib, 0.01, rng)
        at = k + 1 if rng.random() < 0.5 else rng.randint(0, len(items))
        if inside(at):
            at = away()
        insert(at, [sib], "sibling", [None], set())
    pairs = [k for k in range(len(items) - 1)
             if items[k][2] == items[k + 1][2] == "base"
             and _NUMBER.search(items[k][1]) and _NUMBER.search(items[k + 1][1])]
    if pairs and rng.random() < 0.7:
        k = rng.choice(pairs)
        existing = [it[1] for it in items]
        sibs = [_fresh(lambda j=j: _shift_numbers(items[j][1], rng), existing)
                for j in (k, k + 1)]
        at = rng.randint(k + 2, len(items))
        if inside(at):
            at = away()
        if None not in sibs:
            insert(at, sibs, "template", [None, None], set())
    for _ in range(rng.randint(2, 4)):
        insert(away(), [rng.choice(GENERIC)], "generic", [None], set())
    if rng.random() < 0.6:
        b = rng.choice(BOILERPLATE)
        for _ in range(rng.randint(2, 3)):
            insert(away(), [b], "boilerplate", [None], set())
    pos = {it[0]: k for k, it in enumerate(items)}
    return StressDoc(
        texts=[it[1] for it in items],
        source=[{pos[u] for u in it[3]} if it[3] is not None else None for it in items],
        kind=[it[2] for it in items],
        transforms=[it[4] for it in items],
    )


def stress_set(n_docs: int = 300, seed: int = 9) -> list[StressDoc]:
    """The deterministic stress set: same seed, same documents."""
    rng = random.Random(seed)
    bases = base_documents()
    return [make_stress_doc(rng.choice(bases), rng) for _ in range(n_docs)]


def eval_stress(n_docs: int, seed: int) -> dict:
    tp = fp = fn = wrong_target = 0
    fp_kind: Counter[str] = Counter()
    fn_tr: Counter[str] = Counter()
    pos_tr: Counter[str] = Counter()
    for doc in stress_set(n_docs, seed):
        runs = find_repeats(doc.texts)
        target: dict[int, int] = {}
        for run in runs:
            for ks, rs in run.links:
                for r in rs:
                    target[r] = set(ks)
        for k, kd in enumerate(doc.kind):
            positive = kd == "copy"
            for t in doc.transforms[k] if positive else ():
                pos_tr[t] += 1
            if k in target:
                # right target: a paragraph of its source run, or another copy of it
                hits = {t for t in target[k] if t in (doc.source[k] or ()) or (
                    doc.kind[t] == "copy" and doc.source[t] & (doc.source[k] or set()))}
                if positive and hits:
                    tp += 1
                elif positive:
                    wrong_target += 1
                    fp += 1
                    fp_kind["copy→wrong target"] += 1
                else:
                    fp += 1
                    fp_kind[kd] += 1
            elif positive:
                fn += 1
                for t in doc.transforms[k] or {"exact"}:
                    fn_tr[t] += 1
    return {
        "docs": n_docs, "positives": tp + fn, "tp": tp, "fp": fp, "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "fp_by_kind": dict(fp_kind), "fn_by_transform": dict(fn_tr),
        "positives_by_transform": dict(pos_tr),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="eval_dedup", description="Đánh giá khử trùng lặp, "
                                 "nối ngắt trang và bộ thử tổng hợp.")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--seeds", type=int, default=0,
                    help="thêm: chạy bộ thử với seed 1..N và in tổng hợp")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    out: dict = {}
    dedup_gold = args.shared / "eval" / "dev" / "dedup-002.json"
    pb_gold = args.shared / "eval" / "dev" / "pagebreaks.json"
    if dedup_gold.is_file():
        out["seed002"] = eval_seed002(dedup_gold)
    if pb_gold.is_file():
        out["pagebreaks"] = eval_pagebreaks(pb_gold)
    out["stress"] = eval_stress(args.docs, args.seed)
    if args.seeds:
        per = [eval_stress(args.docs, k) for k in range(1, args.seeds + 1)]
        tp, fp, fn = (sum(r[k] for r in per) for k in ("tp", "fp", "fn"))
        out["stress_seeds"] = {
            "seeds": args.seeds, "tp": tp, "fp": fp, "fn": fn,
            "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0,
            "min_precision": min(r["precision"] for r in per),
            "min_recall": min(r["recall"] for r in per),
        }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        return 0
    if "seed002" in out:
        s = out["seed002"]
        print("Seed 002 (dedup-002.json)")
        print(f"  khối lặp gold {s['gold_blocks']:>3}  đã bỏ {s['removed']:>3}  đúng đích "
              f"{s['right']:>3}  sót {s['missed']}  thừa {s['extra']}")
        print(f"  mục 4–11 còn đúng một lần: {s['sections_4_11_once']}  {s['section_counts']}")
    else:
        print("Seed 002: không có gold (../shared vắng mặt)")
    if "pagebreaks" in out:
        p = out["pagebreaks"]
        print("Ngắt trang (pagebreaks.json)")
        print(f"  gold {p['gold']}  nối {p['found']}  đúng {p['tp']}  precision "
              f"{p['precision']:.3f}  recall {p['recall']:.3f}  nối trong bản lặp đã bỏ "
              f"{p['joined_inside_removed_copies']}  luật {p['rules']}")
        if p["missing"] or p["extra"]:
            print(f"  sót {p['missing']}  thừa {p['extra']}")
        print(f"  cụm liền mạch: {p['phrases']}")
    st = out["stress"]
    print(f"Bộ thử tổng hợp ({st['docs']} văn bản, seed {args.seed})")
    print(f"  đoạn lặp {st['positives']}  đúng {st['tp']}  sai {st['fp']}  sót {st['fn']}  "
          f"precision {st['precision']:.4f}  recall {st['recall']:.4f}")
    print(f"  sai theo loại: {st['fp_by_kind']}")
    print(f"  sót theo biến đổi: {st['fn_by_transform']}  (tổng theo biến đổi: "
          f"{st['positives_by_transform']})")
    if "stress_seeds" in out:
        m = out["stress_seeds"]
        print(f"Bộ thử, seed 1..{m['seeds']} ({m['seeds']} × {args.docs} văn bản): đúng {m['tp']}"
              f"  sai {m['fp']}  sót {m['fn']}  precision {m['precision']:.4f}  recall "
              f"{m['recall']:.4f}  (thấp nhất: precision {m['min_precision']:.4f}, recall "
              f"{m['min_recall']:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
