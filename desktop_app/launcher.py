"""The `payout-desk` program: the desktop app when given no command, the command line
otherwise. It sits above both, so neither the UI nor the CLI imports the other."""

from __future__ import annotations

from collections.abc import Sequence


def open_gui(database: str | None, demo: bool) -> int:
    from desktop_app.ui.app import run_gui

    return run_gui(database=database, demo=demo)


def main(argv: Sequence[str] | None = None) -> int:
    from desktop_app.cli import main as cli_main

    return cli_main(argv, open_gui=open_gui)
