"""The tiers of one plan rule as the user types them: rows of [from, rate %, fixed per order]
kept as text, so a half-typed value never disappears; every edit is validated at once (bad
cells turn red with the reason as tooltip) and `tiers()` turns valid rows into engine values."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.commissions.plans import Tier, TierBasis
from desktop_app.domain.money import quantize
from desktop_app.errors import ValidationError
from desktop_app.ui.models.base import RIGHT, Index, TableModel
from desktop_app.ui.widgets.forms import ERROR_RED

ERROR_COLOUR = QColor(ERROR_RED)


def parse_typed(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "")) if text.strip() else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


class TierTableModel(TableModel):
    """Rows of [lower, rate %, fixed] as typed; `tiers()` turns them into engine values."""

    COLUMNS = ("From", "Rate %", "Fixed per order")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[list[str]] = []
        self.basis = TierBasis.ORDER_AMOUNT
        self.currency = "USD"
        self._errors: dict[tuple[int, int], str] = {}

    # editing ------------------------------------------------------------------------------
    def set_tiers(self, tiers: tuple[Tier, ...]) -> None:
        self.beginResetModel()
        self._rows = [
            [
                self._bound(t.lower),
                _plain(t.rate),
                str(quantize(t.fixed, self.currency)),
            ]
            for t in tiers
        ]
        self._errors = self._check()
        self.endResetModel()

    def _bound(self, value: Decimal) -> str:
        """A lower bound as shown: "0" for the usual first tier, amounts with the currency's
        decimals, order counts as whole numbers."""
        if self.basis is TierBasis.PERIOD_ORDERS or value == 0:
            return _plain(value)
        return str(quantize(value, self.currency))

    def add_row(self) -> int:
        lower = ""
        if self._rows:
            last = parse_typed(self._rows[-1][0])
            step = Decimal(10) if self.basis is TierBasis.PERIOD_ORDERS else Decimal(100)
            lower = self._bound(last + step) if last is not None else ""
        else:
            lower = self._bound(Decimal(0))
        rate = self._rows[-1][1] if self._rows else "5"
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([lower, rate, str(quantize(Decimal(0), self.currency))])
        self._errors = self._check()
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self._errors = self._check()
            self.endRemoveRows()

    def set_basis(self, basis: TierBasis, currency: str) -> None:
        self.basis, self.currency = basis, currency
        self.validate()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 0)

    # validation ---------------------------------------------------------------------------
    def validate(self) -> dict[tuple[int, int], str]:
        """Check every cell; repaint the cells when the set of problems changed."""
        errors = self._check()
        changed = errors != self._errors
        self._errors = errors
        if changed and self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            )
        return errors

    def _check(self) -> dict[tuple[int, int], str]:
        errors: dict[tuple[int, int], str] = {}
        previous: Decimal | None = None
        for r, (lower_text, rate_text, fixed_text) in enumerate(self._rows):
            lower = parse_typed(lower_text)
            if lower is None:
                errors[(r, 0)] = f"'{lower_text}' is not a number"
            elif lower < 0:
                errors[(r, 0)] = "cannot be negative"
            elif self.basis is TierBasis.PERIOD_ORDERS and lower != lower.to_integral_value():
                errors[(r, 0)] = "an order count is a whole number"
            elif previous is not None and lower <= previous:
                errors[(r, 0)] = f"must be above the tier before it ({_plain(previous)})"
            if lower is not None:
                previous = lower if previous is None or lower > previous else previous
            rate = parse_typed(rate_text)
            if rate is None:
                errors[(r, 1)] = f"'{rate_text}' is not a percentage"
            elif not 0 <= rate <= 100:
                errors[(r, 1)] = "a rate is between 0 and 100 %"
            fixed = parse_typed(fixed_text or "0")
            if fixed is None:
                errors[(r, 2)] = f"'{fixed_text}' is not an amount"
            elif fixed < 0:
                errors[(r, 2)] = "cannot be negative"
            elif fixed != quantize(fixed, self.currency):
                errors[(r, 2)] = f"too many decimals for {self.currency}"
        return errors

    def first_error(self) -> str | None:
        if not self._rows:
            return "add at least one tier"
        if not self._errors:
            return None
        (row, column), message = min(self._errors.items())
        return f"Tier {row + 1}, {self.COLUMNS[column].lower()}: {message}"

    def tiers(self) -> tuple[Tier, ...]:
        problem = self.first_error()
        if problem is not None:
            raise ValidationError("tiers", problem)
        return tuple(
            Tier(
                lower=Decimal(lower.strip().replace(",", "")),
                rate=Decimal(rate.strip().replace(",", "")),
                fixed=Decimal((fixed or "0").strip().replace(",", "")),
            )
            for lower, rate, fixed in self._rows
        )

    # Qt model -----------------------------------------------------------------------------
    def row_total(self) -> int:
        return len(self._rows)

    def column_total(self) -> int:
        return len(self.COLUMNS)

    def header(self, section: int) -> str:
        if section == 0:
            return "From (orders)" if self.basis is TierBasis.PERIOD_ORDERS else "From (amount)"
        return self.COLUMNS[section]

    def row_header(self, section: int, role: int) -> Any:
        return f"Tier {section + 1}" if role == Qt.ItemDataRole.DisplayRole else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = (index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and key in self._errors:
            return QBrush(ERROR_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._errors.get(key)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value)
        if self._rows[index.row()][index.column()] == text:
            return True
        self._rows[index.row()][index.column()] = text
        self.validate()
        self.dataChanged.emit(index, index)
        return True


def _plain(value: Decimal) -> str:
    """'7.5' not '7.50000'; '100' not '1E+2'."""
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
