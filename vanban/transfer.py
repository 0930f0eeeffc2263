"""`vanban export` / `vanban import`: an archive as a folder a person can browse without
vanban, and back.

The folder holds:
- `van-ban/<năm>/<tên tệp như khi nạp>`: every document's original (one per content);
- `manifest.json`: every document's fields, its file's sha256, the paths it was ingested
  from, and what was removed as duplicate (near-duplicate of which document, repeated
  sections dropped from its text);
- `manifest.csv`: the same, one row per document, for a spreadsheet;
- `vanban.sqlite`: a consistent copy of the store (SQLite's backup API).

Import reads the originals again (so a newer vanban re-extracts with its own rules) in the
order they were first stored, then restores the source paths as first ingested.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path
from typing import Any

from vanban.corpus.errors import UsageError, VanbanError

MANIFEST = "manifest.json"
FORMAT = "vanban-export/1"
CSV_COLUMNS = ("id", "file", "sha256", "paths", "format", "so_hieu", "loai", "ngay", "don_vi",
               "cap", "tinh", "trich_yeu", "nguoi_ky", "chuc_vu", "phong_trao",
               "near_duplicate_of", "near_duplicate_similarity", "removed_sections")


def _safe_name(name: str) -> str:
    name = "".join("_" if c in '/\\\0' else c for c in name).strip() or "tep"
    return name[:200]


def _unique(folder: Path, name: str, taken: set[str]) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while str(folder / candidate) in taken:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    taken.add(str(folder / candidate))
    return candidate


def export_archive(archive: Any, folder: Path) -> dict[str, Any]:
    """Write the export folder; returns counts (documents, files, missing originals)."""
    from vanban.originals import locate

    store = archive.store
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise UsageError(f"thư mục {folder} không trống; hãy chọn một thư mục mới")
    except OSError as exc:
        raise VanbanError(f"không ghi được vào {folder}: {exc.strerror or exc}") from exc
    near = {r["id"]: r for r in store.near_duplicates()}
    sources: dict[int, list[str]] = {}
    for row in store.all_sources():
        sources.setdefault(row["document_id"], []).append(row["path"])
    taken: set[str] = set()
    docs, missing = [], []
    for doc_id in store.ids():
        rec = store.get(doc_id, paragraphs=False)
        sha = store.document_sha(doc_id)
        if rec is None or sha is None:
            continue
        paths = sources.get(doc_id, [])
        original = locate(store, archive.data_dir, sha, paths)
        rel = None
        if original is not None:
            year = (rec.ngay or "")[:4] if (rec.ngay or "")[:4].isdigit() else "khong-ro-nam"
            sub = Path("van-ban") / year
            name = _unique(sub, _safe_name(Path(paths[0] if paths else original).name), taken)
            (folder / sub).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(original, folder / sub / name)
            rel = str(sub / name)
        else:
            missing.append(doc_id)
        d = rec.to_json(with_text=False)
        d.pop("pages", None)
        nd = near.get(doc_id)
        docs.append({
            "id": doc_id, "file": rel, "sha256": sha, "paths": paths, "format": rec.format,
            "near_duplicate_of": nd["of"] if nd else None,
            "near_duplicate_similarity": nd["similarity"] if nd else None,
            "removed_sections": [_plain(x) for x in rec.duplicates],
            "fields": d,
        })
    manifest = {"format": FORMAT, "documents": docs}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1,
                                              default=str) + "\n", encoding="utf-8")
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for doc in docs:
            f = doc["fields"]
            w.writerow([doc["id"], doc["file"] or "", doc["sha256"], " | ".join(doc["paths"]),
                        doc["format"] or "", *(_cell(f.get(k)) for k in CSV_COLUMNS[5:14]),
                        "; ".join(f.get("phong_trao") or []), doc["near_duplicate_of"] or "",
                        doc["near_duplicate_similarity"] or "", len(doc["removed_sections"])])
    store.backup(folder / "vanban.sqlite")
    return {"documents": len(docs), "files": len(docs) - len(missing), "missing": missing,
            "folder": str(folder)}


def _plain(x: Any) -> Any:
    from dataclasses import asdict, is_dataclass

    return asdict(x) if is_dataclass(x) and not isinstance(x, type) else x


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return "; ".join(map(str, v))
    return str(v)


def is_export(folder: Path) -> bool:
    """A folder `vanban export` wrote (so `ingest` of it restores, not just reads, it)."""
    try:
        head = (folder / MANIFEST).read_text(encoding="utf-8")[:200]
    except OSError:
        return False
    return f'"format": "{FORMAT}"' in head


def import_archive(archive: Any, folder: Path, workers: int = 1) -> dict[str, Any]:
    """Ingest an export folder into `archive`; returns counts (documents, sources)."""
    from vanban.ingest.pipeline import sha256_file

    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{folder} không phải thư mục xuất của vanban (không có {MANIFEST})"
                         ) from None
    except (OSError, ValueError) as exc:
        raise VanbanError(f"không đọc được {path}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise UsageError(f"{path}: định dạng {manifest.get('format')!r} không được hỗ trợ")
    docs = sorted((d for d in manifest["documents"] if d.get("file")), key=lambda d: d["id"])
    for d in docs:
        f = folder / d["file"]
        if not f.is_file() or sha256_file(f) != d["sha256"]:
            raise VanbanError(f"tệp {f} bị thiếu hoặc đã bị sửa (sha256 không khớp); "
                              "không nhập")
    files = [folder / d["file"] for d in docs]
    summary = archive.ingest(files, workers)
    store = archive.store
    restored = 0
    for d, f in zip(docs, files, strict=True):
        paths = d["paths"] or [str(f)]
        exported = os.path.abspath(str(f))
        src = store.source(exported)
        if src is None:
            continue
        store.rename_source(exported, paths[0])
        for extra in paths[1:]:
            store.add_source(src["document_id"], extra, d["sha256"], src["format"] or "",
                             src["size"] or 0, src["mtime"] or 0.0)
        restored += len(paths)
    return {"documents": len(docs), "sources": restored, "failed": len(summary.failed)}
