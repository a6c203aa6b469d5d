"""One base for every table model (ui/models/base.py): rows, columns and headers come from the
same code, so a new model writes only its rows and cells."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

import desktop_app.ui.models as models
from desktop_app.ui.models.base import RIGHT, SORT_ROLE, Column, TableModel, ValueTableModel


def _table_models() -> list[type[QAbstractTableModel]]:
    found: list[type[QAbstractTableModel]] = []
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            mine = value.__module__ == module.__name__ and value is not TableModel
            if issubclass(value, QAbstractTableModel) and mine:
                found.append(value)
    return found


def test_every_table_model_has_the_one_base() -> None:
    found = _table_models()
    assert len(found) >= 12  # runs, summary, lines, plans ×4, mail, partners, orders, …
    for model in found:
        assert issubclass(model, TableModel), model.__name__
        assert model.SORT_ROLE == SORT_ROLE, model.__name__
        for method in ("rowCount", "columnCount", "headerData"):
            assert method not in vars(model), f"{model.__name__} writes its own {method}"


class _Amounts(ValueTableModel[tuple[str, object]]):
    columns = (
        Column("Name", lambda row: row[0], tip="Who"),
        Column("Amount", lambda row: row[1], money=True),
    )


def test_a_value_model_answers_rows_columns_headers_and_sorting(qapp) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    model = _Amounts()
    model.set_items([("Alpha", Decimal("-1.50")), ("beta", Decimal("20.00"))], "EUR", "de_DE")
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a flat table: no child rows
    horizontal, display = Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
    assert [model.headerData(c, horizontal, display) for c in range(2)] == ["Name", "Amount"]
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) == "Who"
    assert model.headerData(1, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(0, Qt.Orientation.Vertical, display) is None
    assert model.index(0, 1).data() == "-1,50\xa0€"
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.index(1, 0).data(SORT_ROLE) == "beta"
    assert model.index(1, 1).data(SORT_ROLE) == Decimal("20.00")
    assert model.data(QModelIndex()) is None
