"""Showing errors to the user: one message box, the text the service wrote."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.errors import UserError


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title, str(exc))
    else:
        QMessageBox.critical(parent, title, f"Something went wrong: {exc!r}")
