"""Reading what a run is calculated from: orders, refunds, rates, flags, the previous run."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor
from desktop_app.domain.order_status import OrderState
from desktop_app.domain.payouts import PartnerState, RateTable, convert
from desktop_app.domain.payouts.conversion import rebase
from desktop_app.services import rates
from desktop_app.services.base_currency import Change, change_factor, recorded_changes
from desktop_app.store.models import (
    ClickRow,
    FraudFlagRow,
    OrderRow,
    PartnerCodeRow,
    PartnerRow,
    PayoutLineRow,
    PayoutRunRow,
    RefundRow,
)
from desktop_app.store.raw import driver_rows

FINAL_STATES = ("locked", "paid")
ZERO = Decimal(0)


class Rebaser:
    """Reads amounts of earlier runs and adjustments in the run's currency: an amount stored
    in another currency (the base currency changed since) is converted at the rate recorded
    for that change (see services.base_currency); same currency, same amount."""

    def __init__(self, currency: str, changes: list[Change]) -> None:
        self.currency = currency
        self.changes = changes

    def __call__(self, minor: int, currency: str, after: datetime | None = None) -> Decimal:
        amount = from_minor(minor, currency)
        if currency == self.currency:
            return amount
        factor = change_factor(self.changes, currency, self.currency, after)
        return rebase(amount, factor, self.currency)

    def note(self, currency: str, after: datetime | None = None) -> str:
        """ "; converted from USD at 150" for an amount read from another currency."""
        if currency == self.currency:
            return ""
        factor = change_factor(self.changes, currency, self.currency, after)
        return f"; converted from {currency} at {factor} {self.currency} per {currency}"


def rebaser(session: Session, currency: str) -> Rebaser:
    return Rebaser(currency, recorded_changes(session))


# One order as a run reads it, the driver's row as it is (100,000 of them are read per run):
# (id, external_id, order_date, partner_id, amount_minor, currency, category, historical, status)
# `order_date` is the driver's value (ISO text on SQLite; `store.raw.Days` gives the date, once
# per distinct day), `historical` true or false (0/1 on SQLite), `status` the order's state
# (domain.order_status).
OrderFacts = tuple[int, str, Any, int, int, str, str, int, str]


def rate_table(session: Session, base: str) -> RateTable:
    """The stored exchange rates (services.rates: the one loader the Dashboard uses too)."""
    return rates.rate_table(session, base)


def previous_run(session: Session, run: PayoutRunRow) -> PayoutRunRow | None:
    """The run just before `run` (runs follow each other without overlapping)."""
    return session.scalar(
        select(PayoutRunRow)
        .where(PayoutRunRow.period_end < run.period_start, PayoutRunRow.id != run.id)
        .order_by(PayoutRunRow.period_end.desc())
        .limit(1)
    )


def first_run_start(session: Session) -> date | None:
    return session.scalar(select(func.min(PayoutRunRow.period_start)))


def settled_order_ids() -> Any:
    """Sub-query: ids of orders whose commission a locked or paid run settled (paid or
    withheld, 0.00 with a reason included; domain.payouts.lines.SETTLING). Orders a locked run
    held back (the holding period, a paused partner, a pending order) or carried over below
    the minimum are not settled: the next run prices them again and pays them, once."""
    return select(PayoutLineRow.locked_order_id).where(
        PayoutLineRow.locked_order_id.is_not(None),
        PayoutLineRow.kind == "commission",
        PayoutLineRow.settles.is_(True),
    )


_FACTS = (
    OrderRow.id,
    OrderRow.external_id,
    OrderRow.order_date,
    OrderRow.partner_id,
    OrderRow.amount_minor,
    OrderRow.currency,
    OrderRow.category,
    OrderRow.historical,
    OrderRow.status,
)
CANCELLED = OrderState.CANCELLED.value


def shown_order_ids() -> Any:
    """Sub-query: ids of orders a line of a locked or paid run refers to (settled, held or
    pending there)."""
    return select(PayoutLineRow.locked_order_id).where(
        PayoutLineRow.locked_order_id.is_not(None), PayoutLineRow.kind == "commission"
    )


def open_orders(session: Session, run: PayoutRunRow) -> list[OrderFacts]:
    """Orders this run pays or holds: dated in the period (historical ones only feed period
    volumes), plus orders dated in an earlier run's period that no locked run settled (held
    back, pending, or imported late). A cancelled order is left out, unless a locked run showed
    it (held or pending): its line then says, once, that it was cancelled. By date, then id."""
    lower = first_run_start(session) or run.period_start
    lower = min(lower, run.period_start)
    query = select(*_FACTS).where(
        OrderRow.order_date <= run.period_end,
        OrderRow.order_date >= lower,
        # the flag first: SQLite tests it for a quarter of what comparing the day costs
        or_(OrderRow.historical.is_(False), OrderRow.order_date >= run.period_start),
        or_(OrderRow.status != CANCELLED, OrderRow.id.in_(shown_order_ids())),
        OrderRow.id.not_in(settled_order_ids()),
    )
    return _facts(session, query)


def orders_between(session: Session, start: date, end: date) -> list[OrderFacts]:
    """Every order of a period that counts (settled or not): what its tiers are chosen from.
    Pending ones are here too; the pricing leaves them out (they earn nothing yet)."""
    query = select(*_FACTS).where(
        OrderRow.order_date >= start,
        OrderRow.order_date <= end,
        OrderRow.status != CANCELLED,
    )
    return _facts(session, query)


def _facts(session: Session, query: Any) -> list[OrderFacts]:
    """The orders of `query` by date, then id (the order SQLite's date index always gave
    them in; PostgreSQL now gives the same), read at driver speed (store.raw): the driver's
    rows as they are, not copied into a tuple of converted values per order."""
    rows = driver_rows(session.connection(), query.order_by(OrderRow.order_date, OrderRow.id))
    return cast(list[OrderFacts], rows)


class Periods:
    """The periods of locked and paid runs, sorted, to find the run an order date belongs to."""

    def __init__(self, rows: list[tuple[date, date, int]]) -> None:
        self.rows = sorted(rows)
        self.starts = [start for start, _end, _id in self.rows]
        self.by_id = {run_id: (start, end) for start, end, run_id in self.rows}

    def bounds(self, run_id: int) -> tuple[date, date]:
        return self.by_id[run_id]


def final_periods(session: Session) -> Periods:
    rows = session.execute(
        select(PayoutRunRow.period_start, PayoutRunRow.period_end, PayoutRunRow.id).where(
            PayoutRunRow.state.in_(FINAL_STATES)
        )
    )
    return Periods([(start, end, run_id) for start, end, run_id in rows])


def covering_run(periods: Periods, day: date) -> int | None:
    """The locked or paid run whose period contains `day` (None: the run being calculated)."""
    index = bisect_right(periods.starts, day) - 1
    if index < 0:
        return None
    _start, end, run_id = periods.rows[index]
    return run_id if day <= end else None


def refunded_base(
    session: Session, order_ids: Iterable[int] | None, cutoff: date, table: RateTable
) -> dict[int, Decimal]:
    """Refunded amount per order in base currency (each refund converted at the rate of the
    order's month), counting refunds dated on or before the cut-off. An order the shop says is
    refunded counts as refunded in full (its amount, less only the refunds dated after the
    cut-off): the shop's word needs no refund file."""
    query = (
        select(RefundRow.order_id, RefundRow.amount_minor, RefundRow.currency, OrderRow.order_date)
        .join(OrderRow, OrderRow.id == RefundRow.order_id)
        .where(RefundRow.refund_date <= cutoff)
    )
    whole = select(OrderRow.id, OrderRow.amount_minor, OrderRow.currency, OrderRow.order_date)
    whole = whole.where(OrderRow.status == OrderState.REFUNDED.value)
    if order_ids is not None:
        ids = list(order_ids)
        if not ids:
            return {}
        query = query.where(RefundRow.order_id.in_(ids))
        whole = whole.where(OrderRow.id.in_(ids))
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for order_id, minor, currency, order_date in session.execute(query):
        totals[order_id] += convert(from_minor(minor, currency), currency, order_date, table)
    refunded_in_full = {
        order_id: convert(from_minor(minor, currency), currency, order_date, table)
        for order_id, minor, currency, order_date in session.execute(whole)
    }
    later = session.execute(
        select(RefundRow.order_id, RefundRow.amount_minor, RefundRow.currency, OrderRow.order_date)
        .join(OrderRow, OrderRow.id == RefundRow.order_id)
        .where(RefundRow.refund_date > cutoff, OrderRow.status == OrderState.REFUNDED.value)
    )
    for order_id, minor, currency, order_date in later:
        if order_id in refunded_in_full:
            refunded_in_full[order_id] -= convert(
                from_minor(minor, currency), currency, order_date, table
            )
    for order_id, amount in refunded_in_full.items():
        totals[order_id] = max(amount, ZERO)
    return dict(totals)


def order_flags(session: Session) -> dict[int, date]:
    """Order id → date of its earliest active (not lifted) fraud flag."""
    rows = session.execute(
        select(FraudFlagRow.order_id, func.min(FraudFlagRow.flagged_on))
        .where(
            FraudFlagRow.kind == "order",
            FraudFlagRow.order_id.is_not(None),
            FraudFlagRow.lifted_on.is_(None),
        )
        .group_by(FraudFlagRow.order_id)
    )
    return {order_id: day for order_id, day in rows if order_id is not None}


def partner_states(session: Session) -> dict[int, PartnerState]:
    flagged = {
        k: v
        for k, v in session.execute(
            select(FraudFlagRow.partner_id, func.min(FraudFlagRow.flagged_on))
            .where(FraudFlagRow.kind == "partner", FraudFlagRow.lifted_on.is_(None))
            .group_by(FraudFlagRow.partner_id)
        )
    }
    paused = set(session.scalars(select(PartnerRow.id).where(PartnerRow.status == "paused")))
    return {
        pid: PartnerState(paused=pid in paused, fraud_flagged_on=flagged.get(pid))
        for pid in paused | set(flagged)
    }


def partner_names(session: Session) -> dict[int, tuple[str, str]]:
    """Partner id → (primary code, name)."""
    codes: dict[int, str] = {}
    for pid, code in session.execute(
        select(PartnerCodeRow.partner_id, PartnerCodeRow.code).order_by(
            PartnerCodeRow.partner_id, PartnerCodeRow.position.desc()
        )
    ):
        codes[pid] = code
    return {
        pid: (codes.get(pid, ""), name)
        for pid, name in session.execute(select(PartnerRow.id, PartnerRow.name))
    }


def clicks_in(session: Session, start: date, end: date) -> dict[int, int]:
    rows = session.execute(
        select(ClickRow.partner_id, func.sum(ClickRow.clicks))
        .where(and_(ClickRow.day >= start, ClickRow.day <= end))
        .group_by(ClickRow.partner_id)
    )
    return {pid: int(total or 0) for pid, total in rows}
