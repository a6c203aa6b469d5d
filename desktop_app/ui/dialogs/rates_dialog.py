"""Settings → Exchange rates: a month × currency grid of rates, edited in place or pasted from a
spreadsheet, with the months that still miss a rate highlighted, and the ECB's file imported.

Every change goes through services.rates (validated, audited, all or nothing for a paste), so a
draft payout run calculated before it shows as out of date. A locked run keeps its own rates.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import UserError
from desktop_app.services import rates
from desktop_app.services.rates import RateEdit
from desktop_app.store.database import Store
from desktop_app.ui.events import announce
from desktop_app.ui.message import user_text
from desktop_app.ui.models.rates_model import RatesTableModel
from desktop_app.ui.widgets.forms import ERROR_RED
from desktop_app.ui.workers import IsCancelled, Job, Progress, start_mutation

Index = QModelIndex | QPersistentModelIndex
LISTED = 6


class MonthFilter(QSortFilterProxyModel):
    """Months matching the search text (e.g. "2026"), or only those missing a rate."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.only_missing = False
        self.setSortRole(RatesTableModel.SORT_ROLE)

    def set_filter(self, text: str, only_missing: bool) -> None:
        begin = getattr(self, "beginFilterChange", None)  # Qt 6.9+; older: invalidate
        if begin is not None:
            begin()
        self.text, self.only_missing = text.strip().casefold(), only_missing
        if begin is not None:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RatesTableModel) or not model.currencies:
            return True
        month = model.months[row]
        if self.text and self.text not in f"{month:%Y-%m} {month:%B %Y}".casefold():
            return False
        if self.only_missing:
            return bool(model.index(row, 0).data(RatesTableModel.MONTH_MISSING_ROLE))
        return True


class RatesDialog(QDialog):
    """The rates grid. `focus`: a (currency, month) to select first (a run missed it)."""

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        focus: tuple[str, date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ratesDialog")
        self.setWindowTitle("Exchange rates")
        self.setMinimumSize(640, 520)
        self.store = store
        self.last_job: Job | None = None
        self.extra_currencies: set[str] = set()
        self.model = RatesTableModel()
        self.model.apply = self.apply
        self.proxy = MonthFilter()
        self.proxy.setSourceModel(self.model)
        self.proxy.setParent(self)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("ratesSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.search = QLineEdit()
        self.search.setObjectName("ratesSearch")
        self.search.setPlaceholderText("Filter months, e.g. 2026 or October")
        self.search.setClearButtonEnabled(True)
        self.only_missing = QCheckBox("Only months &missing a rate")
        self.only_missing.setObjectName("ratesOnlyMissing")
        self.search.textChanged.connect(self._filter)
        self.only_missing.toggled.connect(self._filter)

        self.table = QTableView()
        self.table.setObjectName("ratesTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(110)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.setToolTip(
            "Type a rate in a cell, or paste cells copied from a spreadsheet (Ctrl+V). "
            "Delete removes the selected rates."
        )
        for text, keys, slot, name in (
            ("&Copy", QKeySequence.StandardKey.Copy, self.copy, "copyRates"),
            ("&Paste", QKeySequence.StandardKey.Paste, self.paste, "pasteRates"),
            ("&Delete rates", QKeySequence.StandardKey.Delete, self.delete_selected, "deleteRates"),
        ):
            action = QAction(text, self.table)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.table.addAction(action)
        self.empty = QLabel(
            "No orders in another currency yet, and no rates. Set a rate below, or import the "
            "European Central Bank's file."
        )
        self.empty.setObjectName("ratesEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.currency = QLineEdit()
        self.currency.setObjectName("ratesCurrency")
        self.currency.setPlaceholderText("EUR")
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(60)
        self.month = QLineEdit()
        self.month.setObjectName("ratesMonth")
        self.month.setPlaceholderText("2026-10")
        self.month.setFixedWidth(90)
        self.rate = QLineEdit()
        self.rate.setObjectName("ratesRate")
        self.rate.setPlaceholderText("1.0825")
        self.rate.setFixedWidth(120)
        self.set_button = QPushButton("&Set rate")
        self.set_button.setObjectName("ratesSet")
        self.set_button.clicked.connect(self.set_from_fields)
        self.set_button.setDefault(True)  # Enter in the fields sets the rate
        one = QGroupBox("Set one rate")
        row = QHBoxLayout(one)
        for label, field in (("Currency", self.currency), ("Month", self.month)):
            row.addWidget(QLabel(label))
            row.addWidget(field)
        self.per_label = QLabel("Rate")
        row.addWidget(self.per_label)
        row.addWidget(self.rate)
        row.addWidget(self.set_button)
        row.addStretch(1)

        self.status = QLabel()
        self.status.setObjectName("ratesStatus")
        self.status.setWordWrap(True)
        self.import_button = QPushButton("Import &ECB file…")
        self.import_button.setObjectName("ratesImport")
        self.import_button.setToolTip(
            "The European Central Bank's reference rates (eurofxref-hist.csv, or eurofxref.csv "
            "for one day) or a month,currency,rate CSV: each month's rate is the mean of its "
            "daily rates, cross-rated to your base currency"
        )
        self.import_button.clicked.connect(self.choose_file)
        self.import_button.setAutoDefault(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.only_missing)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(one)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.reload()
        if focus is not None:
            self.select(*focus)
        elif missing := self.model.missing():
            self.select(missing[0][0], missing[0][1])

    # reading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        view = rates.load_rates_view(self.store)
        base, stored, needs = view.base, view.stored, view.needs
        self.model.load(base, stored, needs, extra_currencies=self.extra_currencies)
        self.intro.setText(
            f"A rate is how many <b>{base}</b> one unit of a currency was worth in a month. "
            "Orders convert at their month's rate; a locked payout run keeps the rates it "
            "used, so changing a rate changes only drafts (they then need recalculating)."
        )
        self.per_label.setText(f"Rate ({base} per 1)")
        has_cells = bool(self.model.currencies)
        self.table.setVisible(has_cells)
        self.empty.setVisible(not has_cells)
        self._show_summary()

    def _show_summary(self) -> None:
        missing = self.model.missing()
        if not missing:
            text = (
                "Every order has a rate for its month."
                if self.model.currencies
                else "Nothing to convert yet."
            )
            self.summary.setText(text)
            return
        listed = ", ".join(
            f"{html.escape(c)} {m:%Y-%m} ({n} order{'s' if n != 1 else ''})"
            for c, m, n in missing[:LISTED]
        )
        more = f" and {len(missing) - LISTED} more" if len(missing) > LISTED else ""
        self.summary.setText(
            f"<span style='color:#8a5300'><b>{len(missing)} rate(s) missing</b> (highlighted): "
            f"{listed}{more}. Payout runs need them.</span>"
        )

    def _filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.only_missing.isChecked())

    def select(self, currency: str, month: date) -> None:
        """Select the cell of `currency` in `month` (and show it)."""
        self.currency.setText(currency)
        self.month.setText(f"{month:%Y-%m}")
        source = self.model.cell(currency, month)
        if not source.isValid():
            return
        index = self.proxy.mapFromSource(source)
        if not index.isValid():  # filtered away: show every month again
            self.search.clear()
            self.only_missing.setChecked(False)
            index = self.proxy.mapFromSource(source)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def cell_text(self, currency: str, month: date) -> str:
        index = self.model.cell(currency, month)
        return str(index.data()) if index.isValid() else ""

    # changing -----------------------------------------------------------------------------------
    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_RED};" if error else "")
        self.status.setText(text)

    def apply(self, edits: Sequence[RateEdit]) -> bool:
        """Store `edits` in one transaction; a bad cell refuses them all, and says which."""
        if not edits:
            return False
        try:
            saved = rates.save_edits(self.store, edits)
        except UserError as exc:
            self._say(str(exc), error=True)  # "EUR 2026-10: …" names the cell
            return False
        done = [c for c in saved.value if c.changed]
        self.model.update({(c.currency, c.month): c.rate for c in done})
        self._show_summary()
        announce(saved.changes, self)  # a draft run on show goes out of date
        if done:
            self._say(
                f"Saved {len(done)} rate change(s). Draft payout runs calculated before are "
                "now out of date: recalculate them."
            )
        return True

    def set_from_fields(self) -> bool:
        """The "Set one rate" row: any currency and month, a new column or row if needed."""
        try:
            saved_rate = rates.save_rate(
                self.store, self.currency.text(), self.month.text(), self.rate.text()
            )
        except UserError as exc:
            self._say(user_text(exc), error=True)
            return False
        change = saved_rate.value
        announce(saved_rate.changes, self)  # a draft run on show goes out of date
        self.extra_currencies.add(change.currency)
        self.reload()
        self.select(change.currency, change.month)
        self.rate.clear()
        self._say(
            f"{change.currency} {change.month:%Y-%m}: {change.rate} {self.model.base} per "
            f"{change.currency}" + (f" (was {change.was})" if change.was is not None else "")
        )
        return True

    def _selected(self) -> list[QModelIndex]:
        chosen = self.table.selectionModel().selectedIndexes()
        if not chosen and self.table.currentIndex().isValid():
            chosen = [self.table.currentIndex()]
        return sorted(chosen, key=lambda i: (i.row(), i.column()))

    def delete_selected(self) -> bool:
        edits = []
        for index in self._selected():
            source = self.proxy.mapToSource(index)
            if self.model.rate_text(source):
                currency, month = self.model.key(source)
                edits.append(RateEdit(currency, month, ""))
        return self.apply(edits)

    def copy(self) -> str:
        """The selected block as tab-separated text (what spreadsheets paste)."""
        chosen = self._selected()
        if not chosen:
            return ""
        rows = sorted({i.row() for i in chosen})
        columns = sorted({i.column() for i in chosen})
        picked = {(i.row(), i.column()) for i in chosen}
        text = "\n".join(
            "\t".join(
                self.model.rate_text(self.proxy.mapToSource(self.proxy.index(r, c)))
                if (r, c) in picked
                else ""
                for c in columns
            )
            for r in rows
        )
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str | None = None) -> bool:
        """Tab-separated text (cells copied from a spreadsheet) into the grid from the selected
        cell on, in one transaction; one value into every selected cell. Empty cells are left
        alone; a block that does not fit is refused."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        grid = [line.split("\t") for line in lines]
        chosen = self._selected()
        if not chosen or not text.strip():
            self._say("Select the cell to paste into, then paste.", error=True)
            return False
        edits = []
        if len(grid) == 1 and len(grid[0]) == 1:
            targets = [(index, grid[0][0]) for index in chosen]
        else:
            top = min(i.row() for i in chosen)
            left = min(i.column() for i in chosen)
            rows, columns = len(grid), max(len(line) for line in grid)
            if top + rows > self.proxy.rowCount() or left + columns > self.proxy.columnCount():
                first = self.proxy.mapToSource(self.proxy.index(top, left))
                currency, month = self.model.key(first)
                self._say(
                    f"The pasted block ({rows} row(s) × {columns} column(s)) does not fit from "
                    f"{currency} {month:%Y-%m}; nothing was changed.",
                    error=True,
                )
                return False
            targets = [
                (self.proxy.index(top + r, left + c), value)
                for r, line in enumerate(grid)
                for c, value in enumerate(line)
            ]
        for index, value in targets:
            if not value.strip():
                continue
            currency, month = self.model.key(self.proxy.mapToSource(index))
            edits.append(RateEdit(currency, month, value.strip()))
        if not edits:
            return False
        return self.apply(edits)

    # importing ----------------------------------------------------------------------------------
    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(self, "Import exchange rates", "", "CSV files (*.csv);;All files (*)")
        dialog.setObjectName("ratesFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.import_file)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def import_file(self, path: str, currencies: Sequence[str] | None = None) -> Job | QInputDialog:
        """Import in the background; with no currency in the grid yet, ask which first."""
        wanted = currencies
        if wanted is None and not self.model.currencies:
            return self._ask_currencies(path)
        store = self.store

        def work(_progress: Progress, _cancelled: IsCancelled) -> rates.ImportedRates:
            return rates.import_rates(store, path, currencies=wanted)

        self.last_job = start_mutation(
            self,
            "Import exchange rates",
            work,
            self._imported,
            on_failure=lambda exc: self._say(
                user_text(exc) if isinstance(exc, UserError) else f"Import failed: {exc!r}",
                error=True,
            ),
            label="Reading the rates file…",
        )
        return self.last_job

    def _ask_currencies(self, path: str) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("ratesCurrencies")
        dialog.setWindowTitle("Import exchange rates")
        dialog.setLabelText("Which currencies? (ISO codes, e.g. EUR, GBP)")

        def chosen(text: str) -> None:
            codes = [c for c in text.replace(",", " ").split() if c]
            if codes:
                self.import_file(path, codes)

        dialog.textValueSelected.connect(chosen)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def _imported(self, result: rates.ImportedRates) -> None:
        self.reload()
        span = ""
        if result.first and result.last:
            span = f"; {result.first:%Y-%m} – {result.last:%Y-%m}"
        text = (
            f"Imported {html.escape(result.file)}: {result.added} added, {result.changed} "
            f"changed, {result.unchanged} unchanged ({', '.join(result.currencies) or 'none'}"
            f"{span})."
        )
        for note in result.notes:
            text += f"\nNote: {note}"
        self._say(text)

    def rates_shown(self) -> dict[tuple[str, date], Decimal]:
        """The rates the grid holds, by (currency, month)."""
        found = {}
        for row in range(self.model.rowCount()):
            for column in range(self.model.columnCount()):
                index = self.model.index(row, column)
                if text := self.model.rate_text(index):
                    found[self.model.key(index)] = Decimal(text)
        return found

    def select_block(self, top_left: tuple[str, date], bottom_right: tuple[str, date]) -> None:
        """Select the cells from one (currency, month) to another, as a mouse drag does."""
        first = self.proxy.mapFromSource(self.model.cell(*top_left))
        last = self.proxy.mapFromSource(self.model.cell(*bottom_right))
        selection = self.table.selectionModel()
        selection.clearSelection()
        rows = sorted((first.row(), last.row()))
        columns = sorted((first.column(), last.column()))
        for row in range(rows[0], rows[1] + 1):
            for column in range(columns[0], columns[1] + 1):
                selection.select(
                    self.proxy.index(row, column), QItemSelectionModel.SelectionFlag.Select
                )
