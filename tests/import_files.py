"""Writers of realistic marketplace exports for the import tests (real files, made in tmp)."""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import select

from desktop_app.store.database import Store
from desktop_app.store.models import ClickRow, ImportBatchRow, OrderRow, PartnerRow, RefundRow

HEADER = ["Order ID", "Order Date", "Partner Code", "Amount", "Currency"]


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title_rows: int = 0) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Orders"
    for number in range(title_rows):
        sheet.append([f"Marketplace export, title line {number + 1}"])
    if title_rows:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def with_cached_formula_values(path: Path, values: dict[str, str]) -> Path:
    """openpyxl writes formulas without results; Excel saves both. Add the cached results so
    the file looks like one saved by Excel (cell reference → cached value)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in values.items():
        xml = re.sub(
            rf'(<c r="{ref}"[^>]*>)<f>(.*?)</f>(<v\s*/>|<v></v>)?',
            rf"\1<f>\2</f><v>{value}</v>",
            xml,
        )
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import may touch, to prove a failed import left the store as it was."""
    with store.transaction() as session:
        return {
            model.__tablename__: [
                tuple(getattr(row, c.key) for c in model.__table__.columns)
                for row in session.scalars(select(model).order_by(model.id))
            ]
            for model in (OrderRow, RefundRow, ClickRow, ImportBatchRow, PartnerRow)
        }


def orders(store: Store) -> dict[str, tuple[str, int, str, str]]:
    """external id → (date, amount in minor units, currency, status)."""
    with store.transaction() as session:
        return {
            o.external_id: (o.order_date.isoformat(), o.amount_minor, o.currency, o.status)
            for o in session.scalars(select(OrderRow))
        }
