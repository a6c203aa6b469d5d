"""`payout-desk merchant show|set|choices`: the merchant profile and payout settings, and the
lists a currency, time zone or locale must come from (the Settings pickers' lists)."""

from __future__ import annotations

import argparse
import os
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import add_format, cli_store
from desktop_app.cli.output import emit, emit_one

if TYPE_CHECKING:
    from desktop_app.services import merchant


FIELDS = {
    # option: (profile attribute, help)
    "name": ("name", "merchant name printed on statements"),
    "address": ("address", "postal address (use \\n for new lines)"),
    "tax-id": ("tax_id", "tax / VAT id"),
    "email": ("email", "contact e-mail printed on statements"),
    "currency": (
        "base_currency",
        "base currency of commissions: an ISO 4217 code in use, e.g. USD "
        "(`merchant choices currencies` lists them)",
    ),
    "timezone": (
        "timezone",
        "time zone of payout periods: an IANA name, e.g. Europe/Berlin "
        "(`merchant choices timezones`)",
    ),
    "locale": (
        "locale",
        "statement language and number/date formats: a locale from Babel's list, e.g. de_DE, "
        "fr_FR (`merchant choices locales`)",
    ),
    "logo": ("logo_path", "path of a PNG/JPEG logo"),
    "footer": ("statement_footer", "footer text of statements"),
    "page-size": ("page_size", "A4 or Letter"),
    "default-plan": (
        "default_plan",
        "plan for partners whose type has none ('' for none): nobody earns 0.00 by accident",
    ),
    "default-type": ("default_partner_type", "partner type given to partners an import creates"),
    "iban": ("iban", "your own account's IBAN: SEPA payment files pay from it ('' for none)"),
    "bic": ("bic", "your bank's BIC (8 or 11 characters; optional with an IBAN)"),
}


def profile_record(profile: merchant.MerchantProfile) -> dict[str, Any]:
    from desktop_app.domain.money import money_text

    record = asdict(profile)
    record["minimum_payout"] = money_text(profile.minimum_payout, profile.base_currency)
    return record


def register(subparsers: Any) -> None:

    group = subparsers.add_parser("merchant", help="show or change the merchant profile")
    commands = group.add_subparsers(dest="merchant_command", metavar="ACTION", required=True)
    show = commands.add_parser("show", help="show the merchant profile and payout settings")
    add_format(show)
    show.set_defaults(handler=_show)
    change = commands.add_parser("set", help="change merchant profile fields")
    for option, (_attr, text) in FIELDS.items():
        change.add_argument(f"--{option}", help=text)
    change.add_argument("--holding-days", type=int, help="days before commission is payable")
    change.add_argument("--minimum-payout", help="smallest amount paid out, e.g. 50.00")
    change.add_argument(
        "--convert-at",
        metavar="RATE",
        help="with --currency, when the store already holds money: units of the new currency "
        "per unit of the old one; balances, held lines and pending adjustments are converted",
    )
    add_format(change)
    change.set_defaults(handler=_set)
    listing = commands.add_parser(
        "choices",
        help="the accepted currencies, time zones or locales (with names), as Settings lists them",
    )
    listing.add_argument("list", choices=sorted(LISTS), help="which list")
    listing.add_argument("--search", default="", help="only entries containing this text")
    add_format(listing)
    listing.set_defaults(handler=_choices)


LISTS = {  # the list → its function in services.choices
    "currencies": "currency_choices",
    "timezones": "timezone_choices",
    "locales": "locale_choices",
}


def _choices(args: argparse.Namespace) -> None:
    from desktop_app.services import choices

    wanted = args.search.strip().casefold()
    rows = [
        {"code": c.code, "name": c.label}
        for c in getattr(choices, LISTS[args.list])()
        if wanted in c.label.casefold()
    ]
    emit(rows, args.format, ["code", "name"])


def _show(args: argparse.Namespace) -> None:
    from desktop_app.services import merchant

    with cli_store(args) as store:
        profile = merchant.load_profile(store)
    emit_one(profile_record(profile), args.format)


def _set(args: argparse.Namespace) -> None:
    from desktop_app.domain.money import parse_rate
    from desktop_app.services import merchant

    changes: dict[str, Any] = {}
    for option, (attr, _text) in FIELDS.items():
        value = getattr(args, option.replace("-", "_"))
        if value is None:
            continue
        if attr == "address":
            value = value.replace("\\n", "\n")
        elif attr == "logo_path" and value:  # statements are printed from any folder
            value = os.path.abspath(os.path.expanduser(value))
        changes[attr] = value
    if args.holding_days is not None:
        changes["holding_days"] = args.holding_days
    convert_at = None
    if args.convert_at is not None:
        convert_at = parse_rate(args.convert_at, field="convert_at")
    with cli_store(args) as store:
        saved = merchant.update_profile(
            store, changes, minimum_payout=args.minimum_payout, convert_at=convert_at
        ).value
    emit_one(profile_record(saved), args.format)
