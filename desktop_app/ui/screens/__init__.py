"""The screens of the main window, in navigation order.

Each entry: (key, title, factory). A factory takes (store, parent) and returns a `Screen`
(ui/screens/base.py: what the main window calls on every screen).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop_app.store.database import Store
    from desktop_app.ui.screens.base import Screen

ScreenFactory = Callable[["Store", QWidget | None], "Screen"]


class ScreenSpec(NamedTuple):  # not a dataclass: the window paints before dataclasses loads
    key: str
    title: str
    factory: ScreenFactory


def _module(module: str) -> str:
    return f"desktop_app.ui.screens.{module}"


def _later(module: str, name: str) -> ScreenFactory:
    """A factory that imports the screen's module when the screen is first built (the main
    window builds a screen when it is first shown): the window paints without importing the
    screens it does not show yet, and what they import."""

    def build(store: Store, parent: QWidget | None) -> Screen:
        screen: Screen = getattr(import_module(_module(module)), name)(store, parent)
        return screen

    return build


# key, title, module in this package, class
_SCREENS = [
    ("dashboard", "Dashboard", "dashboard", "DashboardScreen"),
    ("partners", "Partners", "partners", "PartnersScreen"),
    ("orders", "Orders", "orders", "OrdersScreen"),
    ("plans", "Commission plans", "plans", "PlansScreen"),
    ("runs", "Payout runs", "runs", "RunsScreen"),
    ("settings", "Settings", "settings", "SettingsScreen"),
]
SCREENS: list[ScreenSpec] = [
    ScreenSpec(key, title, _later(module, name)) for key, title, module, name in _SCREENS
]
_MODULES = {key: module for key, _title, module, _name in _SCREENS}


def preload(key: str) -> None:
    """Import screen `key`'s module, and the services it imports, ahead of building it: on a
    worker thread while the app starts, so that the UI thread only builds its widgets."""
    import_module(_module(_MODULES[key]))
