"""Vietnamese for the words Typer and its copy of Click print (Usage, Options, defaults, the
help option...), looked up in one gettext catalogue (`vanban/locale/vi/LC_MESSAGES/vanban.po`,
compiled to `vanban.mo`) rather than patched string by string.

Typer's own strings go through `gettext`; we install the catalogue as their `_`. Its copy of
Click has fixed English strings with no gettext call, so the CLI's command classes ask the same
catalogue for them at the few places they are printed (see `vanban.runner`).
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "vanban"


@cache
def catalogue() -> gettext.NullTranslations:
    """The Vietnamese catalogue, whatever the user's LANG (vanban speaks Vietnamese only)."""
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=["vi"],
                               fallback=True)


def tr(message: str) -> str:
    return catalogue().gettext(message)


def install() -> None:
    """Make Typer's gettext lookups use our catalogue (they bind `_` at import)."""
    import typer.core

    typer.core._ = catalogue().gettext  # type: ignore[attr-defined]
