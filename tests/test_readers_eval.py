"""The reader evaluation command runs and reports targets met on the text samples."""

from __future__ import annotations

import json

from vanban.evaluation.readers import main


def test_eval_readers_text_samples(shared, capsys) -> None:
    assert main([str(shared / "corpus" / "samples"), "--no-ocr", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_file = {r["file"]: r for r in rows}
    assert by_file["doc0.pdf"]["cer"] <= 0.1
    assert by_file["doc0.docx"]["cer"] <= 0.1
    assert by_file["doc1_tcvn3.pdf"]["cer"] <= 2.5
    assert by_file["doc1_tcvn3.pdf"]["methods"] == "converted-tcvn3"
    assert all("error" not in r for r in rows)


def test_eval_readers_missing_dir(tmp_path) -> None:
    assert main([str(tmp_path / "none")]) == 2
