"""Reading what a run is calculated from: orders, refunds, rates, flags, the previous run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor
from desktop_app.domain.payouts import PartnerState, RateTable, convert
from desktop_app.domain.payouts.conversion import rebase
from desktop_app.services.base_currency import Change, change_factor, recorded_changes
from desktop_app.store.models import (
    ClickRow,
    ExchangeRateRow,
    FraudFlagRow,
    OrderRow,
    PartnerCodeRow,
    PartnerRow,
    PayoutLineRow,
    PayoutRunRow,
    RefundRow,
)

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


class OrderFacts(NamedTuple):
    id: int
    external_id: str
    order_date: date
    partner_id: int
    amount_minor: int
    currency: str
    category: str
    historical: bool


def rate_table(session: Session, base: str) -> RateTable:
    rows = session.execute(
        select(ExchangeRateRow.currency, ExchangeRateRow.month, ExchangeRateRow.rate)
    )
    return RateTable(base, {(c.upper(), m.replace(day=1)): r for c, m, r in rows})


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


def final_line_order_ids() -> Any:
    """Sub-query: ids of orders that have a line in a locked or paid run."""
    return (
        select(PayoutLineRow.order_id)
        .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
        .where(PayoutRunRow.state.in_(FINAL_STATES), PayoutLineRow.order_id.is_not(None))
    )


def new_orders(session: Session, run: PayoutRunRow) -> list[OrderFacts]:
    """Orders this run calculates: dated in the period (historical ones only feed period
    volumes), plus late imports dated in an earlier run's period that no locked run settled."""
    lower = first_run_start(session) or run.period_start
    lower = min(lower, run.period_start)
    query = select(
        OrderRow.id,
        OrderRow.external_id,
        OrderRow.order_date,
        OrderRow.partner_id,
        OrderRow.amount_minor,
        OrderRow.currency,
        OrderRow.category,
        OrderRow.historical,
    ).where(
        OrderRow.order_date <= run.period_end,
        OrderRow.order_date >= lower,
        OrderRow.status != "cancelled",
        OrderRow.id.not_in(final_line_order_ids()),
    )
    facts = [OrderFacts._make(row) for row in session.execute(query)]
    return [f for f in facts if f.order_date >= run.period_start or not f.historical]


def refunded_base(
    session: Session, order_ids: Iterable[int] | None, cutoff: date, table: RateTable
) -> dict[int, Decimal]:
    """Refunded amount per order in base currency (each refund converted at the rate of the
    order's month), counting refunds dated on or before the cut-off."""
    query = (
        select(RefundRow.order_id, RefundRow.amount_minor, RefundRow.currency, OrderRow.order_date)
        .join(OrderRow, OrderRow.id == RefundRow.order_id)
        .where(RefundRow.refund_date <= cutoff)
    )
    if order_ids is not None:
        ids = list(order_ids)
        if not ids:
            return {}
        query = query.where(RefundRow.order_id.in_(ids))
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for order_id, minor, currency, order_date in session.execute(query):
        totals[order_id] += convert(from_minor(minor, currency), currency, order_date, table)
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
