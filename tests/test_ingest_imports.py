"""The guards and errors stand alone: importing them pulls in no reader (the old
readers <-> safety cycle), and the reader package imports cleanly after them."""

from __future__ import annotations

import subprocess
import sys


def _fresh(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_safety_imports_alone_without_readers() -> None:
    out = _fresh("import sys, vanban.ingest.safety\n"
                 "print(sorted(m for m in sys.modules if m.startswith('vanban.ingest.')))")
    assert "vanban.ingest.readers" not in out
    assert "vanban.ingest.errors" in out


def test_readers_then_safety_and_back() -> None:
    _fresh("import vanban.ingest.readers, vanban.ingest.safety")
    _fresh("import vanban.ingest.safety, vanban.ingest.readers")
    out = _fresh("from vanban.ingest.pipeline import ReadError\n"
                 "from vanban.ingest.safety import UnsafeFile\n"
                 "from vanban.ingest.errors import ReadError as E\n"
                 "print(ReadError is E and issubclass(UnsafeFile, E))")
    assert out.strip() == "True"
