"""The Partners screen: searchable, sortable list with add, edit, pause, terminate and fraud
flags (flag a partner, lift the flag)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.partners import Partner, PartnerInput, PartnerStatus
from desktop_app.services import partners as service
from desktop_app.services.changes import Changed, Changes
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.partner_dialog import PartnerDialog
from desktop_app.ui.dialogs.status_dialog import StatusDialog, ask_status_change
from desktop_app.ui.events import announce
from desktop_app.ui.models.partners_model import PartnersTableModel
from desktop_app.ui.screens import partner_fraud
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.widgets.tables import auto_fit, restore_header, save_header

EMPTY_TEXT = (
    "<h2>No partners yet</h2>"
    "<p>Add the bloggers, coupon and review sites you pay commission to with "
    "<b>New partner</b> (Ctrl+N),<br>or import an orders file: unknown partner codes can be "
    "created for you.</p>"
)


class PartnersScreen(Screen):
    listens_to = Changes.PARTNERS | Changes.PLANS  # the list shows each one's plan in force

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model = PartnersTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(PartnersTableModel.SORT_ROLE)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, code, e-mail or type  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        for status in PartnerStatus:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.status_filter.currentIndexChanged.connect(self.refresh)

        self.new_button = QPushButton("&New partner")
        self.new_button.setToolTip("Add a partner (Ctrl+N)")
        self.new_button.clicked.connect(self.add_partner)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.pause_button = QPushButton("&Pause")
        self.pause_button.clicked.connect(self.toggle_pause_selected)
        self.terminate_button = QPushButton("&Terminate…")
        self.terminate_button.clicked.connect(self.terminate_selected)
        self.flag_button = QPushButton("Flag as &fraud…")
        self.flag_button.setToolTip("Flag partner as fraud: withhold all unpaid commission")
        self.flag_button.clicked.connect(self.flag_selected)
        self.lift_button = QPushButton("Lift fraud fla&g…")
        self.lift_button.setToolTip("Lift partner fraud flag: pay and release what it withheld")
        self.lift_button.clicked.connect(self.lift_flag_selected)
        self.flagged = False

        self.table = QTableView()
        self.table.setObjectName("partnersTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        auto_fit(self.table)  # when the first partners arrive, not while the list is empty
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.count_label = QLabel()

        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.status_filter)
        tools.addSpacing(12)
        for button in (
            self.new_button,
            self.edit_button,
            self.pause_button,
            self.terminate_button,
            self.flag_button,
            self.lift_button,
        ):
            tools.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.count_label)

        edit = QAction(self.table)
        edit.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        edit.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        edit.triggered.connect(self.edit_selected)
        self.table.addAction(edit)

        self.refresh()

    # data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_partner()
        status = self.status_filter.currentData()
        listed = service.find_partners(
            self.store,
            search=self.search.text(),
            status=PartnerStatus(status) if status else None,
            on=date.today(),
        )
        found = listed.partners
        self.model.set_partners(found, listed.plans_in_force)
        filtering = bool(self.search.text() or status)
        self.stack.setCurrentWidget(self.table if found or filtering else self.empty)
        plural = "" if len(found) == 1 else "s"
        self.count_label.setText(
            f"{len(found)} partner{plural}" + (" match the filter" if filtering else "")
        )
        if selected is not None:
            self.select_partner(selected.id)
        self._update_buttons()

    def selected_partner(self) -> Partner | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.partner_at(self.proxy.mapToSource(rows[0]).row())

    def select_partner(self, partner_id: int) -> None:
        row = self.model.row_of(partner_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _update_buttons(self) -> None:
        partner = self.selected_partner()
        self.edit_button.setEnabled(partner is not None)
        live = partner is not None and partner.status is not PartnerStatus.TERMINATED
        self.pause_button.setEnabled(live)
        self.terminate_button.setEnabled(live)
        paused = partner is not None and partner.status is PartnerStatus.PAUSED
        self.pause_button.setText("Re&activate" if paused else "&Pause")
        self.flagged = partner is not None and partner_fraud.is_flagged(self.store, partner.id)
        self.flag_button.setEnabled(partner is not None and not self.flagged)
        self.lift_button.setEnabled(self.flagged)

    # actions ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _types(self) -> list[str]:
        return service.load_partner_types(self.store)

    def add_partner(self) -> PartnerDialog:
        def save(data: PartnerInput) -> Changed[Partner]:
            return service.add_partner(self.store, data)

        dialog = PartnerDialog(save, self._types(), parent=self)
        dialog.accepted.connect(lambda: self._after_save(dialog, clear_search=True))
        dialog.open()
        return dialog

    def edit_selected(self) -> PartnerDialog | None:
        partner = self.selected_partner()
        if partner is None:
            return None

        def save(data: PartnerInput) -> Changed[Partner]:
            return service.edit_partner(self.store, partner.id, data)

        dialog = PartnerDialog(save, self._types(), partner=partner, parent=self)
        dialog.accepted.connect(lambda: self._after_save(dialog, clear_search=False))
        dialog.open()
        return dialog

    def _after_save(self, dialog: PartnerDialog, *, clear_search: bool) -> None:
        if clear_search:
            self.search.clear()
        self.refresh()
        if dialog.saved is not None:
            self.select_partner(dialog.saved.id)
        dialog.deleteLater()
        announce(dialog.changes, self)  # the Dashboard, the Orders filter, the guide's ticks

    def toggle_pause_selected(self) -> StatusDialog | None:
        partner = self.selected_partner()
        if partner is None:
            return None
        paused = partner.status is PartnerStatus.PAUSED
        return self._change_status(
            partner, PartnerStatus.ACTIVE if paused else PartnerStatus.PAUSED
        )

    def terminate_selected(self) -> StatusDialog | None:
        partner = self.selected_partner()
        if partner is None:
            return None
        return self._change_status(partner, PartnerStatus.TERMINATED)

    def flag_selected(self) -> QDialog | None:
        partner = self.selected_partner()
        if partner is None or self.flagged:
            return None
        return partner_fraud.flag_partner(self, self.store, partner, self.refresh)

    def lift_flag_selected(self) -> QDialog | None:
        partner = self.selected_partner()
        if partner is None or not self.flagged:
            return None
        return partner_fraud.lift_flag(self, self.store, partner, self.refresh)

    def _change_status(self, partner: Partner, status: PartnerStatus) -> StatusDialog:
        return ask_status_change(self, self.store, partner, status, self.refresh)

    # layout memory ------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        save_header(settings, "partners/header", self.table)

    def restore_state(self, settings: QSettings) -> None:
        restore_header(settings, "partners/header", self.table)
