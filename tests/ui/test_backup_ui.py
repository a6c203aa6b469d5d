"""File → Back up store / Restore from backup, driven through the real menu actions and dialogs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import backup, partners
from desktop_app.store.database import Store, open_store
from desktop_app.ui.app import Startup
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
    window.menu_actions["backup"].trigger()
    dialog = _file_dialog(window)
    assert Path(dialog.directory().absolutePath()) == backup.store_backups_dir(window.store)
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    target = tmp_path / "chosen.sqlite"
    _choose(dialog, target)
    assert _codes(target) == ["ORIG"]
    assert str(target) in window.statusBar().currentMessage()


def test_backup_cancelled_in_the_dialog_writes_nothing(window: MainWindow) -> None:
    window.menu_actions["backup"].trigger()
    _file_dialog(window).reject()
    assert not list(backup.backups_dir().rglob("*.sqlite"))


def test_restore_asks_then_replaces_the_store_and_reopens_it(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    copy = backup.backup_to(window.store, tmp_path / "copy.sqlite")
    with window.store.transaction() as session:
        partners.create_partner(session, PartnerInput("Later", ("LATER",)))

    window.menu_actions["restore"].trigger()
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
    window.menu_actions["restore"].trigger()
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
    window.menu_actions["restore"].trigger()
    _choose(_file_dialog(window), bogus)
    assert window.findChild(QMessageBox, "restore_confirmation") is None
    warning = _message(window, "backup_message")
    assert "is not a Payout Desk store" in warning.text()
    warning.accept()
    assert _codes(_store_file(window.store)) == ["ORIG"]


def test_postgres_store_explains_pg_dump(qtbot, qsettings: QSettings) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui import backup as backup_ui

    store = open_store("sqlite://")  # never touched: only its URL matters for the message
    team_url = "postgresql+psycopg://team@db.example/shop"
    win = MainWindow(Store(url=team_url, engine=store.engine, sessions=store.sessions), qsettings)
    qtbot.addWidget(win)
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

    window.menu_actions["restore"].trigger()
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


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(b"status_date", data.index(b"CREATE TABLE partners"))
    data[at] = ord("(")  # the schema no longer parses
    path.write_bytes(bytes(data))


def _answer_modals(qtbot, steps: list) -> None:  # type: ignore[no-untyped-def]
    """Act on each modal dialog as it opens (the start-up ones run their own event loop)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    pending = list(steps)

    def poll() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()]
        try:
            if shown and pending and pending[0](shown[-1]):
                pending.pop(0)
        except BaseException:
            pending.clear()
            for widget in shown:  # never leave a test hanging in a modal loop
                widget.reject()  # type: ignore[attr-defined]
            raise
        if pending:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def _start(qtbot, path: Path, qsettings: QSettings) -> Startup:  # type: ignore[no-untyped-def]
    """The app's start on the store at `path`: its window shows, then the store is opened."""
    startup = Startup(f"sqlite:///{path}", False, qsettings)
    window = startup.start()
    qtbot.addWidget(window)
    return startup


def test_a_damaged_store_at_start_can_be_restored_on_the_spot(
    qtbot, tmp_path: Path, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "shop" / "payout-desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Original", ("ORIG",)))
    copy = backup.auto_backup(store, "manual")
    store.close()
    assert copy is not None
    _damage(path)
    seen: list[str] = []

    def press_restore(modal: object) -> bool:
        if not isinstance(modal, QMessageBox) or modal.objectName() != "damaged_store_message":
            return False
        seen.append(modal.text())
        [restore] = [b for b in modal.buttons() if b.text() == "Restore from backup…"]
        restore.click()
        return True

    def choose_copy(modal: object) -> bool:
        if not isinstance(modal, QFileDialog):
            return False
        assert Path(modal.directory().absolutePath()) == backup.store_backups_dir(
            f"sqlite:///{path}"
        )
        # Shown by exec(), the file name box has the focus, which selectFile() leaves alone.
        modal.findChild(QLineEdit, "fileNameEdit").setText(str(copy))
        modal.accept()
        return True

    _answer_modals(qtbot, [press_restore, choose_copy])
    startup = _start(qtbot, path, qsettings)
    with qtbot.waitSignal(startup.window.ready, timeout=10_000):
        pass
    try:
        with startup.window.store.transaction() as session:
            assert partners.find_by_code(session, "ORIG").name == "Original"
    finally:
        startup.close_store()
    assert "is damaged" in seen[0] and "File → Restore from backup" in seen[0]


def test_a_damaged_store_at_start_closed_without_restoring_is_left_alone(
    qtbot, tmp_path: Path, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "shop" / "payout-desk.sqlite"
    open_store(f"sqlite:///{path}").close()
    _damage(path)
    before = path.read_bytes()

    def close(modal: object) -> bool:
        if not isinstance(modal, QMessageBox):
            return False
        modal.button(QMessageBox.StandardButton.Close).click()
        return True

    _answer_modals(qtbot, [close])
    startup = Startup(f"sqlite:///{path}", False, qsettings)
    with qtbot.waitSignal(startup.gave_up, timeout=10_000):
        qtbot.addWidget(startup.start())
    assert not startup.window.is_ready and startup.error is None
    assert path.read_bytes() == before
