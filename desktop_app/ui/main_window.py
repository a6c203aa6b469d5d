"""The main window: navigation sidebar, screens, menus, status bar, remembered layout."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop_app import APP_NAME, __version__
from desktop_app.config import data_dir, sqlite_url
from desktop_app.store.database import Store
from desktop_app.ui.screens import SCREENS


class MainWindow(QMainWindow):
    """`open_store_requested(url)` asks the application to switch to another store."""

    open_store_requested = Signal(str)

    def __init__(self, store: Store, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.setWindowTitle(f"{APP_NAME} — {store.description}")
        self.setMinimumSize(QSize(760, 520))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}
        for spec in SCREENS:
            widget = spec.factory(store, self)
            widget.setObjectName(f"screen_{spec.key}")
            self.screens[spec.key] = widget
            self.stack.addWidget(widget)
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(170, 34))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(6, 6, 6, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.store_label = QLabel(f"Store: {store.description}")
        self.statusBar().addPermanentWidget(self.store_label)
        self._build_menus()
        self._restore_layout()

    # navigation ---------------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        widget = self.stack.widget(row)
        self.stack.setCurrentIndex(row)
        refresh: Callable[[], None] | None = getattr(widget, "refresh", None)
        if refresh is not None:
            refresh()

    def show_screen(self, key: str) -> QWidget:
        keys = [spec.key for spec in SCREENS]
        self.nav.setCurrentRow(keys.index(key))
        return self.screens[key]

    def current_screen_key(self) -> str:
        return SCREENS[self.stack.currentIndex()].key

    # menus --------------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(
            self._action(
                "&Open store…",
                self._open_store,
                QKeySequence.StandardKey.Open,
                "Open another Payout Desk store file",
            )
        )
        file_menu.addAction(
            self._action(
                "&New store…", self._new_store, "Ctrl+Shift+N", "Create a new, empty store file"
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(
            self._action(
                "&Find…",
                self._focus_search,
                QKeySequence.StandardKey.Find,
                "Search the list on this screen",
            )
        )
        edit_menu.addAction(
            self._action(
                "&New partner…", self._new_partner, QKeySequence.StandardKey.New, "Add a partner"
            )
        )

        view_menu = self.menuBar().addMenu("&View")
        for number, spec in enumerate(SCREENS, start=1):
            view_menu.addAction(
                self._action(
                    spec.title, lambda key=spec.key: self.show_screen(key), f"Ctrl+{number}"
                )
            )
        view_menu.addSeparator()
        view_menu.addAction(
            self._action("&Refresh", self._refresh_current, QKeySequence.StandardKey.Refresh)
        )

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About Payout Desk", self._about))

    def _focus_search(self) -> None:
        focus: Callable[[], None] | None = getattr(self.stack.currentWidget(), "focus_search", None)
        if focus is not None:
            focus()

    def _new_partner(self) -> None:
        screen = self.show_screen("partners")
        add: Callable[[], object] = screen.add_partner
        add()

    def _refresh_current(self) -> None:
        self._show_row(self.stack.currentIndex())

    def _open_store(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open store", str(data_dir()), "Payout Desk stores (*.sqlite *.db);;All files (*)"
        )
        if path:
            self.open_store_requested.emit(sqlite_url_for(path))

    def _new_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New store", str(data_dir() / "new-store.sqlite"), "Payout Desk stores (*.sqlite)"
        )
        if path:
            self.open_store_requested.emit(sqlite_url_for(path))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Affiliate commissions and payout statements for small online merchants.</p>"
            f"<p>Store: {self.store.description}<br>Data folder: {data_dir()}</p>",
        )

    # layout memory ------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 720)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        for widget in self.screens.values():
            restore = getattr(widget, "restore_state", None)
            if restore is not None:
                restore(self.settings)
        keys = [spec.key for spec in SCREENS]
        last = str(self.settings.value("window/screen", "partners"))
        self.nav.setCurrentRow(keys.index(last) if last in keys else keys.index("partners"))

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/screen", self.current_screen_key())
        for widget in self.screens.values():
            save = getattr(widget, "save_state", None)
            if save is not None:
                save(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)


def sqlite_url_for(path: str) -> str:
    from pathlib import Path

    return sqlite_url(Path(path))
