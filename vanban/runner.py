"""Running the Typer app as a command: Click's usage errors said in Vietnamese, exit codes,
and no traceback for the user."""

from __future__ import annotations

import os
import sys

import typer
from typer.core import TyperGroup

from vanban.corpus.errors import VanbanError
from vanban.output import err


class VanbanGroup(TyperGroup):
    """Turns a typed vanban error into its message and exit code: the one place it happens,
    for the installed command and for callers that invoke `app` directly."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except VanbanError as exc:
            err.print(exc.display(), markup=False)
            raise typer.Exit(exc.exit_code) from exc

# Typer ships its own copy of Click; its usage errors all derive from BadParameter's base.
ClickUsageError = typer.BadParameter.__mro__[1]
Abort = typer.Abort

# Click's own usage messages, said in Vietnamese (the longest first).
_CLICK_VI = [
    ("Input should be a valid integer, unable to parse string as an integer",
     "giá trị phải là số nguyên"),
    ("Missing parameter", "Thiếu tham số"),
    ("Input should be greater than or equal to", "giá trị phải từ"),
    ("Input should be less than or equal to", "giá trị phải không quá"),
    ("Got unexpected extra arguments", "Thừa đối số"),
    ("Got unexpected extra argument", "Thừa đối số"),
    ("No such option", "Không có tùy chọn"),
    ("No such command", "Không có lệnh"),
    ("Missing argument", "Thiếu đối số"),
    ("Missing option", "Thiếu tùy chọn"),
    ("Invalid value for", "Giá trị không hợp lệ cho"),
    ("Option '", "Tùy chọn '"),
    ("requires an argument", "cần một giá trị"),
    ("is not a valid integer", "không phải số nguyên"),
    ("is not in the range", "nằm ngoài khoảng"),
    ("Did you mean", "Có phải ý bạn là"),
]


def _usage_vi(exc: Exception) -> str:
    message = exc.format_message()
    for en, vi in _CLICK_VI:
        message = message.replace(en, vi)
    return message


def run(app: typer.Typer) -> None:
    """Run the app as the installed command: usage errors in Vietnamese with exit 2, never a
    traceback (unless VANBAN_DEBUG is set)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except ClickUsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `vanban` alone: the help
            err.print(exc.format_message(), markup=False)
            sys.exit(2)
        ctx = exc.ctx
        if ctx is not None:
            err.print(ctx.get_usage().replace("Usage:", "Cách dùng:"), markup=False)
            err.print(f"Xem '{ctx.command_path} --help' để biết cách dùng.", markup=False)
        err.print(f"Lỗi: {_usage_vi(exc)}", markup=False)
        sys.exit(2)
    except Abort:
        err.print("Đã dừng.")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("Đã dừng.")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        if os.environ.get("VANBAN_DEBUG"):
            raise
        err.print(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}\n"
                  "(đặt VANBAN_DEBUG=1 để xem chi tiết)", markup=False)
        sys.exit(1)

