"""Running the Typer app as a command: Click's usage errors said in Vietnamese, exit codes,
and no traceback for the user."""

from __future__ import annotations

import os
import sys

import typer
from typer.core import TyperCommand, TyperGroup

from vanban.corpus.errors import VanbanError
from vanban.i18n import install, tr
from vanban.output import err

install()


class _VietnameseHelp:
    """The help screen's fixed words from the catalogue: Typer's copy of Click prints
    "Usage:", "[OPTIONS]" and the help option's text without asking gettext."""


    def format_usage(self, ctx, formatter):  # type: ignore[no-untyped-def]
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(tr(p) for p in pieces),
                              prefix=tr("Usage: "))

    def get_params(self, ctx):  # type: ignore[no-untyped-def]
        params = super().get_params(ctx)  # type: ignore[misc]
        for p in params:
            if getattr(p, "help", None):
                p.help = tr(p.help)
            shown = getattr(p, "display_type_rich", None)
            if shown is not None and not getattr(shown, "translated", False):
                p.display_type_rich = _translated(shown)
        return params


def _translated(display):  # type: ignore[no-untyped-def]
    """A parameter's type label (<str>, <int range>...) from the catalogue."""

    def label(ctx):  # type: ignore[no-untyped-def]
        text = display(ctx)
        return tr(text) if text else text

    label.translated = True  # type: ignore[attr-defined]
    return label


class VanbanCommand(_VietnameseHelp, TyperCommand):
    pass


class VanbanGroup(_VietnameseHelp, TyperGroup):
    """Turns a typed vanban error into its message and exit code: the one place it happens,
    for the installed command and for callers that invoke `app` directly."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except VanbanError as exc:
            err.print(exc.display(), markup=False)
            raise typer.Exit(exc.exit_code) from exc

class VanbanTyper(typer.Typer):
    """A Typer app whose commands all use `VanbanCommand` (Vietnamese help) by default."""

    def command(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("cls", VanbanCommand)
        return super().command(*args, **kwargs)


# Typer ships its own copy of Click; its usage errors all derive from BadParameter's base.
ClickUsageError = typer.BadParameter.__mro__[1]
Abort = typer.Abort

# The phrases Click's usage errors are built from (fixed English in Typer's copy of Click),
# each said in Vietnamese by the catalogue; the longest first so none hides a longer one.
_CLICK_PHRASES = sorted([
    "Input should be a valid integer, unable to parse string as an integer",
    "Input should be a valid number, unable to parse string as a number",
    "Input should be greater than or equal to", "Input should be less than or equal to",
    "Input should be", "Missing parameter", "Got unexpected extra arguments",
    "Got unexpected extra argument", "No such option", "No such command", "Missing argument",
    "Missing option", "Invalid value for", "requires an argument", "is not a valid integer",
    "is not in the range", "Did you mean", "Possible options:", "is not one of",
], key=len, reverse=True)


def _usage_vi(exc: Exception) -> str:
    message = exc.format_message()
    for phrase in _CLICK_PHRASES:
        message = message.replace(phrase, tr(phrase))
    return message.replace("Option '", "Tùy chọn '")


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
            err.print(ctx.get_usage(), markup=False)
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

