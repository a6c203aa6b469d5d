"""Program and partner performance: the numbers behind the Dashboard and the performance view.

Definitions (one place, so screens, CLI and tests agree):
- A period is a date range [start, end); by default a calendar month.
- Orders: orders dated in the period whose status is not "cancelled" (historical orders count:
  they feed the KPIs even though they never pay commission).
- Sales: the amounts of those orders minus the refunds recorded against them, in the merchant's
  base currency, converted exactly as a payout run converts them: each order and each refund on
  its own at its month's rate, rounded half-up to the minor unit (one function,
  `domain.payouts.conversion.convert`; see `performance_queries`), then summed. So a month's
  sales equal its payout run's sales to the cent, except for what a run leaves out on purpose:
  historical orders (already paid elsewhere) and refunds dated after the run's cut-off (those
  are clawed back by the next run). A missing rate raises `MissingRateError` naming currency
  and month, the screen and the command to enter it.
- Conversion rate: orders / clicks (None when there were no clicks).
- Click-through rate (CTR): clicks / impressions, both counted on the days that have
  impressions (a clicks import may carry an impressions column); None when no impressions were
  imported for the period, which screens say in words ("no impressions imported"), never 0 %.
- Commission and bonuses: what stored payout runs for the period say (`commission_source`),
  apart, as a run's summary shows them; None when no payout run covers the period yet.
  Commission is the commission on the period's orders; what the period's run also pays on
  earlier months' orders it had held back is `commission_earlier` (the run's commission total
  is the sum of the two).
- Average commission rate: commission / sales (bonuses not included).
- Active partners: partners whose status was "active" on the period's last day (their status
  now, or, for one whose status changed after that day, the status it changed from, from the
  audit log), whether or not they sold anything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import ZERO, quantize
from desktop_app.domain.months import add_months
from desktop_app.services import commission_source
from desktop_app.services.commission_source import Earned
from desktop_app.services.merchant import get_profile
from desktop_app.services.performance_queries import (
    MissingRateError,
    clicks_by,
    impressions_by,
    load_rates,
    sales_by,
)
from desktop_app.services.performance_thresholds import Thresholds as Thresholds
from desktop_app.store.models import AuditRow, PartnerCodeRow, PartnerRow, PartnerTypeRow

if TYPE_CHECKING:
    from desktop_app.store.database import Store

__all__ = [
    "EarningsMonth",
    "Kpis",
    "MissingRateError",
    "PartnerPerformance",
    "Period",
    "Thresholds",
    "Traffic",
    "TypeSales",
    "earnings_by_month",
    "kpis",
    "last_full_month",
    "months_with_data",
    "partner_performance",
    "sales_by_type",
    "top_and_bottom",
]

NO_TYPE = "No type"


@dataclass(frozen=True)
class Period:
    """Dates from `start` (inclusive) to `end` (exclusive)."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = date(year, month, 1)
        return cls(start, add_months(start, 1))

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == add_months(self.start, 1)

    def previous(self) -> Period:
        """The month before a calendar month; otherwise the same number of days before."""
        if self.is_month:
            return Period(add_months(self.start, -1), self.start)
        return Period(self.start - (self.end - self.start), self.start)

    @property
    def label(self) -> str:
        if self.is_month:
            return self.start.strftime("%B %Y")
        last = date.fromordinal(self.end.toordinal() - 1)
        return f"{self.start.isoformat()} – {last.isoformat()}"


def last_full_month(today: date | None = None) -> Period:
    start = add_months((today or date.today()).replace(day=1), -1)
    return Period.month(start.year, start.month)


def ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator / denominator as an exact-enough Decimal, None when the denominator is 0."""
    if not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


NO_IMPRESSIONS = "no impressions imported"

# partner id → (impressions, clicks on the days with impressions); see impressions_by
Traffic = dict[int, tuple[int, int]]


def traffic_totals(traffic: Traffic) -> tuple[int | None, int]:
    """All partners' impressions (None when none were imported) and their days' clicks."""
    if not traffic:
        return None, 0
    return sum(i for i, _ in traffic.values()), sum(c for _, c in traffic.values())


def ctr_of(impressions: int | None, clicks: int) -> Decimal | None:
    """clicks / impressions, None without impressions (not imported, or all zero)."""
    return None if impressions is None else ratio(clicks, impressions)


@dataclass(frozen=True)
class Kpis:
    period: Period
    currency: str
    clicks: int
    orders: int
    sales: Decimal
    commission: Decimal | None  # commission on orders, as the runs say (bonuses apart)
    active_partners: int
    bonus: Decimal | None = None  # bonus rules and manual bonuses in the period's runs
    # commission the period's runs also pay on earlier periods' orders (held back before):
    # the run's commission total = commission + commission_earlier
    commission_earlier: Decimal | None = None
    impressions: int | None = None  # None: no impressions imported for the period
    impression_clicks: int = 0  # clicks on the days with impressions

    @property
    def conversion(self) -> Decimal | None:
        return ratio(self.orders, self.clicks)

    @property
    def ctr(self) -> Decimal | None:
        return ctr_of(self.impressions, self.impression_clicks)

    @property
    def commission_rate(self) -> Decimal | None:
        return None if self.commission is None else ratio(self.commission, self.sales)


@dataclass(frozen=True)
class EarningsMonth:
    month: date
    sales: Decimal
    commission: Decimal | None


@dataclass(frozen=True)
class TypeSales:
    partner_type: str
    orders: int
    sales: Decimal


@dataclass(frozen=True)
class PartnerPerformance:
    partner_id: int
    name: str
    partner_type: str
    status: str
    clicks: int
    orders: int
    sales: Decimal
    commission: Decimal | None
    previous_orders: int
    previous_sales: Decimal
    review_reasons: tuple[str, ...] = ()
    bonus: Decimal | None = None
    impressions: int | None = None  # None: no impressions imported for the period
    impression_clicks: int = 0  # clicks on the days with impressions
    code: str = ""  # the partner's first code

    @property
    def conversion(self) -> Decimal | None:
        return ratio(self.orders, self.clicks)

    @property
    def ctr(self) -> Decimal | None:
        return ctr_of(self.impressions, self.impression_clicks)

    @property
    def sales_trend(self) -> Decimal | None:
        """Change against the previous period as a fraction (0.25 = +25 %); None from zero."""
        return ratio(self.sales - self.previous_sales, self.previous_sales)

    @property
    def flagged(self) -> bool:
        return bool(self.review_reasons)


def _currency(session: Session) -> str:
    return get_profile(session).base_currency


def kpis(session: Session, period: Period) -> Kpis:
    currency = _currency(session)
    rates = load_rates(session, currency)
    per_partner = sales_by(session, period.start, period.end, (), currency, rates, per_partner=True)
    orders = sum(count for count, _ in per_partner.values())
    sales = sum((amount for _, amount in per_partner.values()), ZERO)
    clicks = sum(clicks_by(session, period.start, period.end).values())
    earned = commission_source.earned_by_partner(session, period.start, period.end)
    traffic = impressions_by(session, period.start, period.end)
    return make_kpis(
        period, currency, orders, sales, clicks, earned, active_partners(session, period), traffic
    )


def make_kpis(
    period: Period,
    currency: str,
    orders: int,
    sales: Decimal,
    clicks: int,
    earned: Earned | None,
    active: int,
    traffic: Traffic,
) -> Kpis:
    impressions, impression_clicks = traffic_totals(traffic)
    return Kpis(
        period=period,
        currency=currency,
        clicks=clicks,
        orders=orders,
        sales=quantize(sales, currency),
        commission=None if earned is None else sum(earned.commission.values(), ZERO),
        active_partners=active,
        bonus=None if earned is None else sum(earned.bonus.values(), ZERO),
        commission_earlier=None if earned is None else sum(earned.earlier.values(), ZERO),
        impressions=impressions,
        impression_clicks=impression_clicks,
    )


STATUS_ACTIONS = ("partner.active", "partner.paused", "partner.terminated")


def active_partners(session: Session, period: Period) -> int:
    """Partners whose status was "active" on the period's last day: the status a partner has
    now, unless it changed after that day; then the status the first later change (in the audit
    log) changed it from."""
    last_day = period.end - timedelta(days=1)
    partners = list(
        session.execute(select(PartnerRow.id, PartnerRow.status, PartnerRow.status_date))
    )
    later = [pid for pid, _status, since in partners if since > last_day]
    before: dict[int, tuple[date, str]] = {}
    if later:
        for partner_id, details in session.execute(
            select(AuditRow.partner_id, AuditRow.details)
            .where(AuditRow.partner_id.in_(later), AuditRow.action.in_(STATUS_ACTIONS))
            .order_by(AuditRow.id)
        ):
            change = json.loads(details or "{}")
            try:
                on = date.fromisoformat(str(change["date"]))
                was = str(change["from"])
            except (KeyError, ValueError):
                continue
            if partner_id is not None and on > last_day and partner_id not in before:
                before[partner_id] = (on, was)
    count = 0
    for partner_id, status, _since in partners:
        then = before[partner_id][1] if partner_id in before else status
        count += then == "active"
    return count


def earnings_by_month(session: Session, last_month: date, months: int = 12) -> list[EarningsMonth]:
    """Sales and commission for the `months` calendar months ending with `last_month`."""
    currency = _currency(session)
    rates = load_rates(session, currency)
    first = add_months(last_month.replace(day=1), -(months - 1))
    end = add_months(last_month.replace(day=1), 1)
    by_month = sales_by(session, first, end, (), currency, rates, per_month=True)
    result = []
    for n in range(months):
        month = add_months(first, n)
        _, sales = by_month.get((month,), (0, ZERO))
        commission = commission_source.commission_by_partner(session, month, add_months(month, 1))
        result.append(
            EarningsMonth(
                month=month,
                sales=quantize(sales, currency),
                commission=None if commission is None else sum(commission.values(), ZERO),
            )
        )
    return result


def months_with_data(months: Sequence[EarningsMonth]) -> list[EarningsMonth]:
    """The months from the first one with sales or a payout run on (at least the last one), so
    a new store's chart is not eleven empty months and one bar."""
    for index, month in enumerate(months):
        if month.sales or month.commission is not None:
            return list(months[index:])
    return list(months[-1:])


def sales_by_type(session: Session, period: Period) -> list[TypeSales]:
    """Sales per partner type, largest first (partners without a type are "No type")."""
    currency = _currency(session)
    rates = load_rates(session, currency)
    grouped = sales_by(
        session, period.start, period.end, (PartnerRow.partner_type_id,), currency, rates
    )
    names = dict(session.execute(select(PartnerTypeRow.id, PartnerTypeRow.name)).all())
    rows = [
        TypeSales(
            partner_type=names.get(key[0], NO_TYPE) if key[0] is not None else NO_TYPE,
            orders=count,
            sales=quantize(amount, currency),
        )
        for key, (count, amount) in grouped.items()
    ]
    return sorted(rows, key=lambda r: (-r.sales, r.partner_type.casefold()))


def partner_performance(
    session: Session,
    period: Period,
    thresholds: Thresholds | None = None,
    *,
    only_partner: int | None = None,
) -> list[PartnerPerformance]:
    """Every partner that is not terminated, plus terminated ones with activity in the period,
    with the previous period's figures for the trend and the reasons to review them
    (`only_partner`: just that partner, for its detail page)."""
    currency = _currency(session)
    rates = load_rates(session, currency)
    previous = period.previous()
    now = sales_by(
        session,
        period.start,
        period.end,
        (),
        currency,
        rates,
        per_partner=True,
        partner_id=only_partner,
    )
    before = sales_by(
        session,
        previous.start,
        previous.end,
        (),
        currency,
        rates,
        per_partner=True,
        partner_id=only_partner,
    )
    return build_partner_rows(
        session,
        currency,
        {key[0]: value for key, value in now.items()},
        {key[0]: value for key, value in before.items()},
        clicks_by(session, period.start, period.end, partner_id=only_partner),
        commission_source.earned_by_partner(session, period.start, period.end),
        thresholds or Thresholds(),
        only_partner=only_partner,
        traffic=impressions_by(session, period.start, period.end, partner_id=only_partner),
    )


Figures = dict[int, tuple[int, Decimal]]


def build_partner_rows(
    session: Session,
    currency: str,
    now: Figures,
    before: Figures,
    clicks: dict[int, int],
    earned: Earned | None,
    thresholds: Thresholds,
    *,
    only_partner: int | None = None,
    traffic: Traffic | None = None,
) -> list[PartnerPerformance]:
    """Per-partner rows from figures already summed per partner id (orders, unrounded sales;
    `traffic`: impressions and their days' clicks, see impressions_by)."""
    query = (
        select(PartnerRow.id, PartnerRow.name, PartnerRow.status, PartnerTypeRow.name)
        .outerjoin(PartnerTypeRow, PartnerRow.partner_type_id == PartnerTypeRow.id)
        .order_by(func.lower(PartnerRow.name), PartnerRow.id)
    )
    if only_partner is not None:
        query = query.where(PartnerRow.id == only_partner)
    traffic = traffic or {}
    codes = first_codes(session)
    result = []
    for partner_id, name, status, type_name in session.execute(query):
        orders, sales = now.get(partner_id, (0, ZERO))
        partner_clicks = clicks.get(partner_id, 0)
        if status == "terminated" and not (orders or partner_clicks) and only_partner is None:
            continue
        prev_orders, prev_sales = before.get(partner_id, (0, ZERO))
        impressions, impression_clicks = traffic.get(partner_id, (None, 0))
        row = PartnerPerformance(
            partner_id=partner_id,
            name=name,
            partner_type=type_name or NO_TYPE,
            status=status,
            clicks=partner_clicks,
            orders=orders,
            sales=quantize(sales, currency),
            commission=None if earned is None else earned.commission.get(partner_id, ZERO),
            previous_orders=prev_orders,
            previous_sales=quantize(prev_sales, currency),
            bonus=None if earned is None else earned.bonus.get(partner_id, ZERO),
            impressions=impressions,
            impression_clicks=impression_clicks,
            code=codes.get(partner_id, ""),
        )
        result.append(row)
    return review(result, thresholds, currency)


def first_codes(session: Session) -> dict[int, str]:
    """Each partner's first code (the one listed first on the partner page)."""
    rows = session.execute(
        select(PartnerCodeRow.partner_id, PartnerCodeRow.code).order_by(
            PartnerCodeRow.partner_id, PartnerCodeRow.position, PartnerCodeRow.id
        )
    )
    found: dict[int, str] = {}
    for partner_id, code in rows:
        found.setdefault(int(partner_id), str(code))
    return found


def review(
    rows: Sequence[PartnerPerformance], thresholds: Thresholds, currency: str
) -> list[PartnerPerformance]:
    """The same rows flagged against other thresholds (no need to read the store again)."""
    return [
        replace(
            r,
            review_reasons=_review_reasons(r, thresholds, currency)
            if r.status != "terminated"
            else (),
        )
        for r in rows
    ]


def _review_reasons(
    row: PartnerPerformance, thresholds: Thresholds, currency: str
) -> tuple[str, ...]:
    reasons = []
    conversion = row.conversion
    if (
        thresholds.min_conversion is not None
        and row.clicks >= max(thresholds.min_clicks, 1)
        and conversion is not None
        and conversion < thresholds.min_conversion
    ):
        reasons.append(
            f"conversion {percent(conversion)} is below {percent(thresholds.min_conversion)}"
        )
    ctr = row.ctr
    if (
        thresholds.min_ctr is not None
        and row.impressions is not None
        and row.impressions >= max(thresholds.min_impressions, 1)
        and ctr is not None
        and ctr < thresholds.min_ctr
    ):
        reasons.append(f"CTR {percent(ctr, 2)} is below {percent(thresholds.min_ctr, 2)}")
    if thresholds.min_sales is not None and row.sales < thresholds.min_sales:
        reasons.append(
            f"sales {row.sales} {currency} are below {quantize(thresholds.min_sales, currency)}"
        )
    return tuple(reasons)


def percent(value: Decimal, places: int = 1) -> str:
    """0.0123 → "1.2 %" (half-up), for labels and review reasons."""
    shown = (value * 100).quantize(Decimal(1).scaleb(-places))
    return f"{shown} %"


def top_and_bottom(
    rows: Sequence[PartnerPerformance], count: int = 5
) -> tuple[list[PartnerPerformance], list[PartnerPerformance]]:
    """Best partners by sales, and the weakest among those who are active (not paused or
    terminated), never listing the same partner in both when there are few partners."""
    ranked = sorted(rows, key=lambda r: (-r.sales, -r.orders, r.name.casefold()))
    top = [r for r in ranked if r.sales > 0 or r.orders > 0][:count]
    chosen = {r.partner_id for r in top}
    candidates = [r for r in reversed(ranked) if r.status == "active"]
    bottom = [r for r in candidates if r.partner_id not in chosen][:count]
    return top, bottom


# -- the feature API (each call owns its transaction) ---------------------------------------


@dataclass(frozen=True)
class PartnerPerformanceList:
    """`partner_performance` of a period, in the base currency."""

    currency: str
    rows: list[PartnerPerformance]


def load_partner_performance(
    store: Store, period: Period, thresholds: Thresholds | None = None
) -> PartnerPerformanceList:
    with store.transaction() as session:
        return PartnerPerformanceList(
            _currency(session), partner_performance(session, period, thresholds)
        )
