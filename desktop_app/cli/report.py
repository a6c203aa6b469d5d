"""`payout-desk report year YEAR --out FILE.csv|FILE.xlsx`: the year-end summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def _year(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 9999:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year like 2026")
    return int(text)


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("report", help="reports for your accountant")
    kinds = group.add_subparsers(dest="report_kind", metavar="WHAT", required=True)
    year = kinds.add_parser(
        "year",
        help="what each partner was paid in a year (paid runs only), as CSV or XLSX",
        description="One row per partner: name, codes, tax id, country, payout method, paid "
        "per month, total paid and clawbacks, in the base currency, from the runs paid in the "
        "year; with USD, partners paid 600 USD or more are flagged for a 1099-NEC.",
    )
    year.add_argument("year", type=_year, metavar="YEAR")
    year.add_argument("--out", metavar="FILE", type=Path, required=True, help=".csv or .xlsx")
    year.set_defaults(handler=_year_report)


def _year_report(args: argparse.Namespace) -> int:
    from desktop_app.cli.common import cli_store
    from desktop_app.domain.money import money_text
    from desktop_app.services.year_report import write_year_report

    with cli_store(args) as store:
        summary = write_year_report(store, args.year, args.out)
    cur = summary.currency
    print(
        f"{args.out}: {len(summary.partners)} partner(s) paid "
        f"{money_text(summary.total, cur)} {cur} in {args.year}"
    )
    flagged = [p for p in summary.partners if p.reaches_1099]
    if flagged:
        print(f"{len(flagged)} partner(s) paid 600 USD or more (1099-NEC):", file=sys.stderr)
        for p in flagged:
            print(f"  {p.name} ({', '.join(p.codes)}): {money_text(p.total, cur)}", file=sys.stderr)
    return 0
