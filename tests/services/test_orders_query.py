"""The Orders screen's query: filters, database-side sort and paging on a real store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportOptions
from desktop_app.services.orders_query import (
    SORT_IN_MEMORY_UP_TO,
    OrderFilter,
    OrderSort,
    count_orders,
    fetch_orders,
    order_months,
    page_query,
)
from desktop_app.store.database import Store
from desktop_app.store.models import ImportBatchRow, OrderRow
from tests.import_files import HEADER, write_csv


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
        partners.create_partner(session, PartnerInput(name="Zoë Media", codes=("ZOE",)))
    first = [
        HEADER,
        ["A-1", "2026-09-30", "TB1", "30.00", "USD"],
        ["A-2", "2026-10-02", "ZOE", "5.00", "USD"],
        ["A-3", "2026-10-05", "TB1", "120.00", "USD"],
        ["a_4", "2026-10-06", "TB1", "7.5", "USD"],
    ]
    imports.run_import(store, write_csv(tmp_path / "first.csv", first), ImportOptions())
    second = [HEADER, ["B-1", "2026-10-09", "ZOE", "99.99", "EUR"]]
    imports.run_import(store, write_csv(tmp_path / "second.csv", second), ImportOptions())
    return store


def ids(store: Store, f: OrderFilter, sort: OrderSort = OrderSort.DATE, **kw: object) -> list[str]:
    with store.transaction() as session:
        return [o.external_id for o in fetch_orders(session, f, sort, **kw)]  # type: ignore[arg-type]


def test_an_order_view_carries_partner_money_and_batch(filled: Store) -> None:
    with filled.transaction() as session:
        (view,) = fetch_orders(session, OrderFilter(search="B-1"))
        batch = session.scalar(
            select(ImportBatchRow.id).where(ImportBatchRow.file_name == "second.csv")
        )
    assert view.order_date == date(2026, 10, 9)
    assert (view.partner_code, view.partner_name) == ("ZOE", "Zoë Media")
    assert view.amount == Decimal("99.99") and isinstance(view.amount, Decimal)
    assert view.currency == "EUR" and view.status == "confirmed"
    assert view.batch_id == batch and view.source == "default" and not view.historical


def test_every_sortable_column_sorts_both_ways_with_a_stable_tie_break(filled: Store) -> None:
    every = OrderFilter()
    assert ids(filled, every) == ["A-1", "A-2", "A-3", "a_4", "B-1"]
    assert ids(filled, every, descending=True) == ["B-1", "a_4", "A-3", "A-2", "A-1"]
    assert ids(filled, every, OrderSort.AMOUNT) == ["A-2", "a_4", "A-1", "B-1", "A-3"]
    assert ids(filled, every, OrderSort.ORDER_ID) == ["A-1", "A-2", "A-3", "B-1", "a_4"]
    assert ids(filled, every, OrderSort.PARTNER) == ["A-1", "A-3", "a_4", "A-2", "B-1"]
    assert ids(filled, every, OrderSort.STATUS) == ["A-1", "A-2", "A-3", "a_4", "B-1"]


def test_filters_combine(filled: Store) -> None:
    with filled.transaction() as session:
        zoe = partners.find_by_code(session, "ZOE").id
        second = session.scalar(
            select(ImportBatchRow.id).where(ImportBatchRow.file_name == "second.csv")
        )
        session.execute(text("UPDATE orders SET status = 'refunded' WHERE external_id = 'A-3'"))
    october = OrderFilter(start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert ids(filled, october) == ["A-2", "A-3", "a_4", "B-1"]
    assert ids(filled, OrderFilter(end=date(2026, 10, 2))) == ["A-1", "A-2"]
    assert ids(filled, OrderFilter(partner_id=zoe)) == ["A-2", "B-1"]
    assert ids(filled, OrderFilter(status="refunded")) == ["A-3"]
    assert ids(filled, OrderFilter(batch_id=second)) == ["B-1"]
    assert ids(filled, OrderFilter(start=date(2026, 10, 1), partner_id=zoe, batch_id=second)) == [
        "B-1"
    ]
    with filled.transaction() as session:
        assert count_orders(session, OrderFilter()) == 5
        assert count_orders(session, october) == 4
        assert count_orders(session, OrderFilter(status="cancelled")) == 0


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("A-", ["A-1", "A-2", "A-3"]),
        ("a-", ["A-1", "A-2", "A-3"]),  # either case
        ("a_", ["a_4"]),  # "_" and "%" are plain characters, not wildcards
        ("A%", []),
        ("zo", ["A-2", "B-1"]),  # partner code
        ("  b-1 ", ["B-1"]),
        ("1", []),  # the beginning, not anywhere inside
        ("", ["A-1", "A-2", "A-3", "a_4", "B-1"]),
    ],
)
def test_search_matches_the_beginning_of_order_id_or_partner_code(
    filled: Store, typed: str, found: list[str]
) -> None:
    assert ids(filled, OrderFilter(search=typed)) == found
    with filled.transaction() as session:
        assert count_orders(session, OrderFilter(search=typed)) == len(found)


def test_pages_follow_each_other_without_gaps_or_repeats(store: Store) -> None:
    with store.transaction() as session:
        partner = partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    rows = [
        {
            "source": "shop",
            "external_id": f"N-{n:04d}",
            "order_date": date(2026, 1, 1 + n % 28),
            "partner_id": partner.id,
            "partner_code": "TB1",
            "amount_minor": 100 * (n % 7),  # many ties: the id breaks them
            "currency": "USD",
            "category": "",
            "sku": "",
            "status": "confirmed",
            "historical": False,
        }
        for n in range(1050)
    ]
    with store.engine.begin() as conn:
        conn.execute(OrderRow.__table__.insert(), rows)
    seen: list[str] = []
    with store.transaction() as session:
        for offset in range(0, 1100, 200):
            page = fetch_orders(session, OrderFilter(), OrderSort.AMOUNT, True, offset, 200)
            seen += [o.external_id for o in page]
        assert order_months(session) == [date(2026, 1, 1)]
    assert len(seen) == 1050 and len(set(seen)) == 1050


def test_sort_and_search_use_indexes(filled: Store) -> None:
    """The page query never scans the whole table on SQLite (what keeps 1M rows fast)."""
    with filled.transaction() as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("query plans checked on SQLite")
        for sort in OrderSort:
            plan = _plan(session, OrderFilter(), sort)
            assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, (sort, plan)
        plan = _plan(session, OrderFilter(search="a-"), OrderSort.DATE)
        assert "SCAN orders" not in plan, plan

        # Told how many orders match, it picks: few → the filter's index, then sort them;
        # many → walk the sort column's index (SQLite has no statistics to tell them apart).
        status = OrderFilter(status="confirmed")
        few = _plan(session, status, OrderSort.AMOUNT, matches=SORT_IN_MEMORY_UP_TO)
        assert "ix_orders_status" in few and "TEMP B-TREE" in few, few
        many = _plan(session, status, OrderSort.AMOUNT, matches=SORT_IN_MEMORY_UP_TO + 1)
        assert "ix_orders_amount_minor" in many and "TEMP B-TREE" not in many, many
        month = OrderFilter(start=date(2026, 10, 1), end=date(2026, 10, 31), status="confirmed")
        ranged = _plan(session, month, OrderSort.DATE, matches=SORT_IN_MEMORY_UP_TO + 1)
        assert "SEARCH orders USING INDEX ix_orders_order_date" in ranged, ranged


def _plan(session: Session, f: OrderFilter, sort: OrderSort, matches: int | None = None) -> str:
    query = page_query(f, sort, False, 0, 200, sqlite=True, matches=matches)
    compiled = query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    rows = session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return " | ".join(str(row[-1]) for row in rows)
