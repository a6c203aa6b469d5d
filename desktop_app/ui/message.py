"""Showing errors to the user: one message box, the text the service wrote."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.errors import UserError, ValidationError


def user_text(exc: BaseException) -> str:
    """The message for a person: field names read as words ("Base currency: …")."""
    if isinstance(exc, ValidationError):
        return f"{exc.field.replace('_', ' ').capitalize()}: {exc.detail}"
    return str(exc)


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title, user_text(exc))
    else:
        QMessageBox.critical(parent, title, f"Something went wrong: {exc!r}")
