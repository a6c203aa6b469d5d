"""Payout runs: create, recalculate, lock and pay; adjustments and fraud flags; summaries.

The names below are loaded when first used (`payouts.create_run` imports the runs module then),
so a light submodule such as `payouts.types` can be imported alone, without the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.lazy_exports import lazy_exports

if TYPE_CHECKING:
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

_HOMES = {
    "add_adjustment": "actions",
    "discard_run": "actions",
    "find_order": "actions",
    "lock_run": "actions",
    "mark_paid": "actions",
    "FraudFlag": "fraud",
    "LiftResult": "fraud",
    "flag_order": "fraud",
    "flag_partner": "fraud",
    "lift_order_flag": "fraud",
    "lift_partner_flag": "fraud",
    "list_flags": "fraud",
    "order_flagged": "fraud",
    "Release": "fraud_releases",
    "partner_flagged": "fraud_releases",
    "StaleDraftError": "freshness",
    "get_run": "queries",
    "held_until": "queries",
    "list_runs": "queries",
    "run_lines": "queries",
    "run_summary": "queries",
    "Recalculated": "runs",
    "create_run": "runs",
    "recalculate": "runs",
    "LockedRunError": "types",
    "PartnerTotals": "types",
    "RunInfo": "types",
    "RunLine": "types",
    "RunSummary": "types",
    "RunTotals": "types",
}


__getattr__ = lazy_exports(__name__, globals(), _HOMES)


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
