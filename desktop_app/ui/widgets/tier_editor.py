"""Tier table editor for one plan rule: basis, mode, category and tiers, with a live example.

The table keeps what the user typed (text), so a half-typed value never disappears; each edit
is validated at once (bad cells turn red with the reason as tooltip) and, when the table is
valid, the example "An order of 120.00 earns …" is recomputed with the engine's own function.
Cell editors commit on every keystroke, so the example follows the typing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commissions.engine import OrderInput, PartnerInput, calculate
from desktop_app.domain.commissions.plans import (
    Plan,
    PlanBook,
    PlanRule,
    PlanVersion,
    Tier,
    TierBasis,
    TierMode,
)
from desktop_app.domain.commissions.tiers import pct, slices_text, tier_label
from desktop_app.domain.money import format_money, quantize
from desktop_app.errors import ValidationError

Index = QModelIndex | QPersistentModelIndex

BASIS_LABELS = {
    TierBasis.ORDER_AMOUNT: "Order amount (each order on its own)",
    TierBasis.PERIOD_VOLUME: "Partner's sales in the period",
    TierBasis.PERIOD_ORDERS: "Partner's order count in the period",
}
MODE_LABELS = {
    TierMode.WHOLE: "Whole amount at the tier reached",
    TierMode.MARGINAL: "Marginal: each slice at its own rate",
}
ERROR_COLOUR = QColor("#b3261e")


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "")) if text.strip() else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


class TierTableModel(QAbstractTableModel):
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
            last = _decimal(self._rows[-1][0])
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
            lower = _decimal(lower_text)
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
            rate = _decimal(rate_text)
            if rate is None:
                errors[(r, 1)] = f"'{rate_text}' is not a percentage"
            elif not 0 <= rate <= 100:
                errors[(r, 1)] = "a rate is between 0 and 100 %"
            fixed = _decimal(fixed_text or "0")
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
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return f"Tier {section + 1}"
        if section == 0:
            return "From (orders)" if self.basis is TierBasis.PERIOD_ORDERS else "From (amount)"
        return self.COLUMNS[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = (index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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


class LiveEditDelegate(QStyledItemDelegate):
    """A line editor that writes to the model on every keystroke (for the live example)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.textEdited.connect(lambda _text: self.commitData.emit(editor))
        return editor


class TierEditor(QWidget):
    """Edits one PlanRule. `changed` fires on every edit; `rule()` raises ValidationError."""

    changed = Signal()

    def __init__(
        self, currency: str = "USD", locale: str = "en_US", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.currency = currency
        self.locale = locale
        self.basis = QComboBox()
        for basis, label in BASIS_LABELS.items():
            self.basis.addItem(label, basis.value)
        self.mode = QComboBox()
        for mode, label in MODE_LABELS.items():
            self.mode.addItem(label, mode.value)
        self.category = QLineEdit()
        self.category.setPlaceholderText("all categories (or e.g. Electronics)")

        self.model = TierTableModel()
        self.model.currency = currency
        self.table = QTableView()
        self.table.setObjectName("tierTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(LiveEditDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(140)
        self.add_button = QPushButton("Add tier")
        self.add_button.clicked.connect(self.add_tier)
        self.remove_button = QPushButton("Remove tier")
        self.remove_button.clicked.connect(self.remove_tier)

        self.example_amount = QLineEdit("120.00")
        self.example_amount.setFixedWidth(110)
        self.example_amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.example_orders = QSpinBox()
        self.example_orders.setRange(1, 10000)
        self.example_orders.setValue(12)
        self.example_orders.setSuffix(" orders of")
        self.example = QLabel()
        self.example.setObjectName("tierExample")
        self.example.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("tierProblem")
        self.problem.setStyleSheet(f"color: {ERROR_COLOUR.name()}")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Tier &basis", self.basis)
        form.addRow("&Mode", self.mode)
        form.addRow("&Category", self.category)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        example_row = QHBoxLayout()
        self.example_caption = QLabel("E&xample:")
        self.example_caption.setBuddy(self.example_amount)
        example_row.addWidget(self.example_caption)
        example_row.addWidget(self.example_orders)
        example_row.addWidget(self.example_amount)
        example_row.addWidget(self.example, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addLayout(example_row)

        self.basis.currentIndexChanged.connect(self._basis_changed)
        self.mode.currentIndexChanged.connect(self._update)
        self.category.textChanged.connect(self._update)
        self.example_amount.textChanged.connect(self._update)
        self.example_orders.valueChanged.connect(self._update)
        self.model.dataChanged.connect(self._update)
        self.model.rowsInserted.connect(self._update)
        self.model.rowsRemoved.connect(self._update)
        self.model.modelReset.connect(self._update)
        self.set_rule(None)

    # values -------------------------------------------------------------------------------
    def set_rule(self, rule: PlanRule | None) -> None:
        if rule is None:
            rule = PlanRule(
                basis=TierBasis.ORDER_AMOUNT,
                mode=TierMode.WHOLE,
                tiers=(Tier(lower=Decimal(0), rate=Decimal(5)),),
            )
        self.basis.blockSignals(True)
        self.basis.setCurrentIndex(self.basis.findData(TierBasis(rule.basis).value))
        self.basis.blockSignals(False)
        self.mode.setCurrentIndex(self.mode.findData(TierMode(rule.mode).value))
        self.category.setText(rule.category or "")
        self.model.set_basis(TierBasis(rule.basis), self.currency)
        self.model.set_tiers(tuple(rule.tiers))
        self._basis_changed()

    def rule(self) -> PlanRule:
        return PlanRule(
            basis=TierBasis(self.basis.currentData()),
            mode=TierMode(self.mode.currentData()),
            tiers=self.model.tiers(),
            category=self.category.text().strip() or None,
        )

    def add_tier(self) -> None:
        row = self.model.add_row()
        self.table.setCurrentIndex(self.model.index(row, 0))

    def remove_tier(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.model.rowCount() - 1
        self.model.remove_row(row)

    # live example -------------------------------------------------------------------------
    def _basis_changed(self) -> None:
        basis = TierBasis(self.basis.currentData())
        self.model.set_basis(basis, self.currency)
        self.example_orders.setVisible(basis is TierBasis.PERIOD_ORDERS)
        if basis is TierBasis.PERIOD_VOLUME:
            default, other = "1500.00", "120.00"
        else:
            default, other = "120.00", "1500.00"
        if _decimal(self.example_amount.text()) is None or self.example_amount.text() == other:
            self.example_amount.setText(default)
        self._update()

    def _update(self, *_args: object) -> None:
        problem = self.model.first_error()
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        self.example.setText(self.example_text())
        self.changed.emit()

    def example_text(self) -> str:
        """ "An order of $120.00 earns $8.40 (tier 2, 50.00 – 200.00: 7 %)." and the like,
        computed by the engine itself."""
        try:
            rule = self.rule()
        except (ValidationError, ValueError):
            return "Fix the tiers to see an example."
        amount = _decimal(self.example_amount.text())
        if amount is None or amount < 0:
            return "Type an amount to see what it earns."
        amount = quantize(amount, self.currency)
        basis = TierBasis(rule.basis)
        shown = format_money(amount, self.currency, self.locale)
        if basis is TierBasis.PERIOD_ORDERS:
            count = self.example_orders.value()
            earned = orders_example(rule, amount, count, self.currency)
            value = Decimal(count)
            lead = f"{count} orders of {shown} in the period earn"
            tail = " in all"
        else:
            from desktop_app.services.plans import example_commission

            earned = example_commission(rule, amount, self.currency)
            value = amount
            lead = (
                f"Sales of {shown} in the period earn"
                if basis is TierBasis.PERIOD_VOLUME
                else f"An order of {shown} earns"
            )
            tail = ""
        money = format_money(earned, self.currency, self.locale)
        return f"{lead} {money}{tail}{self._how(rule, value)}."

    def _how(self, rule: PlanRule, value: Decimal) -> str:
        tier = rule.tier_index(value)
        if tier is None:
            return " (below the first tier)"
        t = rule.tiers[tier]
        fixed = f" + {format_money(t.fixed, self.currency, self.locale)}" if t.fixed else ""
        if TierMode(rule.mode) is TierMode.MARGINAL:
            return f" ({slices_text(rule, value, self.currency)}{fixed})"
        return f" (tier {tier + 1}, {tier_label(rule, tier, self.currency)}: {pct(t.rate)}{fixed})"


def orders_example(rule: PlanRule, amount: Decimal, count: int, currency: str) -> Decimal:
    """What `count` orders of `amount` in one period earn together under `rule` (engine)."""
    version = PlanVersion(0, "example", 1, date.min, (rule,))
    book = PlanBook({0: Plan(0, "example", (version,))}, {}, {0: 0})
    orders = [
        OrderInput(i, f"example-{i}", 0, date.min, amount, rule.category or "")
        for i in range(1, count + 1)
    ]
    lines = calculate(orders, [PartnerInput(0, None, None)], book, currency=currency)
    return sum((line.commission for line in lines), Decimal(0))


def _plain(value: Decimal) -> str:
    """'7.5' not '7.50000'; '100' not '1E+2'."""
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
