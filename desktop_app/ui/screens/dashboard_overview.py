"""The Dashboard's overview tab: KPI cards, the earnings and partner-type charts, and the
top and weakest partners of the month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import format_money
from desktop_app.services.performance import (
    NO_IMPRESSIONS,
    months_with_data,
    percent,
    top_and_bottom,
)
from desktop_app.services.performance_overview import MonthOverview
from desktop_app.ui.models.performance_model import PerformanceTableModel
from desktop_app.ui.screens.dashboard_parts import (
    COMMISSION_COLOUR,
    SALES_COLOUR,
    BarChart,
    KpiCard,
    fit_columns,
    fit_rows,
    performance_table,
)
from desktop_app.ui.theme import is_dark

COMMISSION_TIP = (
    "Commission on the month's orders as its payout run calculated it; bonuses are shown "
    "apart, as on the run"
)


def change_note(now: float, before: float, label: str) -> str:
    """ "▲ 12 % vs Oct"; under 10 % with one decimal, so a small change never reads "▲ 0 %"."""
    if not before:
        return f"nothing in {label}" if not now else f"new since {label}"
    change = (now - before) / before
    if change == 0:
        return f"= same as {label}"
    arrow = "▲" if change > 0 else "▼"
    percent = abs(change) * 100
    shown = f"{percent:.0f}" if percent >= 9.95 else f"{percent:.1f}"
    return f"{arrow} {shown} % vs {label}"


class OverviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {
            "clicks": KpiCard("Clicks", "Clicks recorded for your partners' links"),
            "ctr": KpiCard(
                "Click-through rate",
                "Clicks ÷ impressions, on the days a clicks import brought impressions",
            ),
            "orders": KpiCard("Orders", "Orders dated in the month, cancelled ones left out"),
            "conversion": KpiCard("Conversion", "Orders ÷ clicks"),
            "sales": KpiCard(
                "Sales", "Order amounts minus refunds, converted to your base currency"
            ),
            "commission": KpiCard("Commission", COMMISSION_TIP),
            "rate": KpiCard("Avg. commission rate", "Commission ÷ sales (bonuses not included)"),
            "partners": KpiCard(
                "Active partners", "Partners whose status was active on the month's last day"
            ),
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

    def show_overview(self, data: MonthOverview) -> None:
        k, p = data.kpis, data.previous

        def money(amount: Decimal) -> str:
            return format_money(amount, k.currency, data.locale)

        before = p.period.start.strftime("%b")
        self.cards["clicks"].show_value(f"{k.clicks:,}", change_note(k.clicks, p.clicks, before))
        self.cards["orders"].show_value(f"{k.orders:,}", change_note(k.orders, p.orders, before))
        ctr = k.ctr
        self.cards["ctr"].show_value(
            "—" if ctr is None else percent(ctr, 2),
            NO_IMPRESSIONS if k.impressions is None else f"of {k.impressions:,} impressions",
        )
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
            change = change_note(float(k.commission), float(p.commission or 0), before)
            notes = [f"+ {money(k.bonus or Decimal(0))} bonuses", change]
            if k.commission_earlier:  # the run's own total also counts earlier held orders
                notes.append(f"run total {money(k.commission + k.commission_earlier)}")
            self.cards["commission"].show_value(money(k.commission), "\n".join(notes))
            self.cards["commission"].setToolTip(
                COMMISSION_TIP
                + (
                    f"\nThe month's run also pays {money(k.commission_earlier)} on orders of "
                    "earlier months it had held back; they count in their own month here."
                    if k.commission_earlier
                    else ""
                )
            )
            rate = k.commission_rate
            self.cards["rate"].show_value("—" if rate is None else percent(rate, 2), "of sales")
        self.cards["partners"].show_value(
            f"{k.active_partners:,}", f"{p.active_partners:,} in {before}"
        )

        dark = is_dark()
        symbol = "$" if k.currency == "USD" else ""
        earnings = months_with_data(data.earnings)
        self.earnings_chart.title = earnings_title(earnings[0].month, len(earnings))
        sets = [("Sales", SALES_COLOUR, [float(m.sales) for m in earnings])]
        if any(m.commission is not None for m in earnings):
            sets.append(
                ("Commission", COMMISSION_COLOUR, [float(m.commission or 0) for m in earnings])
            )
        self.earnings_chart.show_data(
            [_month_label(m.month) for m in earnings], sets, dark=dark, money=symbol
        )
        self.type_chart.show_data(
            [t.partner_type for t in data.by_type] or ["(no sales)"],
            [("Sales", SALES_COLOUR, [float(t.sales) for t in data.by_type] or [0.0])],
            dark=dark,
            money=symbol,
        )
        top, bottom = top_and_bottom(data.partners, count=5)
        for model, rows in ((self.top_model, top), (self.bottom_model, bottom)):
            model.set_rows(rows, k.currency, data.locale)
        for table in (self.top_table, self.bottom_table):
            fit_columns(table)


def earnings_title(first: date, months: int) -> str:
    if months == 1:
        return f"Sales and commission, {first.strftime('%B %Y')}"
    return f"Sales and commission, last {months} months (since {first.strftime('%b %Y')})"


def _month_label(month: date) -> str:
    return month.strftime("%b")
