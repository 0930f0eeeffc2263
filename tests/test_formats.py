"""The format registry: every format is known to detection, the guards, the readers and the
pipeline through one row, so none of them can forget one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from vanban.ingest import formats
from vanban.ingest.detect import detect_format
from vanban.ingest.errors import ReadError, UnsafeFile
from vanban.ingest.pipeline import UNREADABLE, process_file
from vanban.ingest.readers import _registry, read


def test_every_format_has_a_reader_or_a_refusal_and_a_guard_decision() -> None:
    assert len(formats.names()) == len(set(formats.names()))
    for fmt in formats.FORMATS:
        assert fmt.label_vi, fmt.name
        if fmt.reader is None:
            assert fmt.refusal_vi, f"{fmt.name}: no reader and no refusal message"
        else:
            assert callable(fmt.load_reader()), fmt.name
            assert fmt.refusal_vi is None, fmt.name
        assert fmt.guard is not None or fmt.guard_why, f"{fmt.name}: no guard decision"
    assert formats.FALLBACK in formats.BY_NAME


def test_readers_and_refusals_come_from_the_registry() -> None:
    with_reader = {f.name for f in formats.FORMATS if f.reader}
    assert set(_registry()) == with_reader
    assert set(UNREADABLE) == {f.name for f in formats.FORMATS if not f.reader}
    assert with_reader.isdisjoint(UNREADABLE)


def _samples(tmp: Path) -> dict[str, Path]:
    """One small file per kind of content, including the edge cases of the sniffers."""
    files: dict[str, bytes] = {
        "a.txt": "Công đoàn cơ sở\n".encode(),
        "b.pdf": b"%PDF-1.4\n%\xe2\xe3\n",
        "c.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "d.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
        "e.rtf": b"{\\rtf1 hello}",
        "f.html": b"<!doctype html><html><body>x</body></html>",
        "g.bin": bytes(range(256)),
        "h.zip": b"PK\x03\x04 broken",
        "i.empty": b"",
        "j.md": b"<html> in markdown",
        "k.htm": b"plain words under a web extension",
    }
    out = {}
    for name, data in files.items():
        (tmp / name).write_bytes(data)
        out[name] = tmp / name
    with zipfile.ZipFile(tmp / "l.docx", "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with zipfile.ZipFile(tmp / "m.zip", "w") as zf:
        zf.writestr("a.txt", "x")
    out["l.docx"], out["m.zip"] = tmp / "l.docx", tmp / "m.zip"
    return out


def test_detection_returns_only_registered_names(tmp_path: Path) -> None:
    got = {name: detect_format(p) for name, p in _samples(tmp_path).items()}
    assert set(got.values()) <= set(formats.names())
    assert got == {"a.txt": "text", "b.pdf": "pdf", "c.doc": "doc", "d.png": "image",
                   "e.rtf": "rtf", "f.html": "html", "g.bin": "binary", "h.zip": "binary",
                   "i.empty": "empty", "j.md": "text", "k.htm": "html", "l.docx": "docx",
                   "m.zip": "zip"}
    # every registered format is reachable by detection
    assert set(got.values()) == set(formats.names())


def test_refused_formats_fail_with_their_vietnamese_message(tmp_path: Path) -> None:
    for name, p in _samples(tmp_path).items():
        fmt = detect_format(p)
        row = formats.get(fmt)
        if row.reader is None:
            with pytest.raises(ReadError) as exc:
                process_file(p)
            assert str(exc.value) == row.refusal_vi, name
            assert exc.value.exit_code == 1


def test_guard_runs_before_the_reader(tmp_path: Path) -> None:
    """A zip bomb in a DOCX is refused by the registry's guard alone (the reader never runs)."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/pad.bin", b"\x00" * (60 * 1024 * 1024))
    assert detect_format(bomb) == "docx"
    with pytest.raises(UnsafeFile, match="bom giải nén"):
        formats.preflight(bomb, "docx")
    formats.preflight(bomb, "text")  # a format without a guard: nothing to refuse here
    with pytest.raises(ReadError, match="chưa hỗ trợ"):
        read(bomb, "no-such-format")
