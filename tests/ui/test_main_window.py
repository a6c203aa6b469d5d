"""Desktop conventions of the main window: recent stores, About, the Getting started guide,
the theme choice and the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

from desktop_app import __version__
from desktop_app.config import data_dir
from desktop_app.store.database import Store
from desktop_app.ui.app import wants_guide
from desktop_app.ui.dialogs.getting_started import STEPS, GettingStartedDialog
from desktop_app.ui.dialogs.partner_dialog import PartnerDialog
from desktop_app.ui.main_window import NOTHING_TO_EXPORT, MainWindow
from desktop_app.ui.screens import SCREENS
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.theme import apply_theme


def test_status_bar_shows_the_store_and_about_names_version_and_data_folder(
    main_window: MainWindow, store: Store
) -> None:
    assert main_window.store_label.text() == f"Store: {store.description}"
    box = main_window.about()
    assert __version__ in box.text()
    assert str(data_dir()) in box.text()
    assert store.description in box.text()
    box.close()


def test_recent_stores_are_remembered_and_reopened(
    qtbot, store: Store, qsettings: QSettings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    qsettings.setValue("store/recent", [other])
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    assert window.recent_stores() == [store.url, other]
    menu = window.findChild(QMenu, "recentMenu")
    assert menu is not None
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.text().endswith("other.sqlite")]
    assert len(entries) == 1
    with qtbot.waitSignal(window.open_store_requested) as opened:
        entries[0].trigger()
    assert opened.args == [other]
    window.clear_recent()
    assert window.recent_stores() == [store.url]


def test_the_demo_store_is_made_in_the_background_and_opened(
    qtbot, main_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.config import demo_database_url
    from desktop_app.services.demo import has_partners
    from desktop_app.store.database import open_store

    with qtbot.waitSignal(main_window.open_store_requested, timeout=60_000) as opened:
        qtbot.keyClick(
            main_window,
            Qt.Key.Key_D,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert opened.args == [demo_database_url()]
    demo = open_store(demo_database_url())
    try:
        assert has_partners(demo)
    finally:
        demo.close()
    assert main_window.store.url != demo_database_url()  # the app switches, not the window


def test_the_guide_shows_once_beside_the_window_and_ticks_off_what_the_store_shows(
    qtbot, main_window: MainWindow, store: Store, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: the guide opens by itself at the first start only, never blocks the window,
    and its steps are ticked from the store (services.onboarding), not by clicking through."""
    assert wants_guide(qsettings)  # the first start shows it
    guide = main_window.show_getting_started()
    assert isinstance(guide, GettingStartedDialog)
    assert guide.isVisible() and not guide.isModal()
    assert QApplication.activeModalWidget() is None  # the window stays usable beside it
    assert not wants_guide(qsettings)  # shown once: the next start opens without it
    assert [guide.steps.item(i).text() for i in range(guide.steps.count())] == [
        "1. Enter your shop's profile",
        "2. Add your partners",
        "3. Set the commission plans",
        "4. Import the month's orders",
        "5. Create the first payout run",
    ]
    assert [s.key for s in STEPS] == ["profile", "partners", "plans", "import", "first_run"]
    assert guide.done_count() == 0 and guide.step() == 0
    for _ in range(len(STEPS) - 1):
        qtbot.mouseClick(guide.next_button, Qt.MouseButton.LeftButton)
    assert guide.next_button.text() == "&Done"
    assert guide.done_count() == 0  # reading the steps does not do them

    guide.steps.setCurrentRow(1)
    page = guide.pages.currentWidget()
    go = next(b for b in page.findChildren(type(guide.next_button)) if b.text() == "Add a partner")
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    assert main_window.current_screen_key() == "partners"
    dialog = main_window.screens["partners"].findChild(PartnerDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "GadgetFlow Weekly")
    qtbot.keyClicks(dialog.codes, "GADGET")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert guide.isVisible()  # still there, beside the window
    partners_row = guide.steps.item(1)
    assert partners_row.checkState() == Qt.CheckState.Checked
    assert guide.done_labels[1].text().endswith("✓ Done: 1 partner.</span>")
    assert guide.steps.item(0).checkState() == Qt.CheckState.Unchecked  # no profile yet
    assert "1 of 5 steps done" in guide.intro.text()

    guide.close()
    qtbot.keyClick(main_window, Qt.Key.Key_F1)  # Help → Getting started brings it back
    again = main_window.findChild(GettingStartedDialog)
    assert again is not None and again.isVisible()
    assert again.step() == 0  # opens on the first step not done
    again.close()


def test_a_second_start_does_not_show_the_guide_again(
    qtbot, store: Store, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(store, qsettings)
    qtbot.addWidget(first)
    assert wants_guide(qsettings)
    first.show_getting_started().close()
    first.close()
    assert not wants_guide(QSettings(qsettings.fileName(), QSettings.Format.IniFormat))


def test_theme_choice_switches_palettes_and_is_remembered(
    main_window: MainWindow, qsettings: QSettings
) -> None:
    def window_lightness() -> int:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        return int(app.palette().color(QPalette.ColorRole.Window).lightness())

    try:
        main_window.menu_actions["theme_dark"].trigger()
        assert window_lightness() < 128
        assert qsettings.value("view/theme") == "dark"
        main_window.menu_actions["theme_light"].trigger()
        assert window_lightness() > 128
    finally:
        apply_theme("light")


def test_first_start_opens_where_the_work_is(qtbot, store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An empty store opens on Partners (step 1); a store with orders on the Dashboard."""
    from desktop_app.domain.partners import PartnerInput
    from desktop_app.services import imports, partners
    from tests.import_files import HEADER, write_csv

    empty = MainWindow(store, QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(empty)
    assert empty.current_screen_key() == "partners"
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    path = write_csv(tmp_path / "o.csv", [HEADER, ["A-1", "2026-10-01", "TB1", "5.00", "USD"]])
    imports.run_import(store, path, imports.ImportOptions())
    busy = MainWindow(store, QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(busy)
    assert busy.current_screen_key() == "dashboard"


def test_the_sidebar_collapses_to_icons_on_a_narrow_window_and_as_chosen(
    qtbot, store: Store, qsettings: QSettings
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    window.resize(1920, 1000)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.compact_sidebar)
    assert window.nav.item(0).text() == "Dashboard" and not window.nav.item(0).icon().isNull()
    window.resize(1366, 700)  # a laptop: icons only, the titles in the tooltips
    qtbot.waitUntil(lambda: window.compact_sidebar)
    assert window.nav.item(0).text() == "" and "Dashboard" in window.nav.item(0).toolTip()
    assert window.nav.width() < 60
    qtbot.mouseClick(window.sidebar_toggle, Qt.MouseButton.LeftButton)  # the user wants names
    assert not window.compact_sidebar and window.nav.item(4).text() == "Payout runs"
    window.resize(1300, 700)
    QApplication.processEvents()
    assert not window.compact_sidebar  # chosen: no longer follows the width
    assert qsettings.value("view/sidebar") == "wide"
    window.menu_actions["compact_sidebar"].trigger()  # View → Icons-only sidebar (Ctrl+B)
    assert window.compact_sidebar and qsettings.value("view/sidebar") == "compact"
    again = MainWindow(store, qsettings)
    qtbot.addWidget(again)
    assert again.compact_sidebar  # remembered


def test_every_screen_keeps_the_screen_contract(
    main_window: MainWindow, qsettings: QSettings
) -> None:
    """ui/screens/base.py is the whole contract between the window and a screen: every listed
    screen is a Screen, reads its data in its own `refresh`, offers File → Export exactly when
    it has an `export` of its own, and takes every call the window makes."""
    assert list(main_window.screens) == [spec.key for spec in SCREENS]
    for spec in SCREENS:
        screen = main_window.screens[spec.key]
        assert isinstance(screen, Screen), spec.key
        kind = type(screen)
        assert kind.refresh is not Screen.refresh, f"{spec.key} has no refresh()"
        assert kind.can_export == (kind.export is not Screen.export), spec.key
        assert main_window.show_screen(spec.key) is screen
        assert main_window.current_screen() is screen
        main_window.refresh_current()
        main_window.focus_search()
        screen.save_state(qsettings)
        screen.restore_state(qsettings)
        if not screen.can_export:
            assert main_window.export_current() is None
            assert main_window.statusBar().currentMessage() == NOTHING_TO_EXPORT
    assert [s.key for s in SCREENS if main_window.screens[s.key].can_export] == ["runs"]


def test_a_screen_without_refresh_says_so() -> None:
    class Unfinished(Screen):
        pass

    with pytest.raises(NotImplementedError, match="Unfinished must implement refresh"):
        Unfinished().refresh()
