"""One application-wide signal saying "the data changed" (after an import, a payout run, a
partner status change), so screens that show totals (the Dashboard) redraw themselves.

Emitters call `notify_data_changed()`; listeners connect to `data_events().changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    changed = Signal()


_events: DataEvents | None = None


def data_events() -> DataEvents:
    global _events
    if _events is None:
        _events = DataEvents()
    return _events


def notify_data_changed() -> None:
    data_events().changed.emit()
