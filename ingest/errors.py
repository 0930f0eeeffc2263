"""Every error ingest raises for a file or a tool, in one place that imports nothing of ingest.

Readers, guards and tool wrappers all raise these, so none of them has to import another to
share an exception class (the old `readers` <-> `safety` cycle). The message (`str(exc)`,
also `message_vi`) is shown to the user as is, so it is Vietnamese; `exit_code` is what a
command that stops on this error returns (1: the file or the tool failed; 2 is kept for
usage errors, which ingest never raises).
"""

from __future__ import annotations

from vanban.corpus.errors import VanbanError


class IngestError(VanbanError):
    """Base of ingest's own errors: a Vietnamese message and the exit code that goes with it."""

    exit_code: int = 1

    @property
    def message_vi(self) -> str:
        return str(self)


class ReadError(IngestError):
    """A file that cannot be read: the pipeline records it as failed with this message."""


class UnsafeFile(ReadError):
    """A file refused by a guard (zip bomb, XML entities, huge image ...): the message says why."""


class ToolError(ReadError):
    """An external program (tesseract, antiword, catdoc) could not do its job on this file."""

    def __init__(self, message: str, tool: str = "") -> None:
        super().__init__(message)
        self.tool = tool


class ToolMissing(ToolError):
    """The program is not installed (not on PATH): every file that needs it fails alike."""


class ToolTimeout(ToolError):
    """The program ran past its time limit on this file and was killed."""


class ToolFailed(ToolError):
    """The program exited with an error on this file."""


__all__ = ["IngestError", "ReadError", "ToolError", "ToolFailed", "ToolMissing", "ToolTimeout",
           "UnsafeFile"]
