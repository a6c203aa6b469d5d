"""One application-wide signal saying what kinds of data changed (`services.changes.Changes`),
after an import, a payout run, a partner status change…, so the screens that show that kind of
data read it again (each screen declares what it listens to: `Screen.listens_to`).

Commands return their `Changes`; whoever ran one announces them with `announce(changes,
source)` (a mutation job does it for its command: `workers.start_mutation`). The source, when
it is a screen, has refreshed itself already and is not told again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop_app.services.changes import Changes


class DataEvents(QObject):
    changed = Signal(object, object)  # Changes, the announcing object (or None)


_events: DataEvents | None = None


def data_events() -> DataEvents:
    global _events
    if _events is None:
        _events = DataEvents()
    return _events


def announce(changes: Changes, source: object = None) -> None:
    """Tell the screens (and the guide) that `changes` happened; nothing for Changes.NONE."""
    if changes:
        data_events().changed.emit(changes, source)


def notify_data_changed() -> None:
    """Anything may have changed (a store restored, or a test poking the store directly)."""
    announce(Changes.ALL)
