"""What the main window asks of every screen: the whole contract of a screen, in one class.

A new screen subclasses `Screen`, implements `refresh`, says which kinds of data it shows
(`listens_to`: it is refreshed when another part of the app announces a change of them),
overrides what else it offers, and is listed in `desktop_app.ui.screens.SCREENS`;
tests/ui/test_main_window.py checks every listed screen against this class. The main window
calls these methods directly, never by name.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from desktop_app.services.changes import Changes
from desktop_app.ui.events import data_events


class Screen(QWidget):
    """One page of the main window. Defaults: nothing to search, no layout to remember, nothing
    to export."""

    #: File → Export does something on this screen: it overrides `export`.
    can_export: ClassVar[bool] = False
    #: The kinds of data this screen shows: an announced change of one of them (ui/events.py)
    #: calls `data_changed`. A screen also reads everything again each time it is shown.
    listens_to: ClassVar[Changes] = Changes.NONE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if self.listens_to:
            data_events().changed.connect(self._announced)

    def _announced(self, changes: Changes, source: object) -> None:
        if source is not self and changes & self.listens_to:
            self.data_changed(changes)

    def data_changed(self, changes: Changes) -> None:
        """Data this screen shows changed elsewhere: read it again if the screen is on show
        (a hidden one is refreshed when shown)."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the screen's data again: called when it is shown and by View → Refresh."""
        raise NotImplementedError(f"{type(self).__name__} must implement refresh()")

    def focus_search(self) -> None:
        """Edit → Find: put the cursor in the screen's search field (if it has one)."""

    def save_state(self, settings: QSettings) -> None:
        """Remember the screen's layout (splitters, columns, tab) when the window closes."""

    def restore_state(self, settings: QSettings) -> None:
        """Take back what `save_state` remembered, when the window opens."""

    def export(self) -> object:
        """File → Export on this screen (only called when `can_export`)."""
        return None
