"""Refunds re-price what is not yet paid (issue 17, problem 5): a line held back by a locked run
is priced again, on its net amount and its period's net volume, in the run that pays it, so the
same facts give the same money whatever the timing of the refund. Known answers by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from desktop_app.services import payouts, plans
from desktop_app.store.database import Store
from desktop_app.store.models import PartnerTypeRow
from tests.payout_fixture import Shop, make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)
DEC31 = date(2026, 12, 31)


def _plan(store: Store, basis: str, tiers: list[tuple[str, str]]) -> None:
    """Partners of type "Tech blog" earn by these tiers (lower bound, percent; whole)."""
    with store.transaction() as session:
        plan_id = plans.create_plan(session, f"Tiered {basis}")
        rule = plans.make_rule(basis, "whole", [(D(low), D(rate), D(0)) for low, rate in tiers])
        plans.add_version(session, plan_id, date(2020, 1, 1), [rule])
        type_id = session.scalar(
            select(PartnerTypeRow.id).where(PartnerTypeRow.name == "Tech blog")
        )
        assert type_id is not None
        plans.assign_to_type(session, type_id, plan_id)


def _paid(store: Store, run_id: int, partner_id: int) -> D:
    with store.transaction() as session:
        totals = payouts.run_summary(session, run_id).partner(partner_id)
    assert totals is not None
    return totals.payable


@pytest.fixture
def shop(store: Store) -> Shop:
    # make_shop assigns a flat plan to "Tech blog"; the tests assign their own plan instead
    return make_shop(store, holding_days=30, minimum="0.00")


ORDER_TIERS = [("0", "5"), ("50", "7"), ("200", "10")]


def test_order_amount_refund_known_before_the_first_run(shop: Shop) -> None:
    _plan(shop.store, "order_amount", ORDER_TIERS)
    order = shop.order(shop.alpha, date(2026, 10, 25), "200.00")
    shop.refund(order, date(2026, 11, 10), "10.00")
    run = make_run(shop.store, OCT1, OCT31, date(2026, 11, 30), actor="tester")
    assert _paid(shop.store, run, shop.alpha) == D("13.30")  # 190.00 x 7 %


def test_order_amount_refund_while_the_line_is_held_across_a_locked_run(shop: Shop) -> None:
    _plan(shop.store, "order_amount", ORDER_TIERS)
    order = shop.order(shop.alpha, date(2026, 10, 25), "200.00")
    october = make_run(shop.store, OCT1, OCT31, date(2026, 11, 5), actor="tester")
    with shop.store.transaction() as session:
        [held] = payouts.run_lines(session, october)
    assert (held.status, held.commission) == ("held", D("20.00"))  # 200.00 x 10 %, held
    payouts.lock_run(shop.store, october, actor="tester")
    shop.refund(order, date(2026, 11, 10), "10.00")

    november = make_run(shop.store, NOV1, NOV30, DEC31, actor="tester")
    with shop.store.transaction() as session:
        [line] = payouts.run_lines(session, november)
    assert (line.status, line.amount, line.rate, line.commission) == (
        "payable",
        D("190.00"),
        D("7"),
        D("13.30"),  # the same as when the refund was known before: not 19.00
    )
    assert line.refunded == D("10.00")
    assert _paid(shop.store, november, shop.alpha) == D("13.30")


VOLUME_TIERS = [("0", "5"), ("1000", "7")]


def test_period_volume_refund_known_before_the_run(shop: Shop) -> None:
    _plan(shop.store, "period_volume", VOLUME_TIERS)
    first = shop.order(shop.alpha, date(2026, 10, 20), "600.00")
    shop.order(shop.alpha, date(2026, 10, 22), "500.00")
    shop.refund(first, date(2026, 11, 10), "200.00")
    run = make_run(shop.store, OCT1, OCT31, date(2026, 11, 30), actor="tester")
    assert _paid(shop.store, run, shop.alpha) == D("45.00")  # volume 900.00 x 5 %


def test_period_volume_refund_while_held_across_a_locked_run(shop: Shop) -> None:
    _plan(shop.store, "period_volume", VOLUME_TIERS)
    first = shop.order(shop.alpha, date(2026, 10, 20), "600.00")
    shop.order(shop.alpha, date(2026, 10, 22), "500.00")
    october = make_run(shop.store, OCT1, OCT31, date(2026, 11, 5), actor="tester")
    with shop.store.transaction() as session:
        held = payouts.run_summary(session, october).partner(shop.alpha)
    assert held is not None and held.held == D("77.00")  # 1,100.00 x 7 %, all held
    payouts.lock_run(shop.store, october, actor="tester")
    shop.refund(first, date(2026, 11, 10), "200.00")

    # November has an order of its own: it is priced on November's volume, not October's
    shop.order(shop.alpha, date(2026, 11, 2), "1000.00")
    november = make_run(shop.store, NOV1, NOV30, DEC31, actor="tester")
    with shop.store.transaction() as session:
        lines = payouts.run_lines(session, november)
    by_order = {line.external_id: (line.amount, line.rate, line.commission) for line in lines}
    assert by_order == {
        "O-1": (D("400.00"), D("5"), D("20.00")),  # October's net volume 900.00: 5 %
        "O-2": (D("500.00"), D("5"), D("25.00")),
        "O-4": (D("1000.00"), D("7"), D("70.00")),  # November: 1,000.00 → 7 %
    }
    assert _paid(shop.store, november, shop.alpha) == D("115.00")  # 45.00 + 70.00


def test_a_refund_on_a_line_carried_below_the_minimum_reprices_it(store: Store) -> None:
    """Issue 17.5, "below the minimum": a line carried over is not paid yet, so a refund
    before it is paid changes its tier, as for a held line (was: 20.00 carried, then 1.00
    clawed back proportionally = 19.00)."""
    shop = make_shop(store, holding_days=0, minimum="50.00")
    _plan(store, "order_amount", ORDER_TIERS)
    order = shop.order(shop.alpha, date(2026, 10, 25), "200.00")
    october = make_run(store, OCT1, OCT31)
    with store.transaction() as session:
        [carried] = payouts.run_lines(session, october)
    assert (carried.status, carried.commission) == ("carried", D("20.00"))
    payouts.lock_run(store, october, actor="tester")
    shop.refund(order, date(2026, 11, 10), "10.00")
    shop.order(shop.alpha, date(2026, 11, 3), "500.00")  # 10 % of 500.00 = 50.00

    november = make_run(store, NOV1, NOV30)
    with store.transaction() as session:
        lines = payouts.run_lines(session, november)
        totals = payouts.run_summary(session, november).partner(shop.alpha)
    by_order = {(x.external_id, x.kind): (x.amount, x.rate, x.commission) for x in lines}
    assert by_order[("O-1", "commission")] == (D("190.00"), D("7"), D("13.30"))
    assert ("O-1", "clawback") not in by_order and totals is not None
    assert totals.carried_in == D("0.00")
    assert totals.payable == D("13.30") + D("50.00")  # 500.00 x 10 %
