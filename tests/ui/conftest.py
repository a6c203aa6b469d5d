from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings

from desktop_app.store.database import Store
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def main_window(qtbot, store: Store, qsettings: QSettings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
