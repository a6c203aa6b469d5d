"""Pieces every form dialog shares: the red line that names what is wrong, Save/Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

ERROR_RED = "#b3261e"


def error_label(name: str = "formError") -> QLabel:
    """Hidden until a check fails; wraps, so a long message never widens the dialog."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(f"color: {ERROR_RED};")
    label.setWordWrap(True)
    label.hide()
    return label


def save_cancel(dialog: QDialog, on_save: Callable[[], object]) -> QDialogButtonBox:
    """Save runs `on_save` (which validates and accepts); Cancel and Esc reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons
