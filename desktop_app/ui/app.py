"""Starting the desktop application: QApplication, the store, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_NAME, ORG_NAME, __version__
from desktop_app.config import DATABASE_ENV, demo_database_url, resolve_database_url
from desktop_app.errors import UserError
from desktop_app.services.stores import open_store
from desktop_app.store.database import Store
from desktop_app.store.failures import DamagedStoreError
from desktop_app.ui.backup import offer_restore_at_start
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.shutdown import quit_on_termination
from desktop_app.ui.theme import apply_theme
from desktop_app.ui.workers import cancel_running_jobs, wait_for_jobs

JOBS_STOP_MS = 30_000
RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = RESOURCES / "icons" / "payout-desk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
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


def _open_at_start(database: str | None, demo: bool, settings: QSettings) -> Store | None:
    """The store to start with; a damaged one can be restored from a backup on the spot."""
    url = demo_database_url() if demo else choose_url(database, settings)
    try:
        if demo:
            from desktop_app.services.demo import open_demo_store

            return open_demo_store()
        return open_store(url)
    except DamagedStoreError as exc:
        if demo or not offer_restore_at_start(url, str(exc)):
            return None
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None
    try:
        return open_store(url)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def run_gui(database: str | None = None, demo: bool = False) -> int:
    app = application()
    settings = QSettings()
    apply_theme(str(settings.value("view/theme", "system")))
    store = _open_at_start(database, demo, settings)
    if store is None:
        return 2
    windows: list[MainWindow] = []

    def show(store: Store) -> None:
        window = MainWindow(store, settings)
        window.open_store_requested.connect(switch)
        windows.append(window)
        window.show()
        if store.url != demo_database_url():  # the next start opens the merchant's own store
            settings.setValue("store/url", store.url)

    def switch(url: str) -> None:
        old = windows[-1]
        try:
            new_store = open_store(url)
        except UserError as exc:
            QMessageBox.critical(old, APP_NAME, str(exc))
            return
        old.close()
        old.store.close()
        show(new_store)

    show(store)
    if wants_guide(settings):
        windows[-1].after_first_paint(windows[-1].show_getting_started)
    restore_signals = quit_on_termination(app)
    try:
        code = app.exec()
    finally:
        restore_signals()
    cancel_running_jobs()
    wait_for_jobs(JOBS_STOP_MS)  # a cancelled job rolls back before the store closes
    windows[-1].store.close()
    return int(code)
