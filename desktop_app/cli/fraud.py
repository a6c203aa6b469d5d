"""`payout-desk fraud flag-order|flag-partner`: withhold commission on fraud."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.common import cli_store
from desktop_app.cli.partners import resolve_partner
from desktop_app.services import payouts


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("fraud", help="flag fraudulent orders or partners")
    commands = group.add_subparsers(dest="fraud_command", metavar="ACTION", required=True)
    order = commands.add_parser("flag-order", help="withhold the commission of one order")
    order.add_argument("order", metavar="SOURCE:ORDER_ID|ID")
    order.add_argument("--reason", required=True)
    order.set_defaults(handler=_flag_order)
    partner = commands.add_parser("flag-partner", help="withhold all unpaid commission")
    partner.add_argument("partner", metavar="CODE")
    partner.add_argument("--reason", required=True)
    partner.add_argument("--terminate", action="store_true", help="also terminate the partner")
    partner.set_defaults(handler=_flag_partner)


def _flag_order(args: argparse.Namespace) -> None:
    with cli_store(args) as store:
        payouts.flag_order(store, args.order, args.reason)
    print(f"order {args.order} flagged as fraud; its unpaid commission is withheld")


def _flag_partner(args: argparse.Namespace) -> None:
    with cli_store(args) as store:
        with store.transaction() as session:
            partner = resolve_partner(session, args.partner)
        payouts.flag_partner(store, partner.id, args.reason, terminate=args.terminate)
    extra = " and terminated" if args.terminate else ""
    print(f"partner {partner.primary_code} flagged as fraud{extra}; unpaid commission withheld")
