"""The office web page over an archive (`vanban serve`): search, document, figures, status.

Read-only; every page renders from `vanban.archive.Archive` calls, like the CLI.
"""

from vanban.web.app import create_app

__all__ = ["create_app"]
