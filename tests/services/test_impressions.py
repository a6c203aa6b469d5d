"""Impressions come in with the clicks (an impressions column, guessed by name) and give the
click-through rate: clicks ÷ impressions, counted on the days that have impressions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners, performance
from desktop_app.services.imports import ImportKind, ImportOptions
from desktop_app.services.performance import Period, Thresholds
from desktop_app.store.database import Store
from desktop_app.store.models import ClickRow
from tests.import_files import write_csv

CLICKS = ImportOptions(kind=ImportKind.CLICKS)
OCTOBER = Period.month(2026, 10)


@pytest.fixture
def shop(store: Store) -> dict[str, int]:
    with store.transaction() as session:
        made = {
            code: partners.create_partner(session, PartnerInput(name, (code,))).id
            for code, name in (("TB1", "Tech Blog"), ("DEALS", "Deal Site"), ("NEW", "Newcomer"))
        }
    return made


def stored(store: Store) -> list[tuple[int, date, int, int | None]]:
    with store.transaction() as session:
        rows = session.execute(
            select(
                ClickRow.partner_id, ClickRow.day, ClickRow.clicks, ClickRow.impressions
            ).order_by(ClickRow.partner_id, ClickRow.day)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def rows_of(store: Store) -> dict[str, performance.PartnerPerformance]:
    with store.transaction() as session:
        return {r.code: r for r in performance.partner_performance(session, OCTOBER)}


def test_an_impressions_column_is_guessed_stored_per_day_and_gives_the_ctr(
    store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "traffic.csv",
        [
            ["Day", "Tracking ID", "Clicks", "Impressions"],
            ["2026-10-01", "TB1", "120", "4,000"],
            ["2026-10-02", "TB1", "80", "6000"],
            ["2026-10-01", "DEALS", "50", "10000"],  # 0.5 %: below the 1 % threshold
            ["2026-10-02", "NEW", "30", ""],  # clicks, but no impressions that day
        ],
    )
    _table, mapping, _ = imports.read_preview_table(store, path, CLICKS)
    assert mapping["impressions"] == "Impressions"  # guessed from the header, like the others
    report = imports.run_import(store, path, CLICKS)
    assert report.added == 4, report.errors
    assert stored(store) == [
        (shop["TB1"], date(2026, 10, 1), 120, 4000),
        (shop["TB1"], date(2026, 10, 2), 80, 6000),
        (shop["DEALS"], date(2026, 10, 1), 50, 10000),
        (shop["NEW"], date(2026, 10, 2), 30, None),
    ]
    rows = rows_of(store)
    assert (rows["TB1"].impressions, rows["TB1"].ctr) == (10000, Decimal("0.02"))  # 200/10000
    assert rows["DEALS"].ctr == Decimal("0.005")
    assert "CTR 0.50 % is below 1.00 %" in rows["DEALS"].review_reasons
    # no impressions imported: no rate at all (not 0 %) and no flag for it
    assert (rows["NEW"].impressions, rows["NEW"].ctr) == (None, None)
    assert not any("CTR" in reason for reason in rows["NEW"].review_reasons)
    with store.transaction() as session:
        kpis = performance.kpis(session, OCTOBER)
    assert (kpis.impressions, kpis.impression_clicks) == (20000, 250)
    assert kpis.ctr == Decimal("0.0125")  # NEW's 30 clicks had no impressions: not counted
    assert kpis.clicks == 280  # ...but they are clicks all the same


def test_without_impressions_the_rate_is_unknown_and_a_later_file_keeps_them(
    store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    plain = write_csv(
        tmp_path / "plain.csv", [["Date", "Partner Code", "Clicks"], ["2026-10-01", "TB1", "10"]]
    )
    imports.run_import(store, plain, CLICKS)
    with store.transaction() as session:
        kpis = performance.kpis(session, OCTOBER)
    assert (kpis.impressions, kpis.ctr) == (None, None)
    with_impressions = write_csv(
        tmp_path / "with.csv",
        [["Date", "Partner Code", "Clicks", "Impr."], ["2026-10-01", "TB1", "10", "500"]],
    )
    report = imports.run_import(store, with_impressions, CLICKS)
    assert report.updated == 1
    assert stored(store) == [(shop["TB1"], date(2026, 10, 1), 10, 500)]
    plain_again = write_csv(
        tmp_path / "again.csv", [["Date", "Partner Code", "Clicks"], ["2026-10-01", "TB1", "12"]]
    )
    changed = imports.run_import(store, plain_again, CLICKS)
    assert changed.updated == 1
    assert stored(store) == [(shop["TB1"], date(2026, 10, 1), 12, 500)]  # impressions kept
    imports.undo_batch(store, changed.batch_id or 0)
    imports.undo_batch(store, report.batch_id or 0)  # newest first: back to no impressions
    assert stored(store) == [(shop["TB1"], date(2026, 10, 1), 10, None)]


def test_the_ctr_threshold_can_be_switched_off(
    store: Store, shop: dict[str, int], tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "t.csv",
        [["Date", "Partner Code", "Clicks", "Impressions"], ["2026-10-01", "DEALS", "5", "1000"]],
    )
    imports.run_import(store, path, CLICKS)
    with store.transaction() as session:
        rows = performance.partner_performance(session, OCTOBER, Thresholds(min_ctr=None))
    deals = next(r for r in rows if r.code == "DEALS")
    assert not any("CTR" in reason for reason in deals.review_reasons)
