"""A lazy table model over the orders in the store: it knows the row count and fetches only
the pages the view paints, sorted by the database (never a proxy over a big Python list)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import Qt

from desktop_app.domain.money import format_money
from desktop_app.domain.order_fields import ORDER_TEXT_COLUMNS
from desktop_app.services import orders_api
from desktop_app.services.orders_query import (
    OrderFilter,
    OrderSort,
    OrderView,
)
from desktop_app.store.database import Store
from desktop_app.ui.models.base import RIGHT, Index, TableModel

PAGE = 200
KEPT_PAGES = 50
STATUS_TEXT = {
    "confirmed": "Confirmed",
    "pending": "Pending",
    "cancelled": "Cancelled",
    "refunded": "Refunded",
}
# The descriptive columns shown (order_fields: `listed`), by their place in OrderView.texts.
LISTED = tuple((c.label, i) for i, c in enumerate(ORDER_TEXT_COLUMNS) if c.listed)
# (header, sort key or None when the column cannot be sorted in the database)
COLUMNS: list[tuple[str, OrderSort | None]] = [
    ("Date", OrderSort.DATE),
    ("Order id", OrderSort.ORDER_ID),
    ("Partner", OrderSort.PARTNER),
    ("Partner name", None),
    ("Amount", OrderSort.AMOUNT),
    *((label, None) for label, _ in LISTED),
    ("Status", OrderSort.STATUS),
    ("Batch", None),
]
AMOUNT_COLUMN = 4
FIRST_TEXT_COLUMN = AMOUNT_COLUMN + 1
STATUS_COLUMN = FIRST_TEXT_COLUMN + len(LISTED)


class OrdersTableModel(TableModel):
    def __init__(self, store: Store, locale: str = "en_US") -> None:
        super().__init__()
        self.store = store
        self.locale = locale
        self.filter = OrderFilter()
        self.sort_key = OrderSort.DATE
        self.descending = True
        self._count = 0
        self._pages: OrderedDict[int, list[OrderView]] = OrderedDict()

    # loading ------------------------------------------------------------------------------
    def reload(self, order_filter: OrderFilter | None = None) -> None:
        self.beginResetModel()
        if order_filter is not None:
            self.filter = order_filter
        self._pages.clear()
        self._count = orders_api.count_matching(self.store, self.filter)
        self.endResetModel()

    def _page(self, number: int) -> list[OrderView]:
        page = self._pages.get(number)
        if page is None:
            page = orders_api.fetch_page(
                self.store,
                self.filter,
                self.sort_key,
                self.descending,
                number * PAGE,
                PAGE,
                matches=self._count,
            )
            self._pages[number] = page
            while len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def order_at(self, row: int) -> OrderView | None:
        if not 0 <= row < self._count:
            return None
        page = self._page(row // PAGE)
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    # Qt model -----------------------------------------------------------------------------
    def row_total(self) -> int:
        return self._count

    def column_total(self) -> int:
        return len(COLUMNS)

    def header(self, section: int) -> str:
        return COLUMNS[section][0]

    def header_tip(self, section: int) -> str | None:
        return "This column cannot be sorted" if COLUMNS[section][1] is None else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == AMOUNT_COLUMN:
            return RIGHT
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        order = self.order_at(index.row())
        if order is None:
            return None
        column = index.column()
        if column == 0:
            return order.order_date.isoformat()
        if column == 1:
            return order.external_id
        if column == 2:
            return order.partner_code
        if column == 3:
            return order.partner_name
        if column == AMOUNT_COLUMN:
            return format_money(order.amount, order.currency, self.locale)
        if FIRST_TEXT_COLUMN <= column < STATUS_COLUMN:
            return order.texts[LISTED[column - FIRST_TEXT_COLUMN][1]]
        if column == STATUS_COLUMN:
            status = STATUS_TEXT.get(order.status, order.status)
            if order.refunded and order.status == "confirmed":
                status += ", partly refunded"
            return f"{status} (historical)" if order.historical else status
        return "" if order.batch_id is None else str(order.batch_id)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()
