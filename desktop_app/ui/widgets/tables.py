"""Read-only, sortable, searchable table views over the value models (one recipe for all)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import (
    QAbstractItemModel,
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

from desktop_app.ui.models.base import TableModel


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


def make_table(model: TableModel, name: str) -> tuple[QTableView, QSortFilterProxyModel]:
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
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    auto_fit(table)
    return table, proxy


def fit_columns(table: QTableView, widest: int = 320, narrowest: int = 90) -> None:
    """Size the columns to their contents the first time there are rows (a restored header
    layout counts as fitted, so the user's widths are kept). No text column takes more than a
    third of the view (at least `widest`); when they are still too wide for the view, the
    widest columns (names, plans, e-mails: text that elides) give way first, so the narrow
    money columns at the right end, such as Payable, stay in sight. The widest text column
    then takes the room left over (see `_Filler`), not whichever column happens to be last."""
    model = table.model()
    if model is None or model.rowCount() == 0:
        return
    if table.property("fitted"):
        _Filler.attach(table)  # restored widths: the stretch column still fills the view
        return
    if not table.window().isVisible():
        # A screen built before the window is shown (every screen at start-up, most never
        # looked at): measuring its contents waits until it is first shown (issue 20).
        if table.findChild(_FitWhenShown) is None:
            table.installEventFilter(_FitWhenShown(table, widest, narrowest))
        return
    table.setProperty("fitted", True)
    table.horizontalHeader().setStretchLastSection(False)
    table.resizeColumnsToContents()
    filler = _Filler.attach(table)
    if table.isVisible():
        _squeeze_soon(table, widest, narrowest, filler)
    else:  # sized before it is first shown: its width is not known yet
        table.installEventFilter(_SqueezeWhenShown(table, widest, narrowest, filler))


def auto_fit(table: QTableView, widest: int = 320, narrowest: int = 90) -> None:
    """Fit `table`'s columns when its (current) model first has rows: at a reset or when rows
    are inserted, never while it is empty."""
    model = table.model()
    model.modelReset.connect(lambda: fit_columns(table, widest, narrowest))
    model.rowsInserted.connect(lambda *_: fit_columns(table, widest, narrowest))
    fit_columns(table, widest, narrowest)


class _FitWhenShown(QObject):
    """Fits a table's columns when it is first shown (fit_columns)."""

    def __init__(self, table: QTableView, widest: int, narrowest: int) -> None:
        super().__init__(table)
        self.widest = widest
        self.narrowest = narrowest

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QTableView):
            watched.removeEventFilter(self)
            self.setParent(None)
            self.deleteLater()
            fit_columns(watched, self.widest, self.narrowest)
        return False


class _SqueezeWhenShown(QObject):
    def __init__(self, table: QTableView, widest: int, narrowest: int, filler: _Filler) -> None:
        super().__init__(table)
        self.widest = widest
        self.narrowest = narrowest
        self.filler = filler

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QTableView):
            watched.removeEventFilter(self)
            _squeeze_soon(watched, self.widest, self.narrowest, self.filler)
            self.deleteLater()
        return False


def _squeeze_soon(table: QTableView, widest: int, narrowest: int, filler: _Filler) -> None:
    """Once the layouts around the table have settled (at Show a tab page can be half size,
    and a window resized a moment ago has not laid out its children yet)."""
    QTimer.singleShot(0, table, lambda: _squeeze(table, widest, narrowest, filler))


def _squeeze(table: QTableView, widest: int, narrowest: int, filler: _Filler) -> None:
    header = table.horizontalHeader()
    count = header.count()
    if count == 0:
        return
    if filler.column is not None:  # it may have been widened to fill: start from its content
        filler.resize(filler.natural)
    sizes = [header.sectionSize(c) for c in range(count)]
    # room for the rows' vertical scroll bar, which may appear only once rows are added
    room = table.maximumViewportSize().width() - table.verticalScrollBar().sizeHint().width()
    cap = max(widest, room // 3)
    fitted = squeezed([min(size, cap) for size in sizes], room, narrowest)
    with filler.busy():
        for column in range(count):
            if fitted[column] != sizes[column]:
                header.resizeSection(column, fitted[column])
    if filler.column is not None:
        filler.natural = header.sectionSize(filler.column)
    filler.fill()


def squeezed(sizes: list[int], room: int, narrowest: int) -> list[int]:
    """Lower one common cap on the widest sizes (never below `narrowest`, never widening a
    column) until they fit in `room`, or as far as the floor allows."""
    if sum(sizes) <= room:
        return sizes
    cap = max(sizes)
    while cap > narrowest and sum(min(s, cap) for s in sizes) > room:
        cap -= 1
    return [min(s, max(cap, narrowest)) for s in sizes]


def is_numeric_column(model: QAbstractItemModel, column: int) -> bool:
    """Right-aligned columns hold numbers and money; the others hold text."""
    for value in (
        model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole),
        model.index(0, column).data(Qt.ItemDataRole.TextAlignmentRole)
        if model.rowCount()
        else None,
    ):
        if value is not None and int(value) & Qt.AlignmentFlag.AlignRight.value:
            return True
    return False


SAMPLE_ROWS = 200


def stretch_column(table: QTableView) -> int | None:
    """The widest text column: the one whose typical (median) cell is widest, so a column
    that is mostly empty (a review flag, a payment reference) does not take the room."""
    model = table.model()
    if model is None or model.rowCount() == 0:
        return None
    header = table.horizontalHeader()
    rows = model.rowCount()
    metrics = table.fontMetrics()
    step = max(1, rows // SAMPLE_ROWS)
    best: tuple[int, int] | None = None
    for column in range(model.columnCount()):
        if header.isSectionHidden(column) or is_numeric_column(model, column):
            continue
        widths = sorted(
            metrics.horizontalAdvance(str(model.index(row, column).data() or ""))
            for row in range(0, rows, step)
        )
        typical = widths[(len(widths) - 1) // 2]  # the lower median: half the cells are wider
        if best is None or typical > best[0]:
            best = (typical, column)
    return None if best is None else best[1]


class _Filler(QObject):
    """Gives the view's spare width to one column (the widest text column) and takes it back
    when the view narrows, never making that column narrower than its content (`natural`). The
    other columns keep the widths they were fitted or dragged to."""

    def __init__(self, table: QTableView, column: int | None) -> None:
        super().__init__(table)
        self.table = table
        self.column = column
        self.natural = table.horizontalHeader().sectionSize(column) if column is not None else 0
        self._busy = False
        table.viewport().installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(self._resized)

    @classmethod
    def attach(cls, table: QTableView) -> _Filler:
        found = table.findChild(_Filler)
        if found is None:
            table.horizontalHeader().setStretchLastSection(False)
            found = cls(table, stretch_column(table))
        found.fill()
        return found

    @contextmanager
    def busy(self) -> Iterator[None]:
        self._busy, before = True, self._busy
        try:
            yield
        finally:
            self._busy = before

    def resize(self, width: int) -> None:
        if self.column is not None:
            with self.busy():
                self.table.horizontalHeader().resizeSection(self.column, width)

    def fill(self) -> None:
        if self.column is None or self._busy:
            return
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != self.column and not header.isSectionHidden(c)
        )
        wanted = max(self.natural, self.table.viewport().width() - others)
        if header.sectionSize(self.column) != wanted:
            self.resize(wanted)

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._busy:
            return
        if column == self.column:  # dragged by the user: that is its width now
            self.natural = new
        else:
            self.fill()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fill()
        return False


def save_header(settings: QSettings, key: str, table: QTableView) -> None:
    """Remember the columns' widths and order, but not those of a table without rows: they
    were never fitted, and would squeeze the columns of a store with rows at the next start.
    The stretch column is saved at its own width, not at the room this window gave it."""
    if table.model().rowCount() == 0:
        return
    filler = table.findChild(_Filler)
    if filler is not None and filler.column is not None:
        filler.resize(filler.natural)
    settings.setValue(key, table.horizontalHeader().saveState())
    if filler is not None:
        filler.fill()


def restore_header(settings: QSettings, key: str, table: QTableView) -> bool:
    """Put back remembered columns; they count as fitted, so the user's widths win."""
    state = settings.value(key)
    if state is None:
        return False
    header = table.horizontalHeader()
    header.restoreState(state)
    header.setStretchLastSection(False)  # older layouts stretched the last column
    table.setProperty("fitted", True)
    filler = table.findChild(_Filler)
    if filler is not None and filler.column is not None:
        filler.natural = header.sectionSize(filler.column)
        filler.fill()
    else:
        fit_columns(table)
    return True


def rows_height(table: QTableView, rows: int) -> int:
    """The height that shows `table`'s header and `rows` rows, with no empty band."""
    header = table.horizontalHeader().sizeHint().height()
    return header + rows * table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth()


def selected_row(table: QTableView, proxy: QSortFilterProxyModel) -> int | None:
    rows = table.selectionModel().selectedRows()
    return proxy.mapToSource(rows[0]).row() if rows else None
