"""A small archive for the web tests: the five sample texts, a Word copy of one, a hostile
document whose text carries HTML/script, and a broken file (a failed ingest with a reason)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SAMPLES, seed
from vanban.archive import Archive
from vanban.web.server import BackgroundServer

HOSTILE_MARK = "PWNED"
HOSTILE = f"""LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ NGHIỆM
Số: 77/KH-LĐLĐ
Thử Nghiệm, ngày 03 tháng 3 năm 2021

KẾ HOẠCH
Tổ chức hội thao <script>document.title='{HOSTILE_MARK}';window.pwned=1</script> công nhân

Nhằm chào mừng phong trào “Lao động giỏi, Lao động sáng tạo”,
<img src=x onerror="document.title='{HOSTILE_MARK}'"> Liên đoàn Lao động tỉnh tổ chức hội thao.
<a href="javascript:alert(1)">bấm vào đây</a> =HYPERLINK("http://x","y")

1. Phấn đấu 100% công đoàn cơ sở tham gia hội thao năm 2021.
"""


def build(root: Path) -> tuple[Path, Path]:
    """(data dir, folder of the files ingested); the archive is ready to serve."""
    files = root / "files"
    files.mkdir(parents=True)
    for n in range(5):
        shutil.copy(seed(n), files / seed(n).name)
    shutil.copy(SAMPLES / "formats" / "doc0.docx", files / "doc0.docx")
    (files / "hoi_thao_script.txt").write_text(HOSTILE, encoding="utf-8")
    (files / "hong.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    data = root / "data"
    with Archive(data) as a:
        a.ingest([files], isolate=False)
    return data, files


def hostile_id(data: Path) -> int:
    with Archive(data) as a:
        return a.search("hội thao công nhân", limit=1)["hits"][0]["id"]


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


LiveServer = BackgroundServer

def chrome(download_dir: Path, width: int = 1280, height: int = 900):
    """Debian's Chromium, headless, driven by Debian's chromedriver (Selenium)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--lang=vi"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {
        "download.default_directory": str(download_dir),
        "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
