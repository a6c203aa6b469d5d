"""E-mail a locked or paid run's statements: choose the partners, give the password, Send.

Sending runs in a worker with progress and Cancel (a cancel stops between two messages); the
dialog then shows what was sent, skipped and failed, and the "Last e-mailed" column updates.
A partner ticked although already e-mailed is sent again on purpose.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.payouts.run_state import RunState
from desktop_app.errors import UserError
from desktop_app.services import merchant
from desktop_app.services.statements.mail_recipients import run_recipients
from desktop_app.services.statements.mail_settings import MailSettings, load_mail_settings
from desktop_app.services.statements.mailing import MailingCancelled, MailReport
from desktop_app.store.database import Store
from desktop_app.ui.message import user_text
from desktop_app.ui.models.mail_model import MailRecipientsModel
from desktop_app.ui.widgets.forms import error_label
from desktop_app.ui.widgets.tables import make_table
from desktop_app.ui.workers import IsCancelled, Job, Progress, start_mutation

DRAFT_TIP = "Lock the run first: a draft's figures may still change."


class MailStatementsDialog(QDialog):
    def __init__(self, store: Store, run_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.run_id = run_id
        self.report: MailReport | None = None
        self.last_job: Job | None = None
        self.settings_dialog: Any = None
        self.setWindowTitle(f"E-mail statements – run {run_id}")
        self.resize(760, 520)

        self.model = MailRecipientsModel()
        self.table, self.proxy = make_table(self.model, "mailRecipients")
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.model.dataChanged.connect(lambda *_: self._update())
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.server = QLabel()
        self.server.setObjectName("mailServer")
        self.server.setWordWrap(True)
        self.setup_button = QPushButton("Mail ser&ver…")
        self.setup_button.clicked.connect(self.open_settings)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("asked each time; never saved")
        self.problem = error_label("mailProblem")
        self.summary = QLabel()
        self.summary.setObjectName("mailSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.send_button = self.buttons.addButton("&Send", QDialogButtonBox.ButtonRole.ActionRole)
        self.send_button.clicked.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Server", self.server)
        form.addRow("", self.setup_button)
        form.addRow("&Password", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.mail_settings = MailSettings()
        self.final = False
        self.reload(reset_choice=True)
        self.load_settings()

    # data ---------------------------------------------------------------------------------
    def reload(self, *, reset_choice: bool = False) -> None:
        """Partners, addresses and last e-mails from the store (keeps the ticks unless reset)."""
        locale = merchant.load_profile(self.store).locale
        run, recipients = run_recipients(self.store, self.run_id)
        self.final = run.state != RunState.DRAFT
        keep = None if reset_choice else set(self.model.chosen)
        self.model.set_recipients(recipients, run.currency, locale, keep)
        without = sum(1 for r in recipients if not r.email)
        text = f"<b>{html.escape(run.label)}</b> · {run.state.capitalize()} · "
        text += f"{len(recipients)} partner(s)"
        if without:
            text += f", {without} without an e-mail address"
        self.heading.setText(text)
        self._update()

    def load_settings(self) -> None:
        try:
            self.mail_settings = load_mail_settings()
        except UserError as exc:
            self.mail_settings = MailSettings()
            self.server.setText(html.escape(user_text(exc)))
        else:
            s = self.mail_settings
            self.server.setText(
                f"{html.escape(s.sender)} via {html.escape(s.server)}"
                if s.configured
                else "Not set up yet: choose Mail server… first."
            )
        login = bool(self.mail_settings.username)
        self.password.setEnabled(login)
        self.password.setToolTip(
            f"Password of {self.mail_settings.username}" if login else "The server needs no login"
        )
        self._update()

    def _update(self) -> None:
        chosen = len(self.model.chosen)
        self.send_button.setText(f"&Send {chosen} statement(s)" if chosen else "&Send")
        ready = self.final and chosen > 0 and self.mail_settings.configured
        self.send_button.setEnabled(ready)
        if not self.final:
            self.send_button.setToolTip(DRAFT_TIP)
        elif not self.mail_settings.configured:
            self.send_button.setToolTip("Set up the mail server first (Mail server…)")
        elif not chosen:
            self.send_button.setToolTip("Tick the partners to send their statement to")
        else:
            self.send_button.setToolTip("")

    def open_settings(self) -> QDialog:
        from desktop_app.ui.dialogs.mail_settings_dialog import MailSettingsDialog

        dialog = MailSettingsDialog(self)
        dialog.finished.connect(lambda _r: self.load_settings())
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    # sending --------------------------------------------------------------------------------
    def send(self) -> Job | None:
        from desktop_app.services.statements.mailing import send_statements

        chosen = [r.partner_id for r in self.model.checked()]
        if not chosen or not self.final:
            return None
        if self.mail_settings.username and not self.password.text():
            self.problem.setText(f"Give the password of {self.mail_settings.username}.")
            self.problem.show()
            self.password.setFocus()
            return None
        self.problem.hide()
        self.summary.clear()
        settings, password = self.mail_settings, self.password.text()

        def work(progress: Progress, cancelled: IsCancelled) -> MailReport:
            return send_statements(
                self.store, self.run_id, settings, password,
                partner_ids=chosen, resend=True, progress=progress, cancelled=cancelled,
            )  # fmt: skip

        self.send_button.setEnabled(False)
        self.last_job = start_mutation(  # the runs and partner page show what was e-mailed
            self,
            "E-mail statements",
            work,
            self._done,
            on_failure=self._failed,
            label=f"Sending {len(chosen)} statement(s) through {settings.server}…",
            cancelling="Stopping after the message being sent; messages sent stay sent",
        )
        return self.last_job

    def _done(self, report: MailReport) -> None:
        self.show_report(report)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, MailingCancelled):
            self.show_report(exc.report, cancelled=True)
            return
        self.problem.setText(user_text(exc) if isinstance(exc, UserError) else repr(exc))
        self.problem.show()
        self.reload()

    def show_report(self, report: MailReport, *, cancelled: bool = False) -> None:
        self.report = report
        lines = [f"<b>{html.escape(report.summary())}</b>" + (" (cancelled)" if cancelled else "")]
        for title, outcomes in (("Failed", report.failed), ("Skipped", report.skipped)):
            for o in outcomes:
                who = html.escape(f"{o.name} ({o.code})")
                lines.append(f"{title}: {who}: {html.escape(o.reason)}")
        self.summary.setText("<br>".join(lines))
        self.reload(reset_choice=True)  # ticks what is still to send (failed, not yet sent)


def open_mail_dialog(parent: QWidget, store: Store, run_id: int) -> MailStatementsDialog:
    dialog = MailStatementsDialog(store, run_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def mail_action_state(run: Any) -> tuple[bool, str]:
    """Whether the Payout runs screen's "E-mail statements…" is available, and its tooltip."""
    if run is None:
        return False, "Select a payout run first"
    if run.state == RunState.DRAFT:
        return False, DRAFT_TIP
    return True, "E-mail each partner their PDF statement"
