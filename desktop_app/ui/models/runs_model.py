"""Table models for payout runs: the run list (state colours) and a run's per-partner summary.

Both hold value objects from the payouts service and show money with format_money in the
merchant's locale, right-aligned; the sort role gives the raw Decimal so sorting is numeric.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.money import format_money
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.ui.models.base import Column, ValueTableModel

STATE_COLOURS = {
    RunState.DRAFT: QColor("#b26a00"),
    RunState.LOCKED: QColor("#1f5fb4"),
    RunState.PAID: QColor("#1b7f3b"),
}


class RunsTableModel(ValueTableModel[Any]):
    """The run list (RunInfo values)."""

    columns = (
        Column("Run", lambda r: r.id),
        Column("Period", lambda r: f"{r.start.isoformat()} – {r.end.isoformat()}"),
        Column("Cut-off", lambda r: r.cutoff.isoformat()),
        Column("State", lambda r: "Draft (out of date)" if r.stale else r.state.capitalize()),
        Column("Partners", lambda r: r.totals.partners),
        Column("Commission", lambda r: r.totals.commission, money=True),
        Column("Payable", lambda r: r.totals.payable, money=True),
        Column("Paid", lambda r: _paid_text(r)),
    )
    STATE_COLUMN = 3

    def set_items(self, items: Sequence[Any], currency: str, locale: str) -> None:
        super().set_items(items, currency, locale)

    def display(self, item: Any, column: int) -> str:
        spec = self.columns[column]
        if spec.money:
            return format_money(spec.value(item), item.currency, self.locale)
        return super().display(item, column)

    def extra(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATE_COLUMN:
            return QBrush(STATE_COLOURS.get(item.state, QColor("#555555")))
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.state == RunState.LOCKED:
                return f"Locked {_when(item.locked_at)} by {item.locked_by}".strip()
            if item.stale:
                return (
                    "Changed since calculated (recalculate before locking): "
                    + "; ".join(item.changes[:5])
                    + (" …" if len(item.changes) > 5 else "")
                )
            if item.state == RunState.DRAFT:
                return "Draft: can be recalculated, adjusted and locked"
        return None

    def row_of(self, run_id: int) -> int:
        return next((i for i, r in enumerate(self._items) if r.id == run_id), -1)


class SummaryTableModel(ValueTableModel[Any]):
    """A run's per-partner totals (PartnerTotals values)."""

    columns = (
        Column("Code", lambda p: p.code),
        Column("Partner", lambda p: p.name),
        Column("Sales", lambda p: p.sales, money=True),
        Column("Commission", lambda p: p.commission, money=True),
        Column("Bonus", lambda p: p.bonus, money=True),
        Column("Refunds", lambda p: p.clawback, True, "Refunds and clawbacks (negative)"),
        Column("Adjustments", lambda p: p.adjustments, money=True),
        Column("Withheld", lambda p: p.withheld, True, "Withheld for fraud or a paused partner"),
        Column("Held", lambda p: p.held, True, "Still in the holding period"),
        Column("Carried in", lambda p: p.carried_in, True, "Balance carried from earlier runs"),
        Column("Carried out", lambda p: p.carried_out, True, "Below the minimum: next run"),
        Column("Payable", lambda p: p.payable, money=True),
    )

    def row_of(self, partner_id: int) -> int:
        return next((i for i, p in enumerate(self._items) if p.partner_id == partner_id), -1)

    def extra(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and self.columns[column].header == "Payable":
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


def _when(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else ""


def _paid_text(run: Any) -> str:
    if run.paid_on is None:
        return ""
    return f"{run.paid_on.isoformat()} ({run.paid_reference})"
