"""The evaluation command's comparison rules, and the seeds' fields against their gold."""

import json
from pathlib import Path

from vanban.evaluation import fields as ev

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold_seeds.jsonl"
SAMPLES = ROOT / "corpus" / "samples"


def test_number_folding_and_dates_at_gold_precision():
    assert ev.compare_scalar("so_hieu", "276/BC-LĐLĐ", "276 /BC - LĐLD")
    assert not ev.compare_scalar("so_hieu", None, "13/PĐTĐ-LĐLĐ")
    assert ev.compare_scalar("so_hieu", None, None)
    assert ev.same_date("2016-12-19", "2016")
    assert ev.same_date("2019-11", "2019-11")
    assert not ev.same_date("2019", "2019-11")
    assert not ev.same_date("2019-11-30", "2019-11-03")


def test_fuzzy_names_and_lists():
    assert ev.compare_scalar("dia_danh", "Hiệp Hòa", "Hiệp Hoà")
    assert ev.compare_scalar("don_vi", "Công đoàn ngành Giáo dục tỉnh Hà Giang",
                             "Công đoàn ngành Giáo dục Hà Giang")
    assert not ev.compare_scalar("nguoi_ky", "Hoàng Văn Trinh", "Vi Văn Nghĩa")
    p, r, f = ev.prf("phong_trao", ["Cả nước chung sức xây dựng nông thôn mới", "X mới"],
                     ["Bắc Giang chung sức xây dựng nông thôn mới"])
    assert (p, r) == (0.5, 1.0)
    assert ev.prf("van_ban_dan_chieu", [], []) == (1.0, 1.0, 1.0)
    p, r, f = ev.prf("dot_thi_dua", [{"ten": "Đợt 1", "tu": "2019-11", "den": "2020-03-31"}],
                     [{"ten": "Đợt 1", "tu": "2019-11", "den": "2020-03-31"}])
    assert f == 1.0


def test_seed_fields_match_gold(capsys):
    res = ev.evaluate(GOLD, [SAMPLES])
    assert len(res["docs"]) == 5
    for f in ev.SCALARS:
        assert res["per_field"][f] == 1.0, (f, [d["detail"][f] for d in res["docs"]])
    assert res["per_field"]["van_ban_dan_chieu"] >= 0.95
    assert res["per_field"]["dot_thi_dua"] == 1.0
    assert res["per_field"]["phong_trao"] >= 0.9
    assert res["overall"] >= 0.95
    ev.print_table(res)
    assert "TỔNG (5 tài liệu)" in capsys.readouterr().out


def test_main_prints_table_and_json(capsys, tmp_path):
    assert ev.main([str(GOLD), str(SAMPLES)]) == 0
    assert "so_hieu" in capsys.readouterr().out
    assert ev.main([str(GOLD), str(SAMPLES), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"] >= 0.95
    assert ev.main([str(tmp_path / "none.jsonl"), str(SAMPLES)]) == 2


def test_dev_set_on_text_versions(shared):
    res = ev.evaluate(shared / "eval" / "dev" / "gold.jsonl",
                      [shared / "corpus" / "seeds", shared / "corpus" / "real-text"])
    assert len(res["docs"]) == 17
    assert res["overall"] >= 0.90


def test_every_seed_value_has_a_span_into_the_text():
    from vanban.ingest.pipeline import process_file

    for path in sorted(SAMPLES.glob("00*.txt")):
        rec = process_file(path)
        for f in ("so_hieu", "loai", "ngay", "dia_danh", "don_vi", "trich_yeu", "nguoi_ky",
                  "chuc_vu"):
            if getattr(rec, f) is not None:
                sp = rec.provenance[f]
                assert 0 <= sp.start < sp.end <= len(rec.text), (path.name, f)
                assert sp.page == 1 and sp.paragraph is not None
        for f in ("phong_trao", "van_ban_dan_chieu", "dot_thi_dua", "noi_nhan"):
            for i in range(len(getattr(rec, f))):
                sp = rec.provenance[f"{f}[{i}]"]
                assert 0 <= sp.start < sp.end <= len(rec.text), (path.name, f, i)
        for f in ("nguoi_ky", "so_hieu"):
            if getattr(rec, f):
                sp = rec.provenance[f]
                assert rec.text[sp.start:sp.end].replace(" ", "")[:2] == (
                    (rec.so_hieu_raw if f == "so_hieu" else rec.nguoi_ky).replace(" ", "")[:2])


def test_chi_tieu_scored_by_recall_only_where_gold_lists_figures(tmp_path, capsys):
    # the gold lists a sample of a document's clear figures: extra figures are not errors,
    # an empty gold list is not scored, and the score stays out of the overall
    lines = [json.loads(ln) for ln in GOLD.read_text(encoding="utf-8").splitlines() if ln]
    by_file = {g["file"]: g for g in lines}
    sampled = dict(by_file["002_fc8a3aa03fee8d87.txt"])
    sampled["chi_tieu"] = sampled["chi_tieu"][:1] + [
        {"text": "invented", "value": 123456, "unit": "hộ", "kind": "result"}]
    empty = dict(by_file["001_e61dab33b6313af4.txt"], chi_tieu=[])
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(g, ensure_ascii=False) for g in (sampled, empty)),
                    encoding="utf-8")
    res = ev.evaluate(gold, [SAMPLES])
    assert "chi_tieu" not in res["fields"]
    assert res["extra"]["chi_tieu"] == {"recall": 0.5, "docs": 1}
    assert "chi_tieu" not in res["docs"][1]["extra"]
    ev.print_table(res)
    assert "c_tieu*" in capsys.readouterr().out
