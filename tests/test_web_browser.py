"""The web page in a real browser (Debian's Chromium driven by Selenium through Debian's
chromedriver) against a live server on the sample archive: a query typed without accents,
a facet, a document with a field's span highlighted, the XLSX download read back, and a
hostile document whose script never runs."""

from __future__ import annotations

import time

import pytest

from tests.web_util import CHROMEDRIVER, CHROMIUM, HOSTILE_MARK, LiveServer, build, chrome

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="cần chromium và chromium-driver của Debian (make setup cài chúng)")


def _wait_url(driver, part: str) -> None:
    """A click navigates: wait for the new page before reading it."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(
        lambda d: part in d.current_url and d.execute_script(
            "return document.readyState") == "complete")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    data, _ = build(root)
    downloads = root / "downloads"
    downloads.mkdir()
    with LiveServer(data) as server:
        driver = chrome(downloads)
        driver.implicitly_wait(5)
        try:
            yield server, driver, downloads, data
        finally:
            driver.quit()


def test_query_facet_document_and_field_span(site) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from vanban.archive import Archive

    server, driver, _, data = site
    driver.get(server.url + "/")
    box = driver.find_element(By.ID, "q")
    box.send_keys("lao dong gioi", Keys.ENTER)
    _wait_url(driver, "q=lao+dong+gioi")
    total = int(driver.find_element(By.ID, "tong").text.split()[0])
    assert total > 0 and "q=lao+dong+gioi" in driver.current_url
    assert driver.find_elements(By.CSS_SELECTOR, ".snippet mark")
    facet = driver.find_element(By.CSS_SELECTOR, '[data-facet="loai"] li a')
    value = facet.text
    facet.click()
    _wait_url(driver, "loai=")
    assert "loai=" in driver.current_url and "q=lao+dong+gioi" in driver.current_url
    assert value in driver.find_element(By.CSS_SELECTOR, ".active-filters").text
    assert int(driver.find_element(By.ID, "tong").text.split()[0]) <= total
    driver.find_element(By.CSS_SELECTOR, ".hit a.title").click()
    _wait_url(driver, "/van-ban/")
    doc_id = int(driver.current_url.rstrip("/").rsplit("/", 1)[1])
    button = driver.find_element(By.CSS_SELECTOR, "button.span[data-field]")
    start, end = int(button.get_attribute("data-start")), int(button.get_attribute("data-end"))
    assert not driver.find_elements(By.ID, "vi-tri")
    button.click()
    mark = driver.find_element(By.ID, "vi-tri")
    with Archive(data) as a:
        text = a.show(str(doc_id))["text"]
    assert mark.text.strip() == text[start:end].strip() != ""
    assert mark.is_displayed()


def test_xlsx_download_reads_back(site) -> None:
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By

    server, driver, downloads, _ = site
    driver.get(server.url + "/?q=cong+doan")
    total = int(driver.find_element(By.ID, "tong").text.split()[0])
    driver.find_element(By.ID, "xuat-xlsx").click()
    target = downloads / "ket-qua-tim-kiem.xlsx"
    deadline = time.monotonic() + 15
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert target.exists(), list(downloads.iterdir())
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("id", "so_hieu") and len(rows) - 1 == total


def test_hostile_script_never_runs(site) -> None:
    from selenium.webdriver.common.by import By

    server, driver, _, _ = site
    driver.get(server.url + "/?q=hoi+thao+cong+nhan")
    hit = driver.find_element(By.CSS_SELECTOR, ".hit a.title")
    assert "<script>" in hit.text  # shown as text
    hit.click()
    _wait_url(driver, "/van-ban/")
    assert driver.find_element(By.ID, "van-ban-text").text.count("<script>") >= 1
    for b in driver.find_elements(By.CSS_SELECTOR, "button.span")[:3]:
        b.click()  # re-marking the text must not turn it into markup
    assert HOSTILE_MARK not in driver.title
    assert driver.execute_script("return window.pwned === undefined")
    assert not driver.find_elements(By.CSS_SELECTOR, "#van-ban-text img, #van-ban-text script")
