"""A read-only table model over rows of ready-made cells, for history lists (partner detail)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from desktop_app.ui.models.base import RIGHT, Index, TableModel


class RecordsTableModel(TableModel):
    """Each row is a tuple of display strings; `sort_keys` (optional) gives sortable values and
    `right_aligned` names the numeric columns."""

    def __init__(self, headers: Sequence[str], right_aligned: Sequence[int] = ()) -> None:
        super().__init__()
        self.headers = list(headers)
        self.right_aligned = set(right_aligned)
        self._rows: list[tuple[str, ...]] = []
        self._sort: list[tuple[Any, ...]] = []

    def set_rows(
        self, rows: Sequence[tuple[str, ...]], sort_keys: Sequence[tuple[Any, ...]] | None = None
    ) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._sort = [tuple(k) for k in sort_keys] if sort_keys is not None else list(self._rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._rows)

    def column_total(self) -> int:
        return len(self.headers)

    def header(self, section: int) -> str:
        return self.headers[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == self.SORT_ROLE:
            return self._sort[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right_aligned:
            return RIGHT
        return None
