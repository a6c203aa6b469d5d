"""The Getting started guide's ticks come from the store, and a new store's chart starts at
its first month with data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.services import imports, merchant, payouts
from desktop_app.services.imports import ImportOptions
from desktop_app.services.onboarding import STEP_KEYS, setup_progress
from desktop_app.services.performance import EarningsMonth, months_with_data
from desktop_app.store.database import Store
from tests.import_files import HEADER, write_csv
from tests.payout_fixture import make_shop


def done(store: Store) -> dict[str, bool]:
    with store.transaction() as session:
        steps = setup_progress(session)
    assert [s.key for s in steps] == list(STEP_KEYS)
    return {s.key: s.done for s in steps}


def test_each_step_is_done_when_the_store_shows_it(store: Store, tmp_path: Path) -> None:
    assert done(store) == dict.fromkeys(STEP_KEYS, False)
    with store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(session, replace(profile, name="Lumen & Oak"))
    assert done(store)["profile"]
    shop = make_shop(store)  # two partners on a flat plan
    assert done(store) == {
        "profile": True,
        "partners": True,
        "plans": True,
        "import": False,
        "first_run": False,
    }
    csv = write_csv(tmp_path / "october.csv", [HEADER, ["A-1", "2026-10-02", "ALPHA", "5.00"]])
    report = imports.run_import(store, csv, ImportOptions())
    assert report.applied and done(store)["import"]
    shop.order(shop.alpha, date(2026, 10, 5), "300.00")
    payouts.create_run(store, date(2026, 10, 1), date(2026, 10, 31))
    assert all(done(store).values())


def test_an_undone_import_is_not_an_import(store: Store, tmp_path: Path) -> None:
    make_shop(store)
    csv = write_csv(tmp_path / "october.csv", [HEADER, ["A-1", "2026-10-02", "ALPHA", "5.00"]])
    report = imports.run_import(store, csv, ImportOptions())
    assert done(store)["import"]
    imports.undo_batch(store, report.batch_id or 0)
    assert not done(store)["import"]


def test_the_chart_starts_at_the_first_month_with_data() -> None:
    months = [date(2026, m, 1) for m in range(1, 13)]
    empty = [EarningsMonth(m, Decimal(0), None) for m in months]
    assert months_with_data(empty) == empty[-1:]  # nothing yet: the month itself
    some = [*empty[:9], EarningsMonth(months[9], Decimal("5"), None), *empty[10:]]
    assert [m.month.month for m in months_with_data(some)] == [10, 11, 12]  # gaps after stay
    paid = [EarningsMonth(months[0], Decimal(0), Decimal(0)), *empty[1:]]
    assert len(months_with_data(paid)) == 12  # a payout run counts as data
