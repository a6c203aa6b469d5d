"""Table model over per-partner performance rows (Dashboard top/bottom, Performance view)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.money import format_money
from desktop_app.domain.partners import PartnerStatus
from desktop_app.services.performance import NO_IMPRESSIONS, PartnerPerformance, percent
from desktop_app.ui.models.base import RIGHT, Index, TableModel
from desktop_app.ui.models.partners_model import STATUS_COLOURS
from desktop_app.ui.theme import is_dark

REVIEW_BACKGROUND = QColor(255, 183, 77, 60)  # translucent amber: readable on light and dark
UP = QColor("#1b7f3b")
DOWN = QColor("#b3261e")
UP_ON_DARK = QColor("#6fd08c")
DOWN_ON_DARK = QColor("#ff8a80")

# column key → header
ALL_COLUMNS: dict[str, str] = {
    "name": "Partner",
    "type": "Type",
    "status": "Status",
    "impressions": "Impressions",
    "clicks": "Clicks",
    "ctr": "CTR",
    "orders": "Orders",
    "conversion": "Conversion",
    "sales": "Sales",
    "commission": "Commission",
    "bonus": "Bonuses",
    "trend": "vs previous",
    "review": "Review",
}
NUMERIC = {
    "clicks",
    "impressions",
    "ctr",
    "orders",
    "conversion",
    "sales",
    "commission",
    "bonus",
    "trend",
}
HEADER_TIPS = {
    "trend": "Sales against the previous period",
    "impressions": "How often the partner's links or banners were shown (clicks import)",
    "ctr": "Click-through rate: clicks ÷ impressions, on the days with impressions imported",
    "conversion": "Orders ÷ clicks",
}


def trend_text(value: Decimal | None) -> str:
    if value is None:
        return "new"
    shown = percent(abs(value), 0)
    if shown == "0 %":
        return "±0 %"
    return f"-{shown}" if value < 0 else f"+{shown}"


class PerformanceTableModel(TableModel):
    PARTNER_ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, columns: Sequence[str] = tuple(ALL_COLUMNS)) -> None:
        super().__init__()
        self.columns = list(columns)
        self._rows: list[PartnerPerformance] = []
        self.currency = "USD"
        self.locale = "en_US"
        self.highlight_flagged = True

    def set_rows(self, rows: Sequence[PartnerPerformance], currency: str, locale: str) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.currency = currency
        self.locale = locale
        self.endResetModel()

    def row_at(self, row: int) -> PartnerPerformance:
        return self._rows[row]

    def rows(self) -> list[PartnerPerformance]:
        return list(self._rows)

    def row_total(self) -> int:
        return len(self._rows)

    def column_total(self) -> int:
        return len(self.columns)

    def header(self, section: int) -> str:
        return ALL_COLUMNS[self.columns[section]]

    def header_tip(self, section: int) -> str | None:
        return HEADER_TIPS.get(self.columns[section])

    def header_right_aligned(self, section: int) -> bool:
        return self.columns[section] in NUMERIC

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == self.SORT_ROLE:
            return self._sort_value(row, key)
        if role == self.PARTNER_ID_ROLE:
            return row.partner_id
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and row.flagged and self.highlight_flagged:
            return QBrush(REVIEW_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return QBrush(STATUS_COLOURS[PartnerStatus(row.status)])
        if role == Qt.ItemDataRole.ForegroundRole and key == "trend":
            trend = row.sales_trend
            if trend is not None and trend != 0:
                dark = is_dark()
                if trend > 0:
                    return QBrush(UP_ON_DARK if dark else UP)
                return QBrush(DOWN_ON_DARK if dark else DOWN)
        missing = row.impressions is None and key in ("impressions", "ctr")
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return QBrush(QColor("#8a8a8a"))  # not imported: said in grey, never 0 %
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("impressions", "ctr") and row.impressions is None:
                return f"{NO_IMPRESSIONS.capitalize()} for this partner and period"
            if row.flagged:
                return "Review this partner: " + "; ".join(row.review_reasons)
            if key == "trend":
                previous = format_money(row.previous_sales, self.currency, self.locale)
                return f"Previous period: {previous} from {row.previous_orders} orders"
        return None

    def _display(self, row: PartnerPerformance, key: str) -> str:
        if key == "name":
            return row.name
        if key == "type":
            return row.partner_type
        if key == "status":
            return row.status.capitalize()
        if key == "clicks":
            return f"{row.clicks:,}"
        if key == "impressions":
            return "none imported" if row.impressions is None else f"{row.impressions:,}"
        if key == "ctr":
            return "—" if row.ctr is None else percent(row.ctr, 2)
        if key == "orders":
            return f"{row.orders:,}"
        if key == "conversion":
            return "—" if row.conversion is None else percent(row.conversion, 2)
        if key == "sales":
            return format_money(row.sales, self.currency, self.locale)
        if key == "commission":
            if row.commission is None:
                return "—"
            return format_money(row.commission, self.currency, self.locale)
        if key == "bonus":
            return "—" if row.bonus is None else format_money(row.bonus, self.currency, self.locale)
        if key == "trend":
            return trend_text(row.sales_trend)
        if key == "review":
            return "⚑ " + "; ".join(row.review_reasons) if row.flagged else ""
        raise KeyError(key)

    def _sort_value(self, row: PartnerPerformance, key: str) -> Any:
        numbers: dict[str, Any] = {
            "clicks": row.clicks,
            "impressions": -1 if row.impressions is None else row.impressions,
            "ctr": float(row.ctr) if row.ctr is not None else -1.0,
            "orders": row.orders,
            "conversion": float(row.conversion) if row.conversion is not None else -1.0,
            "sales": float(row.sales),
            "commission": float(row.commission or 0),
            "bonus": float(row.bonus or 0),
            "trend": float(row.sales_trend) if row.sales_trend is not None else 1e18,
            "review": len(row.review_reasons),
        }
        if key in numbers:
            return numbers[key]
        return self._display(row, key).casefold()
