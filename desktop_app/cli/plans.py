"""`payout-desk plans import FILE.toml|json`, `plans list`, `plans bonus-rules`, `plans example`.

The import file format is described in desktop_app/services/plans_import.py and shown in
resources/sample_data/plans_example.toml.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import add_format, cli_store, date_arg
from desktop_app.cli.output import emit, emit_one

if TYPE_CHECKING:
    from desktop_app.domain.commissions.plans import PlanRule
    from desktop_app.services import plans


LIST_COLUMNS = [
    "id",
    "name",
    "current_version",
    "in_force",
    "effective_from",
    "versions",
    "rules",
    "partner_types",
    "partners",
]
BONUS_COLUMNS = ["id", "name", "metric", "threshold", "fixed", "extra_rate", "partner_type"]


def register(subparsers: Any) -> None:

    group = subparsers.add_parser("plans", help="import and list commission plans")
    commands = group.add_subparsers(dest="plans_command", metavar="ACTION", required=True)

    imp = commands.add_parser("import", help="import plans and bonus rules from TOML or JSON")
    imp.add_argument("file", type=Path, help="a .toml or .json file (see plans_example.toml)")
    add_format(imp)
    imp.set_defaults(handler=_import)

    listing = commands.add_parser("list", help="list plans with their current version")
    listing.add_argument(
        "--on", type=date_arg, help="show the version in force on this date (default: today)"
    )
    add_format(listing)
    listing.set_defaults(handler=_list)

    bonuses = commands.add_parser("bonus-rules", help="list bonus rules")
    add_format(bonuses)
    bonuses.set_defaults(handler=_bonus_rules)

    example = commands.add_parser("example", help="what one order earns under a plan")
    example.add_argument("plan", help="plan name")
    example.add_argument("amount", help="order amount, e.g. 120.00")
    example.add_argument("--category", default="", help="the order's product category")
    example.add_argument("--on", type=date_arg, help="order date (default: today)")
    add_format(example)
    example.set_defaults(handler=_example)


def _import(args: argparse.Namespace) -> None:
    from desktop_app.services import plans_import

    with cli_store(args) as store:
        summary = plans_import.import_plans(store, args.file)
    record = {"file": str(args.file), **summary.__dict__, "summary": summary.text()}
    if args.format == "table":
        print(f"{args.file.name}: {summary.text()}")
    else:
        emit_one(record, args.format)


def _tiers(rule: PlanRule) -> list[dict[str, str]]:
    return [{"from": str(t.lower), "rate": str(t.rate), "fixed": str(t.fixed)} for t in rule.tiers]


def full_record(info: plans.PlanInfo, on: date) -> dict[str, Any]:
    """A plan with every version, rule and tier (decimal strings) for JSON output."""
    from desktop_app.services import plans

    record = plans.plan_record(info, on)
    record["versions"] = [
        {
            "version": v.version,
            "effective_from": v.effective_from.isoformat(),
            "note": v.note,
            "rules": [
                {
                    "basis": r.basis.value,
                    "mode": r.mode.value,
                    "category": r.category,
                    "tiers": _tiers(r),
                }
                for r in v.rules
            ],
        }
        for v in info.versions
    ]
    return record


def _list(args: argparse.Namespace) -> None:
    from desktop_app.services import plans

    on = args.on or date.today()
    with cli_store(args) as store:
        found = plans.load_plans(store)
    if args.format == "json":
        emit([full_record(p, on) for p in found], "json")
    else:
        emit([plans.plan_record(p, on) for p in found], args.format, LIST_COLUMNS)


def _bonus_rules(args: argparse.Namespace) -> None:
    from desktop_app.services import plans

    with cli_store(args) as store:
        found = plans.load_bonus_rules(store)
    types = found.type_names
    rows = [
        {
            "id": r.rule_id,
            "name": r.name,
            "metric": r.metric,
            "threshold": str(r.threshold),
            "fixed": str(r.fixed),
            "extra_rate": str(r.extra_rate),
            "partner_type": types.get(r.partner_type_id, "") if r.partner_type_id else "",
        }
        for r in found.rules
    ]
    emit(rows, args.format, BONUS_COLUMNS)


def _example(args: argparse.Namespace) -> None:
    from desktop_app.services import plans

    on = args.on or date.today()
    with cli_store(args) as store:
        example = plans.plan_example(store, args.plan, args.amount, category=args.category, on=on)
    name, version, amount = example.plan, example.version, example.amount
    earned, currency = example.commission, example.currency
    record = {
        "plan": name,
        "version": version,
        "amount": str(amount),
        "commission": str(earned),
        "currency": currency,
    }
    if args.format == "table":
        print(
            f"an order of {amount} {currency} earns {earned} {currency} "
            f"under plan '{name}' v{version}"
        )
    else:
        emit_one(record, args.format)
