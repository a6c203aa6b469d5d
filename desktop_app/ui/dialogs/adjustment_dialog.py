"""Add a manual adjustment or bonus to a draft run: partner, amount (may be negative), reason.

`save(partner_id, amount, reason, kind)` does the work; a UserError it raises is shown in the
dialog, which stays open so the user can fix the value.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import parse_amount
from desktop_app.errors import UserError
from desktop_app.ui.message import user_text
from desktop_app.ui.widgets.forms import error_label, save_cancel

SaveAdjustment = Callable[[int, Decimal, str, str], object]


class AdjustmentDialog(QDialog):
    def __init__(
        self,
        save: SaveAdjustment,
        partners: list[tuple[int, str]],
        currency: str,
        *,
        partner_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.currency = currency
        self.saved: object = None
        self.setWindowTitle("Add adjustment")
        self.setMinimumWidth(440)
        self.partner = QComboBox()
        self.partner.setEditable(True)
        self.partner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for pid, label in partners:
            self.partner.addItem(label, pid)
        if partner_id is not None:
            self.partner.setCurrentIndex(max(self.partner.findData(partner_id), 0))
        self.kind = QComboBox()
        self.kind.addItem("Adjustment (positive or negative)", "adjustment")
        self.kind.addItem("Manual bonus", "bonus")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(f"e.g. 25.00 or -10.00 ({currency})")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("shown on the partner's statement and kept in the audit log")
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Partner", self.partner)
        form.addRow("&Kind", self.kind)
        form.addRow("&Amount", self.amount)
        form.addRow("&Reason", self.reason)
        self.buttons = save_cancel(self, self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _accept(self) -> None:
        partner_id = self.partner.currentData()
        if partner_id is None or self.partner.currentText() != self.partner.itemText(
            self.partner.currentIndex()
        ):
            self._fail("Partner: choose a partner from the list")
            return
        try:
            amount = parse_amount(self.amount.text(), self.currency)
            self.saved = self._save(
                int(partner_id), amount, self.reason.text(), str(self.kind.currentData())
            )
        except UserError as exc:
            self._fail(user_text(exc))
            return
        self.accept()
