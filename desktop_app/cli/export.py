"""`payout-desk export payouts RUN_ID --out FILE.csv|FILE.xlsx`: the mass-payment file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.common import cli_store, id_arg
from desktop_app.domain.money import money_text


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("export", help="export files for other programs")
    kinds = group.add_subparsers(dest="export_kind", metavar="WHAT", required=True)
    payouts = kinds.add_parser(
        "payouts",
        help="payout file of a locked run (one row per payable partner) as CSV or XLSX",
        description="Columns: Name, Email or account, Amount, Currency, Reference, Note. "
        "CSV: every field quoted, text a spreadsheet would run as a formula prefixed with an "
        "apostrophe. XLSX: amounts are numbers, every other cell is a text cell.",
    )
    payouts.add_argument("run_id", metavar="RUN_ID", type=id_arg, help="payout run number")
    payouts.add_argument(
        "--out", metavar="FILE", type=Path, required=True, help="FILE.csv or FILE.xlsx"
    )
    payouts.set_defaults(handler=_payouts)


def _payouts(args: argparse.Namespace) -> int:
    from desktop_app.services.payout_export import export_payouts

    with cli_store(args) as store:
        result = export_payouts(store, args.run_id, args.out)
    print(
        f"{result.path}: {result.rows} payment(s), "
        f"total {money_text(result.total, result.currency)} {result.currency}"
    )
    return 0
