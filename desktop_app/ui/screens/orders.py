"""The Orders screen: every imported order (fast on a million rows), the import batches with
undo, and the import wizard (File → Import, Ctrl+I)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.months import month_end
from desktop_app.errors import UserError
from desktop_app.services import imports, orders_api
from desktop_app.services.changes import Changes
from desktop_app.services.orders_query import OrderFilter
from desktop_app.store.database import Store
from desktop_app.ui.events import announce
from desktop_app.ui.message import confirm_destructive
from desktop_app.ui.models.orders_model import COLUMNS, OrdersTableModel
from desktop_app.ui.models.records_model import RecordsTableModel
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.widgets.tables import auto_fit, fit_columns, restore_header, save_header

EMPTY_TEXT = (
    "<h2>No orders yet</h2>"
    "<p>Import the orders your marketplace or shop exported (.xlsx, .xls, .ods or .csv)<br>"
    "with <b>Import…</b> or File → Import orders (<b>Ctrl+I</b>).</p>"
    "<p>Clicks and refunds are imported the same way.</p>"
)
STATUSES = [
    ("All statuses", None),
    ("Confirmed", "confirmed"),
    ("Pending", "pending"),
    ("Refunded", "refunded"),
    ("Cancelled", "cancelled"),
]
CUSTOM_PERIOD = "custom"
BATCH_HEADERS = [
    "Batch",
    "Kind",
    "File",
    "Source",
    "Imported",
    "Added",
    "Updated",
    "Unchanged",
    "State",
]


class OrdersScreen(Screen):
    listens_to = Changes.ORDERS | Changes.PARTNERS | Changes.SETTINGS  # filters, names, locale

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = OrdersTableModel(store)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Order id or partner code starts with…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(260)
        self.search.textChanged.connect(self.apply_filter)
        self.period = QComboBox()
        self.period.setToolTip("Only orders dated in this month, or between two dates")
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit, tip in ((self.date_from, "From (inclusive)"), (self.date_to, "To (inclusive)")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setToolTip(tip)
            edit.setDate(QDate.currentDate())
            edit.hide()
            edit.dateChanged.connect(self.apply_filter)
        self.partner = QComboBox()
        self.partner.setToolTip("Only this partner's orders")
        for combo, letters in ((self.period, 12), (self.partner, 20)):  # long names elide
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(letters)
        self.status = QComboBox()
        for text, value in STATUSES:
            self.status.addItem(text, value)
        self.batch = QComboBox()
        self.batch.setToolTip("Only the orders added by this import")
        for combo in (self.period, self.partner, self.status, self.batch):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.import_button = QPushButton("&Import…")
        self.import_button.setToolTip(
            "Import orders, refunds or clicks from a spreadsheet (Ctrl+I)"
        )
        self.import_button.clicked.connect(self.open_import_wizard)

        self.table = QTableView()
        self.table.setObjectName("ordersTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((96, 130, 110, 180, 110, 120, 120, 60)):
            self.table.setColumnWidth(column, width)  # until there are rows to fit them to
        self.model.modelReset.connect(lambda: fit_columns(self.table))
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.order_stack = QStackedWidget()
        self.order_stack.addWidget(self.table)
        self.order_stack.addWidget(self.empty)
        self.count_label = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for widget in (
            self.period,
            self.date_from,
            self.date_to,
            self.partner,
            self.status,
            self.batch,
        ):
            filters.addWidget(widget)
        filters.addSpacing(12)
        filters.addWidget(self.import_button)
        orders_page = QWidget()
        orders_layout = QVBoxLayout(orders_page)
        orders_layout.addLayout(filters)
        orders_layout.addWidget(self.order_stack, 1)
        orders_layout.addWidget(self.count_label)

        self.batch_model = RecordsTableModel(BATCH_HEADERS, right_aligned=(0, 5, 6, 7))
        self.batch_table = QTableView()
        self.batch_table.setObjectName("batchesTable")
        self.batch_table.setModel(self.batch_model)
        self.batch_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.batch_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.batch_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.batch_table.verticalHeader().hide()
        self.batch_table.setWordWrap(False)
        auto_fit(self.batch_table)
        self.batch_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.undo_button = QPushButton("&Undo import…")
        self.undo_button.setToolTip(
            "Remove the rows this import added (not possible once a locked payout run uses them)"
        )
        self.undo_button.clicked.connect(self.undo_selected_batch)
        batches_page = QWidget()
        batches_layout = QVBoxLayout(batches_page)
        batch_tools = QHBoxLayout()
        batch_tools.addWidget(QLabel("Every import is recorded; an import can be undone."), 1)
        batch_tools.addWidget(self.undo_button)
        batches_layout.addLayout(batch_tools)
        batches_layout.addWidget(self.batch_table, 1)
        self._batches: list[imports.BatchInfo] = []

        self.tabs = QTabWidget()
        self.tabs.addTab(orders_page, "Orders")
        self.tabs.addTab(batches_page, "Import history")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self._loading = False
        self.refresh()

    # data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the filter choices, the batches and the orders (after an import or undo)."""
        self._loading = True
        try:
            choices = orders_api.order_choices(self.store)
            self.model.locale = choices.locale
            months, partners, self._batches = choices.months, choices.partners, choices.batches
            self._refill(
                self.period,
                "All months",
                [(m.strftime("%B %Y"), m) for m in months] + [("Dates…", CUSTOM_PERIOD)],
            )
            if months and self.period.currentData() != CUSTOM_PERIOD:
                self.date_from.setDate(QDate(months[-1]))
                self.date_to.setDate(QDate(month_end(months[0])))
            self._refill(
                self.partner,
                "All partners",
                [
                    (f"{p.primary_code} — {p.name}", p.id)
                    for p in sorted(partners, key=lambda p: p.name)
                ],
            )
            self._refill(
                self.batch,
                "All imports",
                [(f"#{b.id} {b.file_name}", b.id) for b in self._batches if b.kind == "orders"],
            )
            self.batch_model.set_rows(
                [
                    (
                        str(b.id),
                        b.kind,
                        b.file_name,
                        b.source,
                        b.imported_at,
                        str(b.added),
                        str(b.updated),
                        str(b.unchanged),
                        "undone" if b.undone else ("historical" if b.historical else "imported"),
                    )
                    for b in self._batches
                ]
            )
        finally:
            self._loading = False
        self.apply_filter()
        self._update_buttons()

    @staticmethod
    def _refill(combo: QComboBox, everything: str, items: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, value in items:
            combo.addItem(text, value)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def current_filter(self) -> OrderFilter:
        month = self.period.currentData()
        custom = month == CUSTOM_PERIOD
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        if custom:
            start: date | None = self.date_from.date().toPython()  # type: ignore[assignment]
            end: date | None = self.date_to.date().toPython()  # type: ignore[assignment]
        else:
            start, end = month, month_end(month) if month else None
        return OrderFilter(
            start=start,
            end=end,
            partner_id=self.partner.currentData(),
            status=self.status.currentData(),
            batch_id=self.batch.currentData(),
            search=self.search.text(),
        )

    def apply_filter(self) -> None:
        if self._loading:
            return
        order_filter = self.current_filter()
        self.model.reload(order_filter)
        filtering = order_filter != OrderFilter()
        count = self.model.rowCount()
        self.order_stack.setCurrentWidget(self.table if count or filtering else self.empty)
        plural = "" if count == 1 else "s"
        self.count_label.setText(
            f"{count:,} order{plural}" + (" match the filter" if filtering else "")
        )

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMNS[column][1] is None:  # keep the indicator on the column really sorted
            current = [key for _, key in COLUMNS].index(self.model.sort_key)
            wanted = (
                Qt.SortOrder.DescendingOrder
                if self.model.descending
                else Qt.SortOrder.AscendingOrder
            )
            self.table.horizontalHeader().blockSignals(True)
            self.table.horizontalHeader().setSortIndicator(current, wanted)
            self.table.horizontalHeader().blockSignals(False)

    # actions ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def open_import_wizard(self) -> QWidget:
        from desktop_app.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.store, self)
        wizard.open()
        return wizard

    def selected_batch(self) -> imports.BatchInfo | None:
        rows = self.batch_table.selectionModel().selectedRows()
        return self._batches[rows[0].row()] if rows else None

    def data_changed(self, changes: Changes) -> None:
        """Even when hidden: the filters and the import history stay current."""
        self.refresh()

    def _update_buttons(self) -> None:
        batch = self.selected_batch()
        self.undo_button.setEnabled(batch is not None and not batch.undone)

    def undo_selected_batch(self) -> QMessageBox | None:
        batch = self.selected_batch()
        if batch is None or batch.undone:
            return None

        def undo() -> None:
            try:
                undone = imports.undo_batch(self.store, batch.id)
            except UserError as exc:
                QMessageBox.warning(self, "Undo import", str(exc))
                return
            announce(undone.changes)  # this screen too reads the orders and batches again
            self.count_label.setText(
                f"Import #{batch.id} undone: {undone.value} rows removed or restored"
            )

        return confirm_destructive(
            self,
            "Undo import",
            f"Undo import #{batch.id} of {batch.file_name}?\n\n"
            f"The {batch.added} rows it added will be removed and the {batch.updated} rows it "
            "changed get their previous values back. The import stays in the history, marked "
            "as undone.",
            "Undo import",
            undo,
            icon=QMessageBox.Icon.Question,
        )

    # layout -------------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        save_header(settings, "orders/header", self.table)

    def restore_state(self, settings: QSettings) -> None:
        restore_header(settings, "orders/header", self.table)
