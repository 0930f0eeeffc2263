"""CPU ms per document of `clean` + field extraction, by stage, with `bench.ingest`'s clock.

Runs `bench.ingest.by_stage` (one in-process ingest, each stage timed exclusively) over the
generated archive and over the typed (non-scanned) dev documents in ../shared, `--rounds`
times, and prints the best round of the clean and field stages (zone segmentation included).
Compare two commits by running it on each (issue 13: extraction must not get slower).

    python -m bench.fields_cpu [--docs 300] [--rounds 3] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

import bench.ingest as bi
from bench.common import data_dir
from bench.generate import ensure, files_of

_SCANNED = {"r029.pdf", "atn19.pdf", "qt01.pdf", "qt08.pdf", "qt09.pdf", "qt13.pdf", "qt14.pdf"}
_HELD_OUT = "hb"  # never read here: the held-out portal is scored only by `vanban eval fields`


def dev_files(shared: Path) -> list[Path]:
    """The typed dev documents: the old dev set and dev2 outside the held-out portal."""
    corpus = shared / "corpus"
    folders = [corpus / d for d in ("real", "seeds") if (corpus / d).is_dir()]
    out = [p for d in folders for p in sorted(d.iterdir())
           if p.suffix in (".txt", ".doc", ".docx", ".pdf", ".html", ".md")
           and not p.name.startswith("scan") and p.name not in _SCANNED | {"README.md"}]
    gold = Path(__file__).resolve().parent.parent / "evaluation" / "data" / "dev2_gold.jsonl"
    for line in gold.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        p = corpus / "dev2" / g["file"]
        if g.get("portal") != _HELD_OUT and g["file"] not in _SCANNED and p.is_file():
            out.append(p)
    return out


def _with_zones() -> None:
    """Time zone segmentation too (called inside `extract_fields`, not a field family)."""
    base = bi._stage_points

    def points() -> list[tuple[str, object, str]]:
        return base() + [("field: zones", importlib.import_module("vanban.ingest.zones"),
                          "segment")]

    bi._stage_points = points


def measure(name: str, files: list[Path], rounds: int) -> None:
    best: dict[str, float] = {}
    for _ in range(rounds):
        stages, _total = bi.by_stage(files, data_dir(len(files), f"fields-{name}"), "tantivy")
        for k, v in stages.items():
            if k.startswith(("clean", "field")):
                best[k] = min(best.get(k, v), v)
    n = len(files)
    total = sum(best.values()) / n * 1e3
    print(f"{name}: {n} docs, clean + extract CPU {total:.2f} ms/doc (best round per stage)")
    for k, v in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {k:<22} {v / n * 1e3:7.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.fields_cpu", description=__doc__)
    ap.add_argument("--docs", type=int, default=300, help="generated documents")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    a = ap.parse_args(argv)
    _with_zones()
    measure("generated", files_of(ensure(a.docs))[: a.docs], a.rounds)
    dev = dev_files(a.shared) if (a.shared / "corpus").is_dir() else []
    if dev:
        measure("dev-typed", dev, a.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
