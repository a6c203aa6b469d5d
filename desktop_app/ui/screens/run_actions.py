"""The Payout runs screen's actions: create, recalculate, lock, mark paid, adjust, fraud flags,
statements.

A mixin for RunsScreen (which provides store, tables, models and `_changed`/`_say`), kept apart
so each module stays small. Slow work goes through workers.start_mutation (progress, Cancel,
then the changes announced).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop_app.domain.payouts.run_state import RunState
from desktop_app.errors import UserError
from desktop_app.services.changes import Changed, Changes
from desktop_app.ui.dialogs.adjustment_dialog import AdjustmentDialog
from desktop_app.ui.dialogs.paid_dialog import PaidDialog
from desktop_app.ui.dialogs.run_dialog import RunDialog
from desktop_app.ui.events import announce
from desktop_app.ui.message import ask_reason, show_error
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.workers import IsCancelled, Job, Progress, report_failure, start_mutation

if TYPE_CHECKING:
    from desktop_app.services.payouts import LiftResult

LOCK_TEXT = (
    "<p>Lock <b>{label}</b>?</p>"
    "<p>Locking freezes the run: its {lines} lines and totals are stored as they are, so "
    "statements can be reproduced exactly. Afterwards the run can no longer be recalculated "
    "or adjusted; corrections and late refunds go into the next run.</p>"
    "<p>Payable now: <b>{payable}</b> to {partners} partner(s). A backup of the store is made "
    "first.</p>"
)


class RunActions(Screen):
    """Base of RunsScreen holding its actions (see the module docstring)."""

    store: Any
    summary_model: Any
    last_job: Job | None
    rate_box: QMessageBox | None = None  # the last "missing exchange rate" message
    can_export = True  # File → Export: the selected run's statements

    def selected_run(self) -> Any:
        raise NotImplementedError

    def selected_partner(self) -> Any:
        raise NotImplementedError

    def select_partner(self, partner_id: int) -> None:
        raise NotImplementedError

    def selected_line(self) -> Any:
        raise NotImplementedError

    def _say(self, text: str) -> None:
        raise NotImplementedError

    def _changed(self, run_id: int | None = None, message: str = "") -> None:
        raise NotImplementedError

    def new_run(self) -> RunDialog:

        from desktop_app.services.payouts import api

        facts = api.new_run_facts(self.store)

        def uncovered(start: date, end: date) -> list[str]:
            return api.uncovered(self.store, start, end)

        dialog = RunDialog(
            holding_days=facts.holding_days,
            covered_until=facts.covered_until,
            oldest_order=facts.oldest_order,
            uncovered=uncovered,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._create(dialog))
        dialog.open()
        return dialog

    def _create(self, dialog: RunDialog) -> None:
        from desktop_app.services import payouts

        start, end = dialog.period()
        cutoff = dialog.cutoff()
        dialog.deleteLater()

        def work(progress: Progress, cancelled: IsCancelled) -> Changed[int]:
            return payouts.create_run(
                self.store, start, end, cutoff, progress=progress, cancelled=cancelled
            )

        self.last_job = start_mutation(
            self,
            "New payout run",
            work,
            lambda run: self._changed(run.value, f"Run {run.value} calculated"),
            label=f"Calculating commissions for {start} – {end}…",
            on_failure=lambda exc: self._run_failed("New payout run", exc),
        )

    def _run_failed(self, title: str, exc: BaseException) -> None:
        """A missing exchange rate gets a way to enter it; anything else the usual message."""
        from desktop_app.domain.payouts.conversion import MissingRateError
        from desktop_app.ui.dialogs.rates_entry import ask_for_rate

        if isinstance(exc, MissingRateError):
            self.rate_box = ask_for_rate(self, self.store, exc, title)
        else:
            report_failure(self, title, exc)

    def recalculate(self) -> Job | None:
        from desktop_app.services import payouts

        run = self.selected_run()
        if run is None:
            return None

        def work(progress: Progress, cancelled: IsCancelled) -> payouts.Recalculated:
            return payouts.recalculate(self.store, run.id, progress=progress, cancelled=cancelled)

        def done(result: payouts.Recalculated) -> None:
            changed = f"{len(result.differences)} changed" if result.differences else "nothing"
            self._changed(run.id, f"Run {run.id} recalculated: {result.lines} line(s), {changed}")

        self.last_job = start_mutation(
            self,
            "Recalculate run",
            work,
            done,
            label=f"Recalculating run {run.id} with today's orders and plans…",
            on_failure=lambda exc: self._run_failed("Recalculate run", exc),
        )
        return self.last_job

    def lock_run(self) -> QMessageBox | None:
        run = self.selected_run()
        if run is None or run.state != RunState.DRAFT:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Lock payout run", "", parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            LOCK_TEXT.format(
                label=run.label,
                lines=run.line_count,
                payable=self.summary_model.money(run.totals.payable),
                partners=run.totals.payable_partners,
            )
        )
        box.setObjectName("lockConfirmation")
        problems = self._details_problems(run.id)
        if problems:  # ask: no payment file will pay these partners until they are corrected
            box.setIcon(QMessageBox.Icon.Warning)
            box.setInformativeText(
                f"{len(problems)} partner(s) this run pays have missing or invalid payout "
                "details; no payment file will pay them until they are corrected on the "
                "Partners screen:\n• " + "\n• ".join(problems)
            )
        confirm = box.addButton(
            "Lock anyway" if problems else "Lock run", QMessageBox.ButtonRole.AcceptRole
        )
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter never locks by accident
        box.setEscapeButton(cancel)
        confirm.clicked.connect(lambda: self._lock(run.id))
        box.finished.connect(lambda _r: box.deleteLater())
        box.open()
        return box

    def _details_problems(self, run_id: int) -> list[str]:
        from desktop_app.services.payouts import api

        return api.details_problems(self.store, run_id, limit=12)

    def _lock(self, run_id: int) -> None:
        from desktop_app.services import payouts

        def work(_progress: Progress, _cancelled: IsCancelled) -> Changes:
            return payouts.lock_run(self.store, run_id)

        self.last_job = start_mutation(
            self,
            "Lock payout run",
            work,
            lambda _changes: self._changed(run_id, f"Run {run_id} locked"),
            label=f"Backing up the store and locking run {run_id}…",
            on_failure=lambda exc: self._lock_failed(run_id, exc),
        )

    def _lock_failed(self, run_id: int, exc: BaseException) -> None:
        """A stale draft is never locked: say what changed and offer to recalculate it."""
        from desktop_app.services.payouts import StaleDraftError

        if not isinstance(exc, StaleDraftError):
            show_error(self, "Lock payout run", exc)
            return
        self._changed(run_id, f"Run {run_id} is out of date: recalculate it before locking")
        shown = exc.changes[:12]
        more = len(exc.changes) - len(shown)
        box = QMessageBox(QMessageBox.Icon.Warning, "Lock payout run", "", parent=self)
        box.setObjectName("staleDraft")
        box.setText(
            f"Run {run_id} was not locked: the store changed since it was calculated, so it "
            "would not pay what is due now."
        )
        box.setInformativeText(
            f"{len(exc.changes)} line(s) differ:\n• "
            + "\n• ".join(shown)
            + (f"\n… and {more} more" if more > 0 else "")
            + "\n\nRecalculate it, review it, then lock it."
        )
        recalc = box.addButton("Recalculate now", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        recalc.clicked.connect(self.recalculate)
        box.finished.connect(lambda _r: box.deleteLater())
        box.open()

    def mark_paid(self) -> PaidDialog | None:
        from desktop_app.services import payouts

        run = self.selected_run()
        if run is None or run.state != RunState.LOCKED:
            return None
        dialog = PaidDialog(run.label, self.summary_model.money(run.totals.payable), self)

        def apply() -> None:
            dialog.deleteLater()
            try:
                paid = payouts.mark_paid(
                    self.store, run.id, dialog.chosen_date(), dialog.reference.text()
                )
            except UserError as exc:
                show_error(self, "Mark run paid", exc)
                self._changed(run.id)
                return
            self._changed(run.id, f"Run {run.id} marked paid")
            announce(paid, self)

        dialog.accepted.connect(apply)
        dialog.open()
        return dialog

    def add_adjustment(self) -> AdjustmentDialog | None:
        from desktop_app.services import partners, payouts

        run = self.selected_run()
        if run is None:
            return None
        if run.state != RunState.DRAFT:
            self._say(f"Run {run.id} is {run.state}: put adjustments into the next run.")
            return None
        choices = [
            (p.id, f"{p.name} ({', '.join(p.codes)})") for p in partners.load_partners(self.store)
        ]
        choices.sort(key=lambda c: c[1].casefold())
        current = self.selected_partner()

        def save(partner_id: int, amount: Decimal, reason: str, kind: str) -> int:
            added = payouts.add_adjustment(
                self.store, partner_id, amount, reason, run_id=run.id, kind=kind
            )
            announce(added.changes, self)  # the partner's page and the dashboard
            return added.value

        dialog = AdjustmentDialog(
            save,
            choices,
            run.currency,
            partner_id=current.partner_id if current is not None else None,
            parent=self,
        )

        def done() -> None:
            partner_id = dialog.partner.currentData()
            dialog.deleteLater()
            self._changed(run.id, "Adjustment added; the draft was recalculated")
            self.select_partner(int(partner_id))

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def flag_selected_order(self) -> QInputDialog | None:
        """Flag the selected line's order as fraud: its commission is withheld (the draft is
        recalculated), with the reason in the audit log and on the line."""
        from desktop_app.services import payouts

        run, line = self.selected_run(), self.selected_line()
        if run is None or line is None or line.order_id is None or run.state != RunState.DRAFT:
            return None
        return ask_reason(
            self,
            "fraudReason",
            "Flag order as fraud",
            f"Order {line.external_id}: its commission is withheld in this and later runs.",
            "Flag as fraud",
            lambda reason: payouts.flag_order(self.store, int(line.order_id), reason),
            lambda _flag: self._changed(
                run.id, f"Order {line.external_id} flagged; commission withheld"
            ),
        )

    def lift_selected_flag(self) -> QInputDialog | None:
        """Lift the fraud flag of the selected withheld line's order: the draft pays it again;
        what a locked run withheld comes back as an adjustment in the next run."""
        from desktop_app.services import payouts

        run, line = self.selected_run(), self.selected_line()
        if run is None or line is None or line.order_id is None or line.status != "withheld":
            return None
        where = (
            "its commission is paid again in this draft"
            if run.state == RunState.DRAFT
            else f"what run {run.id} withheld is released in the next run"
        )

        def lifted(result: LiftResult) -> None:
            released = (
                f"; {self.summary_model.money(result.released)} released in the next run"
                if result.releases
                else ""
            )
            self._changed(run.id, f"Fraud flag on order {line.external_id} lifted{released}")

        return ask_reason(
            self,
            "liftReason",
            "Lift fraud flag",
            f"Order {line.external_id} is no longer treated as fraud: {where}.",
            "Lift flag",
            lambda reason: payouts.lift_order_flag(self.store, int(line.order_id), reason),
            lifted,
        )

    def discard_run(self) -> QInputDialog | None:
        """Delete the selected draft (wrong period or cut-off) after asking why."""
        from desktop_app.services import payouts

        run = self.selected_run()
        if run is None or run.state != RunState.DRAFT:
            return None
        return ask_reason(
            self,
            "discardReason",
            "Discard draft run",
            f"Discard draft run {run.id} ({run.label})?\nIts figures are deleted; its manual "
            "adjustments wait for the next run. Locked runs can never be discarded.",
            "Discard draft",
            lambda reason: payouts.discard_run(self.store, run.id, reason=reason),
            lambda _none: self._changed(None, f"Draft run {run.id} discarded"),
        )

    # statements (ui/statement_actions.py, imported when first used: it loads QtPdf) ---------
    def _selected_run_id(self) -> int | None:
        run = self.selected_run()
        if run is None:
            self._say("Select a payout run first.")
            return None
        return int(run.id)

    def preview_statement(self) -> object:
        from desktop_app.ui.statement_actions import preview_statement

        partner = self.selected_partner()
        if partner is None:
            self._say("Select a partner to preview the statement.")
            return None
        run_id = self._selected_run_id()
        return (
            None
            if run_id is None
            else preview_statement(self, self.store, run_id, partner.partner_id)
        )

    def export(self) -> object:
        from desktop_app.ui.statement_actions import export_statements_dialog

        run_id = self._selected_run_id()
        return None if run_id is None else export_statements_dialog(self, self.store, run_id)

    def print_statements(self) -> object:
        from desktop_app.ui.statement_actions import print_statements

        partner = self.selected_partner()
        run_id = self._selected_run_id()
        if run_id is None:
            return None
        return print_statements(
            self, self.store, run_id, partner.partner_id if partner is not None else None
        )

    def export_payment_file(self) -> object:
        from desktop_app.ui.statement_actions import export_payout_file_dialog

        run_id = self._selected_run_id()
        return None if run_id is None else export_payout_file_dialog(self, self.store, run_id)

    def email_statements(self) -> object:
        """The E-mail statements dialog of a locked or paid run (mail_dialog.py)."""
        from desktop_app.ui.dialogs.mail_dialog import open_mail_dialog

        run = self.selected_run()
        if run is None or run.state == RunState.DRAFT:
            return None
        return open_mail_dialog(self, self.store, run.id)
