"""Lifting a fraud flag: the draft pays again; an order's commission a locked run withheld is
priced again by the next run and paid once; what else locked runs withheld (a bonus) or clawed
back comes back once as an adjustment; the locked runs themselves never change.

Plan: flat 10 % (tests/payout_fixture.py), so an order of 800.00 earns 80.00.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from desktop_app.errors import NotFoundError, UserError, ValidationError
from desktop_app.services import audit, payouts
from desktop_app.store.database import Store
from tests.payout_fixture import Shop, make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
NOV1, NOV15, NOV30 = date(2026, 11, 1), date(2026, 11, 15), date(2026, 11, 30)
DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)


def lines(shop: Shop, run_id: int, partner_id: int | None = None) -> list[payouts.RunLine]:
    with shop.store.transaction() as session:
        return payouts.run_lines(session, run_id, partner_id)


def kinds(shop: Shop, run_id: int) -> list[tuple[str, D, str]]:
    return [(x.kind, x.commission, x.status) for x in lines(shop, run_id)]


def frozen(shop: Shop, run_id: int) -> tuple[object, ...]:
    """Everything stored about a run: its lines and its summary."""
    with shop.store.transaction() as session:
        return (payouts.run_lines(session, run_id), payouts.run_summary(session, run_id))


def test_lift_in_the_draft_pays_the_line_again(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    bad = shop.order(shop.alpha, date(2026, 10, 2), "800.00", external_id="FRAUD-1")
    shop.order(shop.alpha, date(2026, 10, 3), "100.00")
    run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "shop:FRAUD-1", "stolen card", on_date=date(2026, 10, 12))
    assert {x.order_id: x.status for x in lines(shop, run)}[bad] == "withheld"

    result = payouts.lift_order_flag(store, "shop:FRAUD-1", "card owner confirmed", actor="ann")

    assert (result.flags, result.releases) == (1, ())  # nothing locked: the draft pays it
    assert {x.order_id: (x.status, x.commission) for x in lines(shop, run)}[bad] == (
        "payable",
        D("80.00"),
    )
    with store.transaction() as session:
        assert payouts.run_summary(session, run).partner(shop.alpha).payable == D("90.00")  # type: ignore[union-attr]
        entry = next(e for e in audit.entries(session) if e.action == "fraud.lift_order")
        assert (entry.actor, entry.reason) == ("ann", "card owner confirmed")
        assert not payouts.order_flagged(session, bad)


def test_lift_after_a_locked_run_releases_the_withheld_commission_once(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 2), "800.00", external_id="FRAUD-1")
    shop.order(shop.alpha, date(2026, 10, 3), "100.00")
    oct_run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "FRAUD-1", "stolen card", on_date=date(2026, 10, 12))
    payouts.lock_run(store, oct_run)
    before = frozen(shop, oct_run)

    result = payouts.lift_order_flag(store, "FRAUD-1", "chargeback reversed", actor="ann")

    assert [(r.run_id, r.kind, r.amount, r.currency) for r in result.releases] == [
        (oct_run, "commission", D("80.00"), "USD")
    ]
    assert frozen(shop, oct_run) == before  # the locked run never changes
    nov = make_run(store, NOV1, NOV30)
    nov_lines = lines(shop, nov)
    assert [(x.external_id, x.kind, x.commission, x.status) for x in nov_lines] == [
        ("FRAUD-1", "commission", D("80.00"), "payable")  # the order, priced again
    ]

    # flagged again before that run is locked: the draft withholds it again ...
    payouts.flag_order(store, "FRAUD-1", "chargeback after all", on_date=date(2026, 11, 10))
    assert kinds(shop, nov) == [("commission", D("80.00"), "withheld")]
    # ... and the next lift pays it again in the draft, still exactly once
    payouts.lift_order_flag(store, "FRAUD-1", "no, it was fine")
    assert kinds(shop, nov) == [("commission", D("80.00"), "payable")]
    payouts.lock_run(store, nov)

    # flag → lift after the release was paid: the paid release is clawed back while the flag
    # holds, and nothing is given back a second time when it is lifted
    dec = make_run(store, DEC1, DEC31)
    payouts.flag_order(store, "FRAUD-1", "third opinion", on_date=date(2026, 12, 2))
    assert kinds(shop, dec) == [("clawback", D("-80.00"), "carried")]
    again = payouts.lift_order_flag(store, "FRAUD-1", "final answer: fine")
    assert again.releases == ()
    assert kinds(shop, dec) == []
    assert frozen(shop, oct_run) == before
    with store.transaction() as session:
        flags = payouts.list_flags(session, include_lifted=True)
    assert [(f.lifted_reason, f.released) for f in flags] == [
        ("final answer: fine", D("0.00")),
        ("no, it was fine", D("0.00")),  # nothing locked withheld it: the draft paid it
        ("chargeback reversed", D("80.00")),  # handed October's line back to the runs
    ]


def test_a_released_commission_keeps_its_holding_period(store: Store) -> None:
    """30-day holding: the order of 25 October may be paid from 24 November on, released or
    not. A run cut off on 15 November holds the release; the next run pays it, once."""
    shop = make_shop(store, holding_days=30, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 25), "800.00", external_id="FRAUD-1")
    oct_run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "FRAUD-1", "stolen card", on_date=date(2026, 10, 26))
    payouts.lock_run(store, oct_run)
    assert kinds(shop, oct_run) == [("commission", D("80.00"), "withheld")]
    payouts.lift_order_flag(store, "FRAUD-1", "card owner confirmed")

    nov = make_run(store, NOV1, NOV15)
    [held] = lines(shop, nov)
    assert (held.kind, held.commission, held.status) == ("commission", D("80.00"), "held")
    assert held.reason == "held until 2026-11-24 (30-day holding period)"
    with store.transaction() as session:
        totals = payouts.run_summary(session, nov).partner(shop.alpha)
        assert totals is not None and (totals.held, totals.payable) == (D("80.00"), D("0.00"))
    payouts.lock_run(store, nov)

    late_nov = make_run(store, NOV15 + timedelta(days=1), NOV30)
    assert kinds(shop, late_nov) == [("commission", D("80.00"), "payable")]
    [paid] = lines(shop, late_nov)
    assert paid.external_id == "FRAUD-1"


def test_a_release_whose_holding_period_passed_is_paid_at_once(store: Store) -> None:
    shop = make_shop(store, holding_days=30, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 5), "800.00", external_id="FRAUD-1")  # from 4 Nov
    oct_run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "FRAUD-1", "stolen card", on_date=date(2026, 10, 6))
    payouts.lock_run(store, oct_run)
    payouts.lift_order_flag(store, "FRAUD-1", "card owner confirmed")
    nov = make_run(store, NOV1, NOV15)
    assert kinds(shop, nov) == [("commission", D("80.00"), "payable")]


def test_fraud_clawback_after_payment_is_given_back(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    order = shop.order(shop.alpha, date(2026, 10, 2), "1000.00", external_id="P-1")
    oct_run = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, oct_run)  # 100.00 paid
    payouts.flag_order(store, "P-1", "chargeback ring", on_date=date(2026, 11, 20))
    nov = make_run(store, NOV1, NOV30)
    assert kinds(shop, nov) == [("clawback", D("-100.00"), "carried")]
    payouts.lock_run(store, nov)
    before = frozen(shop, nov)

    result = payouts.lift_order_flag(store, "P-1", "bank confirmed the payment")

    assert [(r.run_id, r.kind, r.amount) for r in result.releases] == [
        (nov, "clawback", D("100.00"))
    ]
    assert frozen(shop, nov) == before
    # a later refund of 250.00 claws back 10 % of it, as if the flag had never been set
    shop.refund(order, date(2026, 12, 5), "250.00")
    dec = make_run(store, DEC1, DEC31)
    assert sorted(kinds(shop, dec)) == [
        ("adjustment", D("100.00"), "carried"),  # -100.00 + 100.00 - 25.00 < 0: carried on
        ("carried_in", D("-100.00"), "carried"),
        ("clawback", D("-25.00"), "carried"),
    ]
    with store.transaction() as session:
        totals = payouts.run_summary(session, dec).partner(shop.alpha)
    assert totals is not None
    assert (totals.payable, totals.carried_out) == (D("0.00"), D("-25.00"))


def test_partner_and_order_flag_on_the_same_order(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.beta, date(2026, 10, 4), "700.00")
    shop.order(shop.beta, date(2026, 10, 5), "300.00", external_id="B-2")
    oct_run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "B-2", "fake order", on_date=date(2026, 10, 20))
    payouts.flag_partner(store, shop.beta, "cookie stuffing", on_date=date(2026, 10, 21))
    payouts.lock_run(store, oct_run)
    assert kinds(shop, oct_run) == [
        ("commission", D("70.00"), "withheld"),
        ("commission", D("30.00"), "withheld"),
    ]

    partner_lift = payouts.lift_partner_flag(store, shop.beta, "wrong partner", actor="ann")
    # B-2 is still flagged on its own: only the 70.00 comes back
    assert [r.amount for r in partner_lift.releases] == [D("70.00")]
    order_lift = payouts.lift_order_flag(store, "B-2", "order was real")
    assert [r.amount for r in order_lift.releases] == [D("30.00")]
    nov = make_run(store, NOV1, NOV30)
    assert sorted((x.kind, x.commission) for x in lines(shop, nov)) == [
        ("commission", D("30.00")),
        ("commission", D("70.00")),
    ]
    with store.transaction() as session:
        assert not payouts.partner_flagged(session, shop.beta)
        actions = [e.action for e in audit.entries(session)]
    assert "fraud.lift_partner" in actions and "fraud.lift_order" in actions


def test_lifting_with_the_partner_still_flagged_waits_for_the_partner_lift(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.beta, date(2026, 10, 5), "300.00", external_id="B-2")
    oct_run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "B-2", "fake order", on_date=date(2026, 10, 20))
    payouts.flag_partner(store, shop.beta, "cookie stuffing", on_date=date(2026, 10, 21))
    payouts.lock_run(store, oct_run)
    assert payouts.lift_order_flag(store, "B-2", "order was real").releases == ()
    assert [r.amount for r in payouts.lift_partner_flag(store, shop.beta, "ok").releases] == [
        D("30.00")
    ]


def test_lift_errors(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 2), "100.00", external_id="OK-1")
    with pytest.raises(ValidationError, match="reason"):
        payouts.lift_order_flag(store, "OK-1", "   ")
    with pytest.raises(UserError, match="OK-1 has no active fraud flag"):
        payouts.lift_order_flag(store, "OK-1", "mistake")
    with pytest.raises(NotFoundError):
        payouts.lift_order_flag(store, "NOPE", "mistake")
    with pytest.raises(UserError, match="no active fraud flag"):
        payouts.lift_partner_flag(store, shop.alpha, "mistake")
    payouts.flag_order(store, "OK-1", "suspicious")
    payouts.lift_order_flag(store, "OK-1", "mistake")
    with pytest.raises(UserError, match="no active fraud flag"):  # already lifted
        payouts.lift_order_flag(store, "OK-1", "mistake")


def test_list_flags_active_and_lifted(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 2), "100.00", external_id="A-1")
    payouts.flag_order(store, "A-1", "stolen card", actor="bob", on_date=date(2026, 10, 3))
    payouts.flag_partner(store, shop.beta, "bots", actor="bob", on_date=date(2026, 10, 4))
    payouts.lift_partner_flag(store, shop.beta, "mistake", actor="ann", on_date=date(2026, 10, 5))
    with store.transaction() as session:
        active = payouts.list_flags(session)
        every = payouts.list_flags(session, include_lifted=True)
    assert [(f.kind, f.order_ref, f.partner_code, f.active) for f in active] == [
        ("order", "shop:A-1", "ALPHA", True)
    ]
    lifted = every[0]
    assert (lifted.kind, lifted.partner_code, lifted.lifted_on, lifted.lifted_by) == (
        "partner",
        "BETA",
        date(2026, 10, 5),
        "ann",
    )
    assert (lifted.lifted_reason, lifted.released, lifted.active) == ("mistake", D(0), False)


def test_a_released_commission_is_clawed_back_by_a_later_refund(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    order = shop.order(shop.alpha, date(2026, 10, 2), "800.00", external_id="R-1")
    oct_run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "R-1", "looked odd")
    payouts.lock_run(store, oct_run)  # 80.00 withheld
    payouts.lift_order_flag(store, "R-1", "it was fine")
    nov = make_run(store, NOV1, NOV30)
    assert kinds(shop, nov) == [("commission", D("80.00"), "payable")]
    payouts.lock_run(store, nov)
    shop.refund(order, date(2026, 12, 2), "200.00")  # a quarter of the order: 20.00 back
    dec = make_run(store, DEC1, DEC31)
    assert kinds(shop, dec) == [("clawback", D("-20.00"), "carried")]


def test_a_refund_before_a_lifted_flags_commission_is_paid_reprices_it(store: Store) -> None:
    """Issue 17.5, "withheld": a refund on an order whose commission a locked run withheld, and
    whose flag is lifted later, changes its tier like any line not paid yet (whole tiers:
    200.00 at 10 %, but 190.00 at 7 %)."""
    from desktop_app.services import plans
    from desktop_app.store.models import PartnerTypeRow

    shop = make_shop(store, holding_days=0, minimum="0.00")
    with store.transaction() as session:
        plan_id = plans.create_plan(session, "Tiered")
        rule = plans.make_rule(
            "order_amount",
            "whole",
            [(D(0), D(5), D(0)), (D(50), D(7), D(0)), (D(200), D(10), D(0))],
        )
        plans.add_version(session, plan_id, date(2020, 1, 1), [rule])
        blog = session.query(PartnerTypeRow).filter_by(name="Tech blog").one()
        plans.assign_to_type(session, blog.id, plan_id)
    order = shop.order(shop.alpha, date(2026, 10, 25), "200.00", external_id="W-1")
    oct_run = make_run(store, OCT1, OCT31)
    payouts.flag_order(store, "W-1", "odd", on_date=date(2026, 10, 26))
    payouts.lock_run(store, oct_run)
    assert kinds(shop, oct_run) == [("commission", D("20.00"), "withheld")]
    shop.refund(order, date(2026, 11, 3), "10.00")
    payouts.lift_order_flag(store, "W-1", "it was fine")
    nov = make_run(store, NOV1, NOV30)
    assert [(x.amount, x.rate, x.commission, x.status) for x in lines(shop, nov)] == [
        (D("190.00"), D("7"), D("13.30"), "payable")  # not 20.00, nor 20.00 less 1.00
    ]
