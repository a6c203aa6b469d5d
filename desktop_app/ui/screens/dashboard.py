"""The Dashboard: the month at a glance (KPI cards, charts, best and weakest partners) and,
on its second tab, every partner's performance with the ones worth a review flagged.

The figures are read on a worker thread (a store may hold a million orders); the previous
figures stay on screen with "Updating…" until the new ones arrive, and an answer for a month
the user has already left is dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop_app.errors import UserError
from desktop_app.services.changes import Changes
from desktop_app.services.orders_api import first_order_date
from desktop_app.services.performance import Period, Thresholds
from desktop_app.services.performance_overview import MonthOverview, load_month_overview
from desktop_app.store.database import Store
from desktop_app.ui.message import user_text
from desktop_app.ui.models.performance_model import PerformanceTableModel
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.screens.dashboard_overview import OverviewPanel
from desktop_app.ui.screens.dashboard_parts import MonthPicker
from desktop_app.ui.screens.performance import PerformancePanel
from desktop_app.ui.workers import Job

EMPTY_TEXT = (
    "<h2>Nothing to show yet</h2>"
    "<p>The Dashboard fills in once there are orders. Each month:</p>"
    "<p>1. enter your shop's <b>profile</b> (Settings) &nbsp;·&nbsp; 2. add your <b>partners</b> "
    "(Ctrl+N) &nbsp;·&nbsp; 3. set up <b>commission plans</b><br>4. <b>import</b> the month's "
    "orders (Ctrl+I) &nbsp;·&nbsp; 5. create and lock the <b>payout run</b>, send the "
    "<b>statements</b></p>"
    "<p>Help → Getting started walks you through it; File → Open the demo store shows a "
    "filled-in example.</p>"
)


def load_month(store: Store, period: Period, thresholds: Thresholds) -> MonthOverview:
    return load_month_overview(store, period, thresholds)


class DashboardScreen(Screen):
    """`loaded` is emitted each time new figures are on screen (or could not be read)."""

    loaded = Signal()
    listens_to = Changes.ALL  # every figure depends on orders, partners, plans, runs, rates…

    def __init__(
        self, store: Store, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._stale = True
        self._refresh_queued = False
        self._generation = 0
        self._jobs: set[Job] = set()
        self.loading = False
        title = QLabel("<h2>Dashboard</h2>")
        self.picker = MonthPicker(self, today=today)
        self.picker.period_changed.connect(lambda _p: self.refresh())
        picker_label = QLabel("&Month")
        picker_label.setBuddy(self.picker)
        self.picker_label = picker_label
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Read the figures again (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(picker_label)
        header.addWidget(self.picker)
        header.addWidget(self.refresh_button)

        self.updating = QLabel("Updating…")
        self.updating.setObjectName("updating")
        self.updating.setVisible(False)
        header.insertWidget(2, self.updating)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.overview = OverviewPanel()
        self.performance = PerformancePanel(store, self)
        self.tabs = QTabWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.overview)
        self.tabs.addTab(scroll, "&Overview")
        self.tabs.addTab(self.performance, "Partner &performance")
        self.tabs.setTabToolTip(0, "KPI cards, charts, top and weakest partners")
        self.tabs.setTabToolTip(1, "Every partner's figures; partners to review are flagged")

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self.overview.top_table.doubleClicked.connect(
            lambda index: self._open_detail(self.overview.top_proxy, index.row())
        )
        self.overview.bottom_table.doubleClicked.connect(
            lambda index: self._open_detail(self.overview.bottom_proxy, index.row())
        )
        self.refresh()

    def period(self) -> Period:
        return self.picker.period()

    def set_period(self, period: Period) -> None:
        self.picker.set_period(period)

    def refresh(self) -> None:
        """Read the figures again, on a worker thread. Before its window is first shown (the
        app starting) only whether there are orders at all is read: the window paints first,
        then the figures are read (showEvent), so start-up never waits for them (issue 20)."""
        self._stale = False
        first = first_order_date(self.store)
        for widget in (self.picker, self.picker_label):
            widget.setVisible(first is not None)
        if first is None:
            self.stack.setCurrentWidget(self.empty)
            self.banner.hide()
            self.loaded.emit()
            return
        self.picker.fill(first)
        self.stack.setCurrentWidget(self.tabs)
        if not self.window().isVisible():  # the app starting: the figures after its paint
            self._stale = True
            self.loading = True
            self.updating.setVisible(True)
            return
        self._generation += 1
        generation = self._generation
        period, thresholds = self.period(), self.performance.thresholds()
        job = Job(lambda _progress, _cancelled: load_month(self.store, period, thresholds))
        job.signals.succeeded.connect(lambda data: self._show(generation, data))
        job.signals.failed.connect(lambda exc: self._failed(generation, exc))
        job.signals.finished.connect(lambda: self._jobs.discard(job))
        self._jobs.add(job)
        self.loading = True
        self.updating.setVisible(True)
        QThreadPool.globalInstance().start(job)

    def _current(self, generation: int) -> bool:
        """Whether a job's figures are still wanted: not when the user moved on to another month
        meanwhile, nor when the screen is gone (its window closed while they were read)."""
        return generation == self._generation and isValid(self)

    def _show(self, generation: int, data: Any) -> None:
        if not self._current(generation):
            return
        assert isinstance(data, MonthOverview)
        self.banner.hide()
        self.overview.show_overview(data)
        self.performance.show_rows(data.kpis.period, data.partners, data.kpis.currency, data.locale)
        self._done()

    def _failed(self, generation: int, exc: Any) -> None:
        if not self._current(generation):
            return
        if not isinstance(exc, UserError):
            raise exc
        self.banner.setText(f"<b>Some figures cannot be shown:</b> {user_text(exc)}")
        self.banner.show()
        self._done()

    def _done(self) -> None:
        self.loading = False
        self.updating.setVisible(False)
        self.loaded.emit()

    def data_changed(self, changes: Changes) -> None:
        """Read again now if on show, else the next time it is shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self._refresh_queued:
            # after the window's first paint (the queued paint comes before this timer)
            self._refresh_queued = True
            QTimer.singleShot(0, self._queued_refresh)

    def _queued_refresh(self) -> None:
        self._refresh_queued = False
        if self._stale and self.isVisible():
            self.refresh()

    def _open_detail(self, proxy: QSortFilterProxyModel, row: int) -> None:
        partner_id = proxy.index(row, 0).data(PerformanceTableModel.PARTNER_ID_ROLE)
        if partner_id is not None:
            self.performance.open_detail(int(partner_id))

    # focus/search hooks used by the main window
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.performance)
        self.performance.focus_search()

    def save_state(self, settings: QSettings) -> None:
        self.performance.save_state(settings)
        settings.setValue("dashboard/tab", self.tabs.currentIndex())

    def restore_state(self, settings: QSettings) -> None:
        self.performance.restore_state(settings)
        self.tabs.setCurrentIndex(int(str(settings.value("dashboard/tab", 0) or 0)))
