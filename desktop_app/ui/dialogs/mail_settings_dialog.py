"""This workstation's mail server for e-mailing statements, with a test message.

The password field is only for the test: it is never saved (the statements dialog asks again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import UserError, ValidationError
from desktop_app.services.statements.mail_settings import (
    DEFAULT_PORTS,
    PLACEHOLDERS,
    SECURITY_MODES,
    MailSettings,
    load_mail_settings,
    save_mail_settings,
    validate,
)
from desktop_app.ui.message import user_text
from desktop_app.ui.widgets.forms import error_label
from desktop_app.ui.workers import IsCancelled, Job, Progress, start_query

SECURITY_LABELS = {
    "starttls": "STARTTLS (usually port 587)",
    "ssl": "SSL/TLS (usually port 465)",
    "none": "None (only inside a trusted network)",
}

FIELD_WIDGETS = {"sender": "sender_address"}  # QObject.sender() must not be shadowed


class MailSettingsDialog(QDialog):
    """Edit and save the mail settings; "Send test message…" tries the values as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mail server")
        self.setMinimumWidth(520)
        self.last_job: Job | None = None
        self.test_result = ""
        intro = QLabel(
            "How this computer sends statements by e-mail. Ask your e-mail provider for the "
            "SMTP server. The password is never saved; it is asked for when sending."
        )
        intro.setWordWrap(True)
        self.host = QLineEdit()
        self.host.setPlaceholderText("smtp.example.com")
        self.security = QComboBox()
        for mode in SECURITY_MODES:
            self.security.addItem(SECURITY_LABELS[mode], mode)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.username = QLineEdit()
        self.username.setPlaceholderText("empty when the server needs no login")
        self.sender_address = QLineEdit()
        self.sender_address.setPlaceholderText("Your Shop <partners@shop.example>")
        self.reply_to = QLineEdit()
        self.reply_to.setPlaceholderText("optional: where partners' replies go")
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setMinimumHeight(140)
        names = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        self.body.setToolTip(f"Placeholders: {names}")
        self.subject.setToolTip(f"Placeholders: {names}")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("only for the test message; never saved")
        self.problem = error_label("mailSettingsProblem")
        self.status = QLabel()
        self.status.setObjectName("mailTestStatus")
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow("SMTP &server", self.host)
        form.addRow("S&ecurity", self.security)
        form.addRow("&Port", self.port)
        form.addRow("&User name", self.username)
        form.addRow("Pass&word", self.password)
        form.addRow("Se&nder", self.sender_address)
        form.addRow("&Reply-to", self.reply_to)
        form.addRow("Su&bject", self.subject)
        form.addRow("&Message", self.body)
        form.addRow(
            "",
            QLabel(
                f"<small>Placeholders: {names}.<br>Left as they are, subject and message go out "
                "in the statements' language (German, French or Spanish locales).</small>"
            ),
        )

        self.test_button = QPushButton("Send &test message…")
        self.test_button.clicked.connect(self.ask_test_address)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.security.currentIndexChanged.connect(self._security_changed)
        self._load()

    def _load(self) -> None:
        try:
            settings = load_mail_settings()
        except UserError as exc:  # a damaged file: start from the defaults, say why
            settings = MailSettings()
            self._show_problem(exc)
        self.host.setText(settings.host)
        index = self.security.findData(settings.security)
        self.security.setCurrentIndex(max(index, 0))
        self.port.setValue(settings.port if 1 <= settings.port <= 65535 else 587)
        self.username.setText(settings.username)
        self.sender_address.setText(settings.sender)
        self.reply_to.setText(settings.reply_to)
        self.subject.setText(settings.subject)
        self.body.setPlainText(settings.body)

    def _security_changed(self) -> None:
        """Follow the usual port of the new mode, unless a special port was typed."""
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[str(self.security.currentData())])

    def values(self) -> MailSettings:
        return MailSettings(
            host=self.host.text(),
            port=self.port.value(),
            security=str(self.security.currentData()),
            username=self.username.text(),
            sender=self.sender_address.text(),
            reply_to=self.reply_to.text(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
        )

    def _show_problem(self, exc: BaseException) -> None:
        self.problem.setText(user_text(exc))
        self.problem.show()
        if isinstance(exc, ValidationError):
            widget = getattr(self, FIELD_WIDGETS.get(exc.field, exc.field), None)
            if isinstance(widget, QWidget):
                widget.setFocus()

    def save(self) -> None:
        try:
            save_mail_settings(self.values())
        except UserError as exc:
            self._show_problem(exc)
            return
        self.accept()

    def ask_test_address(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("testAddress")
        dialog.setWindowTitle("Send test message")
        dialog.setLabelText("Send a test message to:")
        dialog.setTextValue(self.reply_to.text() or self.sender_address.text())
        dialog.setOkButtonText("Send")
        dialog.textValueSelected.connect(self.send_test)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def send_test(self, address: str) -> Job | None:
        """Try the settings as typed (not yet saved) in a worker."""
        from desktop_app.services.statements.mail_server import send_test_message

        try:
            settings = validate(self.values())
        except UserError as exc:
            self._show_problem(exc)
            return None
        self.problem.hide()
        password = self.password.text()
        self.status.setText(f"Sending a test message to {address}…")

        def work(_progress: Progress, _cancelled: IsCancelled) -> str:
            return send_test_message(settings, password, address)

        def done(message_id: Any) -> None:
            self.test_result = str(message_id)
            self.status.setText(f"Test message sent to {address} through {settings.server}.")

        def failed(exc: BaseException) -> None:
            self.test_result = ""
            self.status.clear()
            self._show_problem(exc)

        self.last_job = start_query(
            self, "Send test message", work, done, on_failure=failed, label="Sending…"
        )
        return self.last_job


class MailServerBox(QGroupBox):
    """The Settings screen's line about e-mail: which server is set up, and the dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("E-mailing statements (this computer)", parent)
        self.summary = QLabel()
        self.summary.setObjectName("mailServerSummary")
        self.summary.setWordWrap(True)
        self.button = QPushButton("Mail ser&ver…")
        self.button.setToolTip("SMTP server, sender and message text for e-mailed statements")
        self.button.clicked.connect(self.open_dialog)
        self.dialog: MailSettingsDialog | None = None
        row = QHBoxLayout(self)
        row.addWidget(self.summary, 1)
        row.addWidget(self.button)
        self.refresh()

    def refresh(self) -> None:
        try:
            settings = load_mail_settings()
        except UserError as exc:
            self.summary.setText(user_text(exc))
            return
        if not settings.configured:
            self.summary.setText("Not set up yet: statements can be exported and printed.")
            return
        login = f", login {settings.username}" if settings.username else ""
        self.summary.setText(
            f"Statements are sent from {settings.sender} through {settings.server} "
            f"({settings.security}{login})."
        )

    def open_dialog(self) -> MailSettingsDialog:
        self.dialog = MailSettingsDialog(self)
        self.dialog.finished.connect(lambda _r: self.refresh())
        self.dialog.open()
        return self.dialog
