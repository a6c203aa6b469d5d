"""New payout run: the period (a calendar month by default: the oldest complete month no run
covers) and a cut-off.

The cut-off date decides the holding period: commission on an order becomes payable only when
the order is older than the holding period on that date. The proposed cut-off lets the whole
period's holding pass if it has (period end + holding days), else today: the October run made
on 1 December with 30 days' holding pays October's orders instead of holding every one of them.
The rules live in services/payouts/periods.py, shared with the command line.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.months import add_months, month_end
from desktop_app.errors import ValidationError
from desktop_app.services.payouts.periods import (
    check_cutoff,
    is_complete,
    proposed_from,
    suggested_cutoff,
)
from desktop_app.ui.widgets.forms import error_label

MONTHS_SHOWN = 24


def last_full_month(today: date) -> date:
    """First day of the month before `today`'s month."""
    return add_months(today, -1)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qd: QDate) -> date:
    return date(qd.year(), qd.month(), qd.day())


class RunDialog(QDialog):
    """Pick the period; `period()` and `cutoff()` give the chosen dates. Month items carry
    the month's first day as ISO text (`select_month(day)`)."""

    def __init__(
        self,
        today: date | None = None,
        *,
        holding_days: int = 0,
        covered_until: date | None = None,
        oldest_order: date | None = None,
        uncovered: Callable[[date, date], list[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New payout run")
        self.setMinimumWidth(420)
        today = today or date.today()
        default = proposed_from(covered_until, oldest_order, today)
        self.covered_until = covered_until
        self.month = QComboBox()
        self.month.setObjectName("runMonth")
        first = max(today.replace(day=1), default)
        for _ in range(MONTHS_SHOWN):
            self.month.addItem(first.strftime("%B %Y"), first.isoformat())
            first = last_full_month(first)
        self.month.setCurrentIndex(self.month.findData(default.isoformat()))

        self.custom = QCheckBox("Other date &range")
        self.start = QDateEdit(_qdate(default))
        self.end = QDateEdit(_qdate(month_end(default)))
        self.today = today
        self.holding_days = holding_days
        self.cutoff_edit = QDateEdit(
            _qdate(suggested_cutoff(month_end(default), today, holding_days))
        )
        for edit in (self.start, self.end, self.cutoff_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start.setEnabled(False)
        self.end.setEnabled(False)
        self._cutoff_touched = False

        hint = (
            f"Orders become payable {holding_days} days after their order date (holding "
            "period), counted at the cut-off date."
            if holding_days
            else "No holding period is set: every order in the period is payable."
        )
        if covered_until is not None:
            hint += f"<br>The last run covers orders up to {covered_until.isoformat()}."
        if not is_complete(default, today):
            hint += (
                f"<br><b>{default:%B %Y} is not over yet</b>: it can be paid from "
                f"{month_end(default) + timedelta(days=1):%d %B %Y}."
            )
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.uncovered = uncovered
        self.no_plan = QLabel()
        self.no_plan.setObjectName("runNoPlan")
        self.no_plan.setWordWrap(True)
        self.no_plan.setStyleSheet("color: #b45309")
        self.no_plan.hide()
        self.problem = error_label("runProblem")

        form = QFormLayout()
        form.addRow("&Month", self.month)
        form.addRow("", self.custom)
        form.addRow("&From", self.start)
        form.addRow("&To", self.end)
        form.addRow("&Cut-off date", self.cutoff_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            "Create and calculate", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.no_plan)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.month.currentIndexChanged.connect(self._month_changed)
        self.custom.toggled.connect(self._custom_toggled)
        self.end.dateChanged.connect(self._end_changed)
        self.start.dateChanged.connect(self._check_plans)
        self.cutoff_edit.dateChanged.connect(self._cutoff_changed)
        self._check_plans()

    def _check_plans(self) -> None:
        """Before anything is calculated: partners of the period no commission plan covers."""
        start, end = self.period()
        found = self.uncovered(start, end) if self.uncovered is not None and start <= end else []
        self.no_plan.setVisible(bool(found))
        if found:
            listed = "<br>".join(f"• {html.escape(line)}" for line in found[:8])
            more = f"<br>… and {len(found) - 8} more" if len(found) > 8 else ""
            self.no_plan.setText(
                f"<b>{len(found)} partner(s) with orders in this period earn nothing</b>: no "
                f"commission plan covers them.<br>{listed}{more}<br>Give their type a plan on "
                "the Plans screen, or choose a default plan in Settings."
            )

    def select_month(self, first: date) -> None:
        self.month.setCurrentIndex(self.month.findData(first.isoformat()))

    def _month_changed(self) -> None:
        first = date.fromisoformat(str(self.month.currentData()))
        self.start.setDate(_qdate(first))
        self.end.setDate(_qdate(month_end(first)))

    def _custom_toggled(self, on: bool) -> None:
        self.month.setEnabled(not on)
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        if not on:
            self._month_changed()

    def _end_changed(self) -> None:
        self._check_plans()
        if not self._cutoff_touched:
            proposed = suggested_cutoff(_pydate(self.end.date()), self.today, self.holding_days)
            self.cutoff_edit.blockSignals(True)
            self.cutoff_edit.setDate(_qdate(proposed))
            self.cutoff_edit.blockSignals(False)

    def _cutoff_changed(self) -> None:
        self._cutoff_touched = True

    def period(self) -> tuple[date, date]:
        return _pydate(self.start.date()), _pydate(self.end.date())

    def cutoff(self) -> date:
        return _pydate(self.cutoff_edit.date())

    def _accept(self) -> None:
        start, end = self.period()
        if end < start:
            self.problem.setText("The period ends before it starts.")
        elif self.covered_until is not None and start <= self.covered_until:
            self.problem.setText(
                f"The last run already covers orders up to {self.covered_until.isoformat()}; "
                "start the new run after that."
            )
        else:
            try:
                check_cutoff(end, self.cutoff(), self.today)
            except ValidationError as exc:
                self.problem.setText(exc.detail[0].upper() + exc.detail[1:] + ".")
            else:
                self.accept()
                return
        self.problem.show()
