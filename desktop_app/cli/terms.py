"""`payout-desk terms CODE --out FILE.pdf [--on DATE]`: a partner's terms sheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.common import cli_store, date_arg


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "terms",
        help="write a partner's terms sheet (PDF): what they earn and how they are paid",
        description="The plan in force with its tier table and a worked example per tier, "
        "bonus rules, holding period, minimum payout and carry-over, payment schedule and "
        "method, refunds and fraud, and your contact; in the partner's statement language.",
    )
    parser.add_argument("partner", metavar="CODE", help="the partner's code")
    parser.add_argument("--out", metavar="FILE", type=Path, required=True, help="FILE.pdf")
    parser.add_argument(
        "--on", type=date_arg, help="the day the terms are stated for (default: today)"
    )
    parser.set_defaults(handler=_terms)


def _terms(args: argparse.Namespace) -> int:
    from desktop_app.services.terms import write_terms

    with cli_store(args) as store:
        path = write_terms(store, args.partner, args.out, args.on)
    print(path)
    return 0
