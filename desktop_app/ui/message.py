"""Showing errors to the user: one message box, the text the service wrote."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.errors import UserError, ValidationError


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


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title, user_text(exc))
    else:
        QMessageBox.critical(parent, title, f"Something went wrong: {exc!r}")
