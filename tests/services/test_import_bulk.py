"""Big imports into a small SQLite table rebuild the orders indexes at the end: afterwards
the indexes are exactly the migrated ones, and a refused big import leaves them untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportOptions, api, bulk, writer
from desktop_app.store.database import Store
from tests.import_files import HEADER, snapshot, write_csv

pytestmark = pytest.mark.sqlite_only


def _indexes(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        return [
            (name, sql)
            for name, sql in conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'orders' ORDER BY name"
                )
            )
        ]


@pytest.fixture
def shop(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(writer, "DEFER_INDEXES_AFTER", 10)
    monkeypatch.setattr(api, "CHUNK_ROWS", 10)  # several chunks from a small file
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    return store


def _rows(count: int) -> list[list[str]]:
    return [HEADER] + [[f"B-{n}", "2026-10-01", "TB1", f"{n}.25", "USD"] for n in range(count)]


def test_big_import_rebuilds_the_same_indexes(
    shop: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped: list[int] = []
    original = bulk.DeferredIndexes.drop

    def drop(self: bulk.DeferredIndexes) -> None:
        original(self)
        dropped.append(len(self.dropped))

    monkeypatch.setattr(bulk.DeferredIndexes, "drop", drop)
    before = _indexes(shop)
    assert len(before) >= 7
    report = imports.run_import(shop, write_csv(tmp_path / "big.csv", _rows(100)), ImportOptions())
    assert (report.added, report.rejected) == (100, 0)
    assert dropped == [len(before) - 1]  # all but the unique (source, external id) index
    assert _indexes(shop) == before
    with shop.engine.connect() as conn:
        plan = conn.execute(
            text("EXPLAIN QUERY PLAN SELECT id FROM orders ORDER BY amount_minor LIMIT 5")
        ).all()
    assert "ix_orders_amount_minor" in str(plan)
    # the rebuilt indexes are used and consistent with the table
    with shop.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_refused_big_import_keeps_indexes_and_data(shop: Store, tmp_path: Path) -> None:
    imports.run_import(shop, write_csv(tmp_path / "first.csv", _rows(5)), ImportOptions())
    before, indexes = snapshot(shop), _indexes(shop)
    rows = _rows(100)
    rows[-1][3] = "ten"
    report = imports.run_import(shop, write_csv(tmp_path / "bad.csv", rows), ImportOptions())
    assert report.refused and report.errors[0].row == 101
    assert snapshot(shop) == before
    assert _indexes(shop) == indexes


def _insert_threads() -> list[str]:
    import threading

    return [t.name for t in threading.enumerate() if t.name.startswith("payout-desk-insert")]


def test_chunks_go_in_on_a_second_thread_and_leave_nothing_behind(
    shop: Store, tmp_path: Path
) -> None:
    """Every chunk's rows arrive (multi-row statements of a few rows each here), and once the
    import is done its thread is gone and the switch interval is the process's own again."""
    import sys

    interval = sys.getswitchinterval()
    seen: list[str] = []

    def progress(done: int, total: int) -> None:
        seen.extend(_insert_threads())

    report = imports.run_import(
        shop, write_csv(tmp_path / "big.csv", _rows(95)), ImportOptions(), progress
    )
    assert (report.added, report.rejected) == (95, 0)
    assert seen  # an insert thread was at work while chunks were read
    assert _insert_threads() == []
    assert sys.getswitchinterval() == interval
    with shop.engine.connect() as conn:
        ids = conn.execute(text("SELECT external_id FROM orders ORDER BY id")).scalars().all()
    assert ids == [f"B-{n}" for n in range(95)]


def test_an_insert_refused_on_the_second_thread_fails_the_import_and_changes_nothing(
    shop: Store, tmp_path: Path
) -> None:
    """The database refuses one row of the sixth chunk (a real trigger, not a stub): the error
    reaches the caller, the whole import is rolled back, indexes and all."""
    import sqlite3
    import sys

    imports.run_import(shop, write_csv(tmp_path / "first.csv", _rows(5)), ImportOptions())
    with shop.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER refuse_b57 BEFORE INSERT ON orders WHEN NEW.external_id = 'X-57' "
                "BEGIN SELECT RAISE(ABORT, 'order X-57 refused by the test trigger'); END"
            )
        )
    before, indexes, interval = snapshot(shop), _indexes(shop), sys.getswitchinterval()
    rows = [HEADER] + [[f"X-{n}", "2026-10-01", "TB1", "1.00", "USD"] for n in range(100)]
    with pytest.raises(sqlite3.IntegrityError, match="X-57 refused by the test trigger"):
        imports.run_import(shop, write_csv(tmp_path / "second.csv", rows), ImportOptions())
    assert snapshot(shop) == before
    assert _indexes(shop) == indexes
    assert _insert_threads() == []
    assert sys.getswitchinterval() == interval


def test_cancel_while_a_chunk_is_being_inserted_changes_nothing(
    shop: Store, tmp_path: Path
) -> None:
    from desktop_app.errors import Cancelled

    before, indexes = snapshot(shop), _indexes(shop)
    calls: list[int] = []
    with pytest.raises(Cancelled):
        imports.run_import(
            shop,
            write_csv(tmp_path / "big.csv", _rows(100)),
            ImportOptions(),
            lambda done, total: calls.append(done),
            lambda: len(calls) >= 4,  # the fourth chunk's insert is still on its way
        )
    assert snapshot(shop) == before
    assert _indexes(shop) == indexes
    assert _insert_threads() == []


def test_the_switch_interval_comes_back_when_the_last_insert_thread_is_gone() -> None:
    import sys

    own = sys.getswitchinterval()
    switching = bulk._QuickSwitching()
    switching.enter()
    switching.enter()  # two imports at once, in two workers
    assert sys.getswitchinterval() == min(own, switching.INTERVAL)
    switching.leave()
    assert sys.getswitchinterval() == min(own, switching.INTERVAL)
    switching.leave()
    assert sys.getswitchinterval() == own


@pytest.mark.parametrize(("stored", "deferred_at_once"), [(0, True), (5, False)])
def test_a_big_first_chunk_into_an_empty_table_defers_the_indexes_at_once(
    shop: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stored: int,
    deferred_at_once: bool,
) -> None:
    monkeypatch.setattr(writer, "DEFER_INDEXES_AFTER", 10_000)  # only the first-chunk rule
    monkeypatch.setattr(writer, "BIG_FIRST_CHUNK", 8)
    if stored:
        imports.run_import(shop, write_csv(tmp_path / "a.csv", _rows(stored)), ImportOptions())
    drops: list[int] = []
    original = bulk.DeferredIndexes.drop

    def drop(self: bulk.DeferredIndexes) -> None:
        original(self)
        drops.append(len(self.dropped))

    monkeypatch.setattr(bulk.DeferredIndexes, "drop", drop)
    before = _indexes(shop)
    rows = [HEADER] + [[f"C-{n}", "2026-10-02", "TB1", "1.50", "USD"] for n in range(30)]
    report = imports.run_import(shop, write_csv(tmp_path / "b.csv", rows), ImportOptions())
    assert report.added == 30
    assert bool(drops) is deferred_at_once
    assert _indexes(shop) == before


@pytest.mark.parametrize(
    ("rows", "most", "per"),
    [(1000, 4680, 1000), (5000, 4680, 2500), (4980, 2000, 1660), (7, 3, 3), (1, 0, 1)],
)
def test_a_chunk_goes_in_statements_of_equal_size(rows: int, most: int, per: int) -> None:
    """Equal statements have the same text, which the driver prepares once per import."""
    assert bulk._rows_per_statement(rows, most) == per
