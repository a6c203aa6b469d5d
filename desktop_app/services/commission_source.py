"""Where the Dashboard's commission figures come from: the stored payout runs.

Commission is never recomputed for the Dashboard; it is what the payout runs for the period
stored: the commission and bonus lines first calculated in those runs (lines a run only brought
back from an earlier run are not counted twice). None when no run covers the period, and the
screens say so.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor
from desktop_app.store.models import PayoutLineRow, PayoutRunRow


def commission_by_partner(session: Session, start: date, end: date) -> dict[int, Decimal] | None:
    """Commission per partner id from payout runs whose period starts in [start, end);
    None when no run covers the period."""
    runs = {
        k: v
        for k, v in session.execute(
            select(PayoutRunRow.id, PayoutRunRow.currency).where(
                PayoutRunRow.period_start >= start, PayoutRunRow.period_start < end
            )
        )
    }
    if not runs:
        return None
    rows = session.execute(
        select(
            PayoutLineRow.run_id, PayoutLineRow.partner_id, func.sum(PayoutLineRow.commission_minor)
        )
        .where(
            PayoutLineRow.run_id.in_(list(runs)),
            PayoutLineRow.kind.in_(("commission", "bonus")),
            PayoutLineRow.in_period.is_(True),
        )
        .group_by(PayoutLineRow.run_id, PayoutLineRow.partner_id)
    )
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for run_id, partner_id, minor in rows:
        totals[partner_id] += from_minor(int(minor or 0), runs[run_id])
    return dict(totals)
