"""Everything the Dashboard shows for one month, from a single pass over the orders.

The KPI cards, the previous month's cards, the 12-month earnings chart, sales by type and the
per-partner table all come from one GROUP BY over (partner, currency, month) for the twelve
months, so a store with a million orders is read once, not six times. The figures are the
same as the separate functions in `performance` give (a test checks it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO, quantize
from desktop_app.domain.months import add_months
from desktop_app.errors import UserError
from desktop_app.services import commission_source
from desktop_app.services.commission_source import Earned
from desktop_app.services.merchant import get_profile
from desktop_app.services.performance import (
    NO_TYPE,
    EarningsMonth,
    Figures,
    Kpis,
    PartnerPerformance,
    Period,
    Thresholds,
    Traffic,
    TypeSales,
    active_partners,
    build_partner_rows,
    make_kpis,
)
from desktop_app.services.performance_queries import (
    clicks_by,
    impressions_by,
    load_rates,
    sales_by,
)
from desktop_app.store.models import PartnerRow, PartnerTypeRow

if TYPE_CHECKING:
    from desktop_app.store.database import Store


@dataclass(frozen=True)
class MonthOverview:
    kpis: Kpis
    previous: Kpis
    earnings: list[EarningsMonth]
    by_type: list[TypeSales]
    partners: list[PartnerPerformance]
    locale: str


def _kpis(
    session: Session,
    period: Period,
    currency: str,
    figures: Figures,
    clicks: dict[int, int],
    earned: Earned | None,
    traffic: Traffic,
) -> Kpis:
    return make_kpis(
        period,
        currency,
        sum(count for count, _ in figures.values()),
        sum((amount for _, amount in figures.values()), ZERO),
        sum(clicks.values()),
        earned,
        active_partners(session, period),
        traffic,
    )


def month_overview(
    session: Session, period: Period, thresholds: Thresholds | None = None, months: int = 12
) -> MonthOverview:
    if not period.is_month:
        raise UserError("the overview is made for a calendar month")
    profile = get_profile(session)
    currency = profile.base_currency
    first = add_months(period.start, -(months - 1))
    grouped = sales_by(
        session,
        first,
        period.end,
        (),
        currency,
        load_rates(session, currency),
        per_partner=True,
        per_month=True,
    )
    by_month: dict[date, Figures] = defaultdict(dict)
    for (partner_id, month), value in grouped.items():
        by_month[month][partner_id] = value
    previous = period.previous()
    now, before = by_month.get(period.start, {}), by_month.get(previous.start, {})
    clicks_now = clicks_by(session, period.start, period.end)
    clicks_before = clicks_by(session, previous.start, previous.end)
    earned_now = commission_source.earned_by_partner(session, period.start, period.end)
    earned_before = commission_source.earned_by_partner(session, previous.start, previous.end)
    traffic_now = impressions_by(session, period.start, period.end)
    traffic_before = impressions_by(session, previous.start, previous.end)

    earnings = []
    for n in range(months):
        month = add_months(first, n)
        figures = by_month.get(month, {})
        commission = commission_source.commission_by_partner(session, month, add_months(month, 1))
        earnings.append(
            EarningsMonth(
                month=month,
                sales=quantize(sum((a for _, a in figures.values()), ZERO), currency),
                commission=None if commission is None else sum(commission.values(), ZERO),
            )
        )

    type_of = dict(
        session.execute(
            select(PartnerRow.id, PartnerTypeRow.name).outerjoin(
                PartnerTypeRow, PartnerRow.partner_type_id == PartnerTypeRow.id
            )
        ).all()
    )
    type_orders: dict[str, int] = defaultdict(int)
    type_sales: dict[str, Decimal] = defaultdict(Decimal)
    for partner_id, (count, amount) in now.items():
        name = type_of.get(partner_id) or NO_TYPE
        type_orders[name] += count
        type_sales[name] += amount
    by_type = sorted(
        (
            TypeSales(name, type_orders[name], quantize(type_sales[name], currency))
            for name in type_orders
        ),
        key=lambda r: (-r.sales, r.partner_type.casefold()),
    )
    return MonthOverview(
        kpis=_kpis(session, period, currency, now, clicks_now, earned_now, traffic_now),
        previous=_kpis(
            session, previous, currency, before, clicks_before, earned_before, traffic_before
        ),
        earnings=earnings,
        by_type=by_type,
        partners=build_partner_rows(
            session,
            currency,
            now,
            before,
            clicks_now,
            earned_now,
            thresholds or Thresholds(),
            traffic=traffic_now,
        ),
        locale=profile.locale,
    )


def load_month_overview(
    store: Store, period: Period, thresholds: Thresholds | None = None
) -> MonthOverview:
    """`month_overview` in its own transaction (the Dashboard reads it on a worker thread)."""
    with store.transaction() as session:
        return month_overview(session, period, thresholds)
