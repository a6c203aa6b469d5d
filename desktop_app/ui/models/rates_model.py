"""Table model of the exchange rates: months (rows, newest first) × currencies (columns).

A cell is the rate of that currency in that month (units of the base currency per 1 unit). A
month with orders in a currency but no rate for it is "missing": highlighted, with how many
orders wait for it. The model holds values only; an edit is handed to `apply` (the dialog runs
it through services.rates, all or nothing) and the model is loaded again afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.domain.months import add_months
from desktop_app.services.rates import Rate, RateEdit
from desktop_app.ui.models.base import RIGHT, Index, TableModel

MISSING_BACKGROUND = QColor(255, 183, 77, 110)  # amber, readable on light and dark
MISSING_TEXT = "missing"
Apply = Callable[[Sequence[RateEdit]], bool]


class RatesTableModel(TableModel):
    MISSING_ROLE = Qt.ItemDataRole.UserRole + 2  # orders waiting for this cell's rate (0: none)
    MONTH_MISSING_ROLE = Qt.ItemDataRole.UserRole + 3  # on any cell: the month misses a rate

    def __init__(self) -> None:
        super().__init__()
        self.base = "USD"
        self.months: list[date] = []  # newest first
        self.currencies: list[str] = []
        self._rates: dict[tuple[str, date], Decimal] = {}
        self._needs: dict[tuple[str, date], int] = {}
        self.apply: Apply | None = None

    # loading ----------------------------------------------------------------------------------
    def load(
        self,
        base: str,
        rates: Iterable[Rate],
        needs: dict[tuple[str, date], int],
        *,
        extra_currencies: Iterable[str] = (),
    ) -> None:
        """Every month from the first that has a rate or needs one to the last, and every
        currency that has a rate or orders (plus `extra_currencies`, added by the user)."""
        self.beginResetModel()
        self.base = base
        self._rates = {(r.currency, r.month): r.rate for r in rates}
        self._needs = dict(needs)
        keys = set(self._rates) | set(self._needs)
        self.currencies = sorted({c for c, _m in keys} | set(extra_currencies))
        months = sorted({m for _c, m in keys})
        self.months = []
        if months:
            month = months[-1]
            while month >= months[0]:  # the months in between too, so a gap is visible
                self.months.append(month)
                month = add_months(month, -1)
        self.endResetModel()

    def update(self, changed: dict[tuple[str, date], Decimal | None]) -> None:
        """Rates set (or deleted: None) in the store, shown without a reset (an editor may be
        open on the cell that was just committed)."""
        for (currency, month), rate in changed.items():
            if rate is None:
                self._rates.pop((currency, month), None)
            else:
                self._rates[(currency, month)] = rate
            index = self.cell(currency, month)
            if index.isValid():  # the whole row: its "month misses a rate" may change
                last = self.index(index.row(), self.columnCount() - 1)
                self.dataChanged.emit(self.index(index.row(), 0), last)

    def missing(self) -> list[tuple[str, date, int]]:
        """(currency, month, orders) of every cell that needs a rate and has none."""
        return sorted(
            ((c, m, n) for (c, m), n in self._needs.items() if (c, m) not in self._rates),
            key=lambda item: (item[1], item[0]),
        )

    def cell(self, currency: str, month: date) -> QModelIndex:
        if currency not in self.currencies or month not in self.months:
            return QModelIndex()
        return self.index(self.months.index(month), self.currencies.index(currency))

    def key(self, index: Index) -> tuple[str, date]:
        return self.currencies[index.column()], self.months[index.row()]

    def rate_text(self, index: Index) -> str:
        rate = self._rates.get(self.key(index))
        return "" if rate is None else str(rate)

    # Qt -----------------------------------------------------------------------------------------
    def row_total(self) -> int:
        return len(self.months)

    def column_total(self) -> int:
        return len(self.currencies)

    def header(self, section: int) -> str:
        return self.currencies[section]

    def header_tip(self, section: int) -> str | None:
        currency = self.currencies[section]
        return f"{currency}: units of {self.base} per 1 {currency}"

    def row_header(self, section: int, role: int) -> Any:
        month = self.months[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{month:%Y-%m}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return month.strftime("%B %Y")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        currency, month = self.key(index)
        rate = self._rates.get((currency, month))
        waiting = 0 if rate is not None else self._needs.get((currency, month), 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(rate) if rate is not None else (MISSING_TEXT if waiting else "")
        if role == Qt.ItemDataRole.EditRole:
            return "" if rate is None else str(rate)
        if role == self.SORT_ROLE:
            return month.isoformat()
        if role == self.MISSING_ROLE:
            return waiting
        if role == self.MONTH_MISSING_ROLE:
            return any(
                (c, month) in self._needs and (c, month) not in self._rates for c in self.currencies
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and waiting:
            return QBrush(MISSING_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and waiting:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if waiting:
                orders = f"{waiting} order{'s' if waiting != 1 else ''}"
                return (
                    f"{orders} in {currency} dated {month:%B %Y} need a rate: how many "
                    f"{self.base} was 1 {currency} worth that month? Type it here."
                )
            if rate is not None:
                return f"1 {currency} = {rate} {self.base} in {month:%B %Y}"
            return f"No {currency} rate for {month:%B %Y} (no orders need one)"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.apply is None:
            return False
        currency, month = self.key(index)
        text = "" if value is None else str(value).strip()
        if text == self.rate_text(index):
            return False
        return self.apply([RateEdit(currency, month, text)])
