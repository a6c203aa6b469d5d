"""Table model for one partner's lines in a run: order, tier, rate, commission and status.

Lines that are not payable say why ("held until …", "below the 50.00 minimum, carried over").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.ui.models.runs_model import Column, ValueTableModel

STATUS_COLOURS = {
    "payable": QColor("#1b7f3b"),
    "held": QColor("#b26a00"),
    "carried": QColor("#1f5fb4"),
    "withheld": QColor("#b3261e"),
}
KIND_LABELS = {
    "commission": "Commission",
    "bonus": "Bonus",
    "clawback": "Refund",
    "adjustment": "Adjustment",
    "carried_in": "Carried in",
}


def _rate(line: Any) -> str:
    if line.kind != "commission" and not line.rate:
        return ""
    text = f"{line.rate.normalize():f} %"
    return text


def _status(line: Any) -> str:
    status = str(line.status).capitalize()
    return f"{status}: {line.reason}" if line.reason and line.status != "payable" else status


class RunLinesTableModel(ValueTableModel[Any]):
    columns = (
        Column("Order", lambda ln: ln.external_id),
        Column("Date", lambda ln: ln.order_date.isoformat() if ln.order_date else ""),
        Column("Kind", lambda ln: KIND_LABELS.get(ln.kind, ln.kind)),
        Column("Amount", lambda ln: ln.amount, money=True),
        Column("Plan / tier", lambda ln: _tier(ln)),
        Column("Rate", _rate),
        Column("Fixed", lambda ln: ln.fixed, money=True),
        Column("Commission", lambda ln: ln.commission, money=True),
        Column("Status", _status),
    )
    STATUS_COLUMN = 8

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.SORT_ROLE and index.isValid() and index.column() == 5:
            rate: Decimal = self._items[index.row()].rate
            return rate
        return super().data(index, role)

    def extra(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS_COLUMN:
            return QBrush(STATUS_COLOURS.get(item.status, QColor("#555555")))
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [item.explanation or "", item.reason or ""]
            if item.original_currency and item.original_currency != item.currency:
                parts.append(f"Original amount {item.original_amount} {item.original_currency}")
            return "\n".join(p for p in parts if p) or None
        return None


def _tier(line: Any) -> str:
    if line.plan_name and line.tier == line.plan_name:  # a bonus: the rule's name
        return str(line.tier)
    if line.plan_name:
        version = f" v{line.plan_version}" if line.plan_version else ""
        return f"{line.plan_name}{version} · {line.tier}" if line.tier else line.plan_name + version
    return line.tier or ""
