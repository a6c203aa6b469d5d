"""Python's cyclic garbage collector runs on the UI thread only.

An automatic collection runs in whichever thread allocates when a threshold is crossed. When
that is a worker (an import, a payout run, a payment file being validated) and a reference
cycle holds a Qt object of the UI thread (a widget, a model, a closure over one), the object is
destroyed on the worker thread and Qt crashes (a test run died that way in the SEPA file's XML
validation). So the app turns automatic collection off and collects from a timer on the UI
thread, by Python's own thresholds; reference counting frees everything else as usual.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class UiThreadCollector(QObject):
    """Collects on the UI thread what Python would have collected automatically."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start(INTERVAL_MS)

    def collect_due(self) -> int:
        """The oldest generation whose threshold is crossed, collected (-1: none was)."""
        counts = gc.get_count()
        due = -1
        for generation in range(3):
            if counts[generation] > self.thresholds[generation]:
                due = generation
            else:
                break
        if due >= 0:
            gc.collect(due)
        return due


def collect_on_ui_thread(app: QObject) -> UiThreadCollector:
    """Install once per application (again: the one already installed)."""
    found = app.findChild(UiThreadCollector)
    return found if isinstance(found, UiThreadCollector) else UiThreadCollector(app)
