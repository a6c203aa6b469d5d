"""`payout-desk run create|list|show|lines|lock|paid|recalc`: payout runs from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import add_format, cli_store, date_arg, id_arg
from desktop_app.cli.output import emit, emit_one

if TYPE_CHECKING:  # the parser is built without the payout types (and Babel): --version
    from desktop_app.services.payouts.types import RunInfo, RunLine, RunSummary
LINE_COLUMNS = [
    "order",
    "date",
    "kind",
    "amount",
    "original_amount",
    "original_currency",
    "exchange_rate",
    "tier",
    "rate",
    "commission",
    "status",
    "reason",
]


def register(subparsers: Any) -> None:
    group = subparsers.add_parser("run", help="create, review, lock and pay payout runs")
    commands = group.add_subparsers(dest="run_command", metavar="ACTION", required=True)

    create = commands.add_parser("create", help="calculate a draft run for a period")
    create.add_argument("--from", dest="start", type=date_arg, required=True, help="first day")
    create.add_argument("--to", dest="end", type=date_arg, required=True, help="last day")
    create.add_argument(
        "--cutoff",
        type=date_arg,
        help="holding-period cut-off, not after today (default: --to plus the holding period, "
        "or today if sooner)",
    )
    add_format(create)
    create.set_defaults(handler=_create)

    listing = commands.add_parser("list", help="list payout runs")
    add_format(listing)
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="per-partner summary of a run")
    show.add_argument("run_id", type=id_arg, metavar="ID")
    add_format(show)
    show.set_defaults(handler=_show)

    lines = commands.add_parser("lines", help="the stored lines of a run")
    lines.add_argument("run_id", type=id_arg, metavar="ID")
    lines.add_argument("--partner", help="only this partner (code or id)")
    add_format(lines)
    lines.set_defaults(handler=_lines)

    lock = commands.add_parser("lock", help="lock a draft run (it never changes afterwards)")
    lock.add_argument("run_id", type=id_arg, metavar="ID")
    lock.add_argument("--reason", default="", help="note for the audit log")
    lock.add_argument(
        "--allow-missing-details",
        action="store_true",
        help="lock even though partners the run pays have missing or invalid payout details "
        "(they are listed; no payment file will pay them until they are corrected)",
    )
    lock.set_defaults(handler=_lock)

    discard = commands.add_parser(
        "discard", help="delete a draft run (its adjustments go into the next run)"
    )
    discard.add_argument("run_id", type=id_arg, metavar="ID")
    discard.add_argument("--reason", required=True, help="why (kept in the audit log)")
    discard.set_defaults(handler=_discard)

    paid = commands.add_parser("paid", help="record that a locked run was paid")
    paid.add_argument("run_id", type=id_arg, metavar="ID")
    paid.add_argument("--date", dest="paid_on", type=date_arg, required=True)
    paid.add_argument("--reference", required=True, help="bank or payment batch reference")
    paid.set_defaults(handler=_paid)

    recalc = commands.add_parser("recalc", help="recalculate a draft run")
    recalc.add_argument("run_id", type=id_arg, metavar="ID")
    recalc.add_argument("--reason", default="", help="note for the audit log")
    recalc.set_defaults(handler=_recalc)


def run_record(run: RunInfo) -> dict[str, Any]:
    from desktop_app.domain.money import money_text

    cur = run.currency
    return {
        "id": run.id,
        "from": run.start.isoformat(),
        "to": run.end.isoformat(),
        "cutoff": run.cutoff.isoformat(),
        "state": run.state,
        "out_of_date": run.stale,
        "currency": cur,
        "partners": run.totals.partners,
        "payable": money_text(run.totals.payable, cur),
        "paid_on": run.paid_on.isoformat() if run.paid_on else "",
        "reference": run.paid_reference,
    }


def summary_record(summary: RunSummary) -> dict[str, Any]:
    """The JSON of `run show`: money as decimal strings, run totals = sums of the partners."""
    from desktop_app.domain.money import money_text
    from desktop_app.domain.payouts.totals import TOTAL_FIELDS

    run = summary.run
    cur = run.currency
    return {
        "run": run_record(run),
        "partners": [
            {
                "partner_id": p.partner_id,
                "code": p.code,
                "name": p.name,
                **{f: money_text(getattr(p, f), cur) for f in TOTAL_FIELDS},
            }
            for p in summary.partners
        ],
        "totals": {f: money_text(getattr(summary.totals, f), cur) for f in TOTAL_FIELDS},
    }


def line_record(line: RunLine) -> dict[str, Any]:
    from desktop_app.domain.money import money_text

    cur = line.currency
    return {
        "order": line.external_id,
        "order_id": line.order_id,
        "date": line.order_date.isoformat() if line.order_date else "",
        "kind": line.kind,
        "amount": money_text(line.amount, cur),
        "currency": cur,
        "original_amount": money_text(line.original_amount, line.original_currency)
        if line.original_currency
        else "",
        "original_currency": line.original_currency,
        "exchange_rate": "" if line.exchange_rate is None else str(line.exchange_rate),
        "plan": line.plan_name,
        "plan_version": line.plan_version,
        "tier": line.tier,
        "rate": str(line.rate),
        "fixed": money_text(line.fixed, cur),
        "commission": money_text(line.commission, cur),
        "status": line.status,
        "reason": line.reason,
        "explanation": line.explanation,
    }


def _progress(done: int, total: int) -> None:
    if total and sys.stderr.isatty():
        print(f"\rstoring lines {done}/{total}", end="", file=sys.stderr, flush=True)


def _create(args: argparse.Namespace) -> None:
    from desktop_app.domain.money import money_text
    from desktop_app.services import payouts
    from desktop_app.services.payouts import api

    with cli_store(args) as store:
        run_id = payouts.create_run(
            store, args.start, args.end, args.cutoff, progress=_progress
        ).value
        created = api.load_created_run(store, run_id, args.start, args.end)
    run, until, uncovered = created.run, created.held_until, created.uncovered
    record = run_record(run) | {
        "held": money_text(run.totals.held, run.currency),
        "held_until": until.isoformat() if until else "",
        "no_plan": [
            {"code": u.code, "name": u.name, "orders": u.orders, "sales": u.sales_text}
            | {"reason": u.reason}
            for u in uncovered
        ],
    }
    if args.format != "json":
        del record["no_plan"]
    emit_one(record, args.format)
    if uncovered and args.format != "json":
        print(
            f"\nwarning: {len(uncovered)} partner(s) with orders in the period earn nothing: no "
            "commission plan covers them (give their type a plan, or set a default plan: "
            "payout-desk merchant set --default-plan NAME, then run recalc)",
            file=sys.stderr,
        )
        for u in uncovered:
            print(f"  {u.sentence()}", file=sys.stderr)
    if args.format == "table" and until is not None and run.totals.held:
        print(
            f"\n{money_text(run.totals.held, run.currency)} {run.currency} is held back (holding "
            f"period) until {until.isoformat()} at the latest; a later run pays it."
        )


def _list(args: argparse.Namespace) -> None:
    import sqlite3

    from desktop_app.cli.common import quick_reader

    with quick_reader(args) as conn:
        if conn is not None:  # a SQLite store at this program's schema: read without SQLAlchemy
            from desktop_app.services.payouts.quick_list import list_runs

            try:
                records = [run_record(r) for r in list_runs(conn)]
            except sqlite3.Error:
                pass  # said the usual way by the full path below
            else:
                emit(records, args.format)
                return
    from desktop_app.services.payouts import api

    with cli_store(args) as store:
        runs = api.load_runs(store).runs
    emit([run_record(r) for r in runs], args.format)


def _show(args: argparse.Namespace) -> None:
    from desktop_app.services.payouts import api

    with cli_store(args) as store:
        record = summary_record(api.load_run_summary(store, args.run_id))
    if args.format == "json":
        json.dump(record, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    if args.format == "table":
        emit_one(record["run"], "table")
        print()
    totals = {"code": "TOTAL", "name": "", **record["totals"]}
    emit([*record["partners"], totals], args.format, ["code", "name", *record["totals"]])


def _lines(args: argparse.Namespace) -> None:
    from desktop_app.services import partners
    from desktop_app.services.payouts import api

    with cli_store(args) as store:
        partner_id = partners.load_partner_by_ref(store, args.partner).id if args.partner else None
        lines = api.load_run_lines(store, args.run_id, partner_id)
    emit([line_record(line) for line in lines], args.format, LINE_COLUMNS)


def _lock(args: argparse.Namespace) -> None:
    from desktop_app.services import payouts
    from desktop_app.services.payouts import api

    with cli_store(args) as store:
        payouts.lock_run(
            store,
            args.run_id,
            reason=args.reason,
            allow_missing_details=args.allow_missing_details,
        )
        problems = api.details_problems(store, args.run_id)  # a line for each partner
    print(f"run {args.run_id} locked")
    if problems:
        print(
            f"warning: {len(problems)} partner(s) the run pays have missing or invalid payout "
            "details; no payment file pays them until they are corrected:",
            file=sys.stderr,
        )
        for line in problems:
            print(f"  {line}", file=sys.stderr)


def _discard(args: argparse.Namespace) -> None:
    from desktop_app.services import payouts

    with cli_store(args) as store:
        payouts.discard_run(store, args.run_id, reason=args.reason)
    print(f"draft run {args.run_id} discarded")


def _paid(args: argparse.Namespace) -> None:
    from desktop_app.services import payouts

    with cli_store(args) as store:
        payouts.mark_paid(store, args.run_id, args.paid_on, args.reference)
    print(f"run {args.run_id} marked paid on {args.paid_on.isoformat()} ({args.reference})")


def _recalc(args: argparse.Namespace) -> None:
    from desktop_app.services import payouts

    with cli_store(args) as store:
        result = payouts.recalculate(store, args.run_id, reason=args.reason, progress=_progress)
    if not result.differences:
        print(f"run {args.run_id} recalculated: {result.lines} lines, nothing changed")
        return
    differences = result.differences
    print(f"run {args.run_id} recalculated: {result.lines} lines, {len(differences)} changed:")
    for change in differences:
        print(f"  {change}")
