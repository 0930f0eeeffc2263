"""Word 97-2003 `.doc` through antiword (Debian `antiword`), catdoc only as a fallback.

Chosen on the real files r001/r006/r008: antiword (`-m UTF-8.txt -w 0`) gives every
diacritic right (NFD kept as typed, NFC applied here), one paragraph per line, and the
header/signature tables as `|cell|cell|` rows; catdoc loses r008's whole header table,
splits r001's numbered items and appends binary garbage (`h¾ Œ gd`, CJK noise) after the
body of all three. Text in TCVN3/VNI fonts comes out as Latin-1 letters and is converted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

from corpus.legacy import detect_legacy, to_unicode
from corpus.schema import Page, ReadResult
from corpus.vntext import nfc
from ingest.readers import ReadError

TIMEOUT = 120
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")


def _run(cmd: list[str]) -> tuple[int, str, str]:
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReadError("đọc tệp .doc quá thời gian cho phép") from exc
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def _antiword(path: Path) -> str | None:
    if not shutil.which("antiword"):
        return None
    code, out, err = _run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)])
    low = err.lower()
    if "encrypt" in low or "password" in low:
        raise ReadError("tệp .doc có mật khẩu (bị mã hóa), không đọc được")
    return out if code == 0 and out.strip() else None


def _catdoc(path: Path) -> str | None:
    if not shutil.which("catdoc"):
        return None
    code, out, _ = _run(["catdoc", "-d", "utf-8", "-w", str(path)])
    return out if code == 0 and out.strip() else None


def tidy(text: str) -> str:
    """antiword layout to paragraphs: table rows as `cell | cell`, blank line between
    paragraphs, indentation and runs of spaces dropped."""
    out: list[str] = []
    for line in text.split("\n"):
        m = _TABLE_ROW.match(line)
        if m:
            cells = [" ".join(c.split()) for c in m.group(1).split("|")]
            cells = [c for c in cells if c]
            if cells:
                out.append(" | ".join(cells))
            continue
        s = " ".join(line.replace("\t", " ").split())
        if s:
            out.append(s)
    return "\n\n".join(out)


def read(path: Path) -> ReadResult:
    t0 = time.perf_counter()
    tool = "antiword"
    raw = _antiword(path)
    if raw is None:
        tool = "catdoc"
        raw = _catdoc(path)
    if raw is None:
        if not (shutil.which("antiword") or shutil.which("catdoc")):
            raise ReadError("không tìm thấy antiword/catdoc để đọc tệp .doc (cài gói antiword)")
        raise ReadError("tệp .doc hỏng hoặc không phải văn bản Word, không đọc được")
    meta: dict = {"tool": tool}
    chunks = raw.split("\f")
    pages: list[Page] = []
    seconds = time.perf_counter() - t0
    for chunk in chunks:
        text = chunk
        method = "doc"
        legacy = detect_legacy(text)
        if legacy:
            text = to_unicode(text, legacy)
            method = f"converted-{legacy}"
            meta["encoding"] = legacy
        text = tidy(nfc(text))
        if text or not pages:
            pages.append(Page(number=len(pages) + 1, text=text, method=method))
    for p in pages:
        p.seconds = seconds / len(pages)
    return ReadResult(pages=pages, format="doc", meta=meta)
