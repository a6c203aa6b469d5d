"""SQL aggregation for the performance figures: GROUP BY in the database, exact Decimal after.

Amounts are summed as integer minor units per (key, currency, order month) in SQL, which is
exact, and only those few sums are converted to the base currency in Python with Decimal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import SQLColumnExpression, extract, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO, from_minor
from desktop_app.errors import UserError
from desktop_app.store.models import ClickRow, ExchangeRateRow, OrderRow, PartnerRow, RefundRow

Rates = dict[tuple[str, date], Decimal]
Key = tuple[Any, ...]


class MissingRateError(UserError):
    """An order or refund is in a currency that has no exchange rate for its month."""

    def __init__(self, currency: str, month: date, base: str) -> None:
        super().__init__(
            f"no exchange rate for {currency} in {month.strftime('%Y-%m')}: enter how many {base} "
            f"one {currency} was worth that month (exchange rates), then look again"
        )
        self.currency = currency
        self.month = month


def load_rates(session: Session) -> Rates:
    rows = session.execute(
        select(ExchangeRateRow.currency, ExchangeRateRow.month, ExchangeRateRow.rate)
    )
    return {(currency.upper(), month.replace(day=1)): rate for currency, month, rate in rows}


def convert(minor: int, currency: str, month: date, base: str, rates: Rates) -> Decimal:
    amount = from_minor(minor, currency)
    if currency.upper() == base.upper():
        return amount
    rate = rates.get((currency.upper(), month))
    if rate is None:
        raise MissingRateError(currency.upper(), month, base)
    return amount * rate


def _grouped(
    session: Session,
    keys: Sequence[SQLColumnExpression[Any]],
    amount: SQLColumnExpression[Any],
    currency: SQLColumnExpression[Any],
    count: SQLColumnExpression[Any],
    where: Sequence[SQLColumnExpression[bool]],
    join_partners: bool,
    join_orders: bool,
) -> list[Any]:
    year = extract("year", OrderRow.order_date)
    month = extract("month", OrderRow.order_date)
    query = select(*keys, currency, year, month, count, func.sum(amount))
    if join_orders:
        query = query.select_from(RefundRow).join(OrderRow, RefundRow.order_id == OrderRow.id)
    else:
        query = query.select_from(OrderRow)
    if join_partners:
        query = query.join(PartnerRow, OrderRow.partner_id == PartnerRow.id)
    query = query.where(*where).group_by(*keys, currency, year, month)
    return list(session.execute(query))


def sales_by(
    session: Session,
    start: date,
    end: date,
    keys: Sequence[SQLColumnExpression[Any]],
    base: str,
    rates: Rates,
    *,
    per_partner: bool = False,
    per_month: bool = False,
    partner_id: int | None = None,
) -> dict[Key, tuple[int, Decimal]]:
    """(order count, net sales in base currency, unrounded) per key for orders in [start, end).

    The key is the values of `keys`, then the partner id (`per_partner`), then the first day of
    the order month (`per_month`).
    """
    columns = [*keys, *([OrderRow.partner_id] if per_partner else [])]
    where = [
        OrderRow.order_date >= start,
        OrderRow.order_date < end,
        OrderRow.status != "cancelled",
    ]
    if partner_id is not None:
        where.append(OrderRow.partner_id == partner_id)
    join_partners = any(getattr(c, "table", None) is PartnerRow.__table__ for c in keys)
    result: dict[Key, list[Any]] = defaultdict(lambda: [0, ZERO])
    width = len(columns)
    order_rows = _grouped(
        session,
        columns,
        OrderRow.amount_minor,
        OrderRow.currency,
        func.count(OrderRow.id),
        where,
        join_partners,
        join_orders=False,
    )
    refund_rows = _grouped(
        session,
        columns,
        RefundRow.amount_minor,
        RefundRow.currency,
        func.count(RefundRow.id),
        where,
        join_partners,
        join_orders=True,
    )
    for rows, sign in ((order_rows, 1), (refund_rows, -1)):
        for row in rows:
            key_values = tuple(row[:width])
            currency, year, month_number, count, minor = row[width:]
            month = date(int(year), int(month_number), 1)
            key = (*key_values, month) if per_month else key_values
            entry = result[key]
            if sign > 0:
                entry[0] += int(count)
            entry[1] += sign * convert(int(minor or 0), str(currency), month, base, rates)
    return {key: (int(v[0]), Decimal(v[1])) for key, v in result.items()}


def clicks_by(
    session: Session, start: date, end: date, *, partner_id: int | None = None
) -> dict[int, int]:
    """Clicks per partner id in [start, end)."""
    query = (
        select(ClickRow.partner_id, func.sum(ClickRow.clicks))
        .where(ClickRow.day >= start, ClickRow.day < end)
        .group_by(ClickRow.partner_id)
    )
    if partner_id is not None:
        query = query.where(ClickRow.partner_id == partner_id)
    return {int(pid): int(total or 0) for pid, total in session.execute(query)}


def impressions_by(
    session: Session, start: date, end: date, *, partner_id: int | None = None
) -> dict[int, tuple[int, int]]:
    """(impressions, clicks on those same days) per partner id in [start, end), counting only
    days that have impressions: a partner without any is left out (no impressions imported),
    and days without them do not inflate the click-through rate."""
    query = (
        select(ClickRow.partner_id, func.sum(ClickRow.impressions), func.sum(ClickRow.clicks))
        .where(ClickRow.day >= start, ClickRow.day < end, ClickRow.impressions.is_not(None))
        .group_by(ClickRow.partner_id)
    )
    if partner_id is not None:
        query = query.where(ClickRow.partner_id == partner_id)
    return {
        int(pid): (int(impressions or 0), int(clicks or 0))
        for pid, impressions, clicks in session.execute(query)
    }
