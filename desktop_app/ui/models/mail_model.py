"""The partners of a run to e-mail (Recipient values), each with a check box to choose them.

Partners without an address cannot be ticked; the default choice is every partner with an
address whose statement was not e-mailed yet.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.services.statements.mail_recipients import Recipient
from desktop_app.services.statements.mailing import when_text
from desktop_app.ui.models.base import Column, Index, ValueTableModel

MUTED = QColor("#777777")


class MailRecipientsModel(ValueTableModel[Recipient]):
    columns = (
        Column("Partner", lambda r: r.name),
        Column("Code", lambda r: r.code),
        Column("E-mail", lambda r: r.email),
        Column("Payable", lambda r: r.payable, money=True),
        Column("Last e-mailed", lambda r: r.last_emailed, tip="When this run's statement went"),
    )
    EMAIL, LAST = 2, 4

    def __init__(self) -> None:
        super().__init__()
        self.chosen: set[int] = set()

    def set_recipients(
        self, items: list[Recipient], currency: str, locale: str, chosen: set[int] | None = None
    ) -> None:
        """`chosen` keeps earlier ticks; by default: an address and not e-mailed yet."""
        with_address = {r.partner_id for r in items if r.email}
        if chosen is None:
            chosen = {r.partner_id for r in items if r.email and r.last_emailed is None}
        self.chosen = chosen & with_address
        self.set_items(items, currency, locale)

    def checked(self) -> list[Recipient]:
        return [r for r in self._items if r.partner_id in self.chosen]

    def set_checked(self, partner_id: int, on: bool) -> None:
        row = next((i for i, r in enumerate(self._items) if r.partner_id == partner_id), -1)
        if row >= 0:
            self.setData(
                self.index(row, 0),
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked,
                Qt.ItemDataRole.CheckStateRole,
            )

    def display(self, item: Recipient, column: int) -> str:
        if column == self.EMAIL and not item.email:
            return "no e-mail address"
        if column == self.LAST:
            return when_text(item.last_emailed) if item.last_emailed else ""
        return super().display(item, column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0 and self._items[index.row()].email:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            item = self._items[index.row()]
            if not item.email:
                return None
            on = item.partner_id in self.chosen
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        item = self._items[index.row()]
        if not item.email:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.chosen.add(item.partner_id)
        else:
            self.chosen.discard(item.partner_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def extra(self, item: Recipient, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not item.email:
            return QBrush(MUTED)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            if not item.email:
                return "No e-mail address: add one on the Partners screen to send this statement"
            if item.last_emailed is not None:
                return "Already e-mailed; tick to send it again"
        return None
