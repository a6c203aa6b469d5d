"""`payout-desk orders list [--from D --to D --partner CODE]`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.common import add_format, cli_store, date_arg
from desktop_app.cli.output import emit
from desktop_app.domain.order_fields import ORDER_TEXT_COLUMNS
from desktop_app.domain.order_status import OrderState

# The descriptive columns listed (order_fields: `listed`) come before the status.
LISTED = tuple(c.column for c in ORDER_TEXT_COLUMNS if c.listed)
COLUMNS = ["source", "order_id", "date", "partner", "amount", "currency", *LISTED, "status"]


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("orders", help="list imported orders")
    commands = group.add_subparsers(dest="orders_command", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="list orders, oldest first")
    listing.add_argument("--from", dest="start", type=date_arg, help="first order date")
    listing.add_argument("--to", dest="end", type=date_arg, help="last order date")
    listing.add_argument("--partner", help="partner code")
    listing.add_argument(
        "--status", choices=[str(state) for state in OrderState], help="the order's state"
    )
    add_format(listing)
    listing.set_defaults(handler=_list)


def _list(args: argparse.Namespace) -> int:
    from desktop_app.domain.money import money_text
    from desktop_app.services import orders_api

    with cli_store(args) as store:
        orders = orders_api.list_orders(
            store,
            start=args.start,
            end=args.end,
            partner_code=args.partner,
            status=args.status,
        )
    rows = [
        {
            "source": order.source,
            "order_id": order.external_id,
            "date": order.order_date.isoformat(),
            "partner": order.partner_code,
            "partner_name": order.partner_name,
            "amount": money_text(order.amount, order.currency),
            "currency": order.currency,
            **{name: order.text(name) for name in LISTED},
            "status": order.status,
        }
        for order in orders
    ]
    emit(rows, args.format, COLUMNS)
    return 0
