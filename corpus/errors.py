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
