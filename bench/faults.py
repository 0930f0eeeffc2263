"""Issue 15's seven reproductions, run for real, as one table: fault, outcome, documents lost,
message.

`python -m bench.faults [--out DIR] [--big-mb 50]` (as root for the read-only mount and the
full-disk tmpfs; without root those rows say "bỏ qua"). Every fault runs the installed CLI in a
subprocess on real files, real SQLite, real tantivy, real filesystems:

1. Windows-1258 (decomposed) and TCVN3/VNI texts: right fields; a text no code page makes
   Vietnamese is refused with a reason.
2. False copies: another unit's plan from the same template stays its own document; an OCR'd
   copy of a directive (same số hiệu) is linked and listed by `show` under `copies`.
3. Read-only archive (a read-only bind mount): search/show/stats work, ingest says why not.
4. Full disk (a small tmpfs): a Vietnamese message naming the directory, exit 1; after the
   space is grown the rerun completes.
5. A big text file: refused (or ingested) within two minutes and 500 MB.
6. `kill -9` of an ingest with reader processes: no reader survives, no English warning; the
   next `search` catches the index up.
7. A mistyped --data-dir: exit 1 and a message, no archive created.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
Row = tuple[str, str, int, str]


def vanban(*args: str, env: dict[str, str] | None = None, timeout: float = 600
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def count_docs(data_dir: Path, what: str = "documents") -> int:
    """Documents (or sources) in the store, opened read-only; 0 while it is being created."""
    from vanban.corpus.errors import VanbanError
    from vanban.corpus.store import open_store

    db = data_dir / "vanban.sqlite"
    if not db.is_file():
        return 0
    try:
        store = open_store(db, read_only=True)
    except (VanbanError, OSError):
        return 0
    try:
        return int(store.stats()[what])
    except (VanbanError, OSError):
        return 0
    finally:
        store.close()


def _release() -> None:
    """Archives opened in this process (the tests' CliRunner) let go of the mount."""
    import gc

    gc.collect()


def _msg(p: subprocess.CompletedProcess[str]) -> str:
    text = " ".join((p.stderr or p.stdout or "").split())
    return text[:160]


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def read_only_view(src: Path) -> Iterator[Path]:
    """A read-only bind mount of `src` (a backup mounted read-only)."""
    dst = Path(tempfile.mkdtemp(prefix="vanban-ro-view-"))
    subprocess.run(["mount", "--bind", str(src), str(dst)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(dst)], check=True)
        yield dst
    finally:
        _release()
        subprocess.run(["umount", "-l", str(dst)], check=False)
        dst.rmdir()


@contextmanager
def small_disk(size: str) -> Iterator[Path]:
    """A tmpfs of `size` (a full disk, for real: ENOSPC from the kernel)."""
    dst = Path(tempfile.mkdtemp(prefix="vanban-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(dst)],
                   check=True)
    try:
        yield dst
    finally:
        _release()
        subprocess.run(["umount", "-l", str(dst)], check=False)
        dst.rmdir()


def noisy(text: str, rate: float, seed: int) -> str:
    """OCR-like damage (the stress set's): what a scan's text layer looks like."""
    from vanban.evaluation.dedup import ocr_noise

    rng = random.Random(seed)
    return "\n".join(ocr_noise(line, rate, rng) if len(line) > 40 else line
                     for line in text.split("\n"))


def sibling(text: str) -> str:
    """Another unit's plan from the same template: other province, number, date."""
    return (text.replace("Lai Châu", "Điện Biên").replace("13 /PĐTĐ", "27 /PĐTĐ")
            .replace("ngày 26 tháng 6 năm 2020", "ngày 3 tháng 7 năm 2020"))


# -- the seven faults -----------------------------------------------------------------
def fault_encoding(work: Path) -> Row:
    from vanban.corpus.legacy import encode_cp1258, encode_legacy

    src = work / "enc"
    src.mkdir()
    seed = unicodedata.normalize("NFC", SEEDS[0].read_text(encoding="utf-8"))
    (src / "cp1258_decomposed.txt").write_bytes(encode_cp1258(seed, decomposed=True))
    (src / "cp1258.txt").write_bytes(encode_cp1258(seed.replace("2020", "2021"), False))
    (src / "tcvn3.txt").write_bytes(encode_legacy(seed.replace("2020", "2022"), "tcvn3"))
    (src / "vni.txt").write_bytes(encode_legacy(seed.replace("2020", "2023"), "vni"))
    (src / "latin1_french.txt").write_bytes(("Le comité syndical a décidé de lancer une "
                                             "campagne d'émulation. " * 20).encode("latin-1"))
    data = work / "enc-archive"
    p = vanban("ingest", str(src), "--data-dir", str(data), "-q")
    rows = [json.loads(x) for x in vanban("extract", *sorted(map(str, src.glob("*.txt"))),
                                          "--json").stdout.splitlines()]
    good = [r for r in rows if "french" not in r["path"]]
    right = all(r["so_hieu"] and "PĐTĐ-LĐLĐ" in r["so_hieu"] and r["don_vi"]
                and "Lai Châu" in r["don_vi"] for r in good)
    refused = next(r for r in rows if "french" in r["path"])
    lost = 4 - count_docs(data)
    ok = right and refused.get("error") and p.returncode == 1 and lost == 0
    return ("1 Windows-1258 / TCVN3 / VNI text", "đúng" if ok else "SAI", lost,
            f"{good[0]['so_hieu']} · {good[0]['don_vi']}; tệp Latin-1: {refused.get('error')}"
            [:160])


def fault_false_copies(work: Path) -> Row:
    src = work / "copies"
    src.mkdir()
    seed = unicodedata.normalize("NFC", SEEDS[0].read_text(encoding="utf-8"))
    (src / "a_original.txt").write_text(seed, encoding="utf-8")
    (src / "b_scan_ocr.txt").write_text(noisy(seed, 0.03, 1), encoding="utf-8")
    (src / "c_other_unit.txt").write_text(sibling(seed), encoding="utf-8")
    data = work / "copies-archive"
    vanban("ingest", str(src), "--data-dir", str(data), "-q")
    show = json.loads(vanban("show", "1", "--data-dir", str(data), "--json").stdout)
    copies = [c["path"].rsplit("/", 1)[-1] for c in show.get("copies", [])]
    hits = json.loads(vanban("search", "--don-vi", "Điện Biên", "--data-dir", str(data),
                             "--json").stdout)
    sibling_found = hits["total"] >= 1
    ok = copies == ["b_scan_ocr.txt"] and sibling_found and count_docs(data) == 3
    return ("2 bản sao giả / bản sao thật", "đúng" if ok else "SAI", 3 - count_docs(data),
            f"show 1 → copies {copies}; --don-vi 'Điện Biên' → {hits['total']} kết quả")


def fault_read_only(work: Path, archive: Path) -> Row:
    if not _can_mount():
        return ("3 kho chỉ đọc", "bỏ qua (cần root)", 0, "")
    before = count_docs(archive)
    with read_only_view(archive) as ro:
        s = vanban("search", "công đoàn", "--data-dir", str(ro), "--json")
        st = vanban("stats", "--data-dir", str(ro))
        ing = vanban("ingest", str(SEEDS[0]), "--data-dir", str(ro))
        total = json.loads(s.stdout)["total"] if s.returncode == 0 else -1
    corrupt = "hỏng" in (s.stderr + st.stderr + ing.stderr)
    ok = s.returncode == 0 and total > 0 and st.returncode == 0 and ing.returncode == 1 \
        and not corrupt
    return ("3 kho chỉ đọc", "đúng" if ok else "SAI", before - count_docs(archive),
            f"search: {total} kết quả; ingest: {_msg(ing)}")


def fault_disk_full(work: Path) -> Row:
    if not _can_mount():
        return ("4 đầy ổ đĩa", "bỏ qua (cần root)", 0, "")
    src = work / "full-src"
    src.mkdir()
    for k, seed in enumerate(SEEDS):
        for y in range(6):
            text = seed.read_text(encoding="utf-8").replace("2020", str(2000 + y))
            (src / f"{k}_{y}.txt").write_text(text, encoding="utf-8")
    reference = work / "full-reference"
    vanban("ingest", str(src), "--data-dir", str(reference), "-q")
    want = count_docs(reference)
    with small_disk("700k") as disk:
        data = disk / "kho"
        first = vanban("ingest", str(src), "--data-dir", str(data), "-q")
        kept = count_docs(data)
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        again = vanban("ingest", str(src), "--data-dir", str(data), "-q")
        check = vanban("check", "--data-dir", str(data), "--json")
        n = count_docs(data)
    english = "OperationalError" in first.stderr or "StorageFull" in first.stderr
    ok = (first.returncode == 1 and str(data) in first.stderr and not english
          and again.returncode == 0 and check.returncode == 0 and n == want)
    return ("4 đầy ổ đĩa", "đúng" if ok else "SAI", want - n,
            f"lần 1 (giữ {kept}): {_msg(first)} | chạy lại: exit {again.returncode}, {n} văn bản")


def fault_big_text(work: Path, mb: int) -> Row:
    src = work / "big"
    src.mkdir()
    texts = [s.read_text(encoding="utf-8") for s in SEEDS]
    rng = random.Random(5)
    with open(src / f"big{mb}.txt", "w", encoding="utf-8") as fh:
        size = 0
        while size < mb * 2**20:
            t = rng.choice(texts).replace("2020", str(rng.randint(1990, 2030)))
            fh.write(t + "\n\n")
            size += len(t.encode())
    data = work / "big-archive"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "ingest", str(src), "--data-dir",
                             str(data), "-v"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    out, err = proc.communicate(timeout=600)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    reason = next((ln.strip() for ln in (out + err).splitlines() if "lớn" in ln), _msg(
        subprocess.CompletedProcess([], proc.returncode, out, err)))
    ok = seconds < 120 and peak < 500
    return (f"5 tệp văn bản {mb} MB", "đúng" if ok else "SAI", 0,
            f"{seconds:.1f} s, đỉnh {peak:.0f} MB, exit {proc.returncode}: {reason}"[:160])


def _tagged(tag: str) -> list[int]:
    """Processes whose environment carries `tag` (the ingest's readers and helpers)."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if tag.encode() in (d / "environ").read_bytes():
                    out.append(int(d.name))
            except OSError:
                pass
    return out


def fault_kill9(work: Path) -> Row:
    src = work / "kill-src"
    src.mkdir()
    for k, seed in enumerate(SEEDS):
        for y in range(8):
            text = seed.read_text(encoding="utf-8").replace("2020", str(2000 + y))
            (src / f"{k}_{y}.txt").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "corpus" / "samples" / "formats" / "mixed_text_scan.pdf", src / "z.pdf")
    data = work / "kill-archive"
    tag = f"VANBAN_FAULT_{os.getpid()}_{time.time_ns()}"
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "ingest", str(src), "--data-dir",
                             str(data), "-q", "-j", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, tag: "1"})
    deadline = time.monotonic() + 300
    while count_docs(data) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    alive_before = len(_tagged(tag)) - 1
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate()
    time.sleep(3)
    left = _tagged(tag)
    for pid in left:  # our own strays, by id
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    from vanban.archive import Archive

    with Archive(data, create=False) as a:
        stored = len(a.store.indexable_ids())  # what the index must hold (copies are not)
        indexed_at_kill = len(a.engine.ids())
    s = vanban("search", "--data-dir", str(data), "--json", "--limit", "0")
    total = json.loads(s.stdout)["total"] if s.returncode == 0 else -1
    again = vanban("ingest", str(src), "--data-dir", str(data), "-q")
    n = count_docs(data)
    english = "leaked" in err or "Traceback" in err
    reference = work / "kill-reference"
    vanban("ingest", str(src), "--data-dir", str(reference), "-q")
    want = count_docs(reference)
    ok = not left and not english and total == stored and again.returncode in (0, 1) \
        and n == want
    return ("6 kill -9 khi đang nạp", "đúng" if ok else "SAI", want - n,
            f"tiến trình đọc: {alive_before} lúc giết, {len(left)} còn sau 3 s; chỉ mục "
            f"{indexed_at_kill}/{stored} → search {total} ({_msg(s) or 'không cảnh báo'}); "
            f"chạy lại: {n}/{want}")


def fault_typo(work: Path) -> Row:
    typo = work / "kho-go-sai"
    p = vanban("search", "công đoàn", "--data-dir", str(typo))
    ok = p.returncode == 1 and not typo.exists() and str(typo) in p.stderr
    return ("7 --data-dir gõ sai", "đúng" if ok else "SAI", 0, _msg(p))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Bảng lỗi tiêm vào (issue 15).")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--big-mb", type=int, default=50)
    args = ap.parse_args(argv)
    work = Path(args.out or tempfile.mkdtemp(prefix="vanban-faults-"))
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "samples-archive"
    vanban("ingest", *map(str, SEEDS), "--data-dir", str(archive), "-q")
    steps: list[Callable[[], Row]] = [
        lambda: fault_encoding(work), lambda: fault_false_copies(work),
        lambda: fault_read_only(work, archive), lambda: fault_disk_full(work),
        lambda: fault_big_text(work, args.big_mb), lambda: fault_kill9(work),
        lambda: fault_typo(work)]
    print("| lỗi | kết quả | văn bản mất | thông báo |")
    print("|---|---|---|---|")
    bad = 0
    for step in steps:
        fault, outcome, lost, message = step()
        bad += outcome == "SAI" or lost != 0
        print(f"| {fault} | {outcome} | {lost} | {message.replace('|', '/')} |", flush=True)
    if not args.out:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
