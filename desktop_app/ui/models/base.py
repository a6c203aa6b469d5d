"""The table models' common base: every model in ui/models/ is a `TableModel`.

`TableModel` answers Qt's rowCount/columnCount/headerData from a few hooks (how many rows and
columns, a column's header, its tooltip and alignment) and names the sort role the tables'
proxies sort by. `ValueTableModel` is the usual case on top of it: a list of value objects
from a service with declared `Column`s; money columns are formatted in the merchant's locale,
right-aligned, and sort by their Decimal. A model with rows of its own kind (pages of orders,
a grid of rates, editable tiers) subclasses `TableModel` and writes only its `data`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.money import format_money

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the value a column sorts by (ValueSortProxy)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # numbers and money
NEGATIVE = QColor("#b3261e")


class TableModel(QAbstractTableModel):
    """A flat table: subclasses give `row_total`, `column_total` and `header`, and may give a
    header's tooltip, right alignment and the row (vertical) headers."""

    SORT_ROLE = SORT_ROLE

    def row_total(self) -> int:
        raise NotImplementedError

    def column_total(self) -> int:
        raise NotImplementedError

    def header(self, section: int) -> str:
        """The column's title."""
        raise NotImplementedError

    def header_tip(self, section: int) -> str | None:
        return None

    def header_right_aligned(self, section: int) -> bool:
        return False

    def row_header(self, section: int, role: int) -> Any:
        """The vertical header (none by default: the tables hide it)."""
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_total()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return self.row_header(section, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tip(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and self.header_right_aligned(section):
            return RIGHT
        return None


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    value: Callable[[T], Any]
    money: bool = False
    tip: str = ""


class ValueTableModel(TableModel, Generic[T]):
    """Rows of values with declared columns; money columns formatted and right-aligned."""

    columns: Sequence[Column[T]] = ()

    def __init__(self) -> None:
        super().__init__()
        self._items: list[T] = []
        self.currency = "USD"
        self.locale = "en_US"

    def set_items(self, items: Sequence[T], currency: str, locale: str) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.currency, self.locale = currency, locale
        self.endResetModel()

    def item_at(self, row: int) -> T:
        return self._items[row]

    def items(self) -> list[T]:
        return list(self._items)

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.locale)

    def row_total(self) -> int:
        return len(self._items)

    def column_total(self) -> int:
        return len(self.columns)

    def header(self, section: int) -> str:
        return self.columns[section].header

    def header_tip(self, section: int) -> str | None:
        return self.columns[section].tip or None

    def display(self, item: T, column: int) -> str:
        spec = self.columns[column]
        value = spec.value(item)
        if spec.money:
            return self.money(value)
        return "" if value is None else str(value)

    def extra(self, item: T, column: int, role: int) -> Any:
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        spec = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(item, index.column())
        if role == self.SORT_ROLE:
            value = spec.value(item)
            return value.casefold() if isinstance(value, str) else value
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.money:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and spec.money:
            value = spec.value(item)
            if isinstance(value, Decimal) and value < 0:
                return QBrush(NEGATIVE)
        found = self.extra(item, index.column(), role)
        if found is None and role == Qt.ItemDataRole.ToolTipRole and not spec.money:
            text = self.display(item, index.column())
            return text if len(text) > 12 else None  # names elide in narrowed columns
        return found
