"""File → Back up store / Restore from backup, driven through the real menu actions and dialogs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import backup, partners
from desktop_app.store.database import Store, open_store
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path, qsettings: QSettings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'shop.sqlite'}")
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Original", ("ORIG",)))
    win = MainWindow(store, qsettings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.store.close()


def _codes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT code FROM partner_codes"))


def _store_file(store: Store) -> Path:
    return Path(store.url.removeprefix("sqlite:///"))


def _file_dialog(window: MainWindow) -> QFileDialog:
    dialog = window.findChild(QFileDialog, "backup_file_dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def _choose(dialog: QFileDialog, path: Path) -> None:
    dialog.selectFile(str(path))
    dialog.accept()


def _message(window: MainWindow, name: str) -> QMessageBox:
    box = window.findChild(QMessageBox, name)
    assert box is not None and box.isVisible()
    return box


def test_backup_now_writes_the_file_chosen(window: MainWindow, tmp_path: Path) -> None:
    window.actions["backup"].trigger()
    dialog = _file_dialog(window)
    assert Path(dialog.directory().absolutePath()) == backup.store_backups_dir(window.store)
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    target = tmp_path / "chosen.sqlite"
    _choose(dialog, target)
    assert _codes(target) == ["ORIG"]
    assert str(target) in window.statusBar().currentMessage()


def test_backup_cancelled_in_the_dialog_writes_nothing(window: MainWindow) -> None:
    window.actions["backup"].trigger()
    _file_dialog(window).reject()
    assert not list(backup.backups_dir().rglob("*.sqlite"))


def test_restore_asks_then_replaces_the_store_and_reopens_it(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    copy = backup.backup_to(window.store, tmp_path / "copy.sqlite")
    with window.store.transaction() as session:
        partners.create_partner(session, PartnerInput("Later", ("LATER",)))

    window.actions["restore"].trigger()
    _choose(_file_dialog(window), copy)
    box = _message(window, "restore_confirmation")
    assert "copy.sqlite" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # safe default
    with qtbot.waitSignal(window.open_store_requested) as reopened:
        box.button(QMessageBox.StandardButton.Yes).click()
    assert reopened.args == [window.store.url]
    assert _codes(_store_file(window.store)) == ["ORIG"]
    [safety] = backup.list_backups(window.store)
    assert safety.reason == "before restore"
    assert _codes(safety.path) == ["LATER", "ORIG"]


def test_restore_declined_changes_nothing(window: MainWindow, tmp_path: Path) -> None:
    copy = backup.backup_to(window.store, tmp_path / "copy.sqlite")
    with window.store.transaction() as session:
        partners.create_partner(session, PartnerInput("Later", ("LATER",)))
    window.actions["restore"].trigger()
    _choose(_file_dialog(window), copy)
    _message(window, "restore_confirmation").button(QMessageBox.StandardButton.Cancel).click()
    window.store.close()
    assert _codes(_store_file(window.store)) == ["LATER", "ORIG"]
    assert not list(backup.backups_dir().rglob("*.sqlite"))


def test_restore_of_a_non_store_shows_why_and_asks_nothing(
    window: MainWindow, tmp_path: Path
) -> None:
    bogus = tmp_path / "orders.csv"
    bogus.write_text("order,amount\n1,2\n")
    window.actions["restore"].trigger()
    _choose(_file_dialog(window), bogus)
    assert window.findChild(QMessageBox, "restore_confirmation") is None
    warning = _message(window, "backup_message")
    assert "is not a Payout Desk store" in warning.text()
    warning.accept()
    assert _codes(_store_file(window.store)) == ["ORIG"]


def test_postgres_store_explains_pg_dump(qtbot, qsettings: QSettings) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui import backup as backup_ui

    store = open_store("sqlite://")  # never touched: only its URL matters for the message
    win = MainWindow(store, qsettings)
    qtbot.addWidget(win)
    team_url = "postgresql+psycopg://team@db.example/shop"
    win.store = Store(url=team_url, engine=store.engine, sessions=store.sessions)
    box = backup_ui.backup_store(win)
    assert isinstance(box, QMessageBox) and "pg_dump" in box.text()
    box.accept()
    store.close()


def test_restoring_another_stores_backup_warns_and_only_yes_forces_it(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    other = open_store(f"sqlite:///{tmp_path / 'other' / 'shop.sqlite'}")  # same file name
    with other.transaction() as session:
        partners.create_partner(session, PartnerInput("Other Shop's", ("OTHER",)))
    copy = backup.auto_backup(other, "manual")
    other.close()
    assert copy is not None

    window.actions["restore"].trigger()
    assert Path(_file_dialog(window).directory().absolutePath()) == backup.store_backups_dir(
        window.store
    )  # this store's own folder: the other shop's copy is not offered there
    _choose(_file_dialog(window), copy)
    box = _message(window, "restore_confirmation")
    assert "ANOTHER store" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    with qtbot.waitSignal(window.open_store_requested):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert _codes(_store_file(window.store)) == ["OTHER"]
    [safety] = backup.list_backups(window.store)
    assert _codes(safety.path) == ["ORIG"]
