"""File → Back up store / Restore from backup. MainWindow calls these two functions by name.

Every dialog here is window-modal and opened with `open()`, never `exec()`, so the event loop
(and the tests driving it) keeps running. Restore closes the store's connections, replaces the
file and asks the application (window.open_store_requested) to open it again, which migrates an
older backup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.errors import UserError
from desktop_app.services import backup
from desktop_app.ui.message import user_text

if TYPE_CHECKING:
    from desktop_app.ui.window_host import WindowHost

FILTER = "Payout Desk backups (*.sqlite *.db);;All files (*)"
BACKUP_TITLE = "Back up store"
RESTORE_TITLE = "Restore from backup"


def _tell(window: WindowHost, title: str, text: str, warning: bool = False) -> QMessageBox:
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, window.window())
    box.setObjectName("backup_message")
    box.finished.connect(box.deleteLater)
    box.open()
    return box


def _postgres(window: WindowHost, title: str) -> QMessageBox | None:
    if backup.sqlite_file(window.store.url) is not None:
        return None
    return _tell(window, title, backup.POSTGRES_MESSAGE.format(where=window.store.description))


def _file_dialog(window: WindowHost, title: str, save: bool, start: Path) -> QFileDialog:
    dialog = QFileDialog(window.window(), title, str(start.parent if save else start), FILTER)
    dialog.setObjectName("backup_file_dialog")
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("sqlite")
        dialog.selectFile(str(start))
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.finished.connect(dialog.deleteLater)
    return dialog


def backup_store(window: WindowHost) -> QFileDialog | QMessageBox:
    """Ask where to save a copy of the store (suggesting the backups folder), then write it."""
    refused = _postgres(window, BACKUP_TITLE)
    if refused is not None:
        return refused
    source = backup.sqlite_file(window.store.url)
    assert source is not None
    folder = backup.store_backups_dir(window.store)
    suggested = folder / backup.default_backup_name(source, "manual")
    dialog = _file_dialog(window, BACKUP_TITLE, True, suggested)
    dialog.fileSelected.connect(lambda path: write_backup(window, path))
    dialog.open()
    return dialog


def write_backup(window: WindowHost, path: str) -> Path | None:
    try:
        written = backup.backup_to(window.store, path)
    except UserError as exc:
        _tell(window, BACKUP_TITLE, user_text(exc), warning=True)
        return None
    window.statusBar().showMessage(f"Backed up to {written}", 10000)
    return written


def restore_backup(window: WindowHost) -> QFileDialog | QMessageBox:
    """Ask for a backup file; `confirm_restore` checks it and asks before replacing anything."""
    refused = _postgres(window, RESTORE_TITLE)
    if refused is not None:
        return refused
    dialog = _file_dialog(window, RESTORE_TITLE, False, backup.store_backups_dir(window.store))
    dialog.fileSelected.connect(lambda path: confirm_restore(window, path))
    dialog.open()
    return dialog


def confirm_restore(window: WindowHost, path: str) -> QMessageBox:
    """Refuse a file that is not a sound store; otherwise ask (Cancel is the default). A backup
    of another store is said so in the question, and answering yes is what forces it."""
    try:
        facts = backup.inspect_backup(path)
        other = backup.other_store(window.store.url, path, facts)
    except UserError as exc:
        return _tell(window, RESTORE_TITLE, user_text(exc), warning=True)
    question = (
        f"Replace everything in {window.store.description} with the backup {Path(path).name}?"
    )
    if other:
        whose = f" ('{facts.merchant}')" if facts.merchant else ""
        question = (
            f"{Path(path).name} is a backup of ANOTHER store{whose}, not of this one. Replace "
            f"everything in {window.store.description} with the other store's data?"
        )
    box = QMessageBox(
        QMessageBox.Icon.Warning if other else QMessageBox.Icon.Question,
        RESTORE_TITLE,
        f"{question}\n\nThe store as it is now is first copied to its backups folder, so this "
        "can be undone by restoring that copy.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        window.window(),
    )
    box.setObjectName("restore_confirmation")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(
        "Replace with the other store's data" if other else "Replace the store"
    )

    def answered(_result: int) -> None:
        chosen = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        box.deleteLater()
        if chosen == QMessageBox.StandardButton.Yes:
            do_restore(window, path, force=other is not None)

    box.finished.connect(answered)
    box.open()
    return box


def offer_restore_at_start(url: str, message: str) -> bool:
    """The store to open at start is damaged and there is no window yet: say so, and offer
    what File → Restore from backup does, right here. True when a backup was put in place."""
    box = QMessageBox(QMessageBox.Icon.Critical, RESTORE_TITLE, message)
    box.setObjectName("damaged_store_message")
    restore = box.addButton("Restore from backup…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    dialog = QFileDialog(None, RESTORE_TITLE, str(backup.store_backups_dir(url)), FILTER)
    dialog.setObjectName("backup_file_dialog")
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return False
    try:
        backup.restore_from(url, dialog.selectedFiles()[0])
    except UserError as exc:
        failed = QMessageBox(QMessageBox.Icon.Warning, RESTORE_TITLE, user_text(exc))
        failed.setObjectName("backup_message")
        failed.exec()
        return False
    return True


def do_restore(window: WindowHost, path: str, *, force: bool = False) -> Path | None:
    """Replace the store with the backup and reopen it; returns the copy of the old store."""
    store = window.store
    store.close()
    try:
        safety = backup.restore_from(store.url, path, force=force)
    except UserError as exc:
        _tell(window, RESTORE_TITLE, user_text(exc), warning=True)
        return None
    kept = f"; the previous store is kept in {safety}" if safety else ""
    window.statusBar().showMessage(f"Restored from {path}{kept}", 10000)
    window.open_store_requested.emit(store.url)
    return safety
