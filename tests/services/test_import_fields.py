"""One table of an order import's columns (domain/order_fields.py, issue 19): the store, the
reader, the record parser, the writer, the change log and the Orders query all agree with it,
and every column round-trips by name: import → Orders query → re-import → change log → undo.
A new descriptive column takes one entry in the table and a migration: the last test adds one
so to a copy of the package and round-trips a file through it."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import desktop_app
from desktop_app.domain.money import to_minor
from desktop_app.domain.order_fields import (
    ORDER_COLUMNS,
    ORDER_ID_FIELD,
    ORDER_IMPORT_COLUMNS,
    ORDER_INSERT_COLUMNS,
    ORDER_KEY,
    ORDER_LOG_MISSING,
    ORDER_RECORD_COLUMNS,
    ORDER_TEXT_COLUMNS,
    ORDER_TYPED_RECORD,
    ORDER_VALUES,
)
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportKind, ImportOptions
from desktop_app.services.imports.changes import ORDER_VALUES as LOGGED
from desktop_app.services.imports.changes import _named
from desktop_app.services.imports.header import SYNONYMS, guess_mapping
from desktop_app.services.imports.model import FIELD_LABELS, fields_of
from desktop_app.services.imports.records import FAST_FIELDS, OrderRecord
from desktop_app.services.imports.writer import _ROW_COLUMNS
from desktop_app.services.orders_query import OrderFilter, OrderView, fetch_orders
from desktop_app.store.database import Store, head_revision
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
    assert ORDER_INSERT_COLUMNS == ORDER_KEY + ORDER_RECORD_COLUMNS + ORDER_IMPORT_COLUMNS
    assert sorted(ORDER_RECORD_COLUMNS) == sorted(ORDER_VALUES)
    # the writer's new rows, with the source and the import's stamp bound once per statement
    assert ("source", *ORDER_IMPORT_COLUMNS, *_ROW_COLUMNS) == (
        ORDER_KEY[:1] + ORDER_IMPORT_COLUMNS + ORDER_KEY[1:] + ORDER_RECORD_COLUMNS
    )
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


def test_the_record_has_an_attribute_for_every_typed_column_and_texts_for_the_others() -> None:
    attributes = {f.name for f in dataclasses.fields(OrderRecord)}
    assert attributes == {"row", ORDER_ID_FIELD.record, *ORDER_TYPED_RECORD, "texts"}


def test_a_change_log_older_than_a_text_column_reads_as_its_empty_value() -> None:
    old = ["2026-10-01", 7, "P1", 1000, "USD"]  # a log kept before category (and the rest)
    named = _named(ORDER_VALUES, json.dumps(old), ORDER_LOG_MISSING)
    assert [named[c] for c in ORDER_VALUES[:5]] == old
    assert all(named[c.column] == "" for c in ORDER_TEXT_COLUMNS)


def test_the_reader_knows_every_field_of_the_table() -> None:
    assert set(fields_of(ImportKind.ORDERS)) == {c.field for c in SHEET}
    for column in SHEET:
        assert FIELD_LABELS[column.field] == column.label
        assert SYNONYMS[column.field], column.field  # a header name to guess it by
    # the fast path reads fields by name; a field it does not know goes the full parser's way
    assert {c.field for c in SHEET} >= FAST_FIELDS
    assert {c.field for c in ORDER_TEXT_COLUMNS} <= FAST_FIELDS


def test_the_orders_query_shows_every_column() -> None:
    view = {f.name for f in dataclasses.fields(OrderView)}
    for column in ORDER_COLUMNS:
        if not column.text:  # those are OrderView.texts
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
    shown = {
        c.column: view.text(c.column) if c.text else getattr(view, c.column, None)
        for c in ORDER_COLUMNS
    }
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


# The one entry a newcomer adds, and the migration that goes with it (docs/architecture.md).
NEW_ENTRY = """    text_column("country", "Country", 8, ("country", "land", "pays"), listed=True),
"""
MIGRATION = '''"""orders: the country of the order, imported with it"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "orders",
        sa.Column("country", sa.String(length=100), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("country")
'''
# Run by the copy of the package: the store is migrated, then files with a Country column go
# through the real reader, record parser (fast and full), writer, change log, undo, Orders query.
SCENARIO = """
import csv, sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import desktop_app
from desktop_app.cli.orders import COLUMNS as LISTED_BY_CLI
from desktop_app.domain.order_fields import ORDER_VALUES
from desktop_app.services import imports
from desktop_app.services.imports import ImportOptions
from desktop_app.services.orders_query import OrderFilter, fetch_orders
from desktop_app.store.database import open_store
from desktop_app.store.models import Base, OrderRow

here = Path(sys.argv[1])
assert Path(desktop_app.__file__).is_relative_to(here), desktop_app.__file__
assert ORDER_VALUES[-1] == "country" and "country" in LISTED_BY_CLI
store = open_store(f"sqlite:///{here / 'store.sqlite'}")  # migrates: 9001 adds the column
with store.engine.connect() as conn:
    assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    assert OrderRow.__table__.c.country.nullable is False


def shown():
    with store.session() as session:
        return {o.external_id: (o.text("category"), o.text("country"))
                for o in fetch_orders(session, OrderFilter())}


def run(name, country, amount="10.00"):
    path = here / name
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([
            ["Order ID", "Date", "Partner code", "Amount", "Category", "Land"],
            ["F-1", "2026-10-01", "P1", amount, "Books", country],
            ["F-2", "2026-10-02", "P1", "$7.00", "Toys", country],  # the full parser
        ])
    report = imports.run_import(store, path, ImportOptions())
    assert report.applied and not report.errors, report.errors
    return report


assert shown() == {"F-1": ("Toys", "")}  # imported before the column: the migration's ""
first = run("first.csv", "DE")  # F-1 updated, F-2 added
assert (first.updated, first.added) == (1, 1)
assert shown() == {"F-1": ("Books", "DE"), "F-2": ("Toys", "DE")}
second = run("second.csv", "FR", amount="10.0")
assert (second.updated, second.unchanged) == (2, 0)
assert shown() == {"F-1": ("Books", "FR"), "F-2": ("Toys", "FR")}
imports.undo_batch(store, second.batch_id, actor="test")
assert shown() == {"F-1": ("Books", "DE"), "F-2": ("Toys", "DE")}
imports.undo_batch(store, first.batch_id, actor="test")
assert shown() == {"F-1": ("Toys", "")}
imports.undo_batch(store, int(sys.argv[2]), actor="test")  # its log has no country
assert shown() == {"F-1": ("Books", "")}
store.close()
print("ok")
"""


@pytest.mark.sqlite_only  # the older store is a file copied beside the package's copy
def test_a_new_text_column_takes_one_table_entry_and_a_migration(
    tmp_path: Path, shop: Store
) -> None:
    """An older store (F-1 imported, then changed) is opened by a copy of the package whose
    table has one more entry (a Country column) and which has one more migration."""
    first = imports.run_import(shop, _file(tmp_path / "a.csv", FIRST), ImportOptions())
    changed = imports.run_import(
        shop, _file(tmp_path / "b.csv", {**FIRST, "category": "Toys"}), ImportOptions()
    )
    assert first.added == 1 and changed.updated == 1 and changed.batch_id is not None
    store_file = Path(shop.engine.url.database or "")
    shop.close()

    code = tmp_path / "code"
    package = code / "desktop_app"
    shutil.copytree(
        Path(desktop_app.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    table = package / "domain" / "order_fields.py"
    source = table.read_text(encoding="utf-8")
    last = '    OrderColumn("status", "status", "status", "status", "Status", 6),\n)\n'
    assert source.count(last) == 1
    table.write_text(source.replace(last, last[:-2] + NEW_ENTRY + ")\n"), encoding="utf-8")
    versions = package / "store" / "migrations" / "versions"
    (versions / "9001_order_country.py").write_text(
        MIGRATION.format(head=head_revision()), encoding="utf-8"
    )
    shutil.copy(store_file, code / "store.sqlite")
    (code / "scenario.py").write_text(textwrap.dedent(SCENARIO), encoding="utf-8")

    done = subprocess.run(
        [sys.executable, str(code / "scenario.py"), str(code), str(changed.batch_id)],
        cwd=code,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
