"""Tier table editor for one plan rule: basis, mode, category and tiers, with a live example.

The table keeps what the user typed (text), so a half-typed value never disappears; each edit
is validated at once (bad cells turn red with the reason as tooltip) and, when the table is
valid, the example "An order of 120.00 earns …" is recomputed with the engine's own function.
Cell editors commit on every keystroke, so the example follows the typing.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
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

from desktop_app.domain.commissions.plans import (
    PlanRule,
    Tier,
    TierBasis,
    TierMode,
)
from desktop_app.domain.commissions.tiers import pct, slices_text, tier_label
from desktop_app.domain.money import format_money, quantize
from desktop_app.errors import ValidationError
from desktop_app.services import plans
from desktop_app.ui.models.tier_table_model import TierTableModel, parse_typed
from desktop_app.ui.widgets.forms import ERROR_RED

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
        self.locale_name = locale
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
        self.problem.setStyleSheet(f"color: {ERROR_RED}")
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
        if parse_typed(self.example_amount.text()) is None or self.example_amount.text() == other:
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
        amount = parse_typed(self.example_amount.text())
        if amount is None or amount < 0:
            return "Type an amount to see what it earns."
        amount = quantize(amount, self.currency)
        basis = TierBasis(rule.basis)
        shown = format_money(amount, self.currency, self.locale_name)
        if basis is TierBasis.PERIOD_ORDERS:
            count = self.example_orders.value()
            earned = plans.orders_example(rule, amount, count, self.currency)
            value = Decimal(count)
            lead = f"{count} orders of {shown} in the period earn"
            tail = " in all"
        else:
            earned = plans.example_commission(rule, amount, self.currency)
            value = amount
            lead = (
                f"Sales of {shown} in the period earn"
                if basis is TierBasis.PERIOD_VOLUME
                else f"An order of {shown} earns"
            )
            tail = ""
        money = format_money(earned, self.currency, self.locale_name)
        return f"{lead} {money}{tail}{self._how(rule, value)}."

    def _how(self, rule: PlanRule, value: Decimal) -> str:
        tier = rule.tier_index(value)
        if tier is None:
            return " (below the first tier)"
        t = rule.tiers[tier]
        fixed = f" + {format_money(t.fixed, self.currency, self.locale_name)}" if t.fixed else ""
        if TierMode(rule.mode) is TierMode.MARGINAL:
            return f" ({slices_text(rule, value, self.currency)}{fixed})"
        return f" (tier {tier + 1}, {tier_label(rule, tier, self.currency)}: {pct(t.rate)}{fixed})"
