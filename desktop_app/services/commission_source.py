"""Where the Dashboard's commission and bonus figures come from: the stored payout runs.

Commission is never recomputed for the Dashboard; it is what the payout runs for the period
stored, told apart as a run tells them apart: commission (the orders' commission lines) and
bonuses (bonus rules and manual bonuses). Only lines first calculated in those runs count (an
order of an earlier month that a run pays again, after holding it back, counts in its own
month, not twice). None when no run covers the period, and the screens say so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor
from desktop_app.store.models import PayoutLineRow, PayoutRunRow


@dataclass(frozen=True)
class Earned:
    """Per partner id: commission on the period's orders, and bonuses, as the period's runs
    stored them; `earlier`: commission those runs also carry on orders of earlier periods
    (held back before), which a run's commission total includes and the period's does not."""

    commission: dict[int, Decimal]
    bonus: dict[int, Decimal]
    earlier: dict[int, Decimal]


def earned_by_partner(session: Session, start: date, end: date) -> Earned | None:
    """Commission and bonuses per partner id from payout runs whose period starts in
    [start, end); None when no run covers the period."""
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
            PayoutLineRow.run_id,
            PayoutLineRow.partner_id,
            PayoutLineRow.kind,
            PayoutLineRow.in_period,
            func.sum(PayoutLineRow.commission_minor),
        )
        .where(
            PayoutLineRow.run_id.in_(list(runs)),
            PayoutLineRow.kind.in_(("commission", "bonus")),
        )
        .group_by(
            PayoutLineRow.run_id,
            PayoutLineRow.partner_id,
            PayoutLineRow.kind,
            PayoutLineRow.in_period,
        )
    )
    commission: dict[int, Decimal] = defaultdict(Decimal)
    bonus: dict[int, Decimal] = defaultdict(Decimal)
    earlier: dict[int, Decimal] = defaultdict(Decimal)
    for run_id, partner_id, kind, in_period, minor in rows:
        if kind == "commission":
            target = commission if in_period else earlier
        elif in_period:
            target = bonus
        else:
            continue  # a bonus held back before: counted in its own period
        target[partner_id] += from_minor(int(minor or 0), runs[run_id])
    return Earned(dict(commission), dict(bonus), dict(earlier))


def commission_by_partner(session: Session, start: date, end: date) -> dict[int, Decimal] | None:
    """Commission on orders per partner id (bonuses not included, as in a run's summary);
    None when no run covers the period."""
    earned = earned_by_partner(session, start, end)
    return None if earned is None else earned.commission
