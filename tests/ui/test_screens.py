"""Every screen, opened on the demo store, saved as a PNG to be looked at.

The folder is printed; set PAYOUT_DESK_SCREENSHOTS=docs/screenshots to refresh the README's
pictures. Each picture must show something (not a blank or one-colour widget).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop_app.config import sqlite_url
from desktop_app.services.demo import seed_demo
from desktop_app.store.database import Store, open_store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens import SCREENS
from desktop_app.ui.screens.dashboard import DashboardScreen
from desktop_app.ui.theme import apply_theme

SHOTS_ENV = "PAYOUT_DESK_SCREENSHOTS"
ROOT = Path(__file__).resolve().parent.parent.parent
SHOWN_STORE = "~/.local/share/Payout Desk/payout-desk-demo.sqlite"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(sqlite_url(tmp_path_factory.mktemp("demo") / "payout-desk-demo.sqlite"))
    seed_demo(store)
    yield store
    store.close()


@pytest.fixture
def shots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Path]:
    chosen = os.environ.get(SHOTS_ENV)
    folder = (
        (ROOT / chosen if not Path(chosen).is_absolute() else Path(chosen))
        if chosen
        else (tmp_path / "screenshots")
    )
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    with capsys.disabled():
        print(f"\nscreenshots saved in {folder}")


def save(widget: QWidget, folder: Path, name: str) -> QImage:
    QApplication.processEvents()
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    image = QImage(str(path))
    assert image.width() >= 300 and image.height() >= 200, (name, image.size())
    # something is drawn: many distinct colours, not a blank widget
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20, name
    return image


MNEMONIC = re.compile(r"(?<!&)&[^&\s]")


def unbound_mnemonics(widget: QWidget) -> list[str]:
    """Labels with an "&" shortcut but no buddy: Qt prints the "&" instead of underlining."""
    return [
        label.text()
        for label in widget.findChildren(QLabel)
        if label.textFormat() != Qt.TextFormat.RichText
        and not QtGuiNamespace.mightBeRichText(label.text())
        and MNEMONIC.search(label.text())
        and label.buddy() is None
    ]


def test_every_screen_on_the_demo_store(
    qtbot, demo_store: Store, qsettings: QSettings, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    apply_theme("light")
    window = MainWindow(demo_store, qsettings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    # the same pictures on every machine: the usual Linux data folder, not the tmp path
    window.store_label.setText(f"Store: {SHOWN_STORE}")
    for number, spec in enumerate(SCREENS, start=1):
        screen = window.show_screen(spec.key)
        if isinstance(screen, DashboardScreen):
            qtbot.waitUntil(lambda s=screen: not s.loading, timeout=20000)
        save(window, shots, f"{number:02d}-{spec.key}")
        assert unbound_mnemonics(screen) == [], spec.key

    dashboard = window.show_screen("dashboard")
    assert isinstance(dashboard, DashboardScreen)
    qtbot.waitUntil(lambda: not dashboard.loading, timeout=20000)
    dashboard.tabs.setCurrentWidget(dashboard.performance)
    save(window, shots, "01b-partner-performance")

    panel = dashboard.performance
    panel.table.selectRow(0)
    detail = panel.open_detail(panel.model.row_at(0).partner_id)
    qtbot.addWidget(detail)
    save(detail, shots, "01c-partner-detail")
    detail.close()

    guide = window.show_getting_started()
    save(guide, shots, "00-getting-started")
    guide.close()

    dashboard.tabs.setCurrentIndex(0)
    apply_theme("dark")
    try:
        with qtbot.waitSignal(dashboard.loaded, timeout=20000):
            dashboard.refresh()
        save(window, shots, "01d-dashboard-dark")
    finally:
        apply_theme("light")


def test_first_start_on_an_empty_store(
    qtbot, store: Store, qsettings: QSettings, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    apply_theme("light")
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.store_label.setText("Store: ~/.local/share/Payout Desk/payout-desk.sqlite")
    dashboard = window.show_screen("dashboard")
    assert isinstance(dashboard, DashboardScreen)
    assert dashboard.stack.currentWidget() is dashboard.empty
    save(window, shots, "00-first-start")
