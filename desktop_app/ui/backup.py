"""File → Back up store / Restore from backup. MainWindow calls these two functions by name.

Both take the window; restore closes the store's connections, replaces the file and asks the
application (window.open_store_requested) to open it again, which migrates an older backup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.errors import UserError
from desktop_app.services import backup
from desktop_app.ui.message import show_error

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

FILTER = "Payout Desk backups (*.sqlite *.db);;All files (*)"


def backup_store(window: MainWindow) -> Path | None:
    """Ask where to save a copy of the store and write it; returns the file written."""
    store = window.store
    source = backup.sqlite_file(store.url)
    if source is None:
        QMessageBox.information(
            window, "Back up store", backup.POSTGRES_MESSAGE.format(where=store.description)
        )
        return None
    suggested = backup.backups_dir() / backup.default_backup_name(source, "manual")
    path, _ = QFileDialog.getSaveFileName(window, "Back up store", str(suggested), FILTER)
    if not path:
        return None
    try:
        written = backup.backup_to(store, path)
    except UserError as exc:
        show_error(window, "Back up store", exc)
        return None
    window.statusBar().showMessage(f"Backed up to {written}", 10000)
    return written


def restore_backup(window: MainWindow) -> Path | None:
    """Ask for a backup file, check it, confirm, replace the store and reopen it.
    Returns the automatic copy made of the store as it was (None when cancelled)."""
    store = window.store
    if backup.sqlite_file(store.url) is None:
        QMessageBox.information(
            window, "Restore from backup", backup.POSTGRES_MESSAGE.format(where=store.description)
        )
        return None
    path, _ = QFileDialog.getOpenFileName(
        window, "Restore from backup", str(backup.backups_dir()), FILTER
    )
    if not path:
        return None
    try:
        backup.check_backup_file(path)
    except UserError as exc:
        show_error(window, "Restore from backup", exc)
        return None
    answer = QMessageBox.question(
        window,
        "Restore from backup",
        f"Replace everything in {store.description} with the backup {Path(path).name}?\n\n"
        "The store as it is now is first copied to the backups folder, so this can be undone "
        "by restoring that copy.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    store.close()
    try:
        safety = backup.restore_from(store.url, path)
    except UserError as exc:
        show_error(window, "Restore from backup", exc)
        return None
    window.statusBar().showMessage(f"Restored from {path}; previous store kept in {safety}", 10000)
    window.open_store_requested.emit(store.url)
    return safety if safety is not None else Path(path)
