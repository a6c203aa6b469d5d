"""`payout-desk partners add|list|show|update|pause|activate|terminate`."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import add_format, cli_store, date_arg
from desktop_app.cli.output import emit, emit_one

if TYPE_CHECKING:
    from desktop_app.domain.partners import Partner


LIST_COLUMNS = ["id", "codes", "name", "type", "status", "email", "country", "payout_method"]


def partner_record(p: Partner) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "codes": list(p.codes),
        "type": p.partner_type,
        "status": p.status.value,
        "status_date": p.status_date.isoformat(),
        "email": p.email,
        "country": p.country,
        "payout_method": p.payout_method.value,
        "payout_details": p.payout_details,
        "tax_id": p.tax_id,
        "join_date": p.join_date.isoformat(),
        "notes": p.notes,
        "statement_locale": p.statement_locale,
        "payout_bic": p.payout_bic,
    }


def register(subparsers: Any) -> None:
    from desktop_app.domain.partners import PartnerStatus

    group = subparsers.add_parser("partners", help="add, list, show and terminate partners")
    commands = group.add_subparsers(dest="partners_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help="add a partner")
    _partner_fields(add, required=True)
    add_format(add)
    add.set_defaults(handler=_add)

    update = commands.add_parser("update", help="change a partner's details")
    update.add_argument("partner", help="partner code or id")
    _partner_fields(update, required=False)
    add_format(update)
    update.set_defaults(handler=_update)

    listing = commands.add_parser("list", help="list partners")
    listing.add_argument("--search", default="", help="text in name, e-mail, type or code")
    listing.add_argument("--status", choices=[s.value for s in PartnerStatus])
    listing.add_argument("--type", dest="partner_type", help="only partners of this type")
    add_format(listing)
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="show one partner")
    show.add_argument("partner", help="partner code or id")
    add_format(show)
    show.set_defaults(handler=_show)

    for action, status, text in (
        ("pause", PartnerStatus.PAUSED, "pause a partner (commission is held while paused)"),
        ("activate", PartnerStatus.ACTIVE, "reactivate a paused partner"),
        ("terminate", PartnerStatus.TERMINATED, "terminate: no commission after the date"),
    ):
        cmd = commands.add_parser(action, help=text)
        cmd.add_argument("partner", help="partner code or id")
        cmd.add_argument("--date", type=date_arg, help="effective date (default: today)")
        cmd.add_argument("--reason", default="", help="why (kept in the audit log)")
        add_format(cmd)
        cmd.set_defaults(handler=_set_status, new_status=status)


def _partner_fields(parser: argparse.ArgumentParser, *, required: bool) -> None:
    from desktop_app.domain.partners import PayoutMethod

    parser.add_argument("--name", required=required)
    parser.add_argument(
        "--code",
        dest="codes",
        action="append",
        required=required,
        help="tracking id or coupon code (repeat for several)",
    )
    parser.add_argument("--email")
    parser.add_argument("--type", dest="partner_type", help="partner type, e.g. 'Tech blog'")
    parser.add_argument("--country", help="two-letter country code")
    parser.add_argument("--payout-method", choices=[m.value for m in PayoutMethod])
    parser.add_argument(
        "--payout-details",
        help="bank: the IBAN; paypal: the PayPal e-mail address; other: free text "
        "(each checked for its method)",
    )
    parser.add_argument(
        "--bic", dest="payout_bic", help="with --payout-method bank: the bank's BIC (optional)"
    )
    parser.add_argument("--tax-id")
    parser.add_argument("--notes")
    parser.add_argument("--join-date", type=date_arg)
    parser.add_argument(
        "--statement-locale",
        help="statements in this language and format: a locale from Babel's list, e.g. es_ES "
        "('' = the merchant's; `merchant choices locales` lists them)",
    )


def _changes_from(args: argparse.Namespace) -> dict[str, Any]:
    """The PartnerInput fields the options give."""
    from desktop_app.domain.partners import PayoutMethod

    return {
        field: value
        for field, value in (
            ("name", args.name),
            ("codes", tuple(args.codes) if args.codes else None),
            ("email", args.email),
            ("partner_type", args.partner_type),
            ("country", args.country),
            ("payout_method", PayoutMethod(args.payout_method) if args.payout_method else None),
            ("payout_details", args.payout_details),
            ("tax_id", args.tax_id),
            ("notes", args.notes),
            ("join_date", args.join_date),
            ("statement_locale", args.statement_locale),
            ("payout_bic", args.payout_bic),
        )
        if value is not None
    }


def _add(args: argparse.Namespace) -> None:
    from desktop_app.domain.partners import PartnerInput
    from desktop_app.services import partners as service

    with cli_store(args) as store:
        data = replace(PartnerInput("", ()), **_changes_from(args))
        partner = service.add_partner(store, data).value
    emit_one(partner_record(partner), args.format)


def _update(args: argparse.Namespace) -> None:
    from desktop_app.services import partners as service

    with cli_store(args) as store:
        partner = service.edit_partner_by_ref(store, args.partner, _changes_from(args)).value
    emit_one(partner_record(partner), args.format)


def _list(args: argparse.Namespace) -> None:
    from desktop_app.domain.partners import PartnerStatus
    from desktop_app.services import partners as service

    with cli_store(args) as store:
        found = service.load_partners(
            store,
            search=args.search,
            status=PartnerStatus(args.status) if args.status else None,
            partner_type=args.partner_type,
        )
    emit([partner_record(p) for p in found], args.format, LIST_COLUMNS)


def _show(args: argparse.Namespace) -> None:
    from desktop_app.services import partners as service

    with cli_store(args) as store:
        partner = service.load_partner_by_ref(store, args.partner)
    emit_one(partner_record(partner), args.format)


def _set_status(args: argparse.Namespace) -> None:
    from desktop_app.services import partners as service

    with cli_store(args) as store:
        changed = service.change_status_by_ref(
            store, args.partner, args.new_status, on_date=args.date, reason=args.reason
        ).value
    emit_one(partner_record(changed), args.format)
