"""The layers: cli → archive → search → index → corpus, and ingest → corpus. A module may
import its own layer and the layers below it, never above (lazy imports inside functions
count too); production code never imports the evaluation, the benchmarks or the tests."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# layer of each folder (as installed: vanban.<name>) and what it may import
ALLOWED = {
    "corpus": {"corpus"},
    "index": {"index", "corpus"},
    "search": {"search", "index", "corpus"},
    "ingest": {"ingest", "corpus"},
    "archive": {"archive", "search", "index", "ingest", "corpus"},
    "cli": {"cli", "archive", "search", "index", "ingest", "corpus", "evaluation"},
}
FRONT = {"cli.py": "cli", "output.py": "cli", "runner.py": "cli", "__main__.py": "cli",
         "fastpath.py": "cli", "jsonout.py": "cli"}


def _layer_of(path: Path) -> str | None:
    rel = path.relative_to(ROOT)
    top = rel.parts[0]
    if top in ("corpus", "index", "search", "ingest"):
        return top
    if top == "vanban":
        return FRONT.get(rel.name, "archive")
    return None


def _target(name: str) -> str | None:
    """The layer an absolute import name belongs to (None: outside the project)."""
    parts = name.split(".")
    if parts[0] in ("bench", "tests", "evaluation"):
        return parts[0]
    if parts[0] != "vanban":
        return None
    if len(parts) == 1:
        return "archive"
    sub = parts[1]
    if sub in ("corpus", "index", "search", "ingest", "evaluation"):
        return sub
    return FRONT.get(sub + ".py", "archive")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
    return out


def test_layers_import_only_downwards() -> None:
    wrong = []
    for folder in ("corpus", "index", "search", "ingest", "vanban"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            layer = _layer_of(path)
            for line, name in _imports(path):
                target = _target(name)
                if target is not None and target not in ALLOWED[layer]:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} ({layer}) imports {name}")
    assert not wrong, "\n".join(wrong)


def test_old_top_level_names_are_not_used() -> None:
    """`import search` would shadow another package of that name on a user's machine."""
    old = {"corpus", "index", "search", "ingest"}
    wrong = [f"{p.relative_to(ROOT)}:{line} imports {name}"
             for folder in ("corpus", "index", "search", "ingest", "vanban", "evaluation",
                            "bench", "tests")
             for p in sorted((ROOT / folder).rglob("*.py"))
             for line, name in _imports(p) if name.split(".")[0] in old]
    assert not wrong, "\n".join(wrong)


def test_wheel_installs_one_import_name(tmp_path: Path) -> None:
    """The built distribution holds only `vanban/` (and its metadata): no top-level
    `search`, `index`, `ingest`, `corpus` or `tests` on a user's sys.path."""
    import subprocess
    import sys
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("vanban-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"vanban"}
    top_level = next(n for n in names if n.endswith("top_level.txt"))
    assert zipfile.ZipFile(wheel).read(top_level).decode().split() == ["vanban"]
    assert "vanban/corpus/data/loai_van_ban.tsv" in names  # data files travel inside
    assert any(n.startswith("vanban/corpus/samples/") for n in names)


def test_sql_only_in_the_store_implementation() -> None:
    """A second store (PostgreSQL) must only need a second implementation of the protocol."""
    wrong = []
    for folder in ("corpus", "index", "search", "ingest", "vanban", "evaluation", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.relative_to(ROOT).as_posix() in ("corpus/sqlite_store.py",
                                                     "corpus/pg_store.py"):
                continue
            names = [n for _, n in _imports(path)]
            text = path.read_text(encoding="utf-8")
            if "sqlite3" in names or ".execute(" in text or "executemany(" in text:
                wrong.append(str(path.relative_to(ROOT)))
    assert not wrong, wrong
