"""The Dashboard and the payout run agree to the cent on a month with orders in three
currencies: one conversion (each order converted and rounded half-up, as the run does),
commission and bonuses told apart, and "active partners" by status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from desktop_app.domain.partners import PartnerStatus
from desktop_app.services import partners, payouts, performance
from desktop_app.services.performance import Period
from desktop_app.services.performance_overview import month_overview
from desktop_app.store.database import Store
from tests.payout_fixture import build_multi_currency_month, make_run

OCTOBER = Period.month(2026, 10)


def test_the_dashboard_equals_the_locked_run_to_the_cent(store: Store) -> None:
    run_id, _ids = build_multi_currency_month(store)
    with store.transaction() as session:
        run = payouts.run_summary(session, run_id)
        kpis = performance.kpis(session, OCTOBER)
        overview = month_overview(session, OCTOBER)
        rows = {r.partner_id: r for r in performance.partner_performance(session, OCTOBER)}
    totals = run.totals
    assert (totals.sales, totals.commission, totals.bonus) == (
        D("195.67"),
        D("19.59"),
        D("25.00"),
    )
    assert (kpis.sales, kpis.commission, kpis.bonus) == (
        totals.sales,
        totals.commission,
        totals.bonus,
    )
    assert overview.kpis == kpis
    assert kpis.commission_rate == D("19.59") / D("195.67")  # commission only, bonuses apart
    for partner in run.partners:
        row = rows[partner.partner_id]
        assert (row.sales, row.commission, row.bonus) == (
            partner.sales,
            partner.commission,
            partner.bonus,
        ), partner.name
    assert overview.earnings[-1].sales == totals.sales
    assert overview.earnings[-1].commission == totals.commission
    assert sum((t.sales for t in overview.by_type), D(0)) == totals.sales


def test_active_partners_are_counted_by_status(store: Store) -> None:
    _run_id, ids = build_multi_currency_month(store)
    with store.transaction() as session:
        october = performance.kpis(session, OCTOBER)
        september = performance.kpis(session, Period.month(2026, 9))
    # Alpha, Beta, Delta and Eta are active; Gamma (paused since 1 September) sold, but is not
    assert october.active_partners == 4
    assert september.active_partners == 4  # no orders at all in September: still 4 active
    with store.transaction() as session:
        partners.set_status(
            session, ids["Delta"], PartnerStatus.TERMINATED, on_date=date(2026, 11, 15)
        )
        partners.set_status(session, ids["Gamma"], PartnerStatus.ACTIVE, on_date=date(2026, 11, 2))
    with store.transaction() as session:
        # the status each had on the month's last day: Delta was still active in October,
        # Gamma still paused
        assert performance.kpis(session, OCTOBER).active_partners == 4
        assert performance.kpis(session, Period.month(2026, 11)).active_partners == 4


def test_a_later_run_pays_held_commission_of_earlier_months_and_the_dashboard_says_so(
    store: Store,
) -> None:
    _october, ids = build_multi_currency_month(store)  # Gamma's 1.09 is held (paused)
    november = make_run(store, date(2026, 11, 1), date(2026, 11, 30))
    with store.transaction() as session:
        run = payouts.run_summary(session, november)
        kpis = performance.kpis(session, Period.month(2026, 11))
        october = performance.kpis(session, OCTOBER)
    # the November run brings Gamma's October line back (still held): its commission total
    # counts it; November's Dashboard counts it in October, where the order is, and says so
    assert run.totals.commission == D("1.09")
    assert (kpis.commission, kpis.commission_earlier) == (D("0.00"), D("1.09"))
    assert kpis.commission + kpis.commission_earlier == run.totals.commission
    assert (october.commission, october.commission_earlier) == (D("19.59"), D("0.00"))
    assert ids["Gamma"] in {p.partner_id for p in run.partners}
