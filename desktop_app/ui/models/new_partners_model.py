"""The import wizard's new partners: one row per unknown code (its spellings together, since
codes match case-insensitively), with the name, type and payout method the import will give
the partner it creates. Edited in place; combo-box editors for the type and payout method."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.domain.partners import PayoutMethod
from desktop_app.services.imports import NewPartner, UnknownCode
from desktop_app.ui.models.base import RIGHT, Index, TableModel
from desktop_app.ui.models.partners_model import PAYOUT_LABELS

HEADERS = ("Code in the file", "Rows", "Name", "Type", "Payout method")
NAME, TYPE, PAYOUT = 2, 3, 4
EDITABLE = (NAME, TYPE, PAYOUT)
NO_TYPE = "(no type)"


def spelled(unknown: UnknownCode) -> str:
    """ "TECHGURU (also techguru)": one partner, every spelling the file uses."""
    others = unknown.spellings[1:]
    return unknown.code + (f" (also {', '.join(others)})" if others else "")


class NewPartnersModel(TableModel):
    def __init__(self) -> None:
        super().__init__()
        self._codes: list[UnknownCode] = []
        self._details: list[NewPartner] = []
        self.default_type = ""

    def set_codes(self, codes: Sequence[UnknownCode], default_type: str) -> None:
        """New unknown codes; what was already typed for a code is kept."""
        typed = {d.code.casefold(): d for d in self._details}
        self.beginResetModel()
        self.default_type = default_type
        self._codes = list(codes)
        self._details = [
            typed.get(
                u.code.casefold(),
                NewPartner(u.code, name=u.code, partner_type=default_type),
            )
            for u in codes
        ]
        self.endResetModel()

    def details(self) -> tuple[NewPartner, ...]:
        return tuple(self._details)

    def row_total(self) -> int:
        return len(self._codes)

    def column_total(self) -> int:
        return len(HEADERS)

    def header(self, section: int) -> str:
        return HEADERS[section]

    def header_tip(self, section: int) -> str | None:
        return "Double-click to change what the new partner gets" if section in EDITABLE else None

    def header_right_aligned(self, section: int) -> bool:
        return section == 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in EDITABLE else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        unknown, details = self._codes[index.row()], self._details[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return spelled(unknown)
            if column == 1:
                return str(unknown.rows) if role == Qt.ItemDataRole.DisplayRole else unknown.rows
            if column == NAME:
                return details.name
            if column == TYPE:
                shown = details.partner_type or ""
                return shown or (NO_TYPE if role == Qt.ItemDataRole.DisplayRole else "")
            return (
                PAYOUT_LABELS[details.payout_method.value]
                if role == Qt.ItemDataRole.DisplayRole
                else details.payout_method.value
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and len(unknown.spellings) > 1:
            return "Codes are matched ignoring case: these spellings are one partner"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        row = index.row()
        text = " ".join(str(value or "").split())
        current = self._details[row]
        if index.column() == NAME:
            changed = replace(current, name=text or current.code)
        elif index.column() == TYPE:
            changed = replace(current, partner_type=text)
        else:
            changed = replace(current, payout_method=PayoutMethod(value))
        self._details[row] = changed
        self.dataChanged.emit(index, index)
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor: `choices` as (label, value); `editable` lets the user type a new
    value (a new partner type)."""

    def __init__(
        self, choices: Sequence[tuple[str, str]], *, editable: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choices = list(choices)
        self.editable = editable

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(self.editable)
        for label, value in self.choices:
            combo.addItem(label, value)
        # a choice made (from the list, or with the arrow keys) is taken at once
        combo.activated.connect(lambda _i: self._chosen(combo))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(value)
        if found >= 0:
            editor.setCurrentIndex(found)
        elif self.editable:
            editor.setEditText(str(value or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        if self.editable:
            text = editor.currentText().strip()
            found = editor.findText(text)
            value = editor.itemData(found) if found >= 0 else text
        else:
            value = editor.currentData()
        model.setData(index, value, Qt.ItemDataRole.EditRole)
