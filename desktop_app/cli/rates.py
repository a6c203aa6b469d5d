"""`payout-desk rates set|list|delete|import`: exchange rates, one per currency and month, in
units of the base currency per 1 unit of the currency."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop_app.cli.common import add_format, cli_store
from desktop_app.cli.output import emit, emit_one

COLUMNS = ("month", "currency", "rate", "base")
MISSING_COLUMNS = ("month", "currency", "orders")


def register(subparsers: Any) -> None:

    group = subparsers.add_parser(
        "rates", help="exchange rates: units of the base currency per 1 unit of a currency"
    )
    commands = group.add_subparsers(dest="rates_command", metavar="ACTION", required=True)

    set_rate = commands.add_parser("set", help="set a currency's rate for a month")
    set_rate.add_argument("currency", metavar="CUR", help="ISO code, e.g. EUR")
    set_rate.add_argument("rate", metavar="RATE", help="units of the base currency per 1 CUR")
    set_rate.add_argument("--month", required=True, metavar="YYYY-MM")
    set_rate.set_defaults(handler=_set)

    listing = commands.add_parser("list", help="the rates, by month and currency")
    listing.add_argument("--currency", metavar="CUR", help="only this currency")
    listing.add_argument("--from", dest="since", metavar="YYYY-MM", help="from this month on")
    listing.add_argument(
        "--missing",
        action="store_true",
        help="instead: months with orders in a currency that has no rate for them",
    )
    add_format(listing)
    listing.set_defaults(handler=_list)

    delete = commands.add_parser("delete", help="delete a currency's rate for a month")
    delete.add_argument("currency", metavar="CUR")
    delete.add_argument("--month", required=True, metavar="YYYY-MM")
    delete.set_defaults(handler=_delete)

    load = commands.add_parser(
        "import",
        help="import the ECB reference rates (eurofxref-hist.csv, eurofxref.csv) or a "
        "month,currency,rate CSV; all or nothing",
    )
    load.add_argument("file", metavar="FILE")
    load.add_argument(
        "--currency",
        action="append",
        metavar="CUR",
        help="import this currency (repeatable; default: every currency the store has orders "
        "or rates in)",
    )
    load.add_argument(
        "--from",
        dest="since",
        metavar="YYYY-MM",
        help="ECB file: from this month on (default: the first month such an order or rate "
        "is in; the whole file with --currency)",
    )
    add_format(load)
    load.set_defaults(handler=_import)


def _stale_drafts_note(store: Any) -> None:
    """A rate change makes a draft calculated before it out of date: say which and what to do."""
    from desktop_app.services.payouts import api

    for run_id in api.draft_run_ids(store):
        print(
            f"note: draft run {run_id} was calculated before this change and is out of date; "
            f"recalculate it (payout-desk run recalc {run_id})",
            file=sys.stderr,
        )


def _set(args: argparse.Namespace) -> None:
    from desktop_app.services import rates

    with cli_store(args) as store:
        saved = rates.put_rate(store, args.currency, args.month, args.rate).value
        base, change = saved.base, saved.change
        if change.was is None:
            state = "new"
        elif change.changed:
            state = f"was {change.was}"
        else:
            state = "unchanged"
        cur = change.currency
        print(f"{cur} {change.month:%Y-%m}: {change.rate} {base} per {cur} ({state})")
        if change.changed:
            _stale_drafts_note(store)


def _delete(args: argparse.Namespace) -> None:
    from desktop_app.services import rates

    with cli_store(args) as store:
        change = rates.remove_rate(store, args.currency, args.month).value
        print(f"{change.currency} {change.month:%Y-%m}: rate {change.was} deleted")
        _stale_drafts_note(store)


def _list(args: argparse.Namespace) -> None:
    from desktop_app.services import rates

    with cli_store(args) as store:
        since = rates.parse_month(args.since, field="from") if args.since else None
        currency = args.currency.strip().upper() if args.currency else None
        listing = rates.load_rates(store, currency=currency, since=since, missing=args.missing)
    base, found = listing.base, listing.rates
    if args.missing:
        missing = [
            m
            for m in listing.missing
            if (currency is None or m.currency == currency) and (since is None or m.month >= since)
        ]
        rows = [
            {"month": f"{m.month:%Y-%m}", "currency": m.currency, "orders": m.orders}
            for m in missing
        ]
        emit(rows, args.format, MISSING_COLUMNS)
        return
    emit(
        [
            {"month": f"{r.month:%Y-%m}", "currency": r.currency, "rate": str(r.rate), "base": base}
            for r in found
        ],
        args.format,
        COLUMNS,
    )


def _import(args: argparse.Namespace) -> None:
    from desktop_app.services import rates

    with cli_store(args) as store:
        result = rates.import_rates(store, args.file, currencies=args.currency, since=args.since)
        record: dict[str, Any] = {
            "file": result.file,
            "layout": result.layout,
            "added": result.added,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "currencies": list(result.currencies),
            "from": f"{result.first:%Y-%m}" if result.first else "",
            "to": f"{result.last:%Y-%m}" if result.last else "",
        }
        if args.format == "json":
            emit_one(record | {"notes": list(result.notes)}, "json")
        else:
            emit_one(record, args.format)
            for note in result.notes:
                print(f"warning: {note}", file=sys.stderr)
        if result.added or result.changed:
            _stale_drafts_note(store)
