"""The errors front ends catch (re-exported from the lowest layer that raises them)."""

from vanban.corpus.errors import (
    ArchiveBusy,
    ArchiveCorrupt,
    ArchiveUnavailable,
    NotFound,
    UsageError,
    VanbanError,
)

__all__ = ["ArchiveBusy", "ArchiveCorrupt", "ArchiveUnavailable", "NotFound", "UsageError",
           "VanbanError"]
