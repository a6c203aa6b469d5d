"""Which period to pay next and with which cut-off: one rule for the app and the command line.

- The cut-off decides the holding period: an order's commission is payable when the order is
  older than the holding period on the cut-off date. The default cut-off lets the whole
  period's holding pass if it has (period end + holding days), else today.
- A cut-off after today is refused: it would release held commission before its holding period
  has passed (so a period that has not ended yet cannot be paid either).
- The period proposed next is the oldest complete month no run covers: the month after the last
  run, or for a store's first run the month of its oldest order.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.months import add_months, month_end
from desktop_app.errors import ValidationError
from desktop_app.store.models import OrderRow, PayoutRunRow


def suggested_cutoff(end: date, today: date, holding_days: int) -> date:
    """The period's end plus the holding period, or today if that is sooner; never before the
    period's end."""
    if end >= today:
        return end  # a period not over yet (refused when the run is created)
    return min(today, end + timedelta(days=holding_days))


def check_cutoff(end: date, cutoff: date, today: date) -> None:
    if cutoff < end:
        raise ValidationError("cutoff", f"the cut-off ({cutoff}) must be on or after {end}")
    if end > today:
        raise ValidationError(
            "to",
            f"the period ends on {end}, after today ({today}): a period is paid once it is over",
        )
    if cutoff > today:
        raise ValidationError(
            "cutoff",
            f"the cut-off ({cutoff}) is after today ({today}): a cut-off in the future would "
            f"pay commission whose holding period has not passed; choose {end} to {today}",
        )


def covered_until(session: Session) -> date | None:
    """The last day the runs so far cover."""
    return session.scalar(select(func.max(PayoutRunRow.period_end)))


def oldest_order(session: Session) -> date | None:
    return session.scalar(select(func.min(OrderRow.order_date)))


def proposed_month(session: Session, today: date) -> date:
    """First day of the oldest complete month no run covers (see proposed_from)."""
    return proposed_from(covered_until(session), oldest_order(session), today)


def proposed_from(last_covered: date | None, oldest_order: date | None, today: date) -> date:
    """The month after the last run; for a first run the month of the oldest order, or the
    last complete month. (When every complete month is paid, that is a month not over yet:
    the dialog says so and the run is refused until it is.)"""
    if last_covered is not None:
        return add_months(last_covered.replace(day=1), 1)
    previous = add_months(today.replace(day=1), -1)  # the last complete month
    if oldest_order is None:
        return previous
    return min(oldest_order.replace(day=1), previous)


def is_complete(first: date, today: date) -> bool:
    return month_end(first) < today
