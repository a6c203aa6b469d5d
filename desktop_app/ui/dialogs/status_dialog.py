"""Confirm a status change (pause, reactivate, terminate) with its date and reason."""

from __future__ import annotations

from collections.abc import Callable
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

from desktop_app.domain.partners import Partner, PartnerStatus
from desktop_app.errors import UserError
from desktop_app.services import partners
from desktop_app.services.changes import Changes
from desktop_app.store.database import Store
from desktop_app.ui.events import announce
from desktop_app.ui.message import show_error

EXPLANATIONS = {
    PartnerStatus.TERMINATED: (
        "<b>{name}</b> will earn no commission on orders dated after the termination date. "
        "Commission earned before it is still paid. Termination cannot be reversed; "
        "everything about the partner stays in the history."
    ),
    PartnerStatus.PAUSED: (
        "<b>{name}</b> is paused: new commission is held and not paid until the partner is "
        "reactivated."
    ),
    PartnerStatus.ACTIVE: "<b>{name}</b> becomes active again.",
}
ACTIONS = {
    PartnerStatus.TERMINATED: "Terminate",
    PartnerStatus.PAUSED: "Pause",
    PartnerStatus.ACTIVE: "Reactivate",
}


class StatusDialog(QDialog):
    def __init__(self, partner: Partner, status: PartnerStatus, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{ACTIONS[status]} {partner.name}")
        text = QLabel(EXPLANATIONS[status].format(name=partner.name))
        text.setWordWrap(True)
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("yyyy-MM-dd")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("kept in the audit log")
        form = QFormLayout()
        form.addRow("&Effective date", self.on_date)
        form.addRow("&Reason", self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = buttons.addButton(ACTIONS[status], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Destructive actions are never the default: Enter must not terminate a partner.
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def chosen_date(self) -> date:
        qd = self.on_date.date()
        return date(qd.year(), qd.month(), qd.day())


def ask_status_change(
    parent: QWidget,
    store: Store,
    partner: Partner,
    status: PartnerStatus,
    after: Callable[[], None] | None = None,
) -> StatusDialog:
    """Open the confirmation; once confirmed, change the status, then call `after` (which
    reloads whatever shows the partner, if it does not listen to the change announced)."""
    dialog = StatusDialog(partner, status, parent)

    def apply() -> None:
        changes = Changes.NONE
        try:
            changes = partners.change_status(
                store,
                partner.id,
                status,
                on_date=dialog.chosen_date(),
                reason=dialog.reason.text(),
            ).changes
        except UserError as exc:
            show_error(parent, "Partner status", exc)
        if after is not None:
            after()
        announce(changes, parent)  # the Dashboard, the runs (a draft goes out of date)…
        dialog.deleteLater()

    dialog.accepted.connect(apply)
    dialog.open()
    return dialog
