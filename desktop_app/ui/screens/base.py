"""What the main window asks of every screen: the whole contract of a screen, in one class.

A new screen subclasses `Screen`, implements `refresh`, overrides what else it offers, and is
listed in `desktop_app.ui.screens.SCREENS`; tests/ui/test_main_window.py checks every listed
screen against this class. The main window calls these methods directly, never by name.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget


class Screen(QWidget):
    """One page of the main window. Defaults: nothing to search, no layout to remember, nothing
    to export."""

    #: File → Export does something on this screen: it overrides `export`.
    can_export: ClassVar[bool] = False

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
