"""A draft is only locked as it would be calculated now, and an order's commission is settled at
most once (issue 16, problems 1 and 2), on real imports into a real store.

Plan: flat 10 % (tests/payout_fixture.py); holding 0 days and no minimum, so every line of the
month is payable and each figure is easy to check by hand.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from desktop_app.errors import UserError
from desktop_app.services import imports, partners, payouts
from desktop_app.services.imports import ImportOptions
from desktop_app.store.database import Store
from desktop_app.store.models import OrderRow, PayoutLineRow, PayoutRunRow
from tests.import_files import HEADER, write_csv
from tests.payout_fixture import Shop, make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)
HEADER_STATUS = [*HEADER, "Status"]


@pytest.fixture
def shop(store: Store) -> Shop:
    return make_shop(store, holding_days=0, minimum="0.00")


def _file(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    return write_csv(tmp_path / name, [HEADER_STATUS, *rows])


def _import(store: Store, path: Path) -> int:
    report = imports.run_import(store, path, ImportOptions(source="shop"))
    assert report.applied and not report.errors, (report.refused, report.errors)
    assert report.batch_id is not None
    return report.batch_id


OCTOBER = [
    ["S-1", "2026-10-03", "ALPHA", "100.00", "USD", "completed"],
    ["S-2", "2026-10-04", "ALPHA", "200.00", "USD", "completed"],
    ["S-3", "2026-10-05", "ALPHA", "300.00", "USD", "completed"],
]


def settled_commission(store: Store) -> dict[str, list[tuple[int, D]]]:
    """external id → (run, commission) of every settled commission line in a locked run."""
    found: dict[str, list[tuple[int, D]]] = {}
    with store.transaction() as session:
        rows = session.execute(
            select(PayoutLineRow.external_id, PayoutLineRow.run_id, PayoutLineRow.commission_minor)
            .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
            .where(
                PayoutRunRow.state.in_(("locked", "paid")),
                PayoutLineRow.kind == "commission",
                PayoutLineRow.settles.is_(True),
            )
        )
        for external_id, run_id, minor in rows:
            found.setdefault(external_id, []).append((run_id, D(minor) / 100))
    return found


def test_an_undo_after_the_draft_makes_the_lock_refuse_so_nothing_is_paid_twice(
    shop: Shop, tmp_path: Path
) -> None:
    """Problem 1: import, draft, undo the import, lock: the draft used to keep the commission
    (with the order link emptied) and the lock paid it; the same file imported again was then
    paid a second time by the next run."""
    store = shop.store
    path = _file(tmp_path, "october.csv", OCTOBER)
    batch = _import(store, path)
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    imports.undo_batch(store, batch, actor="tester")

    with store.transaction() as session:
        assert payouts.get_run(session, run1).stale  # the undo is seen at once
    with pytest.raises(payouts.StaleDraftError) as refused:
        payouts.lock_run(store, run1, actor="tester")
    message = str(refused.value)
    assert message.startswith(f"run {run1} was not locked: it is out of date")
    assert "commission on order S-1: 10.00 payable to Alpha Blog is gone" in message
    assert f"payout-desk run recalc {run1}" in message
    with store.transaction() as session:
        assert payouts.get_run(session, run1).state == "draft"

    result = payouts.recalculate(store, run1, actor="tester")
    assert len(result.differences) == 3
    payouts.lock_run(store, run1, actor="tester")  # now fresh: nothing to pay
    _import(store, path)  # the same file again
    run2 = make_run(store, NOV1, NOV30, actor="tester")
    payouts.lock_run(store, run2, actor="tester")

    assert settled_commission(store) == {
        "S-1": [(run2, D("10.00"))],
        "S-2": [(run2, D("20.00"))],
        "S-3": [(run2, D("30.00"))],
    }


def test_a_draft_made_stale_by_a_reimport_is_refused_with_what_changed(
    shop: Shop, tmp_path: Path
) -> None:
    """Problem 2: a re-import cancels one order, moves another to a different partner and
    cuts a third's amount; the lock used to freeze the old lines."""
    store = shop.store
    _import(store, _file(tmp_path, "first.csv", OCTOBER))
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    _import(
        store,
        _file(
            tmp_path,
            "second.csv",
            [
                ["S-1", "2026-10-03", "ALPHA", "100.00", "USD", "cancelled"],
                ["S-2", "2026-10-04", "BETA", "200.00", "USD", "completed"],
                ["S-3", "2026-10-05", "ALPHA", "150.00", "USD", "completed"],
            ],
        ),
    )
    with pytest.raises(payouts.StaleDraftError) as refused:
        payouts.lock_run(store, run1, actor="tester")
    changes = refused.value.changes
    assert "commission on order S-1: 10.00 payable to Alpha Blog is gone" in changes
    assert "commission on order S-2: partner Alpha Blog → Beta Deals" in changes
    assert "commission on order S-3: amount 300.00 → 150.00; commission 30.00 → 15.00" in changes

    payouts.recalculate(store, run1, actor="tester")
    payouts.lock_run(store, run1, actor="tester")
    with store.transaction() as session:
        paid = {
            (line.external_id, line.partner_id, line.commission)
            for line in payouts.run_lines(session, run1)
            if line.status == "payable"
        }
    assert paid == {("S-2", shop.beta, D("20.00")), ("S-3", shop.alpha, D("15.00"))}


def test_a_partner_terminated_after_the_draft_is_not_paid_by_the_lock(
    shop: Shop, tmp_path: Path
) -> None:
    store = shop.store
    _import(store, _file(tmp_path, "first.csv", OCTOBER))
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    with store.transaction() as session:
        partners.terminate_partner(session, shop.alpha, on_date=date(2026, 10, 1))
    with pytest.raises(payouts.StaleDraftError, match=r"commission 10\.00 → 0\.00"):
        payouts.lock_run(store, run1, actor="tester")


def test_settings_changed_after_the_draft_make_it_stale(shop: Shop, tmp_path: Path) -> None:
    from desktop_app.services import merchant

    store = shop.store
    _import(store, _file(tmp_path, "first.csv", OCTOBER))
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    with store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(session, profile.__class__(**{**vars(profile), "holding_days": 60}))
    with store.transaction() as session:
        assert payouts.get_run(session, run1).stale
    with pytest.raises(payouts.StaleDraftError, match="payable → held"):
        payouts.lock_run(store, run1, actor="tester")


def test_a_changed_bonus_is_one_line_that_changed_not_one_gone_and_one_new(
    shop: Shop, tmp_path: Path
) -> None:
    from desktop_app.domain.commissions import BonusRule
    from desktop_app.services import plans

    store = shop.store
    with store.transaction() as session:
        rule = BonusRule(0, "Top seller", "sales", D("100"), fixed=D("5.00"))
        plans.save_bonus_rule(session, rule)
    _import(store, _file(tmp_path, "first.csv", OCTOBER))
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    more = [["S-9", "2026-10-09", "ALPHA", "50.00", "USD", "completed"]]
    _import(store, _file(tmp_path, "more.csv", more))
    with pytest.raises(payouts.StaleDraftError) as refused:
        payouts.lock_run(store, run1, actor="tester")
    bonus = [c for c in refused.value.changes if c.startswith("bonus for Alpha Blog")]
    assert bonus == ["bonus for Alpha Blog: amount 600.00 → 650.00"], refused.value.changes


def test_an_unchanged_draft_locks_and_is_not_stale(shop: Shop, tmp_path: Path) -> None:
    store = shop.store
    _import(store, _file(tmp_path, "first.csv", OCTOBER))
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    with store.transaction() as session:
        assert not payouts.get_run(session, run1).stale
    payouts.add_adjustment(store, shop.alpha, D("5.00"), "thanks", actor="tester")
    with store.transaction() as session:
        assert not payouts.get_run(session, run1).stale  # an adjustment recalculates the draft
    payouts.lock_run(store, run1, actor="tester")
    assert sorted(settled_commission(store)) == ["S-1", "S-2", "S-3"]


def test_a_lock_racing_an_import_waits_for_it_and_sees_its_changes(
    shop: Shop, tmp_path: Path
) -> None:
    """The import holds the store's write lock for its whole transaction; a lock started
    meanwhile waits, then calculates with the import's orders and refuses the stale draft."""
    store = shop.store
    _import(store, _file(tmp_path, "first.csv", OCTOBER))
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    moved = _file(tmp_path, "moved.csv", [["S-2", "2026-10-04", "BETA", "200.00", "USD", "paid"]])
    inside, outcome = threading.Event(), []

    def slow_progress(done: int, total: int) -> None:
        if not inside.is_set():
            inside.set()
            threading.Event().wait(1.0)  # the import is inside its transaction

    def lock() -> None:
        assert inside.wait(10)
        try:
            payouts.lock_run(store, run1, actor="clerk")
            outcome.append("locked")
        except UserError as exc:
            outcome.append(str(exc))

    locker = threading.Thread(target=lock)
    locker.start()
    report = imports.run_import(store, moved, ImportOptions(source="shop"), progress=slow_progress)
    locker.join(30)
    assert report.updated == 1
    assert len(outcome) == 1 and "partner Alpha Blog → Beta Deals" in outcome[0], outcome


def test_an_undo_of_orders_in_a_locked_run_is_refused_naming_the_run(
    shop: Shop, tmp_path: Path
) -> None:
    store = shop.store
    batch = _import(store, _file(tmp_path, "first.csv", OCTOBER))
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    payouts.lock_run(store, run1, actor="tester")
    with pytest.raises(UserError, match=rf"in locked payout run {run1}\b"):
        imports.undo_batch(store, batch, actor="tester")


def test_the_database_refuses_to_settle_an_order_twice_or_delete_a_locked_order(
    shop: Shop, tmp_path: Path
) -> None:
    store = shop.store
    _import(store, _file(tmp_path, "first.csv", OCTOBER))
    run1 = make_run(store, OCT1, OCT31, actor="tester")
    payouts.lock_run(store, run1, actor="tester")
    with store.transaction() as session:
        order_id = session.scalar(select(OrderRow.id).where(OrderRow.external_id == "S-1"))
        locked = session.scalar(
            select(func.count()).where(PayoutLineRow.locked_order_id.is_not(None))
        )
    assert locked == 3

    with pytest.raises(IntegrityError), store.transaction() as session:
        session.execute(delete(OrderRow).where(OrderRow.id == order_id))

    # a second run whose line claims the same order's commission (as a stale draft would)
    run2 = make_run(store, NOV1, NOV30, actor="tester")
    with store.transaction() as session:
        line = session.scalars(select(PayoutLineRow).where(PayoutLineRow.run_id == run1)).first()
        assert line is not None
        copy = {
            c.key: getattr(line, c.key) for c in PayoutLineRow.__table__.columns if c.key != "id"
        }
        session.add(PayoutLineRow(**{**copy, "run_id": run2, "locked_order_id": None}))
    with pytest.raises(IntegrityError), store.transaction() as session:
        session.execute(
            update(PayoutLineRow)
            .where(PayoutLineRow.run_id == run2)
            .values(locked_order_id=PayoutLineRow.order_id)
        )
