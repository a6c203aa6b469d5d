"""The app's start (issue 20): the main window paints its frame, "Opening …", before the store is
opened, then the store opens on a worker thread and the window becomes whole. What the user sees
is as before: the screen to start on, the guide at the first start, every action, and a store
that cannot be opened said so in a message."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.config import demo_database_url
from desktop_app.store.database import Store
from desktop_app.ui.app import Startup, open_first_store
from desktop_app.ui.dialogs.getting_started import GettingStartedDialog
from desktop_app.ui.main_menu import WITHOUT_STORE
from desktop_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


class HeldOpener:
    """Opens the store as the app does (on the worker thread), but only once the test lets it
    (`go`): meanwhile the test looks at the window, as it is while a store opens."""

    def __init__(self) -> None:
        self.asked = threading.Event()
        self.go = threading.Event()
        self.opened: list[Store] = []
        self.closed: list[Store] = []

    def __call__(self, url: str, demo: bool) -> Store:
        self.asked.set()
        assert self.go.wait(10)
        store = open_first_store(url, demo)
        close = store.close

        def closing() -> None:
            self.closed.append(store)
            close()

        store.close = closing  # type: ignore[method-assign]
        self.opened.append(store)
        return store


@pytest.fixture
def starting(qtbot, qsettings: QSettings) -> Iterator[Callable[..., Startup]]:  # type: ignore[no-untyped-def]
    """Start the app on a URL (its window shown at once); its store is closed afterwards."""
    made: list[Startup] = []

    def start(url: str, demo: bool = False, opener: object = None) -> Startup:
        startup = Startup(url, demo, qsettings, **({"opener": opener} if opener else {}))
        qtbot.addWidget(startup.start())
        made.append(startup)
        return startup

    yield start
    for startup in made:
        if isinstance(startup.opener, HeldOpener):
            startup.opener.go.set()  # a test that failed while holding it
    QThreadPool.globalInstance().waitForDone(10_000)
    for startup in made:
        startup.close_store()


def _message_box(qtbot, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Close the next message box as it opens (the app's run their own event loop), noting
    its text."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def test_the_window_paints_opening_before_the_store_opens_then_is_whole(
    qtbot, starting, db_url: str, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    earlier = MainWindow(db_url, qsettings)  # a window of an earlier start, closed at 770×540
    qtbot.addWidget(earlier)
    earlier.show()
    earlier.resize(770, 540)
    qtbot.waitUntil(lambda: earlier.size() == QSize(770, 540))
    earlier.close()
    opener = HeldOpener()
    startup = starting(db_url, opener=opener)
    window = startup.window
    qtbot.waitUntil(opener.asked.is_set)

    # the store is being opened: the window has painted its frame, saying so
    assert window.has_painted and window.isVisible() and not window.is_ready
    assert window.size() == QSize(770, 540)  # where it was left
    assert window.opening.isVisible() and window.opening.text().startswith("Opening ")
    assert not window.stack.isVisible() and not window.nav.isEnabled()
    assert window.menuBar().isVisible() and window.store_label.text().endswith("store.sqlite")
    assert window.screens.built() == []
    for name, action in window.menu_actions.items():
        assert action.isEnabled() == (name in WITHOUT_STORE), name
    window.menu_actions["new_partner"].trigger()  # disabled: nothing happens, nothing breaks
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    window.refresh_current()
    window.menu_actions["theme_dark"].trigger()  # works without the store
    window.menu_actions["theme_light"].trigger()
    assert window.screens.built() == []
    with pytest.raises(RuntimeError, match="still being opened"):
        _ = window.store

    with qtbot.waitSignal(window.ready, timeout=10_000):
        opener.go.set()
    assert window.is_ready and window.store is opener.opened[0]
    assert not window.opening.isVisible() and window.stack.isVisible() and window.nav.isEnabled()
    assert all(action.isEnabled() for action in window.menu_actions.values())
    assert window.current_screen_key() == "partners"  # an empty store: where the work starts
    assert window.recent_stores()[0] == db_url
    assert qsettings.value("store/url") == db_url  # the next start opens it again
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen_key() == "orders"


def test_the_guide_opens_at_the_first_start_once_the_store_is_open(
    qtbot, starting, db_url: str, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    startup = starting(db_url)
    with qtbot.waitSignal(startup.window.ready, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: startup.window.findChild(GettingStartedDialog) is not None)
    guide = startup.window.findChild(GettingStartedDialog)
    assert guide.isVisible() and qsettings.value("guide/seen") in (True, "true")


def test_closing_the_window_while_the_store_opens_closes_that_store(
    qtbot, starting, db_url: str, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    opener = HeldOpener()
    startup = starting(db_url, opener=opener)
    qtbot.waitUntil(opener.asked.is_set)
    startup.window.close()
    assert qsettings.value("window/geometry") is not None  # where the window was is kept
    assert qsettings.value("window/screen") is None  # no screen was shown
    opener.go.set()
    qtbot.waitUntil(lambda: opener.closed == opener.opened != [])
    assert not startup.window.is_ready
    startup.close_store()  # as run_gui does once the app ends: not closed twice
    assert len(opener.closed) == 1


def test_a_store_from_a_newer_version_is_said_so_and_the_app_ends(
    qtbot, starting, tmp_path: Path, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "newer.sqlite"
    open_first_store(f"sqlite:///{path}", False).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    seen: list[str] = []
    _message_box(qtbot, seen)
    startup = Startup(f"sqlite:///{path}", False, qsettings)
    with qtbot.waitSignal(startup.gave_up, timeout=10_000):
        qtbot.addWidget(startup.start())
    assert len(seen) == 1 and "newer version of Payout Desk" in seen[0]
    assert not startup.window.is_ready and startup.error is None
    assert qsettings.value("store/url") is None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_an_unexpected_failure_ends_the_app_and_is_raised_by_run_gui(
    qtbot, starting, db_url: str
) -> None:  # type: ignore[no-untyped-def]
    def broken(_url: str, _demo: bool) -> Store:
        raise RuntimeError("a bug")

    startup = starting(db_url, opener=broken)
    with qtbot.waitSignal(startup.gave_up, timeout=10_000):
        pass
    assert isinstance(startup.error, RuntimeError)


def test_the_demo_store_opens_at_start_and_is_not_remembered_as_the_merchants(
    qtbot, starting, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.demo import has_partners

    startup = starting(demo_database_url(), demo=True)
    with qtbot.waitSignal(startup.window.ready, timeout=60_000):
        pass
    assert startup.window.store.url == demo_database_url() and has_partners(startup.window.store)
    assert startup.window.current_screen_key() == "dashboard"  # it has orders
    assert qsettings.value("store/url") is None


RUN_GUI = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from desktop_app.ui import app as gui

gui.application()

def answer():
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        print(box.text(), flush=True)
        box.close()
    QTimer.singleShot(20, answer)

QTimer.singleShot(20, answer)
sys.exit(gui.run_gui(database=sys.argv[1]))
"""


def test_run_gui_ends_with_code_2_when_the_store_url_cannot_be_used(tmp_path: Path) -> None:
    """The whole start in its own process: a --database URL that fails is shown in a message,
    and the app ends with exit code 2, as the command line does."""
    import os

    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", RUN_GUI, "nosuchdriver://somewhere/shop"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "nosuchdriver" in done.stdout


def test_the_screen_shown_last_is_prepared_off_the_ui_thread_and_opened(
    qtbot, starting, db_url: str, qsettings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui import app

    threads: list[str] = []
    prepare_first_screen = app.prepare_first_screen

    def prepare(remembered: object, store: Store) -> str:
        threads.append(threading.current_thread().name)
        return prepare_first_screen(remembered, store)

    monkeypatch.setattr(app, "prepare_first_screen", prepare)
    qsettings.setValue("window/screen", "orders")
    startup = starting(db_url)
    with qtbot.waitSignal(startup.window.ready, timeout=10_000):
        pass
    assert startup.window.current_screen_key() == "orders"
    assert threads and threads != [threading.main_thread().name]
