"""One table of an order import's columns (services/order_fields.py, issue 19): the store, the
reader, the record parser, the writer, the change log and the Orders query all agree with it,
and every column round-trips by name: import → Orders query → re-import → change log → undo."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.domain.money import to_minor
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportKind, ImportOptions
from desktop_app.services.imports.changes import ORDER_VALUES as LOGGED
from desktop_app.services.imports.header import SYNONYMS, guess_mapping
from desktop_app.services.imports.model import FIELD_LABELS, fields_of
from desktop_app.services.imports.records import OrderRecord, _FastColumns
from desktop_app.services.imports.writer import ORDER_INSERT_COLUMNS
from desktop_app.services.order_fields import (
    ORDER_COLUMNS,
    ORDER_ID_FIELD,
    ORDER_IMPORT_COLUMNS,
    ORDER_KEY,
    ORDER_VALUES,
)
from desktop_app.services.orders_query import OrderFilter, OrderView, fetch_orders
from desktop_app.store.database import Store
from desktop_app.store.models import OrderRow
from desktop_app.store.models_orders import ImportChangeRow
from tests.import_files import write_csv

SHEET = [ORDER_ID_FIELD, *(c for c in ORDER_COLUMNS if c.field)]
# Shown otherwise on the Orders screen: the amount as money, the partner by name.
SHOWN_OTHERWISE = {"amount_minor": "amount", "partner_id": "partner_name"}


def test_every_stored_order_column_is_in_the_table() -> None:
    stored = set(OrderRow.__table__.columns.keys())
    named = {"id", *ORDER_KEY, *ORDER_VALUES, *ORDER_IMPORT_COLUMNS}
    assert stored == named
    assert len(ORDER_VALUES) == len(set(ORDER_VALUES))


def test_the_writer_and_the_change_log_take_the_tables_columns() -> None:
    assert ORDER_INSERT_COLUMNS == ORDER_KEY + ORDER_VALUES + ORDER_IMPORT_COLUMNS
    assert LOGGED == ORDER_VALUES
    # the change log's order only grows at its end: logs already stored are read in it
    assert ORDER_VALUES[:8] == (
        "order_date",
        "partner_id",
        "partner_code",
        "amount_minor",
        "currency",
        "category",
        "sku",
        "status",
    )


def test_the_record_has_an_attribute_for_every_column() -> None:
    attributes = {f.name for f in dataclasses.fields(OrderRecord)}
    assert attributes == {"row", ORDER_ID_FIELD.record, *(c.record for c in ORDER_COLUMNS)}


def test_the_reader_knows_every_field_of_the_table() -> None:
    assert set(fields_of(ImportKind.ORDERS)) == {c.field for c in SHEET}
    for column in SHEET:
        assert FIELD_LABELS[column.field] == column.label
        assert SYNONYMS[column.field], column.field  # a header name to guess it by
    # the fast path reads fields by name; a field it does not know goes the full parser's way
    assert set(_FastColumns._fields) <= {c.field for c in SHEET}


def test_the_orders_query_shows_every_column() -> None:
    view = {f.name for f in dataclasses.fields(OrderView)}
    for column in ORDER_COLUMNS:
        assert SHOWN_OTHERWISE.get(column.column, column.column) in view, column.column


@pytest.fixture
def shop(store: Store) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="One", codes=("P1",)))
        partners.create_partner(session, PartnerInput(name="Two", codes=("P2",)))
    return store


# A value in the file for every field, and another one for a re-import.
FIRST = {
    "order_id": "F-1",
    "date": "2026-10-01",
    "partner_code": "P1",
    "amount": "10.00",
    "currency": "USD",
    "category": "Books",
    "sku": "SKU-1",
    "status": "pending",
}
SECOND = {
    "order_id": "F-1",
    "date": "2026-10-07",
    "partner_code": "P2",
    "amount": "12.50",
    "currency": "EUR",
    "category": "Toys",
    "sku": "SKU-2",
    "status": "confirmed",
}
STORED_FIRST = {
    "order_date": date(2026, 10, 1),
    "partner_code": "P1",
    "amount_minor": 1000,
    "currency": "USD",
    "category": "Books",
    "sku": "SKU-1",
    "status": "pending",
}


def _file(path: Path, values: dict[str, str]) -> Path:
    fields = [c.field for c in SHEET]
    return write_csv(path, [[FIELD_LABELS[f] for f in fields], [values[f] for f in fields]])


def _shown(store: Store) -> dict[str, Any]:
    with store.session() as session:
        (view,) = fetch_orders(session, OrderFilter())
    shown = {c.column: getattr(view, c.column, None) for c in ORDER_COLUMNS}
    shown["amount_minor"] = to_minor(view.amount, view.currency)
    return {name: shown[name] for name in STORED_FIRST}


def test_every_column_round_trips_by_name(shop: Store, tmp_path: Path) -> None:
    first = _file(tmp_path / "first.csv", FIRST)
    assert guess_mapping(ImportKind.ORDERS, [FIELD_LABELS[c.field] for c in SHEET]) == {
        c.field: c.label for c in SHEET
    }
    report = imports.run_import(shop, first, ImportOptions())
    assert report.applied and report.added == 1 and not report.errors
    assert _shown(shop) == STORED_FIRST
    with shop.session() as session:
        partner_one = session.scalar(select(OrderRow.partner_id))

    second = imports.run_import(shop, _file(tmp_path / "second.csv", SECOND), ImportOptions())
    assert second.updated == 1 and second.batch_id is not None
    changed = _shown(shop)
    assert all(changed[name] != value for name, value in STORED_FIRST.items()), changed
    with shop.session() as session:
        (logged,) = session.scalars(
            select(ImportChangeRow.previous_json).where(ImportChangeRow.batch_id == second.batch_id)
        )
    before = dict(zip(ORDER_VALUES, json.loads(logged), strict=True))
    assert before == {
        **{k: v for k, v in STORED_FIRST.items() if k != "order_date"},
        "order_date": "2026-10-01",
        "partner_id": partner_one,
    }

    imports.undo_batch(shop, second.batch_id, actor="test")
    assert _shown(shop) == STORED_FIRST
