"""Payout runs: the run list, a run's per-partner summary and each partner's lines.

A draft run can be recalculated, adjusted and locked; a locked run can be marked paid. Slow
work (calculating, recalculating, locking) runs in a worker with progress and Cancel; after
every change the app-wide "data changed" signal tells other screens to redraw.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.payouts.run_state import RunState
from desktop_app.services.changes import Changes
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.mail_dialog import mail_action_state
from desktop_app.ui.models.run_lines_model import RunLinesTableModel
from desktop_app.ui.models.runs_model import RunsTableModel, SummaryTableModel
from desktop_app.ui.screens.run_actions import RunActions
from desktop_app.ui.widgets.tables import (
    make_table,
    restore_header,
    rows_height,
    save_header,
    selected_row,
)
from desktop_app.ui.workers import Job

EMPTY_TEXT = (
    "<h2>No payout runs yet</h2>"
    "<p>Import the month's orders, set up commission plans, then create a run with "
    "<b>New run…</b>:<br>Payout Desk calculates every partner's commission for the period.</p>"
)
# The first time the screen is laid out (before the user drags the splitter, whose sizes are
# then remembered): the run list as tall as its rows (at most RUN_ROWS), the partner summary
# at least SUMMARY_ROWS rows (a 1366×768 laptop screen shows 12), the lines what is left.
RUN_ROWS = 4
SUMMARY_ROWS = 12
SUMMARY_SHARE = 0.6


class RunsScreen(RunActions):
    listens_to = Changes.ALL  # a draft goes out of date when anything it was calculated from does

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.currency, self.locale_name = "USD", "en_US"
        self.summary: Any = None
        self.held_until: date | None = None
        self.last_job: Job | None = None

        self.runs_model = RunsTableModel()
        self.runs_table, self.runs_proxy = make_table(self.runs_model, "runsTable")
        self.runs_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.summary_model = SummaryTableModel()
        self.summary_table, self.summary_proxy = make_table(self.summary_model, "summaryTable")
        self.summary_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.lines_model = RunLinesTableModel()
        self.lines_table, self.lines_proxy = make_table(self.lines_model, "linesTable")

        def button(text: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
            widget = QPushButton(text)
            widget.setToolTip(tip)
            widget.clicked.connect(lambda: slot())
            return widget

        self.new_button = button("&New run…", self.new_run, "Create and calculate a run")
        self.recalc_button = button("&Recalculate", self.recalculate, "Draft only")
        self.adjust_button = button("Add &adjustment…", self.add_adjustment, "Draft only")
        self.lock_button = button("&Lock…", self.lock_run, "Freeze the run for payment")
        self.discard_button = button(
            "&Discard draft…", self.discard_run, "Delete this draft, e.g. to fix its period"
        )
        self.paid_button = button("Mark &paid…", self.mark_paid, "Record the payment")
        self.preview_button = button("Pre&view statement", self.preview_statement)
        self.export_button = button("&Export statements…", self.export, "PDF statements (Ctrl+E)")
        self.print_button = button("Pr&int…", self.print_statements)
        self.payfile_button = button(
            "Export payment &files…",
            self.export_payment_file,
            "PayPal Payouts file, SEPA credit transfer, CSV/XLSX payment list",
        )
        self.email_button = button("E-&mail statements…", self.email_statements)

        self.search = QLineEdit()
        self.search.setObjectName("runSearch")
        self.search.setPlaceholderText("Search partner code or name  (Ctrl+F)")
        self.search.setMinimumWidth(220)
        self.search.setMaximumWidth(360)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.summary_proxy.setFilterFixedString)
        self.search.textChanged.connect(lambda _t: self._show_totals())
        self.run_title = QLabel()
        self.run_title.setObjectName("runTitle")
        self.run_title.setWordWrap(True)  # a narrow window wraps the cut-off, not clips it
        self.totals_label = QLabel()
        self.totals_label.setObjectName("runTotals")
        self.totals_label.setWordWrap(True)
        self.lines_title = QLabel("Select a partner to see the lines behind the figures.")
        self.fraud_button = button(
            "Flag order as &fraud…", self.flag_selected_order, "Withhold this order's commission"
        )
        self.lift_button = button(
            "Lift fraud fla&g…",
            self.lift_selected_flag,
            "The order is not fraud after all: pay or release its commission",
        )

        tools = QHBoxLayout()
        for widget in (self.new_button, self.recalc_button, self.adjust_button):
            tools.addWidget(widget)
        tools.addWidget(self.lock_button)
        tools.addWidget(self.paid_button)
        tools.addWidget(self.discard_button)
        tools.addStretch(1)
        tools.addWidget(self.search, 1)  # filters the partners of the selected run
        # the selected run's documents sit beside its title, so neither row is crowded
        run_head = QHBoxLayout()
        run_head.addWidget(self.run_title, 1)
        for widget in (
            self.preview_button,
            self.export_button,
            self.print_button,
            self.email_button,
            self.payfile_button,
        ):
            run_head.addWidget(widget)

        summary_panel = QWidget()
        summary_layout = QVBoxLayout(summary_panel)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addLayout(run_head)
        summary_layout.addWidget(self.summary_table, 1)
        summary_layout.addWidget(self.totals_label)
        lines_panel = QWidget()
        lines_layout = QVBoxLayout(lines_panel)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_head = QHBoxLayout()
        lines_head.addWidget(self.lines_title, 1)
        lines_head.addWidget(self.fraud_button)
        lines_head.addWidget(self.lift_button)
        lines_layout.addLayout(lines_head)
        lines_layout.addWidget(self.lines_table, 1)
        # runs on top, full width below for the wide partner summary and the lines
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.runs_table)
        self.split.addWidget(summary_panel)
        self.split.addWidget(lines_panel)
        self.split.setObjectName("runsSplit")
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 3)
        self.split.setStretchFactor(2, 2)
        self.split.setSizes([130, 380, 260])
        self.split_sized = False  # sized for the screen, or restored from the settings
        self._sizer = _SizeWhenLaidOut(self)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.split)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)

        self.runs_table.selectionModel().selectionChanged.connect(lambda *_: self._load_run())
        self.summary_table.selectionModel().selectionChanged.connect(lambda *_: self._load_lines())
        self.lines_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.refresh()

    # data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        from desktop_app.services.payouts import api

        keep = self.selected_run()
        listed = api.load_runs(self.store)
        profile, runs = listed.profile, listed.runs
        self.currency, self.locale_name = profile.base_currency, profile.locale
        self.runs_model.set_items(runs, self.currency, self.locale_name)
        self.stack.setCurrentWidget(self.split if runs else self.empty)
        if runs:
            self.select_run(keep.id if keep is not None else max(r.id for r in runs))
        self._load_run()

    def selected_run(self) -> Any:
        row = selected_row(self.runs_table, self.runs_proxy)
        return None if row is None else self.runs_model.item_at(row)

    def select_run(self, run_id: int) -> None:
        row = self.runs_model.row_of(run_id)
        if row >= 0:
            self.runs_table.selectRow(
                self.runs_proxy.mapFromSource(self.runs_model.index(row, 0)).row()
            )

    def selected_partner(self) -> Any:
        row = selected_row(self.summary_table, self.summary_proxy)
        return None if row is None else self.summary_model.item_at(row)

    def select_partner(self, partner_id: int) -> None:
        row = self.summary_model.row_of(partner_id)
        if row >= 0:
            index = self.summary_proxy.mapFromSource(self.summary_model.index(row, 0))
            self.summary_table.selectRow(index.row())

    def _load_run(self) -> None:
        from desktop_app.services.payouts import api

        run = self.selected_run()
        keep = self.selected_partner()
        if run is None:
            self.summary = None
            self.summary_model.set_items([], self.currency, self.locale_name)
        else:
            detail = api.load_run(self.store, run.id)
            self.summary, self.held_until = detail.summary, detail.held_until
            self.summary_model.set_items(self.summary.partners, run.currency, self.locale_name)
            state = run.state.capitalize()
            if run.stale:
                state = (
                    "<span style='color:#b45309'>Draft, out of date: the store changed since it "
                    "was calculated; recalculate before locking</span>"
                )
            self.run_title.setText(f"<b>{run.label}</b> · {state} · cut-off {run.cutoff}")
            if keep is not None:
                self.select_partner(keep.partner_id)
        self._show_totals()
        self._load_lines()
        self._update_buttons()

    def _show_totals(self) -> None:
        if self.summary is None:
            self.run_title.setText("")
            self.totals_label.setText("")
            return
        t = self.summary.totals
        money = self.summary_model.money
        shown = self.summary_proxy.rowCount()
        count = f"{shown} of {len(self.summary.partners)} partners shown · "
        # sales, commission and payable always; the other totals when there are any, so the
        # line fits a laptop screen's width (the table's columns show every one)
        parts = [f"sales {money(t.sales)}", f"commission {money(t.commission)}"]
        for label, amount in (
            ("bonus", t.bonus),
            ("refunds", t.clawback),
            ("adjustments", t.adjustments),
            ("withheld", t.withheld),
        ):
            if amount:
                parts.append(f"{label} {money(amount)}")
        if t.held:
            until = f" (until {self.held_until.isoformat()})" if self.held_until else ""
            parts.append(f"held {money(t.held)}{until}")
        for label, amount in (("carried in", t.carried_in), ("carried out", t.carried_out)):
            if amount:
                parts.append(f"{label} {money(amount)}")
        parts.append(f"<b>payable {money(t.payable)}</b> to {t.payable_partners} partner(s)")
        self.totals_label.setText(
            (count if shown != len(self.summary.partners) else "")
            + "<b>Run totals</b>: "
            + " · ".join(parts)
        )
        self.totals_label.setToolTip(
            "Every total of the run: "
            + " · ".join(
                f"{label} {money(amount)}"
                for label, amount in (
                    ("sales", t.sales),
                    ("commission", t.commission),
                    ("bonus", t.bonus),
                    ("refunds", t.clawback),
                    ("adjustments", t.adjustments),
                    ("withheld", t.withheld),
                    ("held", t.held),
                    ("carried in", t.carried_in),
                    ("carried out", t.carried_out),
                    ("payable", t.payable),
                )
            )
        )

    def _load_lines(self) -> None:
        from desktop_app.services.payouts import api

        run, partner = self.selected_run(), self.selected_partner()
        if run is None or partner is None:
            self.lines_model.set_items([], self.currency, self.locale_name)
            self.lines_title.setText("Select a partner to see the lines behind the figures.")
        else:
            lines = api.load_run_lines(self.store, run.id, partner.partner_id)
            self.lines_model.set_items(lines, run.currency, self.locale_name)
            empty = set(self.lines_model.empty_columns())
            for column in self.lines_model.OPTIONAL_COLUMNS:  # more room for plan and status
                self.lines_table.setColumnHidden(column, column in empty)
            self.lines_title.setText(
                f"<b>{partner.name}</b> ({partner.code}): {len(lines)} line(s), "
                f"payable {self.summary_model.money(partner.payable)}"
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        run = self.selected_run()
        draft = run is not None and run.state == RunState.DRAFT
        self.recalc_button.setEnabled(draft)
        self.adjust_button.setEnabled(draft)
        self.lock_button.setEnabled(draft)
        self.discard_button.setEnabled(draft)
        self.paid_button.setEnabled(run is not None and run.state == RunState.LOCKED)
        self.preview_button.setEnabled(run is not None and self.selected_partner() is not None)
        self.export_button.setEnabled(run is not None)
        self.print_button.setEnabled(run is not None)
        self.payfile_button.setEnabled(run is not None and run.state != RunState.DRAFT)
        mail_on, mail_tip = mail_action_state(run)
        self.email_button.setEnabled(mail_on)
        self.email_button.setToolTip(mail_tip)
        line = self.selected_line()
        self.fraud_button.setEnabled(
            draft and line is not None and line.order_id is not None and line.status != "withheld"
        )
        self.lift_button.setEnabled(self._order_flag_active(line))

    def _order_flag_active(self, line: Any) -> bool:
        """The selected line is withheld because its order has an active fraud flag."""
        from desktop_app.services.payouts import api

        if line is None or line.order_id is None or line.status != "withheld":
            return False
        return api.is_order_flagged(self.store, int(line.order_id))

    def selected_line(self) -> Any:
        row = selected_row(self.lines_table, self.lines_proxy)
        return None if row is None else self.lines_model.item_at(row)

    def _say(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    def _changed(self, run_id: int | None = None, message: str = "") -> None:
        """Show here what a command did (the command's own changes are announced to the other
        screens by whoever ran it: workers.start_mutation, message.ask_reason)."""
        self.refresh()
        if run_id is not None:
            self.select_run(run_id)
        if message:
            self._say(message)

    # actions ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # layout ------------------------------------------------------------------------------
    def fit_split(self) -> bool:
        """Size the run list, the summary and the lines for the room there is (see RUN_ROWS);
        False while there is no room or no run to size them for yet."""
        total = self.split.height() - self.split.handleWidth() * 2
        if total < 200 or not self.runs_model.rowCount():
            return False
        runs = rows_height(self.runs_table, min(self.runs_model.rowCount(), RUN_ROWS))
        rest = total - runs
        panel = self.split.widget(1)
        if panel is None:
            return False
        around = panel.sizeHint().height() - self.summary_table.sizeHint().height()
        wanted = around + rows_height(self.summary_table, SUMMARY_ROWS)
        summary = min(rest, max(wanted, int(rest * SUMMARY_SHARE)))
        self.split.setSizes([runs, summary, rest - summary])
        self.split_sized = True
        return True

    # layout memory ------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        if self.split_sized:  # never the placeholder sizes of a split that was never shown
            settings.setValue("runs/layout", self.split.saveState())
        save_header(settings, "runs/summary_header", self.summary_table)

    def restore_state(self, settings: QSettings) -> None:
        layout = settings.value("runs/layout")
        if layout is not None:
            self.split.restoreState(layout)
            self.split_sized = True
        restore_header(settings, "runs/summary_header", self.summary_table)


class _SizeWhenLaidOut(QObject):
    """Sizes the screen's splitter once it has its real height (the first time it is shown
    in a laid-out window with a run), unless sizes were restored."""

    def __init__(self, screen: RunsScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        screen.split.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and not self.screen.split_sized:
            self.screen.fit_split()
        return False
