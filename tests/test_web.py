"""The web page over HTTP (Starlette's TestClient, a real archive): pages render from the
library, and each security rule holds — escaping, download by id only, the bind rule and the
password, no traceback in a 500 page, security headers."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner
from vanban.corpus.errors import UsageError

from tests.web_util import HOSTILE_MARK, build, hostile_id
from vanban.archive import Archive
from vanban.cli import app as cli_app
from vanban.web import create_app
from vanban.web.security import check_bind


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    return build(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(archive) -> TestClient:
    return TestClient(create_app(archive[0]))


def test_search_without_accents_facets_and_links(client: TestClient) -> None:
    r = client.get("/", params={"q": "lao dong gioi"})
    assert r.status_code == 200
    assert 'lang="vi"' in r.text and "văn bản" in r.text
    assert re.search(r"<mark>[Ll]ao</mark>", r.text)  # snippet highlighted, accents matched
    for label in ("Đơn vị", "Loại", "Năm", "Phong trào"):
        assert f"<h3>{label}</h3>" in r.text
    # a facet link keeps the query and adds the filter; clicking it again removes it
    link = re.search(r'data-facet="loai">.*?<a href="([^"]+)"', r.text, re.S).group(1)
    q = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert q["q"] == ["lao dong gioi"] and len(q["loai"]) == 1
    narrowed = client.get(link.replace("&amp;", "&"))
    assert narrowed.status_code == 200 and "Đang lọc:" in narrowed.text
    n_all = int(re.search(r'id="tong">(\d+)', r.text).group(1))
    n_one = int(re.search(r'id="tong">(\d+)', narrowed.text).group(1))
    assert 0 < n_one <= n_all
    assert 'class="selected"' in narrowed.text


def test_sort_paging_and_query_errors(client: TestClient) -> None:
    r = client.get("/", params={"q": "", "sort": "date"})
    assert r.status_code == 200
    dates = re.findall(r"<span>(\d\d/\d\d/\d{4})</span>", r.text)
    iso = ["-".join(reversed(d.split("/"))) for d in dates]
    assert iso == sorted(iso, reverse=True) and len(iso) >= 3
    assert client.get("/", params={"trang": "999"}).status_code == 200  # clamped, no error
    bad = client.get("/", params={"q": "lao", "nam": "abc"})
    assert bad.status_code == 400 and "năm không hợp lệ" in bad.text


def test_document_page_fields_with_spans(client: TestClient, archive) -> None:
    with Archive(archive[0]) as a:
        d = a.show("13/PĐTĐ-LĐLĐ")
    r = client.get(f"/van-ban/{d['id']}")
    assert r.status_code == 200
    where = d["provenance"]["so_hieu"]
    assert (f'data-field="so_hieu" data-start="{where["start"]}" data-end="{where["end"]}"'
            in r.text)
    assert "Được dẫn chiếu bởi" in r.text and "34-CT/TW" in r.text
    assert "Tải tệp gốc" in r.text
    assert client.get("/van-ban/999999").status_code == 404


def test_document_text_is_escaped(client: TestClient, archive) -> None:
    doc = hostile_id(archive[0])
    for url in (f"/van-ban/{doc}", "/?q=hoi+thao"):
        body = client.get(url).text
        assert "<script>document.title" not in body
        assert "<img src=x" not in body and 'href="javascript:' not in body
        assert "&lt;script&gt;document.title=&#39;" + HOSTILE_MARK in body


def test_security_headers_everywhere(client: TestClient) -> None:
    for url in ("/", "/trang-thai", "/khong-co", "/static/app.css"):
        h = client.get(url).headers
        assert "default-src 'self'" in h["content-security-policy"]
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"


def test_original_download_by_id_only(client: TestClient, archive) -> None:
    with Archive(archive[0]) as a:
        d = a.show("13/PĐTĐ-LĐLĐ")
    r = client.get(f"/van-ban/{d['id']}/tep-goc")
    assert r.status_code == 200
    assert r.content == Path(d["sources"][0]).read_bytes()
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in r.headers["content-security-policy"]
    # a path in the request is never used
    secret = Path(archive[1]).parent / "ngoai-kho.txt"
    secret.write_text("BI-MAT-NGOAI-KHO", encoding="utf-8")
    for url in (f"/van-ban/{d['id']}/tep-goc?path={secret}", f"/van-ban/{secret}/tep-goc",
                "/van-ban/..%2F..%2Fngoai-kho.txt/tep-goc", "/static/../../ngoai-kho.txt",
                "/static/%2e%2e/%2e%2e/pyproject.toml", f"/tep-goc?path={secret}"):
        got = client.get(url)
        assert "BI-MAT-NGOAI-KHO" not in got.text, url
        assert "[project]" not in got.text, url
    # the source folder moved: the archive's own copy still serves the original
    with Archive(archive[0]) as a:
        gone = a.show(str(hostile_id(archive[0])))
        kept = a.original(str(gone["id"]))
    moved = Path(gone["sources"][0])
    original = moved.read_bytes()
    moved.rename(moved.with_suffix(".bak"))
    kept_bytes = kept.read_bytes()
    try:
        r = client.get(f"/van-ban/{gone['id']}/tep-goc")
        assert r.status_code == 200 and r.content == original
        assert r.headers["content-disposition"].endswith(f'"{moved.name}"') or \
            moved.name in r.headers["content-disposition"]
        # and both gone: a clear 404, not a guess at another path
        kept.unlink()
        r = client.get(f"/van-ban/{gone['id']}/tep-goc")
        assert r.status_code == 404 and "Không còn tệp gốc" in r.text
    finally:
        moved.with_suffix(".bak").rename(moved)
        kept.write_bytes(kept_bytes)


def test_bind_rule_and_password(archive, monkeypatch) -> None:
    check_bind("127.0.0.1", None)
    with pytest.raises(UsageError, match="mật khẩu"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "bi-mat")
    monkeypatch.delenv("VANBAN_WEB_PASSWORD", raising=False)
    res = CliRunner().invoke(cli_app, ["--data-dir", str(archive[0]), "serve", "--host",
                                       "0.0.0.0", "--port", "8099"])
    assert res.exit_code == 2 and "mật khẩu" in res.output
    locked = TestClient(create_app(archive[0], password="bi-mat"))
    assert locked.get("/").status_code == 401
    assert locked.get("/", auth=("ai-cung-duoc", "sai")).status_code == 401
    assert locked.get("/", headers={"authorization": "Basic !!!"}).status_code == 401
    assert locked.get("/", auth=("ai-cung-duoc", "bi-mat")).status_code == 200


def test_local_server_answers_only_its_own_host_names(archive) -> None:
    """A page on another site cannot read a local server by pointing its name at 127.0.0.1."""
    c = TestClient(create_app(archive[0], allowed_hosts=["127.0.0.1", "localhost"]),
                   base_url="http://127.0.0.1:8080")
    assert c.get("/").status_code == 200
    assert c.get("/", headers={"host": "localhost:8080"}).status_code == 200
    assert c.get("/", headers={"host": "evil.example"}).status_code == 400


def test_server_error_page_has_no_traceback(archive, monkeypatch) -> None:
    def broken(self, *a, **k):
        raise RuntimeError("chi tiết nội bộ /etc/secret")

    monkeypatch.setattr(Archive, "search", broken)
    c = TestClient(create_app(archive[0]), raise_server_exceptions=False)
    r = c.get("/", params={"q": "lao"})
    assert r.status_code == 500
    assert "Đã có lỗi trong máy chủ" in r.text
    for leak in ("Traceback", "RuntimeError", "/etc/secret", "File \""):
        assert leak not in r.text
    assert r.headers["x-content-type-options"] == "nosniff"


def test_export_csv_xlsx(client: TestClient) -> None:
    from openpyxl import load_workbook

    page = client.get("/", params={"q": "lao dong"})
    total = int(re.search(r'id="tong">(\d+)', page.text).group(1))
    x = client.get("/xuat.xlsx", params={"q": "lao dong"})
    assert x.status_code == 200 and "attachment" in x.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "so_hieu", "ngay") and len(rows) - 1 == total
    c = client.get("/xuat.csv", params={"q": "lao dong"})
    assert c.text.lstrip("\ufeff").splitlines()[0].startswith("id,so_hieu")
    assert len(c.text.strip().splitlines()) == total + 1
    f = client.get("/so-lieu/xuat.xlsx", params={"kind": "result"})
    frows = list(load_workbook(io.BytesIO(f.content)).active.iter_rows(values_only=True))
    assert frows[0][0] == "value" and len(frows) > 1
    assert {r[6] for r in frows[1:]} == {"result"}
    assert client.get("/xuat.html", params={"q": "lao"}).status_code == 404



def test_exported_document_text_is_never_a_formula() -> None:
    from openpyxl import load_workbook

    from vanban.web.pages import _table

    rows = [{"id": 1, "trich_yeu": '=HYPERLINK("http://x","y")', "don_vi": "@SUM(A1)",
             "so_hieu": "-5"}]
    x = _table(rows, "xlsx", ("id", "trich_yeu", "don_vi", "so_hieu"), "t", "t")
    cells = next(load_workbook(io.BytesIO(x.body)).active.iter_rows(min_row=2,
                                                                    values_only=True))
    assert cells == (1, "'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", "-5")
    c = _table(rows, "csv", ("id", "trich_yeu"), "t", "t").body.decode()
    assert "'=HYPERLINK" in c


def test_figures_and_status_pages(client: TestClient) -> None:
    f = client.get("/so-lieu", params={"q": "hoi thao"})
    assert f.status_code == 200 and "100%" in f.text
    assert client.get("/so-lieu", params={"kind": "sai"}).status_code == 400
    s = client.get("/trang-thai")
    assert s.status_code == 200
    assert "hong.pdf" in s.text and "tệp PDF hỏng" in s.text  # failed file with its reason


def test_serves_during_ingest_and_shows_new_documents(tmp_path: Path, archive) -> None:
    """The server opens the archive per request: pages keep working while an ingest writes,
    and what it added shows at once, without a restart."""
    import threading

    from tests.conftest import seed

    data = tmp_path / "data"
    with Archive(data) as a:
        a.ingest([seed(0)], isolate=False)
    c = TestClient(create_app(data))
    assert "Không có văn bản nào khớp" in c.get("/", params={"q": "276/BC-LĐLĐ"}).text

    def ingest() -> None:
        with Archive(data) as a:
            a.ingest([seed(n) for n in (1, 2, 3, 4)], isolate=False)

    writer = threading.Thread(target=ingest)
    writer.start()
    codes = []
    while writer.is_alive():
        codes.append(c.get("/", params={"q": "lao dong"}).status_code)
        codes.append(c.get("/trang-thai").status_code)
    writer.join()
    assert codes and set(codes) == {200}
    assert "276/BC-LĐLĐ" in c.get("/", params={"q": "276/BC-LĐLĐ"}).text


def test_pages_of_results(client: TestClient, archive, monkeypatch) -> None:
    """Page 2 shows the hits after page 1's, read with the library's offset."""
    from vanban.web import pages

    monkeypatch.setattr(pages, "PER_PAGE", 2)  # the small archive has 6 indexed documents
    with Archive(archive[0]) as a:
        every = [h["id"] for h in a.search("", limit=100, sort="date")["hits"]]
        assert [h["id"] for h in a.search("", limit=3, sort="date", offset=2)["hits"]] == \
            every[2:5]
    assert len(every) > 4
    ids = []
    for page in (1, 2):
        body = client.get("/", params={"sort": "date", "trang": page}).text
        ids += [int(i) for i in re.findall(r'class="title" href="/van-ban/(\d+)"', body)]
        assert f"Trang {page} / {-(-len(every) // 2)}" in body
    assert ids == every[:4]
