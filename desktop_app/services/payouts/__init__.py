"""Payout runs: create, recalculate, lock and pay; adjustments and fraud flags; summaries."""

from desktop_app.services.payouts.actions import (
    add_adjustment,
    discard_run,
    find_order,
    lock_run,
    mark_paid,
)
from desktop_app.services.payouts.fraud import (
    FraudFlag,
    LiftResult,
    flag_order,
    flag_partner,
    lift_order_flag,
    lift_partner_flag,
    list_flags,
    order_flagged,
)
from desktop_app.services.payouts.fraud_releases import Release, partner_flagged
from desktop_app.services.payouts.freshness import StaleDraftError
from desktop_app.services.payouts.queries import (
    get_run,
    held_until,
    list_runs,
    run_lines,
    run_summary,
)
from desktop_app.services.payouts.runs import Recalculated, create_run, recalculate
from desktop_app.services.payouts.types import (
    LockedRunError,
    PartnerTotals,
    RunInfo,
    RunLine,
    RunSummary,
    RunTotals,
)

__all__ = [
    "FraudFlag",
    "LiftResult",
    "LockedRunError",
    "PartnerTotals",
    "Recalculated",
    "Release",
    "RunInfo",
    "RunLine",
    "RunSummary",
    "RunTotals",
    "StaleDraftError",
    "add_adjustment",
    "create_run",
    "discard_run",
    "find_order",
    "flag_order",
    "flag_partner",
    "get_run",
    "held_until",
    "lift_order_flag",
    "lift_partner_flag",
    "list_flags",
    "list_runs",
    "lock_run",
    "mark_paid",
    "order_flagged",
    "partner_flagged",
    "recalculate",
    "run_lines",
    "run_summary",
]
