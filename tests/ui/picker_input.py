"""Typing into a searchable picker (widgets.pickers.ChoicePicker) as a user does."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.ui.widgets.pickers import ChoicePicker


def type_into(qtbot, picker: ChoicePicker, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select the picker's text, type `text` and press Enter."""
    edit = picker.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
