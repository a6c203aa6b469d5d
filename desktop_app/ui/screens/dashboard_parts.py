"""Building blocks of the Dashboard: month picker, KPI card, tables and charts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.months import add_months
from desktop_app.services.performance import Period, last_full_month
from desktop_app.ui.models.performance_model import PerformanceTableModel
from desktop_app.ui.widgets.tables import rows_height

SALES_COLOUR = QColor("#2f6fbf")
COMMISSION_COLOUR = QColor("#e08a1e")


class MonthPicker(QComboBox):
    """Calendar months, newest first; defaults to the last full month."""

    period_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setToolTip("The month the figures are for (Alt+M)")
        self.setMinimumContentsLength(14)
        self._today = today or date.today()
        self.fill(add_months(self._today, -23))
        self.set_period(last_full_month(self._today))
        self.currentIndexChanged.connect(lambda _i: self.period_changed.emit(self.period()))

    def fill(self, earliest: date) -> None:
        """Offer every month from `earliest` (at least two years back) to this month; the
        chosen month stays chosen and no change signal is sent."""
        first = min(earliest.replace(day=1), add_months(self._today, -23))
        if self.count() and self.itemData(self.count() - 1).start == first:
            return
        keep = self.period() if self.count() else None
        self.blockSignals(True)
        self.clear()
        month = self._today.replace(day=1)
        while month >= first:
            period = Period.month(month.year, month.month)
            label = period.label + (" (so far)" if month == self._today.replace(day=1) else "")
            self.addItem(label, period)
            month = add_months(month, -1)
        if keep is not None and (index := self.index_of(keep)) >= 0:
            self.setCurrentIndex(index)
        self.blockSignals(False)

    def period(self) -> Period:
        value = self.currentData()
        assert isinstance(value, Period)
        return value

    def index_of(self, period: Period) -> int:
        for i in range(self.count()):
            if self.itemData(i) == period:
                return i
        return -1

    def set_period(self, period: Period) -> None:
        """Choose a month on offer; anything else is a caller's mistake, said loudly rather
        than leaving the figures on another month."""
        index = self.index_of(period)
        if index < 0:
            raise ValueError(f"{period!r} is not one of the months on offer")
        self.setCurrentIndex(index)


class KpiCard(QFrame):
    """A labelled figure with a line of context under it."""

    def __init__(self, title: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(tip)
        self.title = QLabel(title)
        self.title.setObjectName("kpiTitle")
        self.value = QLabel("—")
        self.value.setObjectName("kpiValue")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel("")
        self.note.setObjectName("kpiNote")
        self.note.setWordWrap(True)
        muted = self.note.palette()
        muted.setColor(
            QPalette.ColorRole.WindowText, muted.color(QPalette.ColorRole.PlaceholderText)
        )
        self.note.setPalette(muted)
        self.title.setPalette(muted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def show_value(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)


def performance_table(
    model: PerformanceTableModel, parent: QWidget | None = None
) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(PerformanceTableModel.SORT_ROLE)
    table = QTableView(parent)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table, proxy


def fit_rows(table: QTableView, rows: int) -> None:
    """Make the table exactly tall enough for `rows` rows, so no empty band shows."""
    height = rows_height(table, rows)
    table.setFixedHeight(height + table.horizontalScrollBar().sizeHint().height() // 3)


def fit_columns(table: QTableView) -> None:
    """Size every column to its contents, then give the partner name the room left over."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    table.resizeColumnsToContents()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def _style_chart(chart: QChart, dark: bool) -> None:
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)


def nice_maximum(value: float) -> float:
    """A round axis maximum a little above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


def tick_count(maximum: float) -> int:
    """5 or 6 ticks, whichever puts them on round numbers (steps of 1, 2 or 5 × 10ⁿ)."""
    for ticks in (6, 5):
        step = maximum / (ticks - 1)
        power = 10 ** math.floor(math.log10(step)) if step > 0 else 1
        if round(step / power, 6) in (1, 2, 2.5, 5, 10):
            return ticks
    return 5


class BarChart(QChartView):
    """A bar chart over categories, redrawn in place by `show_data`; `horizontal` puts the
    categories on the left, where long names fit."""

    def __init__(
        self, title: str, parent: QWidget | None = None, *, horizontal: bool = False
    ) -> None:
        super().__init__(parent)
        self.horizontal = horizontal
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(230)
        self.title = title
        self.value_scale = 1.0
        self.series: QAbstractBarSeries = QBarSeries()
        self.categories: list[str] = []
        self.plotted: dict[str, list[float]] = {}
        self.setChart(QChart())

    def show_data(
        self,
        categories: Sequence[str],
        sets: Sequence[tuple[str, QColor, Sequence[float]]],
        *,
        dark: bool,
        money: str,
    ) -> None:
        chart = QChart()
        chart.setTitle(self.title)
        _style_chart(chart, dark)
        series: QAbstractBarSeries = QHorizontalBarSeries() if self.horizontal else QBarSeries()
        top = max([0.0, *(v for _n, _c, values in sets for v in values)])
        scale, suffix = (1000.0, "k") if top >= 10_000 else (1.0, "")
        self.categories = list(categories)
        self.plotted = {name: list(values) for name, _c, values in sets}
        if self.horizontal:  # the first category is drawn at the bottom: largest on top
            categories = list(reversed(categories))
            sets = [(n, c, list(reversed(v))) for n, c, v in sets]
        for name, colour, values in sets:
            bar_set = QBarSet(name)
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour)
            bar_set.append([v / scale for v in values])
            series.append(bar_set)
        chart.addSeries(series)
        category_axis = QBarCategoryAxis()
        category_axis.append(list(categories))
        value_axis = QValueAxis()
        maximum = nice_maximum(top / scale)
        value_axis.setRange(0, maximum)
        value_axis.setTickCount(tick_count(maximum))
        value_axis.setLabelFormat(f"{money}%.0f{suffix}" if len(money) <= 2 else f"%.0f{suffix}")
        chart.addAxis(
            category_axis,
            Qt.AlignmentFlag.AlignLeft if self.horizontal else Qt.AlignmentFlag.AlignBottom,
        )
        chart.addAxis(
            value_axis,
            Qt.AlignmentFlag.AlignBottom if self.horizontal else Qt.AlignmentFlag.AlignLeft,
        )
        series.attachAxis(category_axis)
        series.attachAxis(value_axis)
        if dark:  # the dark chart theme's grid is too bright next to the dark palette
            for axis in (category_axis, value_axis):
                axis.setGridLineColor(QColor("#3c3f45"))
                axis.setLinePenColor(QColor("#5a5e66"))
        self.value_scale = scale
        chart.legend().setVisible(len(sets) > 1)
        old = self.chart()
        self.setChart(chart)
        old.deleteLater()
        self.series = series

    def values(self, name: str = "Sales") -> list[float]:
        """The plotted values of one bar set, in category order (for tests and checks)."""
        return self.plotted.get(name, [])
