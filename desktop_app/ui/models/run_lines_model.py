"""Table model for one partner's lines in a run: order, tier, rate, commission and status.

Lines that are not payable say why ("held until …", "below the 50.00 minimum, carried over").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.commissions.breakdown import HowPaid, how_paid, line_rate
from desktop_app.domain.money import money_text
from desktop_app.ui.models.base import Column, ValueTableModel

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


def _effective(line: Any) -> Decimal | None:
    """What the line earned, in percent (breakdown.EFFECTIVE_RATE; a period's marginal share:
    the period's rate)."""
    return line_rate(
        line.kind, line.tier, line.rate, line.fixed, line.amount, line.commission, _how(line)
    )


def _how(line: Any) -> HowPaid | None:
    if line.kind != "commission":
        return None
    return how_paid(line.tier, line.amount, line.explanation)


def _effective_text(line: Any) -> str:
    rate = _effective(line)
    return f"{rate.normalize():f} %" if rate is not None else ""


def _how_text(line: Any) -> str:
    """ "5 % of 100.00 + 8 % of 400.00 + 10 % of 734.56" (a marginal line's slices), or the
    rate and fixed part of a line with one."""
    how = _how(line)
    fixed = f" + {line.fixed} per order" if line.fixed else ""
    if how is not None and not how.one_rate:
        return how.text() + fixed
    if line.kind == "commission" and line.fixed and line.rate:
        return f"{line.rate.normalize():f} % of {line.amount}{fixed}"
    return ""


def _status(line: Any) -> str:
    status = str(line.status).capitalize()
    return f"{status}: {line.reason}" if line.reason and line.status != "payable" else status


def _position(columns: tuple[Column[Any], ...], header: str) -> int:
    return [c.header for c in columns].index(header)


class RunLinesTableModel(ValueTableModel[Any]):
    columns = (
        Column("Order", lambda ln: ln.external_id),
        Column("Date", lambda ln: ln.order_date.isoformat() if ln.order_date else ""),
        Column("Kind", lambda ln: KIND_LABELS.get(ln.kind, ln.kind)),
        Column("Amount", lambda ln: ln.amount, money=True),
        Column(
            "Original",
            lambda ln: _original(ln),
            tip="An order in another currency: its own amount and the rate it was converted at",
        ),
        Column("Plan / tier", lambda ln: _tier(ln)),
        Column("Rate", _rate),
        Column("Effective rate", _effective_text),
        Column("Fixed", lambda ln: ln.fixed, money=True),
        Column("Commission", lambda ln: ln.commission, money=True),
        Column("How it was paid", _how_text),
        Column("Status", _status),
    )
    RATE_COLUMN = _position(columns, "Rate")
    EFFECTIVE_COLUMN = _position(columns, "Effective rate")
    STATUS_COLUMN = _position(columns, "Status")

    # columns that say nothing for many partners: hidden when no line has something in them
    OPTIONAL_COLUMNS = (
        _position(columns, "Original"),
        _position(columns, "Fixed"),
        _position(columns, "How it was paid"),
    )

    def empty_columns(self) -> list[int]:
        """The optional columns no line of the table fills (shown again when one does)."""
        nothing = ("", self.money(Decimal(0)))
        return [
            column
            for column in self.OPTIONAL_COLUMNS
            if all(self.display(item, column) in nothing for item in self._items)
        ]

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rates = (self.RATE_COLUMN, self.EFFECTIVE_COLUMN)
        if role == self.SORT_ROLE and index.isValid() and index.column() in rates:
            line = self._items[index.row()]
            rate = line.rate if index.column() == self.RATE_COLUMN else _effective(line)
            return rate if rate is not None else Decimal(-1)
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


def _original(line: Any) -> str:
    """ "EUR 120.00 @ 1.0825" for a converted order; empty in the run's own currency."""
    if line.exchange_rate is None or not line.original_currency:
        return ""
    if line.original_currency == line.currency:
        return ""
    amount = money_text(line.original_amount, line.original_currency)
    return f"{line.original_currency} {amount} @ {line.exchange_rate}"


def _tier(line: Any) -> str:
    if line.plan_name and line.tier == line.plan_name:  # a bonus: the rule's name
        return str(line.tier)
    if line.plan_name:
        version = f" v{line.plan_version}" if line.plan_version else ""
        return f"{line.plan_name}{version} · {line.tier}" if line.tier else line.plan_name + version
    return line.tier or ""
