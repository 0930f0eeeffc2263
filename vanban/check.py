"""`vanban check`: is the store sound, and does the index hold exactly the store's documents?

The store is the truth and the index is derived, so the repair for any index problem is to
rebuild it from the store. Store problems are reported; the only store repair done is deleting
rows whose document no longer exists (they carry nothing without it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vanban.corpus.store_api import Store, StoreError


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)  # each one line, Vietnamese
    facts: dict[str, object] = field(default_factory=dict)
    index_ok: bool = True
    orphans: dict[str, int] = field(default_factory=dict)
    damaged: list[int] = field(default_factory=list)  # documents whose row cannot be read
    lost_originals: list[dict] = field(default_factory=list)  # kept copies missing or altered

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store, report: CheckReport) -> None:
    """Each probe on its own: a damaged page must not hide what the others find."""
    for probe in (_integrity, _orphans, _records, _duplicates, _runs):
        try:
            probe(store, report)
        except StoreError as exc:
            report.problems.append(f"lỗi khi đọc kho ({probe.__name__.strip('_')}): {exc}"[:300])


def _integrity(store: Store, report: CheckReport) -> None:
    rows = store.integrity_problems()
    if rows:
        report.problems.append("SQLite integrity_check: " + "; ".join(map(str, rows[:5])))
    fk = store.foreign_key_violations()
    if fk:
        report.problems.append(f"{fk} dòng vi phạm khóa ngoại")


def _orphans(store: Store, report: CheckReport) -> None:
    for table, n in store.orphan_counts().items():
        report.orphans[table] = n
        report.problems.append(f"{n} dòng mồ côi trong bảng {table}")
    n = store.documents_without_source()
    if n:
        report.problems.append(f"{n} văn bản không còn tệp nguồn nào")


def _records(store: Store, report: CheckReport) -> None:
    """Every document's record must load and its text decode."""
    report.damaged.extend(store.damaged_documents())
    if report.damaged:
        report.problems.append(f"{len(report.damaged)} văn bản hỏng trong kho (bản ghi hoặc "
                               f"nội dung không đọc được; mã {report.damaged[:5]})")


def _duplicates(store: Store, report: CheckReport) -> None:
    dup = store.stored_twice()
    if dup:
        report.problems.append(f"{dup} nội dung bị lưu hai lần")


def _runs(store: Store, report: CheckReport) -> None:
    report.facts["unfinished_runs"] = store.unfinished_runs()


def check_index(archive, report: CheckReport) -> None:
    try:
        store_ids = set(archive.store.indexable_ids())  # near-duplicates are not indexed
    except StoreError as exc:
        report.problems.append(f"không đọc được danh sách văn bản trong kho: {exc}"[:300])
        return
    total = archive.store.count()
    report.facts["documents_all"] = total  # as `stats` counts them: copies included
    report.facts["documents"] = len(store_ids)  # what the index must hold
    report.facts["near_duplicates"] = total - len(store_ids)
    try:
        index_ids = archive.engine.ids()
    except Exception as exc:  # noqa: BLE001 - a broken index is exactly what we look for
        report.index_ok = False
        report.problems.append(f"không mở được chỉ mục ({type(exc).__name__}: {exc})"[:300])
        return
    report.facts["indexed"] = len(index_ids)
    missing, stale = store_ids - index_ids, index_ids - store_ids
    if missing:
        report.index_ok = False
        report.problems.append(f"{len(missing)} văn bản chưa có trong chỉ mục "
                               f"(ví dụ: {sorted(missing)[:5]})")
    if stale:
        report.index_ok = False
        report.problems.append(f"{len(stale)} mục trong chỉ mục không còn trong kho "
                               f"(ví dụ: {sorted(stale)[:5]})")
    try:
        count: int | None = archive.engine.doc_count()  # duplicates of an id included
    except Exception:  # noqa: BLE001 - the id check above already reported what it could
        count = None
    if count is not None and count != len(index_ids):
        report.index_ok = False
        report.problems.append(f"chỉ mục có {count - len(index_ids)} mục trùng mã")


def check_originals(archive, report: CheckReport) -> None:
    """Every kept original must be there with the bytes it was kept with."""
    from vanban.originals import verify

    try:
        kept = archive.store.originals()
        missing, altered = verify(archive.store, archive.data_dir)
    except StoreError as exc:
        report.problems.append(f"không đọc được danh sách bản gốc: {exc}"[:300])
        return
    if getattr(archive, "shared", False):
        # a shared store's copies live in the data directory of the machine that ingested
        # them: one not here may be kept on another machine, so only those here are checked
        report.facts["originals_elsewhere"] = len(missing)
        missing = []
    report.facts["originals"] = len(kept)
    report.facts["originals_missing"] = len(missing)
    report.facts["originals_altered"] = len(altered)
    report.lost_originals = missing + altered
    if missing:
        report.problems.append(f"{len(missing)} bản gốc bị mất khỏi kho (ví dụ: "
                               f"{archive.data_dir / missing[0]['stored']})")
    if altered:
        report.problems.append(f"{len(altered)} bản gốc đã bị sửa, nội dung không còn khớp "
                               f"sha256 (ví dụ: {archive.data_dir / altered[0]['stored']})")


def check(archive) -> CheckReport:
    report = CheckReport()
    check_store(archive.store, report)
    check_index(archive, report)
    check_originals(archive, report)
    check_tools(report)
    return report


def repair(archive, report: CheckReport) -> list[str]:
    """Fix what `check` found that can be fixed from the store; returns what was done."""
    from vanban.index.build import rebuild

    done: list[str] = []
    if report.damaged:  # dropped with their sources, so the next ingest reads the files again
        archive.store.delete_documents(report.damaged)
        done.append(f"đã xóa {len(report.damaged)} văn bản hỏng; chạy lại `vanban ingest` để "
                    "đọc lại tệp nguồn của chúng")
        probe = CheckReport()  # cascades removed their rows; look again for orphans
        _orphans(archive.store, probe)
        report.orphans = probe.orphans
    if report.orphans:
        archive.store.delete_orphans(list(report.orphans))
        done.append("đã xóa " + ", ".join(f"{n} dòng mồ côi ở {t}"
                                          for t, n in report.orphans.items()))
    if report.lost_originals:
        done.append(_recopy(archive, report.lost_originals))
    try:
        n = rebuild(archive.store, archive.engine)
    except Exception:  # noqa: BLE001 - the index files themselves are broken: start afresh
        archive.reset_engine()
        n = rebuild(archive.store, archive.engine)
        done.append("đã xóa thư mục chỉ mục hỏng")
    done.append(f"đã lập lại chỉ mục ({archive.engine_name}) cho {n} văn bản")
    return done


def _recopy(archive, rows: list[dict]) -> str:
    """Copy a lost original again from a source path that still has the same content."""
    from pathlib import Path

    from vanban.ingest.pipeline import sha256_file
    from vanban.originals import keep

    by_sha: dict[str, list[str]] = {}
    for s in archive.store.all_sources():
        by_sha.setdefault(s["sha256"], []).append(s["path"])
    fixed = 0
    for row in rows:
        (archive.data_dir / row["stored"]).unlink(missing_ok=True)
        for path in by_sha.get(row["sha256"], []):
            p = Path(path)
            try:
                if p.is_file() and sha256_file(p) == row["sha256"]:
                    fixed += keep(archive.store, archive.data_dir, p, row["sha256"])
                    break
            except OSError:
                continue
    return (f"đã chép lại {fixed}/{len(rows)} bản gốc từ tệp nguồn còn nguyên"
            + ("" if fixed == len(rows) else "; số còn lại không còn tệp nguồn nào khớp"))


def check_tools(report: CheckReport) -> None:
    """External programs the readers need: a missing or too-old one is a problem (scans or
    .doc files would fail to read). catdoc is only antiword's fallback, so its absence alone
    is not one. Also records every probe under `facts["tools"]`."""
    from vanban.ingest.tools import probe_all

    statuses = probe_all()
    report.facts["tools"] = [
        {"name": s.name, "found": s.found, "version": s.version, "minimum": s.minimum,
         "ok": s.ok, "message": s.message_vi} for s in statuses]
    by_name = {s.name: s for s in statuses}
    for s in statuses:
        if s.ok or (s.name == "catdoc" and not s.found and by_name["antiword"].ok):
            continue
        if s.name == "antiword" and not s.found and by_name["catdoc"].ok:
            continue  # catdoc still reads .doc files, less well
        report.problems.append(s.message_vi)
