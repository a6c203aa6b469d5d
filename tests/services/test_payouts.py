"""Payout runs on a real SQLite store: holding, minimum carry-over, clawbacks, fraud, locking.

Plan: flat 10 % (tests/payout_fixture.py), so an order of 1000.00 earns 100.00.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from desktop_app.errors import Cancelled, NotFoundError, UserError, ValidationError
from desktop_app.services import audit, order_locks, payouts
from desktop_app.services.commission_source import commission_by_partner
from desktop_app.services.payouts import LockedRunError
from desktop_app.store.database import Store
from tests.payout_fixture import Shop, make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)


def summary(shop: Shop, run_id: int, partner_id: int) -> payouts.PartnerTotals:
    with shop.store.transaction() as session:
        found = payouts.run_summary(session, run_id).partner(partner_id)
    assert found is not None
    return found


def lines(shop: Shop, run_id: int, partner_id: int | None = None) -> list[payouts.RunLine]:
    with shop.store.transaction() as session:
        return payouts.run_lines(session, run_id, partner_id)


def test_holding_period_boundary_and_release_in_the_next_run(store: Store) -> None:
    shop = make_shop(store, holding_days=30)
    on_time = shop.order(shop.alpha, OCT1, "1000.00")  # released 10-31 = cut-off → payable
    late = shop.order(shop.alpha, date(2026, 10, 20), "600.00")  # released 11-19 → held
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    by_order = {line.order_id: line for line in lines(shop, run1)}
    assert (by_order[on_time].status, by_order[on_time].commission) == ("payable", D("100.00"))
    assert by_order[late].status == "held"
    assert by_order[late].reason == "held until 2026-11-19 (30-day holding period)"
    t = summary(shop, run1, shop.alpha)
    assert (t.sales, t.commission, t.held, t.payable) == (
        D("1600.00"),
        D("160.00"),
        D("60.00"),
        D("100.00"),
    )
    payouts.lock_run(store, run1, actor="tester")

    run2 = make_run(store, NOV1, NOV30, actor="tester")
    again = [line for line in lines(shop, run2) if line.order_id == late]
    assert [(a.status, a.commission, a.reason) for a in again] == [("payable", D("60.00"), "")]
    t2 = summary(shop, run2, shop.alpha)
    assert (t2.sales, t2.commission, t2.payable) == (D("0.00"), D("60.00"), D("60.00"))


def test_minimum_payout_carried_over_across_two_runs(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="50.00")
    shop.order(shop.beta, date(2026, 10, 5), "300.00")  # 30.00 < 50.00
    run1 = make_run(store, OCT1, OCT31)
    t1 = summary(shop, run1, shop.beta)
    assert (t1.payable, t1.carried_out) == (D("0.00"), D("30.00"))
    assert lines(shop, run1, shop.beta)[0].reason == "below the 50.00 minimum, carried over"
    payouts.lock_run(store, run1)

    shop.order(shop.beta, date(2026, 11, 5), "250.00")  # 25.00 + October's 30.00 = 55.00
    run2 = make_run(store, NOV1, NOV30)
    t2 = summary(shop, run2, shop.beta)
    # October's order did not settle below the minimum: it comes back as its own line, priced
    # again in October's period (so a refund meanwhile would re-price it); no balance carried in
    assert (t2.carried_in, t2.commission, t2.payable, t2.carried_out) == (
        D("0.00"),
        D("55.00"),
        D("55.00"),
        D("0.00"),
    )
    kinds = [(line.kind, line.commission, line.status) for line in lines(shop, run2, shop.beta)]
    assert sorted(kinds) == [
        ("commission", D("25.00"), "payable"),
        ("commission", D("30.00"), "payable"),
    ]


def test_refund_before_payment_reduces_base_after_payment_claws_back(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    paid = shop.order(shop.alpha, date(2026, 10, 2), "1000.00")
    reduced = shop.order(shop.alpha, date(2026, 10, 3), "500.00")
    shop.refund(reduced, date(2026, 10, 10), "200.00")  # before the run: base 300.00
    run1 = make_run(store, OCT1, OCT31)
    by_order = {line.order_id: line for line in lines(shop, run1)}
    assert (by_order[reduced].amount, by_order[reduced].commission) == (D("300.00"), D("30.00"))
    assert summary(shop, run1, shop.alpha).payable == D("130.00")
    payouts.lock_run(store, run1)

    shop.refund(paid, date(2026, 11, 5), "400.00")  # after payment: 10 % of 400.00 back
    run2 = make_run(store, NOV1, NOV30)
    claw = [line for line in lines(shop, run2) if line.kind == "clawback"]
    assert [(c.order_id, c.commission) for c in claw] == [(paid, D("-40.00"))]
    assert "after the commission was paid in run" in claw[0].explanation
    t2 = summary(shop, run2, shop.alpha)
    assert (t2.clawback, t2.payable, t2.carried_out) == (D("-40.00"), D("0.00"), D("-40.00"))
    payouts.lock_run(store, run2)
    # the same refund is never clawed back twice
    run3 = make_run(store, date(2026, 12, 1), date(2026, 12, 31))
    assert not [line for line in lines(shop, run3) if line.kind == "clawback"]
    assert summary(shop, run3, shop.alpha).carried_in == D("-40.00")


def test_fraud_order_and_partner_are_withheld(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    bad = shop.order(shop.alpha, date(2026, 10, 2), "800.00", external_id="FRAUD-1")
    shop.order(shop.alpha, date(2026, 10, 3), "100.00")
    shop.order(shop.beta, date(2026, 10, 4), "700.00")
    run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "shop:FRAUD-1", "stolen card", on_date=date(2026, 10, 12))
    by_order = {line.order_id: line for line in lines(shop, run)}
    assert by_order[bad].status == "withheld"
    assert by_order[bad].reason == "withheld: order flagged as fraud on 2026-10-12"
    assert summary(shop, run, shop.alpha).withheld == D("80.00")
    assert summary(shop, run, shop.alpha).payable == D("10.00")

    payouts.flag_partner(
        store, shop.beta, "cookie stuffing", terminate=True, on_date=date(2026, 10, 20)
    )
    t = summary(shop, run, shop.beta)
    assert (t.withheld, t.payable) == (D("70.00"), D("0.00"))
    assert lines(shop, run, shop.beta)[0].reason == (
        "withheld: partner flagged as fraud on 2026-10-20"
    )
    with store.transaction() as session:
        from desktop_app.services import partners

        assert partners.get_partner(session, shop.beta).status.value == "terminated"
        actions = {e.action for e in audit.entries(session)}
    assert {"fraud.flag_order", "fraud.flag_partner", "partner.terminated"} <= actions


def test_paused_partner_is_held(store: Store) -> None:
    from desktop_app.domain.partners import PartnerStatus
    from desktop_app.services import partners

    shop = make_shop(store, holding_days=0)
    shop.order(shop.alpha, date(2026, 10, 2), "1000.00")
    with store.transaction() as session:
        partners.set_status(session, shop.alpha, PartnerStatus.PAUSED, reason="migrating site")
    run = make_run(store, OCT1, OCT31)
    assert [(x.status, x.reason) for x in lines(shop, run)] == [("held", "partner paused")]


def test_locked_run_refuses_every_change(store: Store) -> None:
    shop = make_shop(store, holding_days=0)
    shop.order(shop.alpha, date(2026, 10, 2), "1000.00")
    run = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, run, actor="ana", reason="reviewed")
    before = lines(shop, run)
    with pytest.raises(LockedRunError, match="is locked"):
        payouts.recalculate(store, run)
    with pytest.raises(LockedRunError):
        payouts.lock_run(store, run)
    with pytest.raises(LockedRunError):
        payouts.add_adjustment(store, shop.alpha, D("5.00"), "goodwill", run_id=run)
    # new orders, flags and adjustments never reach the locked run
    shop.order(shop.alpha, date(2026, 10, 3), "999.00")
    payouts.flag_partner(store, shop.alpha, "late finding")
    payouts.add_adjustment(store, shop.alpha, D("5.00"), "goodwill")
    assert lines(shop, run) == before
    payouts.mark_paid(store, run, date(2026, 11, 3), "BANK-123", actor="ana")
    with pytest.raises(UserError, match="already marked paid"):
        payouts.mark_paid(store, run, date(2026, 11, 4), "BANK-124")
    with pytest.raises(LockedRunError, match="is paid"):
        payouts.recalculate(store, run)
    with store.transaction() as session:
        info = payouts.get_run(session, run)
        log = [(e.action, e.actor) for e in audit.entries(session, entity="payout_run")]
    assert (info.state, info.paid_on, info.paid_reference) == (
        "paid",
        date(2026, 11, 3),
        "BANK-123",
    )
    assert ("run.lock", "ana") in log and ("run.paid", "ana") in log


def test_mark_paid_needs_a_locked_run(store: Store) -> None:
    make_shop(store)
    run = make_run(store, OCT1, OCT31)
    with pytest.raises(UserError, match="lock it before"):
        payouts.mark_paid(store, run, date(2026, 11, 3), "X")


def test_adjustments_with_reason_actor_and_audit(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 2), "100.00")
    pending = payouts.add_adjustment(
        store, shop.alpha, D("-3.00"), "shipping label", actor="bo"
    ).value
    run = make_run(store, OCT1, OCT31)  # picks up the pending adjustment
    payouts.add_adjustment(
        store, shop.alpha, D("25.00"), "launch campaign", actor="bo", run_id=run, kind="bonus"
    )
    t = summary(shop, run, shop.alpha)
    assert (t.commission, t.adjustments, t.bonus, t.payable) == (
        D("10.00"),
        D("-3.00"),
        D("25.00"),
        D("32.00"),
    )
    texts = [x.explanation for x in lines(shop, run) if x.kind in ("adjustment", "bonus")]
    assert texts == ["shipping label (by bo)", "launch campaign (by bo)"]
    with store.transaction() as session:
        entry = next(
            e for e in audit.entries(session, entity="payout_adjustment") if e.entity_id == pending
        )
    assert (entry.actor, entry.reason, entry.details["amount"]) == ("bo", "shipping label", "-3.00")
    with pytest.raises(ValidationError, match="reason"):
        payouts.add_adjustment(store, shop.alpha, D("1.00"), "  ")


def test_historical_orders_are_never_payable(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 2), "5000.00", historical=True)
    shop.order(shop.alpha, date(2026, 10, 3), "100.00")
    run = make_run(store, OCT1, OCT31)
    assert [x.commission for x in lines(shop, run)] == [D("10.00")]
    assert summary(shop, run, shop.alpha).payable == D("10.00")


def test_currency_conversion_and_missing_rate(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 2), "19.99", "EUR")
    with pytest.raises(UserError, match=r"no exchange rate for EUR in 2026-10"):
        make_run(store, OCT1, OCT31)
    with store.transaction() as session:
        assert payouts.list_runs(session) == []  # nothing half-created
    shop.rate("EUR", OCT1, "1.0815")
    run = make_run(store, OCT1, OCT31)
    (line,) = lines(shop, run)
    # 19.99 EUR x 1.0815 = 21.619185 → 21.62 USD (half-up); 10 % → 2.162 → 2.16
    assert (line.original_amount, line.original_currency) == (D("19.99"), "EUR")
    assert (line.amount, line.currency, line.commission) == (D("21.62"), "USD", D("2.16"))


def test_run_periods_follow_each_other(store: Store) -> None:
    make_shop(store)
    with pytest.raises(ValidationError, match="before it starts"):
        make_run(store, OCT31, OCT1)
    with pytest.raises(ValidationError, match="cut-off"):
        make_run(store, OCT1, OCT31, date(2026, 10, 30))
    run = make_run(store, OCT1, OCT31, date(2026, 11, 30))
    with pytest.raises(ValidationError, match="still a draft"):
        make_run(store, NOV1, NOV30)
    payouts.lock_run(store, run)
    with pytest.raises(ValidationError, match="already covers"):
        make_run(store, date(2026, 10, 15), NOV30)
    with pytest.raises(NotFoundError):
        payouts.recalculate(store, 99)


def test_recalculating_a_draft_is_repeatable_and_cancel_leaves_nothing(store: Store) -> None:
    shop = make_shop(store, holding_days=10)
    for day in range(1, 29, 3):
        shop.order(shop.alpha if day % 2 else shop.beta, date(2026, 10, day), f"{day * 37}.15")
    run = make_run(store, OCT1, OCT31)
    first = [(x.order_id, x.commission, x.status, x.reason) for x in lines(shop, run)]
    payouts.recalculate(store, run)
    assert [(x.order_id, x.commission, x.status, x.reason) for x in lines(shop, run)] == first
    with pytest.raises(Cancelled):
        payouts.recalculate(store, run, cancelled=lambda: True)
    assert [(x.order_id, x.commission, x.status, x.reason) for x in lines(shop, run)] == first
    payouts.lock_run(store, run)
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        make_run(store, NOV1, NOV30, cancelled=lambda: True)
    make_run(store, NOV1, NOV30, progress=lambda d, t: seen.append((d, t)))
    with store.transaction() as session:
        assert len(payouts.list_runs(session)) == 2
    assert seen and seen[-1][0] == seen[-1][1]


def test_order_locks_and_dashboard_commission(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    first = shop.order(shop.alpha, date(2026, 10, 2), "100.00")
    second = shop.order(shop.beta, date(2026, 11, 2), "200.00")
    with store.transaction() as session:
        assert commission_by_partner(session, OCT1, NOV1) is None
    run = make_run(store, OCT1, OCT31)
    with store.transaction() as session:
        assert order_locks.locked_order_ids(session, [first, second]) == set()
    payouts.lock_run(store, run)
    with store.transaction() as session:
        assert order_locks.locked_order_ids(session, [first, second]) == {first}
        assert commission_by_partner(session, OCT1, NOV1) == {shop.alpha: D("10.00")}


def test_run_states_are_the_strings_the_store_keeps(store: Store) -> None:
    """RunState (domain/payouts/run_state.py) names the states; payout_runs.state keeps the same
    plain strings as before it existed, and the service hands back the enum."""
    from sqlalchemy import text

    from desktop_app.domain.payouts.run_state import FINAL_STATES, RunState

    assert [s.value for s in RunState] == ["draft", "locked", "paid"]
    assert FINAL_STATES == ("locked", "paid")
    shop = make_shop(store, holding_days=0)
    shop.order(shop.alpha, date(2026, 10, 2), "1000.00")
    run = make_run(store, OCT1, OCT31)

    def stored_and_shown() -> tuple[object, RunState]:
        with store.transaction() as session:
            raw = session.execute(
                text("SELECT state FROM payout_runs WHERE id = :id"), {"id": run}
            ).scalar_one()
            return raw, payouts.get_run(session, run).state

    raw, shown = stored_and_shown()
    assert (type(raw), raw, shown) == (str, "draft", RunState.DRAFT)
    assert isinstance(shown, RunState)
    payouts.lock_run(store, run)
    assert stored_and_shown() == ("locked", RunState.LOCKED)
    payouts.mark_paid(store, run, date(2026, 11, 3), "BANK-1")
    assert stored_and_shown() == ("paid", RunState.PAID)
