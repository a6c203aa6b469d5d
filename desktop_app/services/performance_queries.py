"""SQL aggregation for the performance figures: GROUP BY in the database, exact Decimal after.

Amounts in the base currency are summed as integer minor units per (key, month) in SQL, which is
exact. An amount in another currency is converted exactly as a payout run converts it: each
order (and each refund) on its own, with `domain.payouts.conversion.convert` (rounded half-up to
the base currency's minor unit, rule ROUND_CONVERSION) at its month's rate from
`services.rates.rate_table`. SQL groups those by (key, currency, month, amount): orders of the
same amount convert to the same rounded value, so each group is converted once and multiplied
by its count, and the Dashboard's sales equal the run's to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import SQLColumnExpression, String, case, extract, func, literal, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO, from_minor
from desktop_app.domain.payouts.conversion import MissingRateError, RateTable, convert
from desktop_app.services.rates import rate_table
from desktop_app.store.models import ClickRow, OrderRow, PartnerRow, RefundRow

__all__ = ["MissingRateError", "clicks_by", "load_rates", "sales_by"]

Key = tuple[Any, ...]


def load_rates(session: Session, base: str) -> RateTable:
    """The exchange rates a payout run converts with (the same table)."""
    return rate_table(session, base)


def _grouped(
    session: Session,
    keys: Sequence[SQLColumnExpression[Any]],
    amount: SQLColumnExpression[Any],
    currency: SQLColumnExpression[Any],
    count: SQLColumnExpression[Any],
    where: Sequence[SQLColumnExpression[bool]],
    join_partners: bool,
    join_orders: bool,
    base: str,
) -> list[Any]:
    """Rows of (*keys, currency, year, month, unit, count, summed amount). Amounts in the base
    currency have unit 0 (summed exactly); others are grouped by their amount too (unit: the
    amount), so that each distinct amount is converted once, as one order."""
    year = extract("year", OrderRow.order_date)
    month = extract("month", OrderRow.order_date)
    # the base currency inline (a checked ISO code), so the CASE in GROUP BY is the very same
    # expression as in the select list on every database
    unit = case((currency == literal(base, String(3), literal_execute=True), 0), else_=amount)
    query = select(*keys, currency, year, month, unit, count, func.sum(amount))
    if join_orders:
        query = query.select_from(RefundRow).join(OrderRow, RefundRow.order_id == OrderRow.id)
    else:
        query = query.select_from(OrderRow)
    if join_partners:
        query = query.join(PartnerRow, OrderRow.partner_id == PartnerRow.id)
    query = query.where(*where).group_by(*keys, currency, year, month, unit)
    return list(session.execute(query))


def sales_by(
    session: Session,
    start: date,
    end: date,
    keys: Sequence[SQLColumnExpression[Any]],
    base: str,
    table: RateTable,
    *,
    per_partner: bool = False,
    per_month: bool = False,
    partner_id: int | None = None,
) -> dict[Key, tuple[int, Decimal]]:
    """(order count, net sales in the base currency) per key for orders in [start, end): each
    order and refund converted and rounded as a payout run does, then summed (exact).

    The key is the values of `keys`, then the partner id (`per_partner`), then the first day of
    the order month (`per_month`).
    """
    base = base.upper()
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
        False,
        base,
    )
    refund_rows = _grouped(
        session,
        columns,
        RefundRow.amount_minor,
        RefundRow.currency,
        func.count(RefundRow.id),
        where,
        join_partners,
        True,
        base,
    )
    for rows, sign in ((order_rows, 1), (refund_rows, -1)):
        for row in rows:
            key_values = tuple(row[:width])
            currency, year, month_number, unit, count, minor = row[width:]
            month = date(int(year), int(month_number), 1)
            key = (*key_values, month) if per_month else key_values
            entry = result[key]
            if sign > 0:
                entry[0] += int(count)
            if currency == base:
                value = from_minor(int(minor or 0), base)
            else:  # one order's amount, converted and rounded as the run does, times the count
                one = convert(from_minor(int(unit), str(currency)), str(currency), month, table)
                value = one * int(count)
            entry[1] += sign * value
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
