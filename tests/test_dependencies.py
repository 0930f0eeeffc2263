"""The declared dependencies are the third-party packages the code imports: nothing declared
that is never used (a promise to install 130 MB for nothing), nothing used undeclared."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "index", "search", "corpus", "evaluation", "vanban")
# distribution name → the module it is imported as
IMPORT_NAME = {"python-docx": "docx", "Pillow": "PIL", "whoosh3": "whoosh",
               "dask": "distributed", "psycopg-pool": "psycopg_pool"}
# extras whose modules the code imports lazily (only when the feature is used)
EXTRAS = ("cluster",)


def _imports() -> set[str]:
    found = set()
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "vanban"}


def test_declared_dependencies_match_imports() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [*meta["dependencies"],
             *(d for extra in EXTRAS for d in meta["optional-dependencies"][extra])]
    declared = {re.split(r"[<>=!~\[ ]", d)[0] for d in specs}
    modules = {IMPORT_NAME.get(d, d) for d in declared}
    used = _imports()
    assert modules - used == set(), f"declared but never imported: {modules - used}"
    assert used - modules == set(), f"imported but not declared: {used - modules}"
