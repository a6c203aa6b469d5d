"""The `payout-desk` command: the GUI when given no sub-command, the CLI otherwise.

Command groups live in their own modules, each with `register(subparsers)`; a module's handlers
are set with `parser.set_defaults(handler=fn)` and return an exit code (or None for 0).
Errors the user can fix print one line on stderr and exit with code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from desktop_app import __version__
from desktop_app.domain.text import visible
from desktop_app.errors import UserError

COMMAND_MODULES = [
    "partners",
    "init",
    "merchant",
    "demo",
    "backup",
    "statements",
    "mail",
    "export",
    "runs",
    "adjust",
    "fraud",
    "plans",
    "imports",
    "orders",
    "rates",
    "terms",
    "report",
    "performance",
]


class CliParser(argparse.ArgumentParser):
    """Every (sub-)command accepts --database; usage errors are one line and exit code 2."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.add_argument(
            "--database",
            metavar="URL",
            default=argparse.SUPPRESS,
            help="store to use: a SQLite file path or an SQLAlchemy URL "
            "(sqlite:///file or postgresql+psycopg://user@host/db)",
        )

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {visible(message)} (see --help)\n")


def build_parser() -> CliParser:
    parser = CliParser(
        prog="payout-desk",
        description="Affiliate commissions and payout statements. "
        "Without a command, opens the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"Payout Desk {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the demo store (created with sample data the first time), in the app or "
        "with any command",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation headless (temporary store, a tiny payout run, a PDF)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"desktop_app.cli.{name}")
        module.register(subparsers)
    return parser


def _demo_store_url(database: str | None) -> str:
    """`--demo COMMAND`: the command works on the demo store, which is made the first time."""
    if database:
        raise UserError("--demo and --database name two different stores: give only one")
    from desktop_app.services.demo import ensure_demo_store

    return ensure_demo_store()


OpenGui = Callable[[str | None, bool], int]


def main(argv: Sequence[str] | None = None, *, open_gui: OpenGui | None = None) -> int:
    """Run one command; with none, `open_gui` (the launcher's: the desktop app)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.database = getattr(args, "database", None)
    handler = getattr(args, "handler", None)
    try:
        if getattr(args, "self_test", False):
            from desktop_app.self_test import run_self_test

            return run_self_test()
        if args.command is None and open_gui is not None:
            return open_gui(args.database, args.demo)
        if handler is None:
            parser.print_help(sys.stderr)
            return 2
        if args.demo and args.command != "demo":
            args.database = _demo_store_url(args.database)
        return int(handler(args) or 0)
    except UserError as exc:  # one line, whatever the user typed into it
        print(f"payout-desk: error: {visible(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("payout-desk: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: one line for the user, the traceback in the log
        from desktop_app.logs import log_exception

        where = log_exception(exc)
        print(
            f"payout-desk: internal error: {visible(repr(exc))} (details in {where})",
            file=sys.stderr,
        )
        return 1
