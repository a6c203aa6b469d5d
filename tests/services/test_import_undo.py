"""Undoing an import puts back what it changed, newest first, and removes what it added."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import UserError
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportKind, ImportOptions
from desktop_app.store.database import Store
from tests.import_files import HEADER, orders, snapshot, write_csv


@pytest.fixture
def shop(store: Store) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1", "TB2")))
    return store


def _import(store: Store, path: Path, **options: object) -> int:
    report = imports.run_import(store, path, ImportOptions(**options))  # type: ignore[arg-type]
    assert report.applied and not report.errors, report.errors
    assert report.batch_id is not None
    return report.batch_id


def test_undo_restores_changed_orders_and_removes_added_ones(shop: Store, tmp_path: Path) -> None:
    first = [
        [*HEADER, "Status", "Category"],
        ["U-1", "2026-10-01", "TB1", "10.00", "USD", "completed", "Books"],
        ["U-2", "2026-10-02", "TB1", "20.00", "USD", "completed", "Toys"],
    ]
    batch_a = _import(shop, write_csv(tmp_path / "a.csv", first))
    after_a = snapshot(shop)

    second = [row[:] for row in first]
    second[1][1:7] = ["2026-10-05", "TB2", "15.50", "EUR", "cancelled", "Garden"]
    second.append(["U-3", "2026-10-03", "TB1", "30.00", "USD", "completed", ""])
    report = imports.run_import(shop, write_csv(tmp_path / "b.csv", second), ImportOptions())
    assert (report.added, report.updated, report.unchanged) == (1, 1, 1)
    assert orders(shop)["U-1"] == ("2026-10-05", 1550, "EUR", "cancelled")
    assert report.batch_id is not None

    assert (
        imports.undo_batch(shop, report.batch_id, actor="test").value == 2
    )  # one restored, one gone
    after_undo = snapshot(shop)
    assert after_undo["orders"] == after_a["orders"]  # every column as before, code TB1 too
    with shop.transaction() as session:
        assert [b.undone for b in imports.list_batches(session)] == [True, False]

    imports.undo_batch(shop, batch_a, actor="test")
    assert orders(shop) == {}


def test_an_older_batch_waits_for_the_later_one_that_changed_its_rows(
    shop: Store, tmp_path: Path
) -> None:
    rows = [HEADER, ["W-1", "2026-10-01", "TB1", "10.00", "USD"]]
    batch_a = _import(shop, write_csv(tmp_path / "a.csv", rows))
    rows[1][3] = "11.00"
    batch_b = _import(shop, write_csv(tmp_path / "b.csv", rows))
    before = snapshot(shop)
    with pytest.raises(UserError, match=f"later import batch\\(es\\) {batch_b} changed"):
        imports.undo_batch(shop, batch_a, actor="test")
    assert snapshot(shop) == before

    imports.undo_batch(shop, batch_b, actor="test")
    assert orders(shop)["W-1"][1] == 1000
    imports.undo_batch(shop, batch_a, actor="test")
    assert orders(shop) == {}


def test_undo_restores_changed_clicks(shop: Store, tmp_path: Path) -> None:
    header = ["Partner", "Date", "Clicks", "Visitors"]
    rows = [header, ["TB1", "2026-10-01", "100", "80"], ["TB1", "2026-10-02", "50", "40"]]
    _import(shop, write_csv(tmp_path / "c1.csv", rows), kind=ImportKind.CLICKS)
    before = snapshot(shop)["clicks"]
    rows[1][2:4] = ["120", "90"]
    batch = _import(shop, write_csv(tmp_path / "c2.csv", rows), kind=ImportKind.CLICKS)
    assert snapshot(shop)["clicks"] != before
    imports.undo_batch(shop, batch, actor="test")
    assert snapshot(shop)["clicks"] == before
