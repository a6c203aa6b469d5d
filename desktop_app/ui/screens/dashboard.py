"""The Dashboard: the month at a glance (KPI cards, charts, best and weakest partners) and,
on its second tab, every partner's performance with the ones worth a review flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from desktop_app.domain.money import format_money
from desktop_app.errors import UserError
from desktop_app.services import merchant, performance
from desktop_app.services.performance import (
    EarningsMonth,
    Kpis,
    PartnerPerformance,
    Period,
    TypeSales,
    percent,
)
from desktop_app.store.database import Store
from desktop_app.store.models import OrderRow
from desktop_app.ui.events import data_events
from desktop_app.ui.message import user_text
from desktop_app.ui.models.performance_model import PerformanceTableModel
from desktop_app.ui.screens.dashboard_parts import (
    COMMISSION_COLOUR,
    SALES_COLOUR,
    BarChart,
    KpiCard,
    MonthPicker,
    fit_columns,
    fit_rows,
    performance_table,
)
from desktop_app.ui.screens.performance import PerformancePanel
from desktop_app.ui.theme import is_dark

EMPTY_TEXT = (
    "<h2>Nothing to show yet</h2>"
    "<p>The Dashboard fills in once there are orders. Each month:</p>"
    "<p>1. add your <b>partners</b> (Ctrl+N) &nbsp;·&nbsp; 2. <b>import</b> the month's orders "
    "(Ctrl+I)<br>3. set up <b>commission plans</b> &nbsp;·&nbsp; 4. create and lock the "
    "<b>payout run</b> &nbsp;·&nbsp; 5. send the <b>statements</b></p>"
    "<p>Help → Getting started walks you through it.</p>"
)


@dataclass(frozen=True)
class Overview:
    """Everything the overview tab shows, read in one transaction."""

    kpis: Kpis
    previous: Kpis
    earnings: list[EarningsMonth]
    by_type: list[TypeSales]
    top: list[PartnerPerformance]
    bottom: list[PartnerPerformance]
    locale: str


def load_overview(store: Store, period: Period) -> Overview:
    with store.transaction() as session:
        rows = performance.partner_performance(session, period)
        top, bottom = performance.top_and_bottom(rows, count=5)
        return Overview(
            kpis=performance.kpis(session, period),
            previous=performance.kpis(session, period.previous()),
            earnings=performance.earnings_by_month(session, period.start),
            by_type=performance.sales_by_type(session, period),
            top=top,
            bottom=bottom,
            locale=merchant.get_profile(session).locale,
        )


def change_note(now: float, before: float, label: str) -> str:
    if not before:
        return f"nothing in {label}" if not now else f"new since {label}"
    change = (now - before) / before
    arrow = "▲" if change > 0 else ("▼" if change < 0 else "=")
    return f"{arrow} {abs(change) * 100:.0f} % vs {label}"


class OverviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {
            "clicks": KpiCard("Clicks", "Clicks recorded for your partners' links"),
            "orders": KpiCard("Orders", "Orders dated in the month, cancelled ones left out"),
            "conversion": KpiCard("Conversion", "Orders ÷ clicks"),
            "sales": KpiCard(
                "Sales", "Order amounts minus refunds, converted to your base currency"
            ),
            "commission": KpiCard("Commission", "What the month's payout runs owe partners"),
            "rate": KpiCard("Avg. commission rate", "Commission ÷ sales"),
            "partners": KpiCard("Active partners", "Partners with at least one order"),
        }
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
            grid.setColumnStretch(i, 1)

        self.earnings_chart = BarChart("Sales and commission, last 12 months")
        self.type_chart = BarChart("Sales by partner type", horizontal=True)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.earnings_chart)
        charts.addWidget(self.type_chart)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 2)
        charts.setChildrenCollapsible(False)

        self.top_model = PerformanceTableModel(("name", "type", "orders", "sales", "trend"))
        self.top_model.highlight_flagged = False
        self.bottom_model = PerformanceTableModel(
            ("name", "clicks", "conversion", "sales", "trend")
        )
        self.top_table, self.top_proxy = performance_table(self.top_model, self)
        self.bottom_table, self.bottom_proxy = performance_table(self.bottom_model, self)
        self.top_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.bottom_table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.top_table.setObjectName("topPartners")
        self.bottom_table.setObjectName("bottomPartners")
        tables = QHBoxLayout()
        for title, table, tip in [
            ("Top partners by sales", self.top_table, "The five partners who sold the most"),
            (
                "Weakest active partners",
                self.bottom_table,
                "Active partners who sold the least: worth a look on the Partner performance tab",
            ),
        ]:
            box = QGroupBox(title)
            box.setToolTip(tip)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(6, 6, 6, 6)
            inner.addWidget(table)
            fit_rows(table, 5)
            tables.addWidget(box, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(charts, 1)
        layout.addLayout(tables)

    def show_overview(self, data: Overview) -> None:
        k, p = data.kpis, data.previous
        money = lambda amount: format_money(amount, k.currency, data.locale)  # noqa: E731
        before = p.period.start.strftime("%b")
        self.cards["clicks"].show_value(f"{k.clicks:,}", change_note(k.clicks, p.clicks, before))
        self.cards["orders"].show_value(f"{k.orders:,}", change_note(k.orders, p.orders, before))
        conversion = k.conversion
        self.cards["conversion"].show_value(
            "—" if conversion is None else percent(conversion, 2),
            "no clicks recorded" if conversion is None else f"{k.orders:,} of {k.clicks:,}",
        )
        self.cards["sales"].show_value(
            money(k.sales), change_note(float(k.sales), float(p.sales), before)
        )
        if k.commission is None:
            self.cards["commission"].show_value("—", "no payout run for this month yet")
            self.cards["rate"].show_value("—", "after the payout run")
        else:
            self.cards["commission"].show_value(
                money(k.commission),
                change_note(float(k.commission), float(p.commission or 0), before),
            )
            rate = k.commission_rate
            self.cards["rate"].show_value("—" if rate is None else percent(rate, 2), "of sales")
        self.cards["partners"].show_value(
            f"{k.active_partners:,}", f"{p.active_partners:,} in {before}"
        )

        dark = is_dark()
        symbol = "$" if k.currency == "USD" else ""
        sets = [("Sales", SALES_COLOUR, [float(m.sales) for m in data.earnings])]
        if any(m.commission is not None for m in data.earnings):
            sets.append(
                ("Commission", COMMISSION_COLOUR, [float(m.commission or 0) for m in data.earnings])
            )
        self.earnings_chart.show_data(
            [_month_label(m.month) for m in data.earnings], sets, dark=dark, money=symbol
        )
        self.type_chart.show_data(
            [t.partner_type for t in data.by_type] or ["(no sales)"],
            [("Sales", SALES_COLOUR, [float(t.sales) for t in data.by_type] or [0.0])],
            dark=dark,
            money=symbol,
        )
        for model, rows in ((self.top_model, data.top), (self.bottom_model, data.bottom)):
            model.set_rows(rows, k.currency, data.locale)
        for table in (self.top_table, self.bottom_table):
            fit_columns(table)


def _month_label(month: date) -> str:
    return month.strftime("%b")


class DashboardScreen(QWidget):
    def __init__(
        self, store: Store, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._stale = True
        title = QLabel("<h2>Dashboard</h2>")
        self.picker = MonthPicker(self, today=today)
        self.picker.period_changed.connect(lambda _p: self.refresh())
        picker_label = QLabel("&Month")
        picker_label.setBuddy(self.picker)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setToolTip("Read the figures again (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(picker_label)
        header.addWidget(self.picker)
        header.addWidget(self.refresh_button)

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
        data_events().changed.connect(self._data_changed)
        self.refresh()

    def period(self) -> Period:
        return self.picker.period()

    def set_period(self, period: Period) -> None:
        self.picker.set_period(period)

    def refresh(self) -> None:
        self._stale = False
        with self.store.transaction() as session:
            first = session.scalar(select(func.min(OrderRow.order_date)))
        if first is None:
            self.stack.setCurrentWidget(self.empty)
            self.banner.hide()
            return
        self.picker.fill(first)
        self.stack.setCurrentWidget(self.tabs)
        period = self.period()
        try:
            data = load_overview(self.store, period)
        except UserError as exc:
            self.banner.setText(f"<b>Some figures cannot be shown:</b> {user_text(exc)}")
            self.banner.show()
            return
        self.banner.hide()
        self.overview.show_overview(data)
        self.performance.show_period(period)

    def _data_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
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
        self.tabs.setCurrentIndex(int(settings.value("dashboard/tab", 0) or 0))
