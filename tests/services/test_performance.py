from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.services import performance
from desktop_app.services.performance import Period, Thresholds
from desktop_app.store.database import Store
from desktop_app.store.models import OrderRow
from tests.performance_fixture import build_fixture_store

OCTOBER = Period.month(2026, 10)


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return build_fixture_store(store)


def test_period_helpers() -> None:
    assert performance.last_full_month(date(2026, 1, 15)) == Period(
        date(2025, 12, 1), date(2026, 1, 1)
    )
    assert OCTOBER.previous() == Period.month(2026, 9)
    assert OCTOBER.label == "October 2026"
    custom = Period(date(2026, 10, 11), date(2026, 10, 21))
    assert custom.previous() == Period(date(2026, 10, 1), date(2026, 10, 11))
    assert custom.label == "2026-10-11 – 2026-10-20"


def test_kpis_for_a_month_match_the_hand_computed_figures(
    store: Store, ids: dict[str, int]
) -> None:
    with store.transaction() as session:
        kpis = performance.kpis(session, OCTOBER)
    assert kpis.currency == "USD"
    assert kpis.clicks == 60 + 40 + 200 + 50
    assert kpis.orders == 5  # the cancelled order and November's do not count
    # 100 - 10 refunded + 50 + 20 EUR x 1.0837 + 10 GBP x 1.25 + 300 = 474.174 → 474.17
    assert kpis.sales == Decimal("474.17")
    assert kpis.conversion == Decimal(5) / Decimal(350)
    assert kpis.active_partners == 4  # active status (Charlie sold nothing); Delta terminated
    assert kpis.commission is None  # no payout run covers October
    assert kpis.commission_rate is None


def test_earnings_by_month_has_every_month_even_empty_ones(
    store: Store, ids: dict[str, int]
) -> None:
    with store.transaction() as session:
        months = performance.earnings_by_month(session, date(2026, 10, 1), months=3)
    assert [(m.month, m.sales) for m in months] == [
        (date(2026, 8, 1), Decimal("0.00")),
        (date(2026, 9, 1), Decimal("120.00")),
        (date(2026, 10, 1), Decimal("474.17")),
    ]
    with store.transaction() as session:
        assert len(performance.earnings_by_month(session, date(2026, 10, 1))) == 12


def test_sales_by_partner_type(store: Store, ids: dict[str, int]) -> None:
    with store.transaction() as session:
        rows = performance.sales_by_type(session, OCTOBER)
    assert [(r.partner_type, r.orders, r.sales) for r in rows] == [
        ("Tech blog", 4, Decimal("461.67")),
        ("Coupon site", 1, Decimal("12.50")),
    ]
    with store.transaction() as session:
        september = performance.sales_by_type(session, Period.month(2026, 9))
    assert [(r.partner_type, r.sales) for r in september] == [
        ("Tech blog", Decimal("80.00")),
        ("No type", Decimal("40.00")),
    ]


def test_partner_performance_trend_and_review_flags(store: Store, ids: dict[str, int]) -> None:
    with store.transaction() as session:
        rows = {r.name: r for r in performance.partner_performance(session, OCTOBER)}
    assert set(rows) == {"Alpha", "Bravo", "Charlie", "Echo"}  # terminated Delta was idle
    alpha = rows["Alpha"]
    assert (alpha.clicks, alpha.orders, alpha.sales) == (100, 3, Decimal("161.67"))
    assert alpha.conversion == Decimal("0.03")
    assert alpha.previous_sales == Decimal("80.00")
    assert alpha.sales_trend == (Decimal("161.67") - Decimal("80")) / Decimal("80")
    assert rows["Bravo"].sales_trend is None  # nothing to compare with
    assert rows["Charlie"].sales_trend == Decimal(-1)

    flagged = {name: r.review_reasons for name, r in rows.items() if r.flagged}
    assert flagged == {
        "Bravo": ("conversion 0.5 % is below 1.0 %", "sales 12.50 USD are below 100.00"),
        "Charlie": ("sales 0.00 USD are below 100.00",),
    }

    with store.transaction() as session:
        strict = performance.partner_performance(
            session, OCTOBER, Thresholds(min_conversion=Decimal("0.025"), min_sales=None)
        )
    assert sorted(r.name for r in strict if r.flagged) == ["Bravo", "Echo"]


def test_top_and_bottom_partners(store: Store, ids: dict[str, int]) -> None:
    with store.transaction() as session:
        rows = performance.partner_performance(session, OCTOBER)
    top, bottom = performance.top_and_bottom(rows, count=2)
    assert [r.name for r in top] == ["Echo", "Alpha"]
    assert [r.name for r in bottom] == ["Charlie", "Bravo"]


def test_a_missing_exchange_rate_is_an_error_naming_currency_and_month(
    store: Store, ids: dict[str, int]
) -> None:
    with store.transaction() as session:
        session.add(
            OrderRow(
                source="test",
                external_id="JPY-1",
                order_date=date(2026, 10, 5),
                partner_id=ids["Echo"],
                partner_code="ECHO",
                amount_minor=1500,
                currency="JPY",
            )
        )
    with (
        store.transaction() as session,
        pytest.raises(performance.MissingRateError, match=r"no exchange rate for JPY in 2026-10"),
    ):
        performance.kpis(session, OCTOBER)


def test_the_one_pass_month_overview_matches_the_separate_figures(
    store: Store, ids: dict[str, int]
) -> None:
    from desktop_app.services.performance_overview import month_overview

    for period in (OCTOBER, Period.month(2026, 9)):
        with store.transaction() as session:
            overview = month_overview(session, period)
            assert overview.kpis == performance.kpis(session, period)
            assert overview.previous == performance.kpis(session, period.previous())
            assert overview.earnings == performance.earnings_by_month(session, period.start)
            assert overview.by_type == performance.sales_by_type(session, period)
            assert overview.partners == performance.partner_performance(session, period)
    with store.transaction() as session:
        alpha = performance.partner_performance(session, OCTOBER, only_partner=ids["Alpha"])
        delta = performance.partner_performance(session, OCTOBER, only_partner=ids["Delta"])
    assert [(r.name, r.orders, r.sales) for r in alpha] == [("Alpha", 3, Decimal("161.67"))]
    assert [(r.name, r.orders, r.flagged) for r in delta] == [("Delta", 0, False)]
