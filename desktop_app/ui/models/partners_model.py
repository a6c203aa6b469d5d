"""Table model over the partner list (hundreds of rows: held in memory, sorted by a proxy)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.domain.partners import Partner, PartnerStatus
from desktop_app.ui.models.base import Index, TableModel

STATUS_COLOURS = {
    PartnerStatus.ACTIVE: QColor("#1b7f3b"),
    PartnerStatus.PAUSED: QColor("#b26a00"),
    PartnerStatus.TERMINATED: QColor("#b3261e"),
}
PAYOUT_LABELS = {"bank": "Bank transfer", "paypal": "PayPal", "other": "Other"}


class PartnersTableModel(TableModel):
    COLUMNS = (
        "Code",
        "Name",
        "Type",
        "Plan",
        "Status",
        "E-mail",
        "Country",
        "Payout method",
        "Joined",
    )
    PLAN_COLUMN, STATUS_COLUMN = 3, 4
    NO_PLAN = "none"

    def __init__(self) -> None:
        super().__init__()
        self._partners: list[Partner] = []
        self._plans: dict[int, str] = {}

    def set_partners(self, partners: list[Partner], plans: dict[int, str] | None = None) -> None:
        """`plans`: partner id → the plan in force ("" when none covers the partner)."""
        self.beginResetModel()
        self._partners = list(partners)
        self._plans = dict(plans or {})
        self.endResetModel()

    def partner_at(self, row: int) -> Partner:
        return self._partners[row]

    def row_of(self, partner_id: int) -> int:
        for row, partner in enumerate(self._partners):
            if partner.id == partner_id:
                return row
        return -1

    def row_total(self) -> int:
        return len(self._partners)

    def column_total(self) -> int:
        return len(self.COLUMNS)

    def header(self, section: int) -> str:
        return self.COLUMNS[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        partner = self._partners[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(partner, column)
        if role == self.SORT_ROLE:
            value = self._display(partner, column)
            return value.casefold() if isinstance(value, str) else value
        no_plan = column == self.PLAN_COLUMN and not self._plans.get(partner.id)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS_COLUMN:
            return QBrush(STATUS_COLOURS[partner.status])
        if role == Qt.ItemDataRole.ForegroundRole and no_plan:
            return QBrush(STATUS_COLOURS[PartnerStatus.TERMINATED])
        if role == Qt.ItemDataRole.FontRole and no_plan:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if no_plan:
                return (
                    "No commission plan covers this partner: their orders earn nothing. Give "
                    "their type a plan, assign one to them, or choose a default plan in Settings."
                )
            if column == 0 and len(partner.codes) > 1:
                return "All codes: " + ", ".join(partner.codes)
            if column == self.STATUS_COLUMN and partner.status is not PartnerStatus.ACTIVE:
                return (
                    f"{partner.status.value.capitalize()} since {partner.status_date.isoformat()}"
                )
            if partner.notes:
                return partner.notes
        return None

    def _display(self, partner: Partner, column: int) -> str:
        values: tuple[str | date, ...] = (
            ", ".join(partner.codes),
            partner.name,
            partner.partner_type,
            self._plans.get(partner.id) or self.NO_PLAN,
            partner.status.value.capitalize(),
            partner.email,
            partner.country,
            PAYOUT_LABELS.get(partner.payout_method.value, partner.payout_method.value),
            partner.join_date.isoformat(),
        )
        return str(values[column])
