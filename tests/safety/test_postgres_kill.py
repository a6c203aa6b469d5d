"""Kill tests for a shared store: a client killed with SIGKILL in the middle of an import or a
run calculation leaves the store exactly as it was, and the next client can do the same work at
once (the server rolled the dead client's transaction back and released its locks).

Runs on PostgreSQL when PAYOUT_DESK_TEST_DATABASE_URL is set (this module is in the `postgres`
suites, see tests/conftest.py), else on a SQLite file. The SQLite-only details (integrity check,
byte-for-byte dump) are in test_kill.py; here the store is compared table by table.
"""

from __future__ import annotations

import signal
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.services import imports, payouts
from desktop_app.store.base import Base
from desktop_app.store.database import Store
from desktop_app.store.models import PayoutRunRow
from tests.payout_fixture import make_shop
from tests.safety.test_kill import Child, _orders_csv, october_orders

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            found[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
    return found


def test_import_killed_midway_leaves_the_shared_store_as_it_was(
    store: Store, tmp_path: Path
) -> None:
    make_shop(store)
    big = _orders_csv(tmp_path / "big.csv", 30_000, code="ALPHA")
    before = _contents(store)

    child = Child("import", store.url, str(big), 15_000, tmp_path / "data")
    child.wait_for("paused")  # 15,000 rows written inside the open transaction
    child.kill()

    assert child.process.returncode == -signal.SIGKILL
    assert _contents(store) == before
    # the same import by the next client goes through: no lock or half-written key is left
    report = imports.run_import(store, big, imports.ImportOptions(source="kill"))
    assert report.applied and report.added == 30_000


def test_run_calculation_killed_midway_leaves_no_run_in_the_shared_store(
    store: Store, tmp_path: Path
) -> None:
    october_orders(store, make_shop(store, holding_days=0), 20_000)
    before = _contents(store)

    child = Child("run", store.url, "2026-10-01:2026-10-31", 8_000, tmp_path / "data")
    child.wait_for("paused")  # 8,000 run lines written inside the open transaction
    child.kill()

    assert child.process.returncode == -signal.SIGKILL
    assert _contents(store) == before
    run_id = payouts.create_run(store, date(2026, 10, 1), date(2026, 10, 31), actor="next").value
    with store.transaction() as session:
        assert session.scalars(select(PayoutRunRow.id)).all() == [run_id]
