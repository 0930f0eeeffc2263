"""underthesea and spaCy against our own text steps, on the dev texts.

    python bench/nlp_compare.py [FOLDER ...]   (default: corpus/samples, shared real-text)

Measures, per tool:
- normalisation: does each tone-style pair (`hoà`/`hòa`, `thuỷ`/`thủy`) come out as one
  form; is the text's length kept (offsets, provenance and highlights depend on it); do
  document numbers (`34-CT/TW`) survive whole; seconds per MB;
- sentence splitting: boundaries inside a document number, a date, a decimal or `TP.`
  (always wrong), sentences found, agreement between the two, seconds per MB;
- word segmentation (underthesea `word_tokenize`): document numbers kept as one token,
  share of syllables joined into compounds, seconds per MB;
- spaCy's blank Vietnamese tokenizer (the only spaCy use: unit names in the body) against
  a regular expression: do the two give the same tokens and the same unit mentions.
Needs underthesea and spaCy installed (they are not vanban dependencies any more).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "corpus" / "samples", Path("/work/shared/corpus/real-text"),
           ROOT.parent / "shared" / "corpus" / "real-text"]
PAIRS = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
         "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy",
         "uỵ": "ụy"}
PROTECTED = re.compile(r"\d{1,5}(?:/\d{4})?[/-][A-ZĐ]{1,8}(?:[-/][A-ZĐ]{1,8})*"
                       r"|\d{1,2}/\d{1,2}/\d{4}|\d+[.,]\d+|\bT[Pp]\.|\bv\.v\.")


def texts(folders: list[Path]) -> list[str]:
    out = []
    seen = set()
    for f in folders:
        if f.is_dir() and f.resolve() not in seen:
            seen.add(f.resolve())
            out += [p.read_text(encoding="utf-8") for p in sorted(f.glob("*.txt"))]
    return out


def tone_pairs(docs: list[str]) -> list[tuple[str, str]]:
    words = {w for d in docs for w in re.findall(r"[^\W\d_]+", d)}
    out = set()
    for w in words:
        lw = w.lower()
        for old, new in PAIRS.items():
            if old in lw:
                out.add((lw, lw.replace(old, new)))
            elif new in lw and not lw.startswith(("q", "gi")):
                out.add((lw.replace(new, old), lw))
    return sorted(out)


def per_mb(seconds: float, docs: list[str]) -> float:
    return seconds / (sum(len(d.encode()) for d in docs) / 1e6)


def measure_normalize(name: str, fn, docs: list[str], pairs) -> None:
    t = time.perf_counter()
    outs = [fn(d) for d in docs]
    secs = time.perf_counter() - t
    same = sum(fn(a) == fn(b) for a, b in pairs)
    kept_len = sum(len(o) == len(d) for o, d in zip(outs, docs, strict=True))
    numbers = [m.group(0) for d in docs for m in PROTECTED.finditer(d) if "/" in m.group(0)
               and not m.group(0)[0:2].isdigit() or re.match(r"\d+-[A-Z]", m.group(0))]
    whole = sum(any(n in o for o in outs) for n in numbers)
    print(f"  {name:<24} tone pairs unified {same}/{len(pairs)}; length kept "
          f"{kept_len}/{len(docs)} texts; numbers whole {whole}/{len(numbers)}; "
          f"{per_mb(secs, docs):.2f} s/MB")


def our_sentences(text: str) -> list[tuple[int, int]]:
    from vanban.ingest.fields.chi_tieu import _units

    lines, pos = [], 0
    for ln in text.split("\n"):
        lines.append((pos, pos + len(ln)))
        pos += len(ln) + 1
    return sorted({(ss, se) for _cs, _ce, ss, se in _units(text, lines)})


def their_sentences(text: str) -> list[tuple[int, int]]:
    from underthesea import sent_tokenize

    out, pos = [], 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        cur = 0
        for s in sent_tokenize(line):
            i = line.find(s, cur)
            if i < 0:
                i = line.find(s[:20], cur)
            if i < 0:
                continue
            out.append((base + i, base + i + len(s)))
            cur = i + len(s)
    return out


def bad_cuts(text: str, spans: list[tuple[int, int]]) -> int:
    cuts = {e for _s, e in spans}
    bad = 0
    for m in PROTECTED.finditer(text):
        bad += any(m.start() < c < m.end() for c in cuts)
    return bad


def measure_sentences(docs: list[str]) -> None:
    for name, fn in (("vanban (chi_tieu)", our_sentences),
                     ("underthesea sent_tokenize", their_sentences)):
        t = time.perf_counter()
        spans = [fn(d) for d in docs]
        secs = time.perf_counter() - t
        bad = sum(bad_cuts(d, s) for d, s in zip(docs, spans, strict=True))
        n = sum(len(s) for s in spans)
        print(f"  {name:<26} {n} sentences; cuts inside a number/date/TP. {bad}; "
              f"{per_mb(secs, docs):.2f} s/MB")
    ours = [{e for _s, e in our_sentences(d)} for d in docs]
    theirs = [{e for _s, e in their_sentences(d)} for d in docs]
    both = sum(len(a & b) for a, b in zip(ours, theirs, strict=True))
    print(f"  boundaries in common: {both} (vanban {sum(map(len, ours))}, underthesea "
          f"{sum(map(len, theirs))})")


def measure_words(docs: list[str]) -> None:
    from underthesea import word_tokenize
    from vanban.index.analysis import NUMBER

    t = time.perf_counter()
    toks = [word_tokenize(d) for d in docs]
    secs = time.perf_counter() - t
    numbers = [m.group(0) for d in docs for m in NUMBER.finditer(d)]
    flat = {x for ts in toks for x in ts}
    whole = sum(n in flat for n in numbers)
    syl = sum(len(x.split()) for ts in toks for x in ts)
    joined = sum(len(x.split()) for ts in toks for x in ts if " " in x)
    print(f"  underthesea word_tokenize: numbers kept as one token {whole}/{len(numbers)}; "
          f"syllables in compounds {joined / max(syl, 1):.0%}; {per_mb(secs, docs):.2f} s/MB")


def measure_spacy(docs: list[str]) -> None:
    """The unit mentions `don_vi.body_mentions` finds with spaCy's tokens and with ours."""
    import spacy
    from vanban.ingest.fields import don_vi

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers":
                                                          "spacy.Tokenizer.v1"}}})

    def spacy_tokens(text: str) -> list:
        return [don_vi._Tok(t.idx, t.text) for t in nlp(text) if not t.is_space]

    ours = don_vi.tokens
    t = time.perf_counter()
    rx = [don_vi.body_mentions(d) for d in docs]
    r_secs = time.perf_counter() - t
    don_vi.tokens = spacy_tokens
    try:
        t = time.perf_counter()
        sp = [don_vi.body_mentions(d) for d in docs]
        s_secs = time.perf_counter() - t
    finally:
        don_vi.tokens = ours
    same = sum(a == b for a, b in zip(sp, rx, strict=True))
    n_sp, n_rx = sum(map(len, sp)), sum(map(len, rx))
    common = sum(len(set(a) & set(b)) for a, b in zip(sp, rx, strict=True))
    print(f"  unit mentions with spaCy tokens {n_sp} ({per_mb(s_secs, docs):.2f} s/MB), with "
          f"the regex {n_rx} ({per_mb(r_secs, docs):.2f} s/MB); the same in {common}; "
          f"identical lists in {same}/{len(docs)} texts")
    for a, b in zip(sp, rx, strict=True):
        for m in sorted(set(a) ^ set(b))[:3]:
            print(f"    differs: {'spaCy' if m in a else 'regex'}: {m}")


def main(argv: list[str]) -> int:
    from vanban.corpus.vntext import normalize

    folders = [Path(a) for a in argv] or DEFAULT
    docs = texts(folders)
    print(f"{len(docs)} texts, {sum(len(d) for d in docs) / 1e3:.0f}k characters")
    pairs = tone_pairs(docs)
    print("Normalisation:")
    measure_normalize("vanban normalize", normalize, docs, pairs)
    from underthesea import text_normalize

    measure_normalize("underthesea text_normalize", text_normalize, docs, pairs)
    print("Sentence splitting:")
    measure_sentences(docs)
    print("Word segmentation:")
    measure_words(docs)
    print("spaCy:")
    measure_spacy(docs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
