"""Every module imports on its own, whatever was imported before it: a circular import that
only breaks when one module is loaded first (a tool, a worker or a test importing it
directly) is caught here, not by a user."""

import subprocess
import sys

PROBE = r"""
import importlib, pkgutil, sys
names = set()
for top in ("vanban", "vanban.corpus", "vanban.evaluation", "vanban.index", "vanban.ingest",
            "vanban.search"):
    pkg = importlib.import_module(top)
    names |= {top} | {m.name for m in pkgutil.walk_packages(pkg.__path__, top + ".")}
names = sorted(names)
bad = []
for name in names:
    for loaded in [k for k in sys.modules if k == "vanban" or k.startswith("vanban.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - report every module that fails
        bad.append(f"{name}: {type(exc).__name__}: {exc}")
print(len(names))
print("\n".join(bad))
"""


def test_every_module_imports_first():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         timeout=300, check=True).stdout.splitlines()
    assert int(out[0]) > 50
    assert [line for line in out[1:] if line] == []
