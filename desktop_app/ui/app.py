"""Starting the desktop application: QApplication, the main window, then its store.

The window paints before the store is opened (issue 20): `Startup` shows it in its "Opening …"
state, and once it has painted opens the store on a worker thread, which also imports
SQLAlchemy and the services (nothing here imports them before that). A store that cannot be
opened is reported as before (a damaged one can be restored on the spot) and the app ends.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app import APP_NAME, ORG_NAME, __version__
from desktop_app.config import DATABASE_ENV, demo_database_url, resolve_database_url
from desktop_app.errors import UserError
from desktop_app.ui.collector import collect_on_ui_thread
from desktop_app.ui.main_window import MainWindow, prepare_first_screen
from desktop_app.ui.shutdown import quit_on_termination
from desktop_app.ui.theme import apply_theme, styled_application
from desktop_app.ui.workers import Job, cancel_running_jobs, wait_for_jobs

if TYPE_CHECKING:
    from desktop_app.store.database import Store

JOBS_STOP_MS = 30_000
RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"
# Opens the store to start with (on a worker thread): its URL, and whether it is the demo store.
Opener = Callable[[str, bool], "Store"]


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = styled_application(sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = RESOURCES / "icons" / "payout-desk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    collect_on_ui_thread(app)
    return app


def choose_url(database: str | None, settings: QSettings) -> str:
    import os

    if database:
        return resolve_database_url(database)
    if os.environ.get(DATABASE_ENV):
        return resolve_database_url(None)
    remembered = settings.value("store/url")
    return str(remembered) if remembered else resolve_database_url(None)


def wants_guide(settings: QSettings) -> bool:
    """The Getting started guide opens by itself once, at the first start; afterwards it is
    in Help → Getting started (F1)."""
    return str(settings.value("guide/seen", False)).lower() not in ("true", "1")


def open_store(url: str) -> Store:
    """Open (create, migrate) the store at `url` as the program does (services.stores)."""
    from desktop_app.services.stores import open_store as open_checked_store

    return open_checked_store(url)


def open_first_store(url: str, demo: bool) -> Store:
    """The store to start with (the demo store is made the first time it is asked for)."""
    if demo:
        from desktop_app.services.demo import open_demo_store

        return open_demo_store()
    return open_store(url)


def recover_at_start(
    url: str, demo: bool, exc: UserError, parent: QWidget | None = None
) -> Store | None:
    """The store to start with could not be opened (`exc`): say why and return None, or offer
    to restore a damaged one from a backup right here and return it opened."""
    from desktop_app.store.failures import DamagedStoreError

    if isinstance(exc, DamagedStoreError):
        from desktop_app.ui.backup import offer_restore_at_start

        if demo or not offer_restore_at_start(url, str(exc)):
            return None
        try:
            return open_store(url)
        except UserError as again:
            exc = again
    QMessageBox.critical(parent, APP_NAME, str(exc))
    return None


class Startup(QObject):
    """The app's main window and its store, from the start on.

    `start` shows the window in its "Opening …" state; once it has painted, a worker thread
    opens the store by `opener` and imports the first screen (`prepare_first_screen`), then
    the window gets them (`MainWindow.set_store`); or the failure is reported
    (`recover_at_start`) and `gave_up` emitted. File → Open store and Restore switch to another
    store in a new window (`switch`)."""

    gave_up = Signal()

    def __init__(
        self, url: str, demo: bool, settings: QSettings, opener: Opener = open_first_store
    ) -> None:
        super().__init__()
        self.url = url
        self.demo = demo
        self.settings = settings
        self.opener = opener
        self.windows: list[MainWindow] = []
        self.error: BaseException | None = None  # unexpected: raised again by run_gui
        self._opened_unseen: Store | None = None  # opened, not yet handed to the window
        self._job: Job | None = None

    @property
    def window(self) -> MainWindow:
        return self.windows[-1]

    def start(self) -> MainWindow:
        window = self._add_window(MainWindow(self.url, self.settings))
        window.show()
        window.after_first_paint(self._open_in_background)
        return window

    def _add_window(self, window: MainWindow) -> MainWindow:
        window.open_store_requested.connect(self.switch)
        self.windows.append(window)
        return window

    def _open_in_background(self) -> None:
        remembered = self.settings.value("window/screen")  # QSettings: on this thread

        def open_it(_progress: object, _cancelled: object) -> tuple[Store, str]:
            store = self.opener(self.url, self.demo)
            self._opened_unseen = store  # closed by close_store if the app ends before
            return store, prepare_first_screen(remembered, store)

        self._job = Job(open_it)
        self._job.signals.succeeded.connect(self._prepared)  # queued to this (the UI) thread
        self._job.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(self._job)

    def _prepared(self, opened: tuple[Store, str]) -> None:
        self._opened(*opened)

    def _opened(self, store: Store, screen: str | None = None) -> None:
        self._opened_unseen = None
        window = self.window
        if not window.isVisible():  # closed while the store was opening
            store.close()
            return
        window.set_store(store, screen)
        self._remember(store)
        if wants_guide(self.settings):
            window.after_first_paint(window.show_getting_started)

    def _failed(self, exc: BaseException) -> None:
        if self._opened_unseen is not None:  # opened, then its first screen failed to read it
            self._opened_unseen.close()
            self._opened_unseen = None
        if isinstance(exc, UserError):
            store = recover_at_start(self.url, self.demo, exc, self.window)
            if store is not None:
                self._opened(store)
                return
        else:
            self.error = exc
        self.window.hide()
        self.gave_up.emit()

    def _remember(self, store: Store) -> None:
        if store.url != demo_database_url():  # the next start opens the merchant's own store
            self.settings.setValue("store/url", store.url)

    def switch(self, url: str) -> None:
        old = self.window
        try:
            new_store = open_store(url)
        except UserError as exc:
            QMessageBox.critical(old, APP_NAME, str(exc))
            return
        old.close()
        if old.is_ready:
            old.store.close()
        window = self._add_window(MainWindow(new_store, self.settings))
        window.show()
        self._remember(new_store)

    def close_store(self) -> None:
        """The app ends: close the store in use (or the one opened after its window closed)."""
        if self.window.is_ready:
            self.window.store.close()
        if self._opened_unseen is not None:
            self._opened_unseen.close()
            self._opened_unseen = None


def run_gui(database: str | None = None, demo: bool = False) -> int:
    app = application()
    settings = QSettings()
    apply_theme(str(settings.value("view/theme", "system")))
    url = demo_database_url() if demo else choose_url(database, settings)
    startup = Startup(url, demo, settings)
    startup.gave_up.connect(lambda: app.exit(2))
    startup.start()
    restore_signals = quit_on_termination(app)
    try:
        code = app.exec()
    finally:
        restore_signals()
    cancel_running_jobs()
    wait_for_jobs(JOBS_STOP_MS)  # a cancelled job rolls back before the store closes
    startup.close_store()
    if startup.error is not None:
        raise startup.error
    return int(code)
