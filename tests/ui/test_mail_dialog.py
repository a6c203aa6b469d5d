"""The e-mail dialogs driven through real widgets, sending to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desktop_app.services.statements.mail_settings import (
    load_mail_settings,
    save_mail_settings,
    settings_path,
)
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.mail_dialog import DRAFT_TIP, MailStatementsDialog, open_mail_dialog
from desktop_app.ui.dialogs.mail_settings_dialog import MailServerBox, MailSettingsDialog
from tests.mail_fixture import PASSWORD, SmtpServer, serve
from tests.services.test_statements_export import PaidRun, seed_run

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    yield from serve(login=True)


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def names(dialog: MailStatementsDialog) -> list[str]:
    proxy = dialog.table.model()
    return [str(proxy.index(row, 0).data()) for row in range(proxy.rowCount())]


def ticked(dialog: MailStatementsDialog) -> list[str]:
    proxy = dialog.table.model()
    return [
        str(proxy.index(row, 0).data())
        for row in range(proxy.rowCount())
        if proxy.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    ]


def cell(dialog: MailStatementsDialog, name: str, column: int) -> str:
    proxy = dialog.table.model()
    row = names(dialog).index(name)
    return str(proxy.index(row, column).data())


def test_send_the_chosen_statements_from_the_dialog(
    qtbot, parent: QWidget, store: Store, smtp_server: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    paid: PaidRun = seed_run(store)
    save_mail_settings(smtp_server.settings(username="shop"))
    dialog = open_mail_dialog(parent, store, paid.run_id)
    qtbot.waitExposed(dialog)
    everyone = ['=HYPERLINK("http://x")', "Small Fry", "Zoë Łukasiewicz", "Дмитрий Иванов"]
    assert names(dialog) == everyone
    assert ticked(dialog) == everyone  # all have an address, none was e-mailed yet
    assert cell(dialog, "Дмитрий Иванов", 2) == "dima@example.com"
    assert cell(dialog, "Дмитрий Иванов", 3) == "307,20\xa0€"
    assert dialog.send_button.text() == "&Send 4 statement(s)"

    # untick Small Fry with the keyboard, as a user would
    dialog.table.setFocus()
    proxy = dialog.table.model()
    dialog.table.setCurrentIndex(proxy.index(names(dialog).index("Small Fry"), 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert "Small Fry" not in ticked(dialog)
    assert dialog.send_button.text() == "&Send 3 statement(s)"

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "Give the password of shop."
    assert smtp_server.inbox.envelopes == []
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)

    assert "3 statement(s) sent, 0 skipped, 0 failed" in dialog.summary.text()
    assert sorted(smtp_server.inbox.recipients) == [
        "-cmd@example.com", "dima@example.com", "zoe@example.com"
    ]  # fmt: skip
    assert cell(dialog, "Zoë Łukasiewicz", 4) != "" and cell(dialog, "Small Fry", 4) == ""
    assert ticked(dialog) == ["Small Fry"]  # what is still to send
    assert PASSWORD not in settings_path().read_text(encoding="utf-8")


def test_a_refused_partner_is_listed_and_stays_ticked(
    qtbot, parent: QWidget, store: Store, smtp_server: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    paid = seed_run(store)
    save_mail_settings(smtp_server.settings(username="shop"))
    smtp_server.inbox.refuse.add("zoe@example.com")
    dialog = open_mail_dialog(parent, store, paid.run_id)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    text = dialog.summary.text()
    assert "3 statement(s) sent, 0 skipped, 1 failed" in text
    assert "Failed: Zoë Łukasiewicz (ZOE10): 550 5.1.1" in text
    assert ticked(dialog) == ["Zoë Łukasiewicz"]


def test_cancel_stops_after_the_message_on_its_way_and_says_what_went_out(
    qtbot, parent: QWidget, store: Store, smtp_server: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    paid = seed_run(store)
    save_mail_settings(smtp_server.settings(username="shop"))
    smtp_server.inbox.hold_after = 1  # the second message waits at the server
    dialog = open_mail_dialog(parent, store, paid.run_id)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(smtp_server.inbox.waiting.is_set, timeout=20000)
    progress = dialog.findChild(QProgressDialog)
    assert progress is not None
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert progress.labelText().startswith("Stopping after the message being sent")
    smtp_server.inbox.release.set()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)

    assert len(smtp_server.inbox.envelopes) == 2  # the one on its way went out, no more
    text = dialog.summary.text()
    assert "2 statement(s) sent" in text and "(cancelled)" in text
    assert text.count("not sent: cancelled") == 2
    assert len(ticked(dialog)) == 2  # the two not sent are ticked for the next try


def test_a_wrong_password_is_shown_in_the_dialog(
    qtbot, parent: QWidget, store: Store, smtp_server: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    paid = seed_run(store)
    save_mail_settings(smtp_server.settings(username="shop"))
    dialog = open_mail_dialog(parent, store, paid.run_id)
    qtbot.keyClicks(dialog.password, "guess-1234")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=20000)
    assert "refused the login of shop" in dialog.problem.text()
    assert "guess-1234" not in dialog.problem.text()
    assert dialog.report is None and smtp_server.inbox.envelopes == []


def test_a_draft_cannot_be_sent(
    qtbot, parent: QWidget, store: Store, smtp_server: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    draft = seed_run(store, lock=False)
    save_mail_settings(smtp_server.settings())
    dialog = open_mail_dialog(parent, store, draft.run_id)
    assert not dialog.send_button.isEnabled()
    assert dialog.send_button.toolTip() == DRAFT_TIP
    assert dialog.send() is None


def test_mail_server_dialog_saves_and_sends_a_test_message(
    qtbot, parent: QWidget, smtp_server: SmtpServer, private_data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    box = MailServerBox(parent)
    assert box.summary.text().startswith("Not set up yet")
    dialog = box.open_dialog()
    assert isinstance(dialog, MailSettingsDialog)
    assert dialog.port.value() == 587
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    assert dialog.port.value() == 25  # follows the usual port of the mode
    qtbot.keyClicks(dialog.host, smtp_server.host)
    dialog.port.setValue(smtp_server.port)
    qtbot.keyClicks(dialog.username, "shop")
    qtbot.keyClicks(dialog.sender_address, "Nordlicht <partners@nordlicht.example>")
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.subject.setText("Statement {month}")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.problem.text().startswith("Subject: unknown placeholder {month}")
    assert not (private_data_dir / "mail.json").exists()
    dialog.subject.setText("Statement {period}")

    ask = dialog.ask_test_address()
    ask.setTextValue("me@nordlicht.example")
    ask.accept()
    qtbot.waitUntil(lambda: bool(dialog.test_result), timeout=20000)
    assert dialog.status.text().startswith("Test message sent to me@nordlicht.example")
    assert smtp_server.inbox.recipients == ["me@nordlicht.example"]

    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    saved = load_mail_settings()
    assert (saved.host, saved.port, saved.security, saved.subject) == (
        smtp_server.host, smtp_server.port, "none", "Statement {period}"
    )  # fmt: skip
    assert PASSWORD not in (private_data_dir / "mail.json").read_text(encoding="utf-8")
    assert "Nordlicht <partners@nordlicht.example>" in box.summary.text()


def test_settings_screen_offers_the_mail_server(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.screens.settings import SettingsScreen

    screen = main_window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    assert screen.mail_box.isVisible() and screen.mail_box.button.text() == "Mail ser&ver…"
    qtbot.mouseClick(screen.mail_box.button, Qt.MouseButton.LeftButton)
    assert isinstance(screen.mail_box.dialog, MailSettingsDialog)
    assert screen.mail_box.dialog.isVisible()
    screen.mail_box.dialog.reject()


def test_runs_screen_opens_the_dialog_for_a_locked_run_only(
    qtbot, main_window, store: Store, smtp_server: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services import payouts
    from desktop_app.ui.screens.runs import RunsScreen

    paid = seed_run(store)
    save_mail_settings(smtp_server.settings())
    screen = main_window.show_screen("runs")
    assert isinstance(screen, RunsScreen)
    screen.refresh()
    screen.select_run(paid.run_id)
    assert screen.email_button.isEnabled()
    qtbot.mouseClick(screen.email_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(MailStatementsDialog)
    assert dialog is not None and dialog.isVisible()
    assert len(names(dialog)) == 4
    dialog.close()

    draft_id = payouts.create_run(
        store, date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 30), actor="test"
    ).value
    screen.refresh()
    screen.select_run(draft_id)
    assert not screen.email_button.isEnabled()
    assert screen.email_button.toolTip() == DRAFT_TIP
    assert screen.email_statements() is None
