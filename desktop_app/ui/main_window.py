"""The main window: navigation sidebar, screens, menus, status bar, remembered layout.

Main actions live in `self.menu_actions` (name → QAction) so menus, shortcuts, the Getting started
guide and tests all trigger the same thing.

At the app's start the window is made with the URL of its store and paints before the store is
opened (issue 20): its menus, sidebar and status bar with "Opening …" in place of the screens,
and the actions that need the store disabled. `set_store` makes it whole (`ready` is emitted);
made with an open `Store`, it is ready at once.

Every screen is a `Screen` (ui/screens/base.py): the window calls its methods (refresh,
focus_search, save_state/restore_state, export) directly, and actions that belong to one screen
(new partner, import, new run) call that screen's own method. The screens, the store and the
services are imported when first used, not before the window paints (ui/__init__.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, __version__
from desktop_app.config import data_dir, describe_url, sqlite_url
from desktop_app.ui.icons import screen_icon
from desktop_app.ui.main_menu import WITHOUT_STORE, build_menus
from desktop_app.ui.screens import SCREENS, preload
from desktop_app.ui.workers import start_query

if TYPE_CHECKING:
    from desktop_app.services.onboarding import SetupStep
    from desktop_app.store.database import Store
    from desktop_app.ui.screens.base import Screen

RECENT_LIMIT = 8
SCREEN_TIPS = {
    "dashboard": "The month at a glance and every partner's performance",
    "partners": "Your affiliates: codes, payout details, status",
    "orders": "Imported orders, clicks and refunds; the import wizard",
    "plans": "Commission rates and tiers per partner type or partner",
    "runs": "Monthly payout runs, statements and payment files",
    "statements": "Partner statements (PDF)",
    "settings": "Merchant profile and payout rules",
}
NOTHING_TO_EXPORT = "Nothing to export on this screen: open a payout run to export statements."
ScreenT = TypeVar("ScreenT", bound="Screen")


# First start, before any layout is remembered: room for the payout run's twelve columns on a
# common 1920×1080 screen, never less than a compact 1180×720, never more than the screen.
COMPACT_SIZE = QSize(1180, 720)
ROOMY_SIZE = QSize(1680, 1000)
FRAME_ALLOWANCE = QSize(16, 40)  # the title bar and borders around the window's own area
# Below this window width the sidebar shows icons only (unless the user chose a sidebar), so a
# 1366-pixel laptop screen gives the tables another 100 pixels.
COMPACT_SIDEBAR_BELOW = 1440
ICON_SIZE = QSize(22, 22)
COMPACT_NAV_WIDTH = 52


def _ensure_demo_store() -> str:
    from desktop_app.services.demo import ensure_demo_store

    return ensure_demo_store()


class LazyScreens(Mapping[str, "Screen"]):
    """The window's screens by key, in SCREENS order; `screens[key]` builds a screen the first
    time it is asked for. `built()` gives the ones built so far without building the others."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._built: dict[str, Screen] = {}
        self._index = {spec.key: index for index, spec in enumerate(SCREENS)}

    def __getitem__(self, key: str) -> Screen:
        screen = self._built.get(key)
        if screen is None:
            screen = self._built[key] = self._window._build_screen(self._index[key])
        return screen

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def built(self) -> list[Screen]:
        return [self._built[key] for key in self._index if key in self._built]

    def built_items(self) -> list[tuple[str, Screen]]:
        return [(key, self._built[key]) for key in self._index if key in self._built]


def first_screen(remembered: object, store: Store) -> str:
    """The screen a window opens on: `remembered` (the setting "window/screen"), the one shown
    last; at a first start the Dashboard for a store with orders, Partners (where the work
    starts) for an empty one."""
    if remembered:
        keys = [spec.key for spec in SCREENS]
        return str(remembered) if str(remembered) in keys else "partners"
    from desktop_app.services.orders_api import has_orders

    return "dashboard" if has_orders(store) else "partners"


def prepare_first_screen(remembered: object, store: Store) -> str:
    """`first_screen`, with its module and services imported (on the worker thread that opens
    the store at start: the UI thread then only builds the screen's widgets)."""
    key = first_screen(remembered, store)
    preload(key)
    return key


def default_window_size(available: QSize | None) -> QSize:
    """90 % of the screen's free area, between the compact and the roomy size, and never more
    than that area less the window frame (a small laptop screen gets all of it)."""
    if available is None or available.isEmpty():
        return QSize(COMPACT_SIZE)
    wanted = (available * 0.9).expandedTo(COMPACT_SIZE).boundedTo(ROOMY_SIZE)
    return wanted.boundedTo(available - FRAME_ALLOWANCE)


class MainWindow(QMainWindow):
    """The window of one store: `store` is the open Store, or the URL of the store being opened
    (the window shows "Opening …" until `set_store`). `open_store_requested(url)` asks the
    application to switch to another store; `ready` says the store is open and a screen shown."""

    open_store_requested = Signal(str)
    ready = Signal()

    def __init__(
        self, store: Store | str, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = None if isinstance(store, str) else store
        self.url = store if isinstance(store, str) else store.url
        self.settings = settings
        self.setWindowTitle(f"{APP_NAME} — {describe_url(self.url)}")
        self.setMinimumSize(QSize(760, 520))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        widest_title = max(self.fontMetrics().horizontalAdvance(s.title) for s in SCREENS)
        # wide enough for the longest title beside its icon, no wider
        self.wide_nav_width = max(150, widest_title + ICON_SIZE.width() + 48)
        self.nav.setFixedWidth(self.wide_nav_width)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSpacing(2)
        self.nav.setIconSize(ICON_SIZE)
        self.compact_sidebar = False
        self.menu_actions: dict[str, QAction] = {}  # filled by build_menus below
        self._painted = False
        self._after_paint: list[Callable[[], object]] = []
        self.stack = QStackedWidget()
        # A screen is built when it is first shown or asked for (`self.screens[key]`): the
        # window paints without building (and reading the data of) the screens it hides.
        self.screens = LazyScreens(self)
        for number, spec in enumerate(SCREENS, start=1):
            self.stack.addWidget(QWidget())  # stands in until the screen is built
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(widest_title + ICON_SIZE.width() + 28, 34))
            # the title leads: an icons-only sidebar shows it only here
            about = SCREEN_TIPS.get(spec.key)
            tip = f"{spec.title}: {about}" if about else spec.title
            item.setToolTip(f"{tip} (Ctrl+{number})" if number <= 9 else tip)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_row)

        self._paint_icons()
        self.sidebar_toggle = QToolButton()
        self.sidebar_toggle.setObjectName("sidebarToggle")
        self.sidebar_toggle.setAutoRaise(True)
        self.sidebar_toggle.clicked.connect(
            lambda: self.set_compact_sidebar(not self.compact_sidebar)
        )
        sidebar = QVBoxLayout()
        sidebar.setContentsMargins(0, 0, 0, 0)
        sidebar.setSpacing(2)
        sidebar.addWidget(self.nav, 1)
        sidebar.addWidget(self.sidebar_toggle, 0, Qt.AlignmentFlag.AlignLeft)

        # in place of the screens while the store opens
        self.opening = QLabel(f"Opening {describe_url(self.url)}…")
        self.opening.setObjectName("openingState")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening.setEnabled(False)  # drawn in the palette's muted text colour

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(6, 6, 6, 0)
        row.addLayout(sidebar)
        row.addWidget(self.stack, 1)
        row.addWidget(self.opening, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.nav, self.stack)

        self.store_label = QLabel(f"Store: {describe_url(self.url)}")
        self.store_label.setToolTip("The store file in use; File → Open store to switch")
        self.statusBar().addPermanentWidget(self.store_label)
        self.menu_actions = build_menus(self)
        self.recent_menu = self.findChild(QMenu, "recentMenu")
        self._restore_geometry()
        chosen = self.settings.value("view/sidebar")
        self.set_compact_sidebar(
            chosen == "compact" if chosen in ("compact", "wide") else self._narrow(),
            remember=False,
        )
        self._show_opened(self._store is not None)
        if self._store is not None:
            self._open_first_screen()

    # the store ----------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        """The open store; the actions that need it are disabled until it is (`is_ready`)."""
        if self._store is None:
            raise RuntimeError(f"the store {describe_url(self.url)} is still being opened")
        return self._store

    @property
    def is_ready(self) -> bool:
        return self._store is not None

    @property
    def has_painted(self) -> bool:
        """The window has been painted once (what `after_first_paint` waits for)."""
        return self._painted

    def set_store(self, store: Store, screen: str | None = None) -> None:
        """The store this window was made for is open: enable what needs it, show `screen`
        (by default `first_screen`: it is built and reads its data now) and emit `ready`."""
        self._store = store
        self.url = store.url
        self.setWindowTitle(f"{APP_NAME} — {store.description}")
        self.store_label.setText(f"Store: {store.description}")
        self._show_opened(True)
        self._open_first_screen(screen)

    def _show_opened(self, opened: bool) -> None:
        """The screens and every action, or "Opening …" and the actions that work without the
        store (main_menu.WITHOUT_STORE)."""
        self.opening.setVisible(not opened)
        self.stack.setVisible(opened)
        self.nav.setEnabled(opened)
        for name, action in self.menu_actions.items():
            if name not in WITHOUT_STORE:
                action.setEnabled(opened)
        if self.recent_menu is not None:
            self.recent_menu.setEnabled(opened)

    # navigation ---------------------------------------------------------------------------
    def set_compact_sidebar(self, compact: bool, *, remember: bool = True) -> None:
        """Icons only (titles in the tooltips), or icons and titles. `remember`: the user chose
        it, so it stays so; otherwise it follows the window's width."""
        if remember:
            self.settings.setValue("view/sidebar", "compact" if compact else "wide")
        self.compact_sidebar = compact
        self.nav.setFixedWidth(COMPACT_NAV_WIDTH if compact else self.wide_nav_width)
        for row, spec in enumerate(SCREENS):
            item = self.nav.item(row)
            item.setText("" if compact else spec.title)
            hint = item.sizeHint()
            item.setSizeHint(QSize(COMPACT_NAV_WIDTH - 8 if compact else hint.width(), 34))
            item.setTextAlignment(
                Qt.AlignmentFlag.AlignCenter
                if compact
                else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            )
        self.sidebar_toggle.setText("»" if compact else "«  Icons only")
        self.sidebar_toggle.setToolTip(
            "Show the screens' names (Ctrl+B)"
            if compact
            else "Show icons only, for more room (Ctrl+B)"
        )
        action = self.menu_actions.get("compact_sidebar")
        if action is not None:
            action.setChecked(compact)

    def _narrow(self) -> bool:
        return self.width() < COMPACT_SIDEBAR_BELOW

    def _paint_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        for row, spec in enumerate(SCREENS):
            self.nav.item(row).setIcon(screen_icon(spec.key, colour))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        chosen = self.settings.value("view/sidebar")
        if chosen not in ("compact", "wide") and self._narrow() != self.compact_sidebar:
            self.set_compact_sidebar(self._narrow(), remember=False)

    def _show_row(self, row: int) -> None:
        if row < 0 or not self.is_ready:
            return
        screen = self.screens[SCREENS[row].key]
        self.stack.setCurrentIndex(row)
        screen.refresh()

    def _build_screen(self, index: int) -> Screen:
        """Build screen `index` of SCREENS in its place in the stack (LazyScreens)."""
        spec = SCREENS[index]
        widget = spec.factory(self.store, self)
        widget.setObjectName(f"screen_{spec.key}")
        stand_in = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, widget)
        if stand_in is not None:
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        if current >= 0:
            self.stack.setCurrentIndex(current)
        widget.restore_state(self.settings)
        return widget

    def show_screen(self, key: str) -> Screen:
        keys = [spec.key for spec in SCREENS]
        self.nav.setCurrentRow(keys.index(key))
        return self.screens[key]

    def show_screen_of(self, kind: type[ScreenT]) -> ScreenT:
        """Show the screen of class `kind` and return it, typed: for the actions that belong to
        one screen."""
        built = [key for key, screen in self.screens.built_items() if isinstance(screen, kind)]
        key = (
            built[0]
            if built
            else next(k for k in self.screens if isinstance(self.screens[k], kind))
        )
        shown = self.show_screen(key)
        assert isinstance(shown, kind)
        return shown

    def current_screen_key(self) -> str:
        return SCREENS[self.stack.currentIndex()].key

    def current_screen(self) -> Screen:
        return self.screens[self.current_screen_key()]

    # actions ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.current_screen().focus_search()

    def copy_selection(self) -> str:
        """Edit → Copy: the selected rows of the focused table as tab-separated text (with
        the column headers), ready to paste into a spreadsheet."""
        from PySide6.QtWidgets import QApplication, QTableView

        table = QApplication.focusWidget()
        if not isinstance(table, QTableView) or table.model() is None:
            return ""
        model = table.model()
        header = table.horizontalHeader()
        columns = [
            header.logicalIndex(v)
            for v in range(header.count())
            if not header.isSectionHidden(header.logicalIndex(v))
        ]
        rows = sorted({i.row() for i in table.selectionModel().selectedIndexes()})
        if not rows:
            return ""
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
        for row in rows:
            cells = (model.index(row, c).data() for c in columns)
            lines.append("\t".join("" if v is None else str(v) for v in cells))
        text = "\n".join(lines)
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied {len(rows)} row(s)", 4000)
        return text

    def new_partner(self) -> QWidget:
        from desktop_app.ui.screens.partners import PartnersScreen

        return self.show_screen_of(PartnersScreen).add_partner()

    def import_orders(self) -> QWidget:
        from desktop_app.ui.screens.orders import OrdersScreen

        return self.show_screen_of(OrdersScreen).open_import_wizard()

    def new_run(self) -> QWidget:
        from desktop_app.ui.screens.runs import RunsScreen

        return self.show_screen_of(RunsScreen).new_run()

    def export_current(self) -> object:
        screen = self.current_screen()
        if not screen.can_export:
            self.statusBar().showMessage(NOTHING_TO_EXPORT, 8000)
            return None
        return screen.export()

    def refresh_current(self) -> None:
        self._show_row(self.stack.currentIndex())

    def backup_store(self) -> QWidget:
        """File → Back up store (ui/backup.py)."""
        from desktop_app.ui import backup

        return backup.backup_store(self)

    def restore_backup(self) -> QWidget:
        """File → Restore from backup (ui/backup.py)."""
        from desktop_app.ui import backup

        return backup.restore_backup(self)

    def open_store(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open store", str(data_dir()), "Payout Desk stores (*.sqlite *.db);;All files (*)"
        )
        if path:
            self.open_store_requested.emit(sqlite_url_for(path))

    def new_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New store", str(data_dir() / "new-store.sqlite"), "Payout Desk stores (*.sqlite)"
        )
        if path:
            self.open_store_requested.emit(sqlite_url_for(path))

    def open_demo_store(self) -> None:
        """Look around in the sample store: made in the background the first time (a few
        seconds), then opened like any other store."""
        start_query(
            self,
            "Demo store",
            lambda _progress, _cancelled: _ensure_demo_store(),
            self.open_store_requested.emit,
            label="Preparing the demo store with sample data…",
        )

    def recent_stores(self) -> list[str]:
        value = self.settings.value("store/recent", [])
        if isinstance(value, str):
            urls: list[object] = [value]
        else:
            urls = list(value) if isinstance(value, (list, tuple)) else []
        return [str(u) for u in urls if u]

    def remember_store(self, url: str) -> None:
        urls = [url, *(u for u in self.recent_stores() if u != url)][:RECENT_LIMIT]
        self.settings.setValue("store/recent", urls)

    def clear_recent(self) -> None:
        self.settings.setValue("store/recent", [self.url])

    def show_getting_started(self) -> QWidget:
        """The guide, beside the window (not modal): one at a time, brought to the front when
        it is open already. Once shown it is not shown at the next start (app.wants_guide)."""
        from desktop_app.ui.dialogs.getting_started import GettingStartedDialog
        from desktop_app.ui.events import data_events

        dialog = self.findChild(GettingStartedDialog)  # closing hides it; it is kept
        if dialog is None:
            dialog = GettingStartedDialog(self.setup_progress, self)
            dialog.go_requested.connect(self.run_action)
            data_events().changed.connect(dialog.data_changed)
        self.settings.setValue("guide/seen", True)
        dialog.refresh()
        if not dialog.isVisible():
            dialog.steps.setCurrentRow(dialog.first_open_step())
        dialog.show()
        dialog.raise_()
        return dialog

    def setup_progress(self) -> list[SetupStep]:
        from desktop_app.services.onboarding import load_setup_progress

        return load_setup_progress(self.store)

    def run_action(self, name: str) -> None:
        targets: dict[str, Callable[[], object]] = {
            "new_partner": self.new_partner,
            "import_orders": self.import_orders,
            "show_settings": lambda: self.show_screen("settings"),
            "show_plans": lambda: self.show_screen("plans"),
            "show_runs": lambda: self.show_screen("runs"),
        }
        target = targets.get(name)
        if target is not None:
            target()

    def about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setWindowTitle(f"About {APP_NAME}")
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Affiliate commissions and payout statements for small online merchants, "
            "offline on your own computer.</p>"
            f"<p><b>Store in use:</b> {describe_url(self.url)}<br>"
            f"<b>Data folder:</b> {data_dir()}<br>"
            f"<b>Settings:</b> {self.settings.fileName()}</p>"
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        return box

    # layout memory ------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        """Where the window was and how its bars were (before it is first shown)."""
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen()
            room = screen.availableGeometry() if screen is not None else None
            self.resize(default_window_size(room.size() if room is not None else None))
            if room is not None:
                frame = self.frameGeometry()
                frame.moveCenter(room.center())
                self.move(frame.topLeft())
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def _open_first_screen(self, screen: str | None = None) -> None:
        """Show `screen` or `first_screen` (each screen restores its own state when it is
        built), then emit `ready`. The store is open."""
        self.remember_store(self.url)
        keys = [spec.key for spec in SCREENS]
        row = keys.index(screen or first_screen(self.settings.value("window/screen"), self.store))
        if self.nav.currentRow() == row:  # no currentRowChanged: show it here
            self._show_row(row)
        else:
            self.nav.setCurrentRow(row)
        self.ready.emit()

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if self.is_ready:  # closed while opening: the screen shown last stays as saved
            self.settings.setValue("window/screen", self.current_screen_key())
        for screen in self.screens.built():  # one never built keeps what it saved before
            screen.save_state(self.settings)
        self.settings.sync()

    def after_first_paint(self, action: Callable[[], object]) -> None:
        """Run `action` once the window has painted (at once if it has): what can wait, such
        as the Getting started guide, does not delay the window."""
        if self._painted:
            QTimer.singleShot(0, action)
        else:
            self._after_paint.append(action)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            for action in self._after_paint:
                QTimer.singleShot(0, action)
            self._after_paint.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        # Theme switched (by the user or the system): charts pick their colours when drawn.
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_icons()
            if self.isVisible():
                self.refresh_current()
        super().changeEvent(event)


def sqlite_url_for(path: str) -> str:
    return sqlite_url(Path(path))
