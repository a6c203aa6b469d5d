"""The screens of the main window, in navigation order.

Each entry: (key, title, factory). A factory takes (store, parent) and returns a `Screen`
(ui/screens/base.py: what the main window calls on every screen).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop_app.store.database import Store
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.screens.dashboard import DashboardScreen
from desktop_app.ui.screens.orders import OrdersScreen
from desktop_app.ui.screens.partners import PartnersScreen
from desktop_app.ui.screens.plans import PlansScreen
from desktop_app.ui.screens.runs import RunsScreen
from desktop_app.ui.screens.settings import SettingsScreen

ScreenFactory = Callable[[Store, QWidget | None], Screen]


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str
    factory: ScreenFactory


SCREENS: list[ScreenSpec] = [
    ScreenSpec("dashboard", "Dashboard", DashboardScreen),
    ScreenSpec("partners", "Partners", PartnersScreen),
    ScreenSpec("orders", "Orders", OrdersScreen),
    ScreenSpec("plans", "Commission plans", PlansScreen),
    ScreenSpec("runs", "Payout runs", RunsScreen),
    ScreenSpec("settings", "Settings", SettingsScreen),
]
