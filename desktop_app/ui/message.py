"""Showing errors to the user: one message box, the text the service wrote."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from desktop_app.errors import UserError, ValidationError
from desktop_app.services.changes import Changes, HasChanges, changes_of
from desktop_app.ui.events import announce


def user_text(exc: BaseException) -> str:
    """The message for a person: field names read as words ("Base currency: …")."""
    if isinstance(exc, ValidationError):
        return f"{exc.field.replace('_', ' ').capitalize()}: {exc.detail}"
    return str(exc)


def confirm_destructive(
    parent: QWidget,
    title: str,
    text: str,
    action: str,
    on_confirm: Callable[[], object],
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    name: str = "",
) -> QMessageBox:
    """A window-modal confirmation that never blocks the event loop. Cancel is the default
    (Enter and Esc never destroy anything); `on_confirm` runs only for the `action` button."""
    box = QMessageBox(icon, title, text, parent=parent)
    if name:
        box.setObjectName(name)
    confirm = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    confirm.clicked.connect(lambda: on_confirm())
    box.finished.connect(lambda _result: box.deleteLater())
    box.open()
    return box


Result = TypeVar("Result", bound=Changes | HasChanges)  # a command's


def ask_reason(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    action: str,
    act: Callable[[str], Result],
    done: Callable[[Result], object],
) -> QInputDialog:
    """Ask why (the reason goes to the audit log), then run the command `act(reason)`: a
    UserError is shown in a message box; a result goes to `done`, then what the command
    changed is announced. Window-modal, never blocks the loop."""
    dialog = QInputDialog(parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setLabelText(f"{text}\nReason (kept in the audit log):")
    dialog.setOkButtonText(action)

    def apply(reason: str) -> None:
        try:
            result = act(reason)
        except UserError as exc:
            show_error(parent, title, exc)
            return
        finally:
            dialog.deleteLater()
        done(result)
        announce(changes_of(result), parent)

    dialog.textValueSelected.connect(apply)
    dialog.rejected.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title, user_text(exc))
    else:
        QMessageBox.critical(parent, title, f"Something went wrong: {exc!r}")
