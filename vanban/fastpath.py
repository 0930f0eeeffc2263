"""`vanban search …` (JSON or plain) and `vanban show … --json` without Typer, Click, Pydantic.

Those imports cost about 300 ms, more than the search itself: a script that calls the CLI in a
loop pays them every time. This strict little parser knows exactly those two commands (plain
`search` prints the same Rich lines as the full CLI, `show` only with --json); anything else
(help, an unknown or repeated option, a value Typer would reject) goes to the full Typer CLI
unchanged, which then says what is wrong.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# option → Filters field / search argument (all take one value)
_SEARCH_VALUES = {
    "--don-vi": "don_vi", "--loai": "loai", "--nam": "nam", "--tu": "tu", "--den": "den",
    "--phong-trao": "phong_trao", "--so-hieu": "so_hieu", "--cap": "cap",
    "--trich-dan": "trich_dan", "--limit": "limit", "--sort": "sort", "--data-dir": "data_dir",
}
_SHOW_VALUES = {"--data-dir": "data_dir"}
_FLAGS = {"search": {"--json": "as_json"}, "show": {"--json": "as_json", "--text": "text"}}


def parse(argv: list[str]) -> tuple[str, dict[str, Any]] | None:
    """(command, arguments) when the fast path can run this call exactly as the full CLI
    would; None otherwise."""
    args = list(argv)
    data_dir = None
    if args and args[0].startswith("--data-dir"):  # the app-level option, before the command
        name, value, args = _take(args)
        if name != "--data-dir" or value is None:
            return None
        data_dir = value
    if not args or args[0] not in _FLAGS:
        return None
    command, args = args[0], args[1:]
    values = _SEARCH_VALUES if command == "search" else _SHOW_VALUES
    flags = _FLAGS[command]
    out: dict[str, Any] = {}
    positional: list[str] = []
    while args:
        if not args[0].startswith("-") or args[0] == "-":
            positional.append(args.pop(0))
            continue
        name, value, args = _take(args, takes_value=args[0].split("=", 1)[0] in values)
        key = values.get(name) or flags.get(name)
        if key is None or key in out or (name in values) != (value is not None) or (
                value is not None and value.startswith("--")):
            return None  # unknown, repeated, a flag with a value, or a value that looks like
            # an option (`--nam --json`): the full CLI decides
        out[key] = True if name in flags else value
    if len(positional) > 1 or (command == "show" and not out.get("as_json")):
        return None  # plain `search` prints its Rich lines here too; plain `show` does not
    if command == "show" and len(positional) != 1:
        return None
    if "limit" in out:
        limit = out["limit"]
        if not (limit.isascii() and limit.isdigit() and int(limit) <= 10000):
            return None
        out["limit"] = int(limit)
    if out.get("data_dir") is not None and data_dir is not None:
        return None
    out.setdefault("data_dir", data_dir)
    out["query" if command == "search" else "key"] = positional[0] if positional else ""
    return command, out


def _take(args: list[str], takes_value: bool = True) -> tuple[str, str | None, list[str]]:
    """(option name, its value, the rest) for `--opt value` or `--opt=value`."""
    head = args[0]
    if "=" in head:
        name, value = head.split("=", 1)
        return name, value, args[1:]
    if takes_value:
        if len(args) < 2:
            return head, None, args[1:]
        return head, args[1], args[2:]
    return head, None, args[1:]


def run(command: str, a: dict[str, Any]) -> int:
    """Run a parsed call; the exit code, with the CLI's error messages."""
    try:
        from vanban.archive import Archive, default_data_dir

        data_dir = a["data_dir"]
        archive = Archive(Path(data_dir) if data_dir is not None else default_data_dir(),
                          create=False, on_notice=_err)
        if command == "search":
            from vanban.search.query import Filters, parse_year

            filters = Filters(don_vi=a.get("don_vi"), loai=a.get("loai"),
                              nam=parse_year(a.get("nam"), "--nam"), tu=a.get("tu"),
                              den=a.get("den"), phong_trao=a.get("phong_trao"),
                              so_hieu=a.get("so_hieu"), cap=a.get("cap"),
                              trich_dan=a.get("trich_dan"))
            result = archive.search(a["query"], filters, a.get("limit", 10),
                                    a.get("sort", "relevance"))
        else:
            result = archive.show(a["key"])
        if command == "search" and not a.get("as_json"):
            from vanban.output import search_table  # Rich alone, without Typer and Click

            search_table(result)
            return 0
        from vanban.jsonout import print_json

        print_json(result)
        return 0
    except KeyboardInterrupt:
        _err("Đã dừng.")
        return 130
    except Exception as exc:  # noqa: BLE001 - a user never sees a traceback
        from vanban.corpus.errors import VanbanError

        if isinstance(exc, VanbanError):
            _err(exc.display())
            return exc.exit_code
        if os.environ.get("VANBAN_DEBUG"):
            raise
        _err(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}\n"
             "(đặt VANBAN_DEBUG=1 để xem chi tiết)")
        return 1


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def main() -> None:
    """The `vanban` command: the fast path when it applies, else the full Typer CLI."""
    call = parse(sys.argv[1:])
    if call is not None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        sys.exit(run(*call))
    from vanban.cli import main as full

    full()
