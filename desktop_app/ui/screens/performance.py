"""Partner performance: every partner's figures for the month, with a trend against the month
before, and the partners below the review thresholds flagged, ready to pause or terminate."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.partners import PartnerStatus
from desktop_app.services import partners, performance
from desktop_app.services.performance import PartnerPerformance, Period, Thresholds
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.status_dialog import StatusDialog, ask_status_change
from desktop_app.ui.models.performance_model import ALL_COLUMNS, PerformanceTableModel
from desktop_app.ui.screens.dashboard_parts import performance_table
from desktop_app.ui.widgets.tables import auto_fit, restore_header, save_header


class ReviewFilter(QSortFilterProxyModel):
    """Filters by partner name (case-insensitive) and, optionally, to flagged partners only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.flagged_only = False

    def set_filter(self, text: str, flagged_only: bool) -> None:
        begin = getattr(self, "beginFilterChange", None)  # Qt 6.9+; older: invalidate
        if begin is not None:
            begin()
        self.text = text.strip().casefold()
        self.flagged_only = flagged_only
        if begin is not None:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PerformanceTableModel)
        item = model.row_at(row)
        if self.flagged_only and not item.flagged:
            return False
        return not self.text or self.text in item.name.casefold()


class PerformancePanel(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._period: Period | None = None
        self._rows: list[PartnerPerformance] = []
        self._currency = "USD"
        self._locale = "en_US"
        self.model = PerformanceTableModel()
        self.table, _plain_proxy = performance_table(self.model, self)
        self.proxy = ReviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(PerformanceTableModel.SORT_ROLE)
        self.table.setModel(self.proxy)
        self.table.setObjectName("performanceTable")
        auto_fit(self.table)
        self.table.sortByColumn(list(ALL_COLUMNS).index("sales"), Qt.SortOrder.DescendingOrder)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a partner  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.min_conversion = QDoubleSpinBox()
        self.min_conversion.setRange(0, 100)
        self.min_conversion.setDecimals(2)
        self.min_conversion.setSingleStep(0.25)
        self.min_conversion.setSuffix(" %")
        self.min_conversion.setValue(1.0)
        self.min_conversion.setToolTip("Flag partners whose conversion (orders ÷ clicks) is lower")
        self.min_ctr = QDoubleSpinBox()
        self.min_ctr.setObjectName("minCtr")
        self.min_ctr.setRange(0, 100)
        self.min_ctr.setDecimals(2)
        self.min_ctr.setSingleStep(0.25)
        self.min_ctr.setSuffix(" %")
        self.min_ctr.setValue(1.0)
        self.min_ctr.setToolTip(
            "Flag partners whose click-through rate (clicks ÷ impressions) is lower; only "
            "partners with impressions imported are judged"
        )
        self.min_sales = QDoubleSpinBox()
        self.min_sales.setRange(0, 10_000_000)
        self.min_sales.setDecimals(2)
        self.min_sales.setSingleStep(50)
        self.min_sales.setValue(100.0)
        self.min_sales.setToolTip(
            "Flag partners whose sales in the month are lower (base currency)"
        )
        for box in (self.min_conversion, self.min_ctr, self.min_sales):
            box.setKeyboardTracking(False)
            box.valueChanged.connect(lambda _v: self.reload())
        self.flagged_only = QCheckBox("Only partners to &review")
        self.flagged_only.toggled.connect(self._filter)

        self.detail_button = QPushButton("&Details…")
        self.detail_button.setToolTip("Orders, payout runs, statements and history (Enter)")
        self.detail_button.clicked.connect(self.open_selected)
        self.pause_button = QPushButton("P&ause")
        self.pause_button.setToolTip("Hold new commission until you reactivate the partner")
        self.pause_button.clicked.connect(self.pause_selected)
        self.terminate_button = QPushButton("&Terminate…")
        self.terminate_button.setToolTip("No commission on orders after the termination date")
        self.terminate_button.clicked.connect(self.terminate_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        thresholds = QHBoxLayout()
        thresholds.addWidget(self.search, 1)
        thresholds.addSpacing(12)
        conversion_label = QLabel("Review below &conversion")
        conversion_label.setBuddy(self.min_conversion)
        sales_label = QLabel("or &sales")
        sales_label.setBuddy(self.min_sales)
        ctr_label = QLabel("CTR")
        ctr_label.setBuddy(self.min_ctr)
        for widget in (
            conversion_label,
            self.min_conversion,
            ctr_label,
            self.min_ctr,
            sales_label,
            self.min_sales,
        ):
            thresholds.addWidget(widget)
        thresholds.addSpacing(12)
        thresholds.addWidget(self.flagged_only)

        actions = QHBoxLayout()
        self.count_label = QLabel()
        actions.addWidget(self.count_label, 1)
        for button in (self.detail_button, self.pause_button, self.terminate_button):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(thresholds)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.setTabOrder(self.search, self.min_conversion)
        self.setTabOrder(self.min_conversion, self.min_ctr)
        self.setTabOrder(self.min_ctr, self.min_sales)
        self.setTabOrder(self.min_sales, self.flagged_only)
        self.setTabOrder(self.flagged_only, self.table)
        self.setTabOrder(self.table, self.detail_button)
        self._update_buttons()

    # data ---------------------------------------------------------------------------------
    def thresholds(self) -> Thresholds:
        return Thresholds(
            min_conversion=Decimal(f"{self.min_conversion.value():.2f}") / 100,
            min_ctr=Decimal(f"{self.min_ctr.value():.2f}") / 100,
            min_sales=Decimal(f"{self.min_sales.value():.2f}"),
        )

    def show_rows(
        self, period: Period, rows: list[PartnerPerformance], currency: str, locale: str
    ) -> None:
        """The month's figures, read by the Dashboard; flags follow this panel's thresholds."""
        self._period = period
        self._rows = rows
        self._currency = currency
        self._locale = locale
        self.reload()

    def reload(self) -> None:
        """Flag the rows again for the current thresholds (no need to read the store)."""
        selected = self.selected()
        flagged = performance.review(self._rows, self.thresholds(), self._currency)
        self.model.set_rows(flagged, self._currency, self._locale)
        if selected is not None:
            self.select_partner(selected.partner_id)
        self._filter()

    def _filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.flagged_only.isChecked())
        rows = self.model.rows()
        flagged = sum(1 for r in rows if r.flagged)
        shown = self.proxy.rowCount()
        self.count_label.setText(
            f"{shown} of {len(rows)} partners shown · {flagged} to review"
            if shown != len(rows)
            else f"{len(rows)} partners · {flagged} to review"
        )
        self._update_buttons()

    def flagged_names(self) -> list[str]:
        return [r.name for r in self.model.rows() if r.flagged]

    def selected(self) -> PartnerPerformance | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection else []
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def select_partner(self, partner_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(PerformanceTableModel.PARTNER_ID_ROLE) == partner_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return

    def _update_buttons(self) -> None:
        item = self.selected()
        self.detail_button.setEnabled(item is not None)
        live = item is not None and item.status != PartnerStatus.TERMINATED.value
        self.terminate_button.setEnabled(live)
        paused = item is not None and item.status == PartnerStatus.PAUSED.value
        self.pause_button.setEnabled(live)
        self.pause_button.setText("Re&activate" if paused else "P&ause")

    # actions ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_detail(item.partner_id)

    def open_detail(self, partner_id: int) -> QWidget:
        from desktop_app.ui.dialogs.partner_detail import PartnerDetailDialog

        dialog = PartnerDetailDialog(self.store, partner_id, self._period, self)
        dialog.open()
        return dialog

    def pause_selected(self) -> StatusDialog | None:
        item = self.selected()
        if item is None:
            return None
        paused = item.status == PartnerStatus.PAUSED.value
        return self.change_status(
            item.partner_id, PartnerStatus.ACTIVE if paused else PartnerStatus.PAUSED
        )

    def terminate_selected(self) -> StatusDialog | None:
        item = self.selected()
        if item is None:
            return None
        return self.change_status(item.partner_id, PartnerStatus.TERMINATED)

    def change_status(self, partner_id: int, status: PartnerStatus) -> StatusDialog:
        """The change is announced from this panel: the Dashboard reads the figures again,
        this panel with them."""
        partner = partners.load_partner(self.store, partner_id)
        return ask_status_change(self, self.store, partner, status)

    # layout memory ------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        save_header(settings, "performance/header", self.table)
        settings.setValue("performance/min_conversion", self.min_conversion.value())
        settings.setValue("performance/min_sales", self.min_sales.value())
        settings.setValue("performance/min_ctr", self.min_ctr.value())

    def restore_state(self, settings: QSettings) -> None:
        restore_header(settings, "performance/header", self.table)
        for box, key in (
            (self.min_conversion, "performance/min_conversion"),
            (self.min_sales, "performance/min_sales"),
            (self.min_ctr, "performance/min_ctr"),
        ):
            value = settings.value(key)
            if value is not None:
                box.blockSignals(True)
                box.setValue(float(value))
                box.blockSignals(False)
        self.reload()
