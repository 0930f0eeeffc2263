"""Typed errors that carry their exit code (as OCRmyPDF's `ExitCodeException` does).

Every layer raises these with a Vietnamese message; the CLI has one place that turns them
into a message and an exit code (0 ok, 1 failed work or a broken archive, 2 wrong usage).
"""

from __future__ import annotations


class VanbanError(Exception):
    """An error the user should read: `str(exc)` is the Vietnamese message."""

    exit_code = 1
    label = "Lỗi: "  # what the CLI prints before the message

    def display(self) -> str:
        return f"{self.label}{self}"


class UsageError(VanbanError, ValueError):
    """The command or its arguments must be fixed (a bad query, a bad option value)."""

    exit_code = 2


class NotFound(VanbanError):
    """The document, file or archive the user named does not exist."""

    label = ""


class ArchiveBusy(VanbanError):
    """Another process holds the archive's write lock."""


class ArchiveUnavailable(VanbanError):
    """The data directory cannot be opened (permissions, not a directory...)."""

    exit_code = 2


class ArchiveCorrupt(VanbanError):
    """The store file fails to open as a database: only then do we talk of damage."""


class ArchiveIOError(VanbanError):
    """The data directory cannot be written (full disk, I/O error, read-only): nothing was
    half-written, and a rerun once the cause is fixed completes the work."""


_FULL_WORDS = ("database or disk is full", "no space left", "storagefull", "storage full",
               "os error 28", "os error 27", "file too large", "quota exceeded")
_RO_WORDS = ("readonly database", "read-only file system", "os error 30")
_EIO_WORDS = ("disk i/o error", "input/output error", "os error 5)")


def io_failure(exc: BaseException, directory: object) -> ArchiveIOError | None:
    """The Vietnamese error for a write that failed for the directory's sake, else None."""
    import errno

    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        text = str(cur).lower()
        code = getattr(cur, "errno", None) if isinstance(cur, OSError) else None
        full = code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or any(
            w in text for w in _FULL_WORDS)
        ro = code == errno.EROFS or any(w in text for w in _RO_WORDS)
        if full or ro or code == errno.EIO or any(w in text for w in _EIO_WORDS):
            if ro:
                why = "thư mục chỉ đọc được, không ghi được"
            elif full:
                why = "ổ đĩa đã đầy (hoặc vượt hạn mức)"
            else:
                why = "lỗi vào/ra của ổ đĩa"
            return ArchiveIOError(
                f"không ghi được vào thư mục kho {directory}: {why}. Văn bản đang ghi dở đã "
                "được hủy, các văn bản đã lưu vẫn còn nguyên; hãy giải phóng chỗ trống (hoặc "
                "khắc phục ổ đĩa) rồi chạy lại lệnh để hoàn tất.")
        cur = cur.__cause__ or cur.__context__
    return None
