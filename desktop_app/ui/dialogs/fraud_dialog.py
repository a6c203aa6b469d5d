"""Flag a whole partner as fraud: the reason (required) and whether to terminate them too."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.partners import Partner

EXPLANATION = (
    "<b>{name}</b> is flagged as fraud: all of their unpaid commission is withheld in the open "
    "draft and in every later run, until the flag is lifted. Locked runs are not changed."
)


class PartnerFraudDialog(QDialog):
    def __init__(self, partner: Partner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerFraudDialog")
        self.setWindowTitle(f"Flag {partner.name} as fraud")
        text = QLabel(EXPLANATION.format(name=partner.name))
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("fraudReason")
        self.reason.setPlaceholderText("why (kept in the audit log)")
        self.terminate = QCheckBox("Also &terminate the partner (cannot be reversed)")
        form = QFormLayout()
        form.addRow("&Reason", self.reason)
        form.addRow("", self.terminate)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm: QPushButton = buttons.addButton(
            "Flag as fraud", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.confirm.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Never the default button: Enter must not flag a partner by accident.
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
