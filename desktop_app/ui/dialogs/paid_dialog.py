"""Mark a locked run paid: the payment date and the bank or batch reference."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.widgets.forms import error_label


class PaidDialog(QDialog):
    def __init__(self, run_label: str, payable: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark run paid")
        self.setMinimumWidth(420)
        text = QLabel(
            f"Record that <b>{run_label}</b> was paid ({payable} in total). "
            "The date and reference are kept with the run and in the audit log."
        )
        text.setWordWrap(True)
        self.paid_on = QDateEdit(QDate.currentDate())
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("yyyy-MM-dd")
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("bank transfer or PayPal batch id")
        self.problem = error_label("paidProblem")
        self.problem.setText("Give the payment reference.")
        form = QFormLayout()
        form.addRow("Payment &date", self.paid_on)
        form.addRow("&Reference", self.reference)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.addButton("Mark paid", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def chosen_date(self) -> date:
        qd = self.paid_on.date()
        return date(qd.year(), qd.month(), qd.day())

    def _accept(self) -> None:
        if not self.reference.text().strip():
            self.problem.show()
            return
        self.accept()
