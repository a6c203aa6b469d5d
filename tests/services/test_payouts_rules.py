"""More payout rules on a real store: plan changes never touch a locked run, terminated
partners, late imports, fraud on a held order, and the demo runs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from desktop_app.services import payouts, plans
from desktop_app.store.database import Store
from tests.payout_fixture import make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)


def commissions(store: Store, run_id: int) -> list[tuple[int | None, D, str]]:
    with store.transaction() as session:
        return [(x.order_id, x.commission, x.status) for x in payouts.run_lines(session, run_id)]


def test_plan_version_change_does_not_alter_a_locked_run(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    first = shop.order(shop.alpha, date(2026, 10, 5), "200.00")
    run = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, run)
    before = commissions(store, run)
    assert before == [(first, D("20.00"), "payable")]
    with store.transaction() as session:
        plan_id = plans.list_plans(session)[0].id
        rule = plans.make_rule("order_amount", "whole", [(D(0), D("15"), D(0))])
        plans.add_version(session, plan_id, date(2026, 10, 1), [rule])  # retroactive on purpose
    assert commissions(store, run) == before
    second = shop.order(shop.alpha, date(2026, 11, 5), "200.00")
    nov = make_run(store, NOV1, NOV30)
    assert commissions(store, nov) == [(second, D("30.00"), "payable")]  # the new version


def test_terminated_partner_earns_nothing_after_termination(store: Store) -> None:
    from desktop_app.services import partners

    shop = make_shop(store, holding_days=0, minimum="0.00")
    before = shop.order(shop.beta, date(2026, 10, 10), "100.00")
    after = shop.order(shop.beta, date(2026, 10, 11), "100.00")
    with store.transaction() as session:
        partners.terminate_partner(session, shop.beta, on_date=date(2026, 10, 10), reason="ended")
    run = make_run(store, OCT1, OCT31)
    assert commissions(store, run) == [
        (before, D("10.00"), "payable"),
        (after, D("0.00"), "payable"),
    ]


def test_late_import_is_settled_in_the_next_run(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    run = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, run)
    late = shop.order(shop.alpha, date(2026, 10, 30), "100.00")  # imported after the lock
    nov = make_run(store, NOV1, NOV30)
    with store.transaction() as session:
        (line,) = payouts.run_lines(session, nov)
        alpha = payouts.run_summary(session, nov).partner(shop.alpha)
    assert (line.order_id, line.commission, line.status) == (late, D("10.00"), "payable")
    assert alpha is not None and alpha.sales == D("0.00")  # not a sale of November


def test_order_flagged_while_held_is_withheld_in_the_next_run(store: Store) -> None:
    shop = make_shop(store, holding_days=30, minimum="0.00")
    order = shop.order(shop.alpha, date(2026, 10, 20), "1000.00", external_id="X-9")
    run = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, run)
    payouts.flag_order(store, order, "chargeback", on_date=date(2026, 11, 2))
    nov = make_run(store, NOV1, NOV30)
    with store.transaction() as session:
        (line,) = payouts.run_lines(session, nov)
    assert (line.status, line.reason) == (
        "withheld",
        "withheld: order flagged as fraud on 2026-11-02",
    )


def test_demo_store_has_a_paid_and_a_draft_run(store: Store) -> None:
    from desktop_app.services.demo import seed_demo

    seed_demo(store, today=date(2026, 11, 25))
    with store.transaction() as session:
        runs = payouts.list_runs(session)
        assert [r.state for r in runs] == ["draft", "paid"]
        for info in runs:
            summary = payouts.run_summary(session, info.id)
            assert summary.totals.payable > 0
            lines = payouts.run_lines(session, info.id)
            assert summary.totals.payable == sum(
                (x.commission for x in lines if x.status == "payable"), D(0)
            )
        statuses = {x.status for x in payouts.run_lines(session, runs[0].id)}
    assert statuses == {"payable", "held", "withheld", "carried"}


def test_fraud_after_payment_claws_back_what_is_left(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    order = shop.order(shop.alpha, date(2026, 10, 2), "1000.00", external_id="P-1")
    run = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, run)
    shop.refund(order, date(2026, 11, 3), "250.00")  # −25.00 first
    payouts.flag_order(store, "P-1", "chargeback ring", on_date=date(2026, 11, 20))
    nov = make_run(store, NOV1, NOV30)
    with store.transaction() as session:
        lines = payouts.run_lines(session, nov)
    assert [(x.kind, x.commission) for x in lines] == [("clawback", D("-100.00"))]
    assert lines[0].explanation.startswith("order flagged as fraud on 2026-11-20")
    payouts.lock_run(store, nov)
    dec = make_run(store, date(2026, 12, 1), date(2026, 12, 31))
    with store.transaction() as session:
        assert [x.kind for x in payouts.run_lines(session, dec)] == ["carried_in"]
