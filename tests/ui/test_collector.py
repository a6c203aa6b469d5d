"""Garbage made on a worker thread is collected on the UI thread (desktop_app/ui/collector.py):
a cycle holding a Qt object must never be destroyed on a worker, which crashes Qt."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication

from desktop_app.ui.collector import collect_on_ui_thread


def test_cycles_made_on_a_worker_are_collected_on_the_ui_thread(qtbot, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    collector = collect_on_ui_thread(qapp)
    assert collect_on_ui_thread(qapp) is collector  # installed once
    assert not gc.isenabled()  # no automatic collection, in any thread
    freed_on: list[int] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            freed_on.append(threading.get_ident())

    def work() -> None:
        for _ in range(5000):  # far past the first generation's threshold
            Cycle()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert freed_on == []  # the worker crossed every threshold and collected nothing
    qtbot.waitUntil(lambda: len(freed_on) == 5000, timeout=5000)
    assert set(freed_on) == {threading.get_ident()}  # the UI thread's timer did
