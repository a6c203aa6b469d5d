"""Every screen and the main dialogs, opened on the demo store at the two common screen sizes,
saved as PNGs to be looked at, and checked from the widgets: nothing to scroll sideways, no
elided partner code or name on the Payout runs screen, at least 12 partner rows on a laptop.

The window has the room a maximized window gets: the screen less a 40-pixel taskbar and a
28-pixel title bar (1366×700 on a 1366×768 laptop, 1920×1012 on a 1920×1080 monitor). The
folder is printed; PAYOUT_DESK_SCREENSHOTS=docs/screenshots refreshes the README's pictures.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QWidget, QWizard

from desktop_app.config import sqlite_url
from desktop_app.services.demo import seed_demo
from desktop_app.store.database import Store, open_store
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens import SCREENS
from desktop_app.ui.screens.dashboard import DashboardScreen
from desktop_app.ui.screens.partners import PartnersScreen
from desktop_app.ui.screens.runs import RunsScreen
from desktop_app.ui.theme import apply_theme
from tests.import_files import HEADER, write_csv

SHOTS_ENV = "PAYOUT_DESK_SCREENSHOTS"
ROOT = Path(__file__).resolve().parent.parent.parent
SHOWN_STORE = "~/.local/share/Payout Desk/payout-desk-demo.sqlite"
SIZES = {  # screen → the window's own area, maximized
    "1366x768": QSize(1366, 700),
    "1920x1080": QSize(1920, 1012),
}


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
    path.parent.mkdir(parents=True, exist_ok=True)
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


def visible_rows(table: QTableView) -> list[int]:
    """Rows shown whole in the table's viewport."""
    height = table.viewport().height()
    return [
        row
        for row in range(table.model().rowCount())
        if table.rowViewportPosition(row) >= 0
        and table.rowViewportPosition(row) + table.rowHeight(row) <= height
    ]


def elided_cells(table: QTableView, columns: list[int]) -> list[str]:
    """Visible cells of `columns` whose text is wider than the column (Qt draws them "…")."""
    grid = 1 if table.showGrid() else 0
    found = []
    for row in visible_rows(table):
        for column in columns:
            index = table.model().index(row, column)
            if table.sizeHintForIndex(index).width() + grid > table.columnWidth(column):
                found.append(str(index.data()))
    return found


def sideways(window: QWidget) -> list[str]:
    """Visible tables that would scroll sideways."""
    return [
        table.objectName() or type(table.model()).__name__
        for table in window.findChildren(QTableView)
        if table.isVisible() and table.horizontalScrollBar().maximum() > 0
    ]


def column_of(table: QTableView, header: str) -> int:
    model = table.model()
    names = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return names.index(header)


def open_window(qtbot, store: Store, settings: QSettings, size: QSize) -> MainWindow:  # type: ignore[no-untyped-def]
    apply_theme("light")
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    # the same pictures on every machine: the usual Linux data folder, not the tmp path
    window.store_label.setText(f"Store: {SHOWN_STORE}")
    for label in window.findChildren(QLabel, "storeLabel"):
        label.setText(f"Store: {SHOWN_STORE}")
    return window


@pytest.mark.parametrize("screen_size", list(SIZES))
def test_every_screen_and_dialog_fits_the_screen(
    qtbot, demo_store: Store, qsettings: QSettings, shots: Path, screen_size: str
) -> None:  # type: ignore[no-untyped-def]
    size = SIZES[screen_size]
    window = open_window(qtbot, demo_store, qsettings, size)
    folder = shots / screen_size
    assert window.compact_sidebar == (size.width() < 1440)  # icons only on the laptop
    for number, spec in enumerate(SCREENS, start=1):
        screen = window.show_screen(spec.key)
        if isinstance(screen, DashboardScreen):
            qtbot.waitUntil(lambda s=screen: not s.loading, timeout=20000)
        if isinstance(screen, RunsScreen):  # a partner chosen: its lines show below
            screen.summary_table.selectRow(1)
        qtbot.wait(50)  # columns are fitted once the layout has settled
        save(window, folder, f"{number:02d}-{spec.key}")
        assert unbound_mnemonics(screen) == [], spec.key
        assert sideways(window) == [], spec.key

    runs = window.show_screen("runs")
    assert isinstance(runs, RunsScreen)
    summary = runs.summary_table
    rows = visible_rows(summary)
    if screen_size == "1366x768":
        assert len(rows) >= 12, len(rows)  # the laptop shows a dozen partners at least
    else:  # on the big screen every visible partner code and name is whole
        assert len(rows) >= 16, len(rows)
        names = [column_of(summary, "Code"), column_of(summary, "Partner")]
        assert elided_cells(summary, names) == []
    assert runs.lines_model.rowCount() > 0 and visible_rows(runs.lines_table)
    payable = column_of(summary, "Payable")  # the money columns are in sight, to the last
    right = summary.columnViewportPosition(payable) + summary.columnWidth(payable)
    assert right <= summary.viewport().width()

    dashboard = window.show_screen("dashboard")
    assert isinstance(dashboard, DashboardScreen)
    qtbot.waitUntil(lambda: not dashboard.loading, timeout=20000)
    dashboard.tabs.setCurrentWidget(dashboard.performance)
    qtbot.wait(50)
    save(window, folder, "01b-partner-performance")
    assert sideways(window) == []
    panel = dashboard.performance
    panel.table.selectRow(0)
    detail = panel.open_detail(panel.model.row_at(0).partner_id)
    qtbot.addWidget(detail)
    save(detail, folder, "07-partner-page")
    detail.close()
    dashboard.tabs.setCurrentIndex(0)

    partners = window.show_screen("partners")
    assert isinstance(partners, PartnersScreen)
    partners.table.selectRow(0)
    dialog = partners.edit_selected()
    assert dialog is not None
    save(dialog, folder, "08-partner-dialog")
    dialog.reject()

    runs = window.show_screen("runs")
    assert isinstance(runs, RunsScreen)
    run_dialog = runs.new_run()
    save(run_dialog, folder, "09-new-run")
    run_dialog.reject()

    guide = window.show_getting_started()
    save(guide, folder, "00-getting-started")
    guide.close()


def test_the_import_wizard_partner_step_on_the_demo_store(
    qtbot, demo_store: Store, qsettings: QSettings, shots: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_store, qsettings, SIZES["1366x768"])
    path = write_csv(
        tmp_path / "orders-december.csv",
        [
            HEADER,
            ["DEC-1", "2026-12-01", "TECHGURU", "45.00", "USD"],
            ["DEC-2", "2026-12-01", "techguru", "120.00", "USD"],
            ["DEC-3", "2026-12-02", "STYLEBYMIA", "80.00", "USD"],
            ["DEC-4", "2026-12-02", "CODECRUSH", "twelve", "USD"],
            ["DEC-5", "2026-12-03", "CODECRUSH", "31.10.2026", "USD"],
        ],
    )
    wizard = window.import_orders()
    assert isinstance(wizard, ImportWizard)
    wizard.resize(1092, 640)  # what it opens at on a 1366×768 screen (this one is smaller)
    qtbot.keyClicks(wizard.file_page.path, str(path))
    for _ in range(3):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    qtbot.wait(50)
    preview = wizard.preview_page
    assert preview.new_partners.rowCount() == 2  # TECHGURU and techguru are one partner
    assert sideways(wizard) == []
    problems = preview.error_table
    assert elided_cells(problems, [0, 1]) == []  # row and column whole; problems fill the rest
    save(wizard, shots / "1366x768", "10-import-partners")
    wizard.reject()


def test_dark_theme_and_first_start(
    qtbot, demo_store: Store, store: Store, qsettings: QSettings, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_store, qsettings, SIZES["1920x1080"])
    dashboard = window.show_screen("dashboard")
    assert isinstance(dashboard, DashboardScreen)
    qtbot.waitUntil(lambda: not dashboard.loading, timeout=20000)
    apply_theme("dark")
    try:
        with qtbot.waitSignal(dashboard.loaded, timeout=20000):
            dashboard.refresh()
        save(window, shots / "1920x1080", "01d-dashboard-dark")
    finally:
        apply_theme("light")
    window.close()

    empty = open_window(qtbot, store, QSettings(), SIZES["1366x768"])
    empty.store_label.setText("Store: ~/.local/share/Payout Desk/payout-desk.sqlite")
    board = empty.show_screen("dashboard")
    assert isinstance(board, DashboardScreen)
    assert board.stack.currentWidget() is board.empty
    guide = empty.show_getting_started()
    guide.move(empty.geometry().center() - guide.rect().center())
    save(empty, shots / "1366x768", "00-first-start")
    save(guide, shots / "1366x768", "00-first-start-guide")
    guide.close()
