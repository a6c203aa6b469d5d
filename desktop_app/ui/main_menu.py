"""The main window's menus and keyboard shortcuts, in one table-like place.

Every main action has a shortcut and a status tip; `build_menus` returns them by name so
tests and the Getting started guide trigger exactly what the menu does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop_app.ui import theme
from desktop_app.ui.screens import SCREENS

if TYPE_CHECKING:
    from desktop_app.ui.window_host import WindowHost

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None

# The actions that work while the window's store is still being opened at start; the window
# disables the others (and File → Open recent) until it is open (MainWindow.set_store).
WITHOUT_STORE = frozenset(
    {"quit", "about", "compact_sidebar", "theme_system", "theme_light", "theme_dark"}
)


def build_menus(window: WindowHost) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}

    def action(
        name: str, text: str, slot: Callable[[], object], shortcut: Shortcut = None, tip: str = ""
    ) -> QAction:
        act = QAction(text, window.window())
        act.setObjectName(f"action_{name}")
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            shown = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setStatusTip(tip)
            act.setToolTip(f"{tip} ({shown})" if shown else tip)
        act.triggered.connect(lambda _checked=False: slot())
        actions[name] = act
        return act

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(
        action(
            "new_store",
            "&New store…",
            window.new_store,
            "Ctrl+Shift+N",
            "Create a new, empty store file",
        )
    )
    file_menu.addAction(
        action(
            "open_store",
            "&Open store…",
            window.open_store,
            QKeySequence.StandardKey.Open,
            "Open another Payout Desk store file",
        )
    )
    file_menu.addAction(
        action(
            "open_demo",
            "Open the &demo store",
            window.open_demo_store,
            "Ctrl+Shift+D",
            "Look around in a sample store with partners, orders, plans and runs",
        )
    )
    recent = file_menu.addMenu("Open &recent")
    recent.setObjectName("recentMenu")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    _fill_recent(window, recent)
    file_menu.addSeparator()
    file_menu.addAction(
        action(
            "import",
            "&Import orders…",
            window.import_orders,
            "Ctrl+I",
            "Import orders, clicks or refunds from a spreadsheet",
        )
    )
    file_menu.addAction(
        action(
            "export",
            "&Export…",
            window.export_current,
            "Ctrl+E",
            "Export what this screen shows (statements and payment file on Payout runs)",
        )
    )
    file_menu.addSeparator()
    file_menu.addAction(
        action(
            "backup",
            "&Back up store…",
            window.backup_store,
            "Ctrl+Shift+B",
            "Save a copy of the whole store",
        )
    )
    file_menu.addAction(
        action(
            "restore",
            "Restore from bac&kup…",
            window.restore_backup,
            None,
            "Replace the store with a backup copy",
        )
    )
    file_menu.addSeparator()
    file_menu.addAction(action("quit", "&Quit", window.close, "Ctrl+Q", "Close Payout Desk"))

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(
        action(
            "copy",
            "&Copy rows",
            window.copy_selection,
            QKeySequence.StandardKey.Copy,
            "Copy the selected table rows, to paste into a spreadsheet",
        )
    )
    edit_menu.addAction(
        action(
            "find",
            "&Find…",
            window.focus_search,
            QKeySequence.StandardKey.Find,
            "Search the list on this screen",
        )
    )
    edit_menu.addAction(
        action(
            "new_partner",
            "&New partner…",
            window.new_partner,
            QKeySequence.StandardKey.New,
            "Add a partner",
        )
    )
    edit_menu.addAction(
        action(
            "new_run",
            "New payout &run…",
            window.new_run,
            "Ctrl+R",
            "Calculate a new payout run for a month",
        )
    )
    edit_menu.addSeparator()
    edit_menu.addAction(
        action(
            "settings",
            "&Settings…",
            lambda: window.show_screen("settings"),
            "Ctrl+,",
            "Merchant profile and payout rules",
        )
    )

    view_menu = bar.addMenu("&View")
    for number, spec in enumerate(SCREENS, start=1):
        view_menu.addAction(
            action(
                f"screen_{spec.key}",
                spec.title,
                partial(window.show_screen, spec.key),
                f"Ctrl+{number}" if number <= 9 else None,
                f"Show {spec.title}",
            )
        )
    view_menu.addSeparator()
    view_menu.addAction(
        action(
            "refresh",
            "&Refresh",
            window.refresh_current,
            QKeySequence.StandardKey.Refresh,
            "Read this screen's data again",
        )
    )
    view_menu.addMenu(_theme_menu(window, actions))
    compact = action(
        "compact_sidebar",
        "&Icons-only sidebar",
        lambda: window.set_compact_sidebar(actions["compact_sidebar"].isChecked()),
        "Ctrl+B",
        "Show the sidebar as icons only, for more room on a small screen",
    )
    compact.setCheckable(True)
    view_menu.addAction(compact)

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(
        action(
            "getting_started",
            "&Getting started",
            window.show_getting_started,
            QKeySequence.StandardKey.HelpContents,
            "The monthly routine, step by step",
        )
    )
    help_menu.addAction(
        action("about", f"&About {window.windowTitle().split(' — ')[0]}", window.about)
    )
    return actions


def _theme_menu(window: WindowHost, actions: dict[str, QAction]) -> QMenu:
    menu = QMenu("&Theme", window.window())
    group = QActionGroup(window.window())
    chosen = str(window.settings.value("view/theme", "system"))
    for key, label in (("system", "Follow the &system"), ("light", "&Light"), ("dark", "&Dark")):
        act = QAction(label, window.window(), checkable=True)
        act.setObjectName(f"action_theme_{key}")
        act.setChecked(key == chosen)
        act.triggered.connect(lambda _c=False, k=key: _choose_theme(window, k))
        group.addAction(act)
        menu.addAction(act)
        actions[f"theme_{key}"] = act
    return menu


def _choose_theme(window: WindowHost, key: str) -> None:
    window.settings.setValue("view/theme", key)
    theme.apply_theme(key)
    window.refresh_current()


def _fill_recent(window: WindowHost, menu: QMenu) -> None:
    menu.clear()
    urls = [u for u in window.recent_stores() if u != window.url]
    for url in urls:
        from desktop_app.config import describe_url

        act = menu.addAction(describe_url(url))
        act.setStatusTip(f"Open {describe_url(url)}")
        act.triggered.connect(lambda _c=False, u=url: window.open_store_requested.emit(u))
    if not urls:
        empty = menu.addAction("No other stores yet")
        empty.setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction("&Clear the list")
    clear.triggered.connect(window.clear_recent)
    clear.setEnabled(bool(urls))
