"""Read-only, sortable, searchable table views over the value models (one recipe for all)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop_app.ui.models.runs_model import ValueTableModel


class ValueSortProxy(QSortFilterProxyModel):
    """Sorts by the model's sort role as Python values (Decimal money sorts numerically);
    empty values go first."""

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        a, b = left.data(self.sortRole()), right.data(self.sortRole())
        if a is None or b is None:
            return a is None and b is not None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


def make_table(model: ValueTableModel[Any], name: str) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = ValueSortProxy()
    proxy.setSourceModel(model)
    proxy.setSortRole(model.SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    table = QTableView()
    table.setObjectName(name)
    table.setModel(proxy)
    proxy.setParent(table)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    model.modelReset.connect(lambda: fit_columns(table))
    return table, proxy


def fit_columns(table: QTableView, widest: int = 320, narrowest: int = 90) -> None:
    """Size the columns to their contents the first time there are rows (a restored header
    layout counts as fitted, so the user's widths are kept). No text column takes more than a
    third of the view (at least `widest`); when they are still too wide for the view, the
    widest columns (names, plans, e-mails: text that elides) give way first, so the narrow
    money columns at the right end, such as Payable, stay in sight."""
    if table.property("fitted") or table.model().rowCount() == 0:
        return
    table.setProperty("fitted", True)
    table.resizeColumnsToContents()
    if table.isVisible():
        _squeeze_soon(table, widest, narrowest)
    else:  # sized before it is first shown: its width is not known yet
        table.installEventFilter(_SqueezeWhenShown(table, widest, narrowest))


class _SqueezeWhenShown(QObject):
    def __init__(self, table: QTableView, widest: int, narrowest: int) -> None:
        super().__init__(table)
        self.widest = widest
        self.narrowest = narrowest

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QTableView):
            watched.removeEventFilter(self)
            _squeeze_soon(watched, self.widest, self.narrowest)
            self.deleteLater()
        return False


def _squeeze_soon(table: QTableView, widest: int, narrowest: int) -> None:
    """Once the layouts around the table have settled (at Show a tab page can be half size,
    and a window resized a moment ago has not laid out its children yet)."""
    QTimer.singleShot(0, table, lambda: _squeeze(table, widest, narrowest))


def _squeeze(table: QTableView, widest: int, narrowest: int) -> None:
    header = table.horizontalHeader()
    count = header.count()
    if count == 0:
        return
    sizes = [header.sectionSize(c) for c in range(count)]
    if header.stretchLastSection():  # as wide as the room left: count what it needs (Qt
        last = count - 1  # stretches it no narrower than the default section size)
        needs = (table.sizeHintForColumn(last), header.sectionSizeHint(last))
        sizes[last] = max(*needs, header.defaultSectionSize())
    # room for the rows' vertical scroll bar, which may appear only once rows are added
    room = table.maximumViewportSize().width() - table.verticalScrollBar().sizeHint().width()
    cap = max(widest, room // 3)
    fitted = squeezed([min(size, cap) for size in sizes], room, narrowest)
    for column in range(count - 1 if header.stretchLastSection() else count):
        if fitted[column] != sizes[column]:
            header.resizeSection(column, fitted[column])


def squeezed(sizes: list[int], room: int, narrowest: int) -> list[int]:
    """Lower one common cap on the widest sizes (never below `narrowest`, never widening a
    column) until they fit in `room`, or as far as the floor allows."""
    if sum(sizes) <= room:
        return sizes
    cap = max(sizes)
    while cap > narrowest and sum(min(s, cap) for s in sizes) > room:
        cap -= 1
    return [min(s, max(cap, narrowest)) for s in sizes]


def save_header(settings: QSettings, key: str, table: QTableView) -> None:
    """Remember the columns' widths and order, but not those of a table without rows: they
    were never fitted, and would squeeze the columns of a store with rows at the next start."""
    if table.model().rowCount() > 0:
        settings.setValue(key, table.horizontalHeader().saveState())


def restore_header(settings: QSettings, key: str, table: QTableView) -> bool:
    """Put back remembered columns; they count as fitted, so the user's widths win."""
    state = settings.value(key)
    if state is None:
        return False
    table.horizontalHeader().restoreState(state)
    table.setProperty("fitted", True)
    return True


def selected_row(table: QTableView, proxy: QSortFilterProxyModel) -> int | None:
    rows = table.selectionModel().selectedRows()
    return proxy.mapToSource(rows[0]).row() if rows else None
