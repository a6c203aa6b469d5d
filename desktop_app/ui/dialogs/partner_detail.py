"""A partner's page: who they are, how they did this month, and their whole history — orders,
payout runs, statements, adjustments and the audit log entries about them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import format_money
from desktop_app.domain.partners import Partner, PartnerStatus
from desktop_app.services import partner_history, performance
from desktop_app.services.performance import Period
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.partner_history import History
from desktop_app.ui.dialogs.partner_history import histories as history_tabs
from desktop_app.ui.models.partners_model import PAYOUT_LABELS, STATUS_COLOURS
from desktop_app.ui.models.records_model import RecordsTableModel
from desktop_app.ui.widgets.tables import auto_fit


def history_table(history: History) -> QWidget:
    model = RecordsTableModel(history.headers, history.right)
    model.set_rows(history.rows, history.sort_keys or None)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(RecordsTableModel.SORT_ROLE)
    table = QTableView()
    table.setModel(proxy)
    proxy.setParent(table)
    model.setParent(table)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    auto_fit(table)
    empty = QLabel(history.empty)
    empty.setObjectName("emptyState")
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setWordWrap(True)
    stack = QStackedWidget()
    stack.addWidget(table)
    stack.addWidget(empty)
    stack.setCurrentWidget(table if history.rows else empty)
    return stack


class PartnerDetailDialog(QDialog):
    def __init__(
        self,
        store: Store,
        partner_id: int,
        period: Period | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.partner_id = partner_id
        self.period = period or performance.last_full_month()
        self.resize(900, 600)
        self.setSizeGripEnabled(True)
        self.heading = QLabel()
        self.facts = QFormLayout()
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.tabs = QTabWidget()
        self.pause_button = QPushButton("P&ause")
        self.pause_button.clicked.connect(self._toggle_pause)
        self.terminate_button = QPushButton("&Terminate…")
        self.terminate_button.clicked.connect(self._terminate)
        self.terms_button = QPushButton("Terms &sheet…")
        self.terms_button.setToolTip("What this partner earns and how they are paid (PDF)")
        self.terms_button.clicked.connect(self._terms)
        self.annual_button = QPushButton("Annual state&ment…")
        self.annual_button.setToolTip("What this partner was paid in a year (PDF)")
        self.annual_button.clicked.connect(self._annual)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Enter closes the page; it must never pause or terminate a partner.
        for button in (
            self.pause_button,
            self.terminate_button,
            self.terms_button,
            self.annual_button,
        ):
            button.setAutoDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.pause_button)
        bottom.addWidget(self.terminate_button)
        bottom.addWidget(self.terms_button)
        bottom.addWidget(self.annual_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        top = QHBoxLayout()
        facts = QWidget()
        facts.setLayout(self.facts)
        top.addWidget(facts, 1)
        top.addWidget(self.figures, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.load()

    def load(self) -> None:
        page = partner_history.load_partner_page(self.store, self.partner_id, self.period)
        partner, profile, rows = page.partner, page.profile, page.performance
        histories = history_tabs(page)
        self.partner = partner
        self.setWindowTitle(f"{partner.name} — partner details")
        colour = STATUS_COLOURS[partner.status].name()
        since = (
            f" since {partner.status_date.isoformat()}"
            if partner.status is not PartnerStatus.ACTIVE
            else ""
        )
        self.heading.setText(
            f"<h2>{partner.name}</h2><span style='color:{colour}'><b>"
            f"{partner.status.value.capitalize()}</b>{since}</span>"
        )
        self._show_facts(partner)
        if rows:
            r = rows[0]
            money: Callable[[Any], str] = lambda a: format_money(  # noqa: E731
                a, profile.base_currency, profile.locale
            )
            conversion = "—" if r.conversion is None else performance.percent(r.conversion, 2)
            commission = "—" if r.commission is None else money(r.commission)
            ctr = (
                performance.NO_IMPRESSIONS
                if r.impressions is None
                else f"{r.impressions:,} impressions · CTR "
                + ("—" if r.ctr is None else performance.percent(r.ctr, 2))
            )
            self.figures.setText(
                f"<b>{self.period.label}</b><br>{ctr}<br>{r.clicks:,} clicks · "
                f"{r.orders:,} orders · conversion {conversion}<br>sales {money(r.sales)} "
                f"(previous month "
                f"{money(r.previous_sales)}) · commission {commission}"
                + (
                    "<br><span style='color:#b26a00'>⚑ Review: "
                    + "; ".join(r.review_reasons)
                    + "</span>"
                    if r.flagged
                    else ""
                )
            )
        else:
            self.figures.setText(f"<b>{self.period.label}</b><br>No activity.")
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        for history in histories:
            label = f"{history.title} ({len(history.rows)})" if history.rows else history.title
            self.tabs.addTab(history_table(history), label)
        live = partner.status is not PartnerStatus.TERMINATED
        self.pause_button.setEnabled(live)
        self.terminate_button.setEnabled(live)
        paused = partner.status is PartnerStatus.PAUSED
        self.pause_button.setText("Re&activate" if paused else "P&ause")

    def _show_facts(self, partner: Partner) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for label, value in [
            ("Codes", ", ".join(partner.codes)),
            ("Type", partner.partner_type or "—"),
            ("E-mail", partner.email or "—"),
            ("Country", partner.country or "—"),
            ("Payout", PAYOUT_LABELS.get(partner.payout_method.value, "")),
            ("Joined", partner.join_date.isoformat()),
        ]:
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(label, text)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def _terms(self) -> object:
        from desktop_app.ui.partner_documents import save_terms

        return save_terms(self, self.store, self.partner_id)

    def _annual(self) -> object:
        from desktop_app.ui.partner_documents import save_annual_statement

        return save_annual_statement(self, self.store, self.partner_id)

    def _toggle_pause(self) -> None:
        paused = self.partner.status is PartnerStatus.PAUSED
        self._change(PartnerStatus.ACTIVE if paused else PartnerStatus.PAUSED)

    def _terminate(self) -> None:
        self._change(PartnerStatus.TERMINATED)

    def _change(self, status: PartnerStatus) -> None:
        from desktop_app.ui.dialogs.status_dialog import ask_status_change

        ask_status_change(self, self.store, self.partner, status, self.load)
