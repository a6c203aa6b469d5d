"""`payout-desk fraud flag-order|flag-partner|lift-order|lift-partner|list`: withhold commission
on fraud, lift a flag set by mistake, and see the flags."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import add_format, cli_store
from desktop_app.cli.output import emit

if TYPE_CHECKING:
    from desktop_app.services import payouts


COLUMNS = ("id", "kind", "partner", "order", "flagged_on", "by", "reason")
LIFTED_COLUMNS = (*COLUMNS, "lifted_on", "lifted_by", "lifted_reason", "released")


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("fraud", help="flag fraudulent orders or partners, lift flags")
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
    lift_order = commands.add_parser(
        "lift-order", help="lift an order's fraud flag; what locked runs withheld is released"
    )
    lift_order.add_argument("order", metavar="SOURCE:ORDER_ID|ID")
    lift_order.add_argument("--reason", required=True)
    lift_order.set_defaults(handler=_lift_order)
    lift_partner = commands.add_parser(
        "lift-partner", help="lift a partner's fraud flag; what locked runs withheld is released"
    )
    lift_partner.add_argument("partner", metavar="CODE")
    lift_partner.add_argument("--reason", required=True)
    lift_partner.set_defaults(handler=_lift_partner)
    listing = commands.add_parser("list", help="active fraud flags (--all: lifted ones too)")
    listing.add_argument(
        "--all", dest="include_lifted", action="store_true", help="include lifted flags"
    )
    add_format(listing)
    listing.set_defaults(handler=_list)


def _flag_order(args: argparse.Namespace) -> None:
    from desktop_app.services import payouts

    with cli_store(args) as store:
        payouts.flag_order(store, args.order, args.reason)
    print(f"order {args.order} flagged as fraud; its unpaid commission is withheld")


def _flag_partner(args: argparse.Namespace) -> None:
    from desktop_app.services import partners, payouts

    with cli_store(args) as store:
        partner = partners.load_partner_by_ref(store, args.partner)
        payouts.flag_partner(store, partner.id, args.reason, terminate=args.terminate)
    extra = " and terminated" if args.terminate else ""
    print(f"partner {partner.primary_code} flagged as fraud{extra}; unpaid commission withheld")


def _released(result: payouts.LiftResult) -> str:
    from desktop_app.domain.money import money_text

    if not result.releases:
        return "nothing withheld in locked runs to release"
    by_currency: dict[str, list[payouts.Release]] = {}
    for release in result.releases:
        by_currency.setdefault(release.currency, []).append(release)
    parts = [
        f"{money_text(sum((r.amount for r in items), Decimal(0)), cur)} {cur}"
        for cur, items in by_currency.items()
    ]
    runs = ", ".join(str(r) for r in sorted({r.run_id for r in result.releases}))
    return f"{' + '.join(parts)} withheld in run(s) {runs} released in the next run"


def _lift_order(args: argparse.Namespace) -> None:
    from desktop_app.services import payouts

    with cli_store(args) as store:
        result = payouts.lift_order_flag(store, args.order, args.reason)
    print(f"fraud flag on order {args.order} lifted; {_released(result)}")


def _lift_partner(args: argparse.Namespace) -> None:
    from desktop_app.services import partners, payouts

    with cli_store(args) as store:
        partner = partners.load_partner_by_ref(store, args.partner)
        result = payouts.lift_partner_flag(store, partner.id, args.reason)
    print(f"fraud flag on partner {partner.primary_code} lifted; {_released(result)}")


def _list(args: argparse.Namespace) -> None:
    from desktop_app.domain.money import money_text
    from desktop_app.services.payouts import api

    with cli_store(args) as store:
        flags = api.load_flags(store, include_lifted=args.include_lifted)
    rows = []
    for flag in flags:
        row: dict[str, Any] = {
            "id": flag.id,
            "kind": flag.kind,
            "partner": flag.partner_code,
            "order": flag.order_ref,
            "flagged_on": flag.flagged_on.isoformat(),
            "by": flag.actor,
            "reason": flag.reason,
        }
        if args.include_lifted:
            row["lifted_on"] = flag.lifted_on.isoformat() if flag.lifted_on else ""
            row["lifted_by"] = flag.lifted_by
            row["lifted_reason"] = flag.lifted_reason
            row["released"] = (
                money_text(flag.released, flag.released_currency)
                if flag.released is not None and flag.released_currency
                else ("0" if flag.released is not None else "")
            )
        rows.append(row)
    emit(rows, args.format, LIFTED_COLUMNS if args.include_lifted else COLUMNS)
