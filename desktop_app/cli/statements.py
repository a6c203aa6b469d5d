"""`payout-desk statements RUN_ID --out DIR [--combined FILE] [--partner CODE]`, and
`payout-desk statements --year YEAR --partner CODE --out DIR` (a partner's annual statement)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop_app.cli.common import cli_store, id_arg


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "statements",
        help="write partner statements (PDF) of a payout run",
        description="Write one PDF statement per partner of the run into a folder "
        "(named <period>_<partner-code>.pdf) and/or one combined PDF for printing.",
    )
    parser.add_argument(
        "run_id", metavar="RUN_ID", type=id_arg, nargs="?", help="payout run number"
    )
    parser.add_argument(
        "--year",
        type=int,
        help="instead of a run: the partner's annual statement of this year (with --partner)",
    )
    parser.add_argument("--out", metavar="DIR", type=Path, help="folder for one PDF per partner")
    parser.add_argument(
        "--combined", metavar="FILE", type=Path, help="also write all statements into one PDF"
    )
    parser.add_argument("--partner", metavar="CODE", help="only the partner with this code")
    parser.add_argument("--quiet", action="store_true", help="do not list the files written")
    parser.set_defaults(handler=_statements)


def _statements(args: argparse.Namespace) -> int:
    from desktop_app.services.statements.export import export_statements

    if args.year is not None:
        return _annual(args)
    if args.run_id is None:
        print("payout-desk: error: give a RUN_ID, or --year with --partner", file=sys.stderr)
        return 2
    if args.out is None and args.combined is None:
        print("payout-desk: error: give --out DIR and/or --combined FILE", file=sys.stderr)
        return 2
    with cli_store(args) as store:
        written = export_statements(
            store, args.run_id, args.out, combined=args.combined, partner_code=args.partner
        ).value
    if not args.quiet:
        for path in written:
            print(path)
    print(f"{len(written)} file(s) written", file=sys.stderr)
    return 0


def _annual(args: argparse.Namespace) -> int:
    from desktop_app.services.year_report import write_annual_statement

    if args.run_id is not None or args.combined is not None:
        print("payout-desk: error: --year takes no RUN_ID and no --combined", file=sys.stderr)
        return 2
    if args.partner is None or args.out is None:
        print("payout-desk: error: --year needs --partner CODE and --out DIR", file=sys.stderr)
        return 2
    with cli_store(args) as store:
        path = write_annual_statement(store, args.year, args.partner, args.out)
    print(path)
    return 0
