"""SIGTERM or Ctrl+C: running work is cancelled, the window closes and saves its layout."""

from __future__ import annotations

import os
import signal
import threading
import time

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop_app.errors import Cancelled
from desktop_app.store.database import Store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.shutdown import quit_on_termination
from desktop_app.ui.workers import IsCancelled, Progress, start_job, wait_for_jobs


def test_sigterm_cancels_running_work_and_closes_the_window(
    qtbot, store: Store, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    window.show()
    started = threading.Event()
    stopped: list[str] = []

    def long_work(progress: Progress, cancelled: IsCancelled) -> None:
        started.set()
        while not cancelled():
            time.sleep(0.01)
        stopped.append("cancelled")
        raise Cancelled("stopped")

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    restore = quit_on_termination(app)
    try:
        job = start_job(window, "Long work", long_work, on_failure=lambda _exc: None)
        assert started.wait(5)
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        assert job.is_cancelled
        assert wait_for_jobs(5000) and stopped == ["cancelled"]
        assert qsettings.value("window/geometry") is not None  # closed as the user would
    finally:
        restore()
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
