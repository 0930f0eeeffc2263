"""Screenshots of the pages for the README: headless Chromium on the test archive.

    python -m tests.screenshots [docs/screenshots]

PNGs are reduced to a 64-colour palette so each stays well under 200 KB.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.web_util import BackgroundServer, build, chrome


def _save(driver, path: Path) -> None:
    from PIL import Image

    driver.save_screenshot(str(path))
    with Image.open(path) as im:
        im.convert("RGB").quantize(colors=64).save(path, optimize=True)
    print(f"{path} {path.stat().st_size // 1024} KB")


def main(argv: list[str]) -> int:
    from selenium.webdriver.common.by import By

    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data, _ = build(Path(tmp))
        with BackgroundServer(data) as server:
            driver = chrome(Path(tmp), 1280, 860)
            try:
                driver.get(server.url + "/?q=lao+dong+gioi")
                _save(driver, out / "tim-kiem.png")
                driver.get(server.url + "/?q=13%2FP%C4%90T%C4%90-L%C4%90L%C4%90")
                driver.find_element(By.CSS_SELECTOR, ".hit a.title").click()
                driver.find_element(By.CSS_SELECTOR, 'button.span[data-field="don_vi"]').click()
                driver.execute_script("window.scrollTo(0, 0)")
                _save(driver, out / "van-ban.png")
                driver.get(server.url + "/so-lieu?kind=result")
                _save(driver, out / "so-lieu.png")
                driver.get(server.url + "/trang-thai")
                _save(driver, out / "trang-thai.png")
            finally:
                driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
