"""tesseract (OCR): the only place that runs it. Needs 4.0+ (the LSTM engine, `--oem 1`)
and the Vietnamese model `vie`."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from vanban.ingest.errors import ToolError, ToolFailed
from vanban.ingest.tools._base import Tool, ToolStatus

TOOL = Tool("tesseract", ("--version",), "4.0", "tesseract-ocr, tesseract-ocr-vie",
            "nhận dạng chữ trên bản quét")
LANG = "vie"
TIMEOUT = 300  # seconds per page


def available() -> bool:
    return TOOL.path() is not None


@cache
def languages() -> frozenset[str]:
    """The language models installed (cached)."""
    if not available():
        return frozenset()
    try:
        proc = TOOL.run(["--list-langs"], timeout=15, what_vi="liệt kê ngôn ngữ")
    except ToolError:
        return frozenset()
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace").splitlines()
    return frozenset(s.strip() for s in out if s.strip() and " " not in s.strip())


def status() -> ToolStatus:
    st = TOOL.status()
    if st.ok and LANG not in languages():
        return ToolStatus(st.name, True, st.version, st.minimum, False,
                          f"tesseract thiếu mô hình tiếng Việt '{LANG}' "
                          "(cài gói tesseract-ocr-vie)")
    return st


def ocr(src: Path, out_base: Path, dpi: int, lang: str = LANG,
        timeout: float = TIMEOUT) -> None:
    """OCR one page image file into `out_base`.txt and `out_base`.tsv (LSTM engine, automatic
    page layout). One OpenMP thread: Debian's build burns ~7x the CPU otherwise, and pages run
    in parallel processes anyway. The reader uses `ocr_tsv` (no files, one output)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    proc = TOOL.run([str(src), str(out_base), "-l", lang, "--oem", "1", "--psm", "3",
                     "--dpi", str(dpi), "txt", "tsv"], timeout=timeout,
                    what_vi="nhận dạng chữ", env=env)
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ToolFailed(f"tesseract lỗi khi nhận dạng chữ: {msg[0]}", tool="tesseract")


def ocr_tsv(image: bytes, dpi: int, lang: str = LANG, psm: int = 3,
            timeout: float = TIMEOUT, config: Sequence[str] = ()) -> str:
    """OCR an encoded image (PNM, PNG...) given on stdin; Tesseract's TSV (every word with
    its box, line and confidence) read from stdout. One output asked for, no temporary file:
    the text is rebuilt from the TSV's lines anyway."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    args = ["stdin", "stdout", "-l", lang, "--oem", "1", "--psm", str(psm), "--dpi", str(dpi)]
    for c in config:
        args += ["-c", c]
    proc = TOOL.run([*args, "tsv"], timeout=timeout, what_vi="nhận dạng chữ", env=env,
                    stdin=image)
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ToolFailed(f"tesseract lỗi khi nhận dạng chữ: {msg[0]}", tool="tesseract")
    return proc.stdout.decode("utf-8", "replace")
