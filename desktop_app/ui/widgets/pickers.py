"""Searchable pickers over fixed lists (locales, currencies, time zones: services.choices).

Typing filters the list by any part of an entry ("mex" finds "Spanish (Mexico) · es_MX"), and
only a listed value can be chosen: text that names none is put back to the last choice when
editing ends, so a typo never reaches the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from desktop_app.services.choices import Choice


class ChoicePicker(QComboBox):
    """`value()` is always the code of a listed entry ("" for the optional empty entry)."""

    def __init__(
        self,
        choices: Sequence[Choice],
        *,
        empty: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        editor = self.lineEdit()
        assert editor is not None  # an editable combo box always has its line edit
        self.editor: QLineEdit = editor
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        if empty is not None:
            self.addItem(empty, "")
        for choice in choices:
            self.addItem(choice.label, choice.code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        self.setCompleter(completer)
        self.editor.editingFinished.connect(self.settle)
        self.editor.setPlaceholderText("Type to search…")

    def value(self) -> str:
        return str(self.currentData() or "")

    def set_value(self, code: str) -> None:
        """Choose `code`; a stored value the list no longer has is kept as its own entry, so
        opening a form never changes it."""
        index = self.findData(code)
        if index < 0:
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def settle(self) -> None:
        """Editing ended: take the entry the text names (see `_entry_for`), else show the
        current choice again."""
        text = self.editor.text().strip().casefold()
        index = self._entry_for(text) if text else self.findData("")
        if index >= 0:
            self.setCurrentIndex(index)
        self.editor.setText(self.itemText(self.currentIndex()))

    def _entry_for(self, text: str) -> int:
        """The entry whose label or code is `text`, else the only one whose label starts with
        it, else the only one containing it; -1 when none or several."""
        starting, containing = [], []
        for index in range(self.count()):
            label = self.itemText(index).casefold()
            code = str(self.itemData(index) or "").casefold()
            if text in (label, code):
                return index
            if label.startswith(text):
                starting.append(index)
            elif text in label:
                containing.append(index)
        for found in (starting, starting + containing):
            if len(found) == 1:
                return found[0]
        return -1
