"""A deterministic synthetic archive built from the bundled seed documents.

Each document gets a header (issuing body, number/symbol, place and date, type title) and a
body of seed paragraphs drawn at random, with the seed's province swapped for the document's
and some numbers perturbed, so the vocabulary, sizes (2–40 KB, log-uniform) and facet values
vary like a provincial archive. Same --docs and --seed give byte-identical files.

    python -m bench.generate --docs 10000 --out bench/out/archive-10000
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from pathlib import Path

from bench.common import ROOT, archive_dir, table

SEEDS = ROOT / "corpus" / "samples"
MIN_BYTES, MAX_BYTES = 2_000, 40_000
PER_DIR = 1000

PROVINCES = [
    "Lai Châu", "Bắc Kạn", "Lạng Sơn", "Hà Giang", "Cao Bằng", "Điện Biên", "Sơn La",
    "Yên Bái", "Tuyên Quang", "Thái Nguyên", "Phú Thọ", "Nghệ An", "Hà Tĩnh", "Quảng Bình",
    "Quảng Trị", "Thừa Thiên Huế", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Khánh Hòa",
    "Đắk Lắk", "Gia Lai", "Kon Tum", "Lâm Đồng", "Đồng Nai", "Bình Dương", "Long An",
    "Tiền Giang", "Cần Thơ", "Sóc Trăng", "Cà Mau", "Hải Dương", "Thanh Hóa", "Hòa Bình",
]
UNITS = [  # (body above the province, short symbol)
    ("LIÊN ĐOÀN LAO ĐỘNG TỈNH {P}", "LĐLĐ"),
    ("CÔNG ĐOÀN NGÀNH GIÁO DỤC TỈNH {P}", "CĐN"),
    ("CÔNG ĐOÀN NGÀNH Y TẾ TỈNH {P}", "CĐN"),
    ("CÔNG ĐOÀN VIÊN CHỨC TỈNH {P}", "CĐVC"),
    ("CÔNG ĐOÀN CÁC KHU CÔNG NGHIỆP TỈNH {P}", "CĐKCN"),
]
TYPES = [  # (title line, symbol)
    ("BÁO CÁO", "BC"), ("KẾ HOẠCH", "KH"), ("THÔNG BÁO", "TB"), ("HƯỚNG DẪN", "HD"),
    ("QUYẾT ĐỊNH", "QĐ"), ("NGHỊ QUYẾT", "NQ"), ("CHƯƠNG TRÌNH", "CTr"), ("TỜ TRÌNH", "TTr"),
]
SUBJECTS = [
    "Kết quả phong trào thi đua yêu nước trong CNVCLĐ năm {Y}",
    "Phát động phong trào thi đua “Lao động giỏi, Lao động sáng tạo” năm {Y}",
    "Tổ chức Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động năm {Y}",
    "Triển khai phong trào “Xanh - sạch - đẹp, bảo đảm an toàn vệ sinh lao động” năm {Y}",
    "Công tác thi đua, khen thưởng của tổ chức công đoàn năm {Y}",
    "Tổng kết phong trào “Giỏi việc nước, đảm việc nhà” giai đoạn {Y0}-{Y}",
    "Chăm lo đời sống, bảo vệ quyền và lợi ích hợp pháp của đoàn viên năm {Y}",
    "Thực hiện Chỉ thị 34-CT/TW về công tác thi đua, khen thưởng năm {Y}",
]
_SEED_PROVINCES = re.compile("|".join(["Lai Châu", "Bắc Kạn", "Lạng Sơn"]))
_NUMBER = re.compile(r"(?<![\d/.,])\d{2,4}(?![\d/])")


def seed_paragraphs() -> list[str]:
    """Body paragraphs of all seeds (header lines dropped, tiny lines kept as they are)."""
    paras: list[str] = []
    for f in sorted(SEEDS.glob("*.txt")):
        blocks = [b.strip() for b in f.read_text(encoding="utf-8").split("\n\n")]
        paras.extend(b for b in blocks[4:] if len(b) > 40)
    return paras


def _perturb(text: str, rng: random.Random, province: str) -> str:
    text = _SEED_PROVINCES.sub(province, text)

    def num(m: re.Match[str]) -> str:
        if rng.random() > 0.3:
            return m.group(0)
        v = int(m.group(0))
        return str(max(1, int(v * rng.uniform(0.6, 1.4))))

    return _NUMBER.sub(num, text)


def make_document(i: int, seed: int, pool: list[str]) -> str:
    rng = random.Random(seed * 1_000_003 + i)
    province = PROVINCES[rng.randrange(len(PROVINCES))]
    unit, unit_sym = UNITS[rng.randrange(len(UNITS))]
    title, type_sym = TYPES[rng.randrange(len(TYPES))]
    year = rng.randint(2005, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    number = rng.randint(1, 450)
    subject = SUBJECTS[rng.randrange(len(SUBJECTS))].format(Y=year, Y0=year - 5)
    target = int(math.exp(rng.uniform(math.log(MIN_BYTES), math.log(MAX_BYTES))))
    head = (f"{unit.format(P=province.upper())}\n\nSố: {number}/{type_sym}-{unit_sym}\n\n"
            f"{province}, ngày {day} tháng {month} năm {year}\n\n{title}\n\n{subject}\n\n")
    parts = [head]
    size = len(head.encode())
    while size < target:
        p = _perturb(pool[rng.randrange(len(pool))], rng, province) + "\n\n"
        parts.append(p)
        size += len(p.encode())
    text = "".join(parts)
    raw = text.encode()
    if len(raw) > MAX_BYTES:  # cut at a paragraph or space, never inside a character
        raw = raw[:MAX_BYTES]
        cut = max(raw.rfind(b"\n\n"), raw.rfind(b" "))
        text = raw[:cut].decode("utf-8", errors="ignore")
    return text.rstrip() + f"\n\nNơi nhận:\n- Lưu VP.\n\n(Mã lưu trữ {seed}-{i:07d})\n"


def generate(n: int, out: Path, seed: int = 1) -> dict[str, float]:
    """Write n documents to out/NNN/doc_NNNNNNN.txt (skips files already written)."""
    pool = seed_paragraphs()
    total = 0
    for i in range(n):
        d = out / f"{i // PER_DIR:03d}"
        path = d / f"doc_{i:07d}.txt"
        if path.exists():
            total += path.stat().st_size
            continue
        if i % PER_DIR == 0:
            d.mkdir(parents=True, exist_ok=True)
        data = make_document(i, seed, pool).encode()
        path.write_bytes(data)
        total += len(data)
    return {"docs": n, "mb": total / 1e6, "avg_kb": total / max(n, 1) / 1e3}


def ensure(n: int, seed: int = 1) -> Path:
    out = archive_dir(n)
    marker = out / ".complete"
    if not marker.exists():
        generate(n, out, seed)
        marker.write_text(str(n))
    return out


def files_of(archive: Path) -> list[Path]:
    return sorted(p for p in archive.rglob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    out = a.out or archive_dir(a.docs)
    import time

    t0 = time.perf_counter()
    s = generate(a.docs, out, a.seed)
    if a.out is None:
        (out / ".complete").write_text(str(a.docs))
    table(f"Synthetic archive → {out}", ["docs", "MB", "avg KB", "seconds"],
          [[s["docs"], s["mb"], s["avg_kb"], time.perf_counter() - t0]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
