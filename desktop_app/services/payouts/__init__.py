"""Payout runs: create, recalculate, lock and pay; adjustments and fraud flags; summaries."""

from desktop_app.services.payouts.actions import (
    add_adjustment,
    discard_run,
    find_order,
    flag_order,
    flag_partner,
    lock_run,
    mark_paid,
)
from desktop_app.services.payouts.queries import get_run, list_runs, run_lines, run_summary
from desktop_app.services.payouts.runs import create_run, recalculate
from desktop_app.services.payouts.types import (
    LockedRunError,
    PartnerTotals,
    RunInfo,
    RunLine,
    RunSummary,
    RunTotals,
)

__all__ = [
    "LockedRunError",
    "PartnerTotals",
    "RunInfo",
    "RunLine",
    "RunSummary",
    "RunTotals",
    "add_adjustment",
    "create_run",
    "discard_run",
    "find_order",
    "flag_order",
    "flag_partner",
    "get_run",
    "list_runs",
    "lock_run",
    "mark_paid",
    "recalculate",
    "run_lines",
    "run_summary",
]
