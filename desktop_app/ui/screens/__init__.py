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


def _later(module: str, name: str) -> ScreenFactory:
    """A factory that imports the screen's module when the screen is first built (the main
    window builds a screen when it is first shown): the window paints without importing the
    screens it does not show yet, and what they import."""

    def build(store: Store, parent: QWidget | None) -> Screen:
        screen: Screen = getattr(import_module(f"desktop_app.ui.screens.{module}"), name)(
            store, parent
        )
        return screen

    return build


SCREENS: list[ScreenSpec] = [
    ScreenSpec("dashboard", "Dashboard", _later("dashboard", "DashboardScreen")),
    ScreenSpec("partners", "Partners", _later("partners", "PartnersScreen")),
    ScreenSpec("orders", "Orders", _later("orders", "OrdersScreen")),
    ScreenSpec("plans", "Commission plans", _later("plans", "PlansScreen")),
    ScreenSpec("runs", "Payout runs", _later("runs", "RunsScreen")),
    ScreenSpec("settings", "Settings", _later("settings", "SettingsScreen")),
]
