"""Two clients locking the same payout run at the same moment: exactly one wins, the other is
told why. Runs on SQLite, and on PostgreSQL when PAYOUT_DESK_TEST_DATABASE_URL is set (this
module is in the `postgres` suites, see tests/conftest.py)."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import StoreError, UserError
from desktop_app.services import audit, imports, partners, payouts
from desktop_app.services.imports import ImportOptions
from desktop_app.store.database import BUSY_MESSAGE, Store, open_store
from tests.import_files import HEADER, orders, write_csv
from tests.payout_fixture import make_shop

PERIODS = [
    (date(2026, 7, 1), date(2026, 7, 31)),
    (date(2026, 8, 1), date(2026, 8, 31)),
    (date(2026, 9, 1), date(2026, 9, 30)),
    (date(2026, 10, 1), date(2026, 10, 31)),
]


def _race(url: str, run_id: int) -> list[str]:
    """Each client has its own engine (its own connections), as two workstations would."""
    clients = [open_store(url), open_store(url)]
    start = threading.Barrier(len(clients))
    outcomes: list[str] = []

    def lock(client: Store, name: str) -> None:
        start.wait()
        try:
            payouts.lock_run(client, run_id, actor=name)
            outcomes.append("won")
        except UserError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=lock, args=(c, f"clerk{n}")) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for client in clients:
        client.close()
    return outcomes


def test_two_clients_locking_one_run_exactly_one_wins(store: Store) -> None:
    shop = make_shop(store)
    for start, end in PERIODS:
        shop.order(shop.alpha, start, "1000.00")
        run_id = payouts.create_run(store, start, end, actor="tester").value

        outcomes = _race(store.url, run_id)

        assert sorted(outcomes, key=lambda o: o != "won")[0] == "won", outcomes
        [lost] = [o for o in outcomes if o != "won"]
        assert lost in (
            f"run {run_id} is locked and cannot be changed (lock); "
            "put corrections into the next run",
            BUSY_MESSAGE,
        )
        with store.transaction() as session:
            locks = [
                e
                for e in audit.entries(session, entity="payout_run")
                if e.action == "run.lock" and e.entity_id == run_id
            ]
            assert payouts.get_run(session, run_id).state == "locked"
        assert len(locks) == 1


def test_a_second_writer_gets_the_busy_message_not_a_hang(store: Store) -> None:
    """While one client holds the write lock (an import, a run calculation), another client's
    write waits for the busy timeout, then fails with one clear sentence and changes nothing."""
    with store.transaction() as session:
        session.execute(text("INSERT INTO partner_types (name) VALUES ('Seed')"))
    other = open_store(store.url)
    rename = "UPDATE partner_types SET name = :name WHERE name = :old"
    try:
        with store.transaction() as session:
            session.execute(text(rename), {"name": "First", "old": "Seed"})
            with (
                pytest.raises(StoreError, match=r"^the store is busy, try again"),
                other.transaction() as waiting,
            ):
                waiting.execute(text(rename), {"name": "Second", "old": "Seed"})
        with other.transaction() as session:
            names = session.execute(text("SELECT name FROM partner_types")).scalars().all()
        assert names == ["First"]
    finally:
        other.close()


def test_a_second_writer_waits_for_the_first_instead_of_failing_at_once(
    store: Store, tmp_path: Path
) -> None:
    """Issue 16.14: writers take the store's write lock when they begin (SQLite BEGIN IMMEDIATE,
    a PostgreSQL advisory lock), so an import started while another writer holds the store for
    less than the busy timeout waits and then succeeds, instead of failing with "busy" at once
    because its read snapshot could not be upgraded."""
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    path = write_csv(
        tmp_path / "orders.csv", [HEADER, ["W-1", "2026-10-01", "TB1", "10.00", "USD"]]
    )
    other = open_store(store.url)
    holding = threading.Event()

    def hold_the_store() -> None:
        # SQLite: a first statement that writes takes the write lock; PostgreSQL locks rows, so
        # the holder takes the store's writer lock as every writing service does.
        holder = other.transaction() if other.is_sqlite else other.write_transaction()
        with holder as session:
            session.execute(text("INSERT INTO partner_types (name) VALUES ('Holder')"))
            holding.set()
            time.sleep(1.0)

    holder = threading.Thread(target=hold_the_store)
    holder.start()
    try:
        assert holding.wait(10)
        started = time.monotonic()
        report = imports.run_import(store, path, ImportOptions())
        waited = time.monotonic() - started
    finally:
        holder.join(10)
        other.close()
    assert report.added == 1 and not report.errors, report.errors
    assert orders(store)["W-1"][1] == 1000
    assert waited > 0.3  # it really waited for the holder (not a timing target: a sanity check)
