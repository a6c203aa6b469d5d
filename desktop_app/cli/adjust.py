"""`payout-desk adjust add`: a manual adjustment or bonus with its reason."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.common import cli_store, id_arg


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("adjust", help="manual adjustments and bonuses")
    commands = group.add_subparsers(dest="adjust_command", metavar="ACTION", required=True)
    add = commands.add_parser(
        "add",
        help="add an adjustment (to the given draft run, else the open draft or the next run)",
    )
    add.add_argument("--run", dest="run_id", type=id_arg, help="draft run id")
    add.add_argument("--partner", required=True, help="partner code or id")
    add.add_argument("--amount", required=True, help="e.g. 25.00 or -10.00")
    add.add_argument("--reason", required=True, help="why (shown on the statement)")
    add.add_argument("--bonus", action="store_true", help="count it as a manual bonus")
    add.set_defaults(handler=_add)


def _add(args: argparse.Namespace) -> None:
    from desktop_app.domain.money import money_text, parse_amount
    from desktop_app.services import merchant, partners, payouts

    with cli_store(args) as store:
        partner = partners.load_partner_by_ref(store, args.partner)
        currency = merchant.load_profile(store).base_currency
        amount = parse_amount(args.amount, currency)
        adjustment_id = payouts.add_adjustment(
            store,
            partner.id,
            amount,
            args.reason,
            run_id=args.run_id,
            kind="bonus" if args.bonus else "adjustment",
        ).value
    where = f"run {args.run_id}" if args.run_id else "the open draft or the next run"
    kind = "bonus" if args.bonus else "adjustment"
    print(
        f"{kind} {adjustment_id}: {money_text(amount, currency)} {currency} for "
        f"{partner.primary_code} in {where}"
    )
