"""The Dashboard and the partner performance tab on the small hand-built fixture store
(tests/performance_fixture.py explains every figure)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain.partners import PartnerStatus
from desktop_app.services import audit, partners
from desktop_app.services.performance import Period
from desktop_app.store.database import Store
from desktop_app.store.models import OrderRow
from desktop_app.ui.dialogs.partner_detail import PartnerDetailDialog
from desktop_app.ui.events import notify_data_changed
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.performance_model import PerformanceTableModel
from desktop_app.ui.screens.dashboard import DashboardScreen
from tests.performance_fixture import build_fixture_store

OCTOBER = Period.month(2026, 10)


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return build_fixture_store(store)


def wait_loaded(qtbot, screen: DashboardScreen) -> None:  # type: ignore[no-untyped-def]
    """The figures are read on a worker thread; wait until they are on screen."""
    qtbot.waitUntil(lambda: not screen.loading, timeout=10000)


@pytest.fixture
def dashboard(qtbot, main_window: MainWindow, ids: dict[str, int]) -> DashboardScreen:  # type: ignore[no-untyped-def]
    screen = main_window.show_screen("dashboard")
    assert isinstance(screen, DashboardScreen)
    screen.set_period(OCTOBER)
    screen.refresh()
    wait_loaded(qtbot, screen)
    return screen


def cards(screen: DashboardScreen) -> dict[str, str]:
    return {key: card.value.text() for key, card in screen.overview.cards.items()}


def names(model: PerformanceTableModel, proxy: object) -> list[str]:
    from PySide6.QtCore import QSortFilterProxyModel

    assert isinstance(proxy, QSortFilterProxyModel)
    return [str(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


def test_dashboard_figures_equal_the_hand_computed_ones(dashboard: DashboardScreen) -> None:
    assert dashboard.stack.currentWidget() is dashboard.tabs
    assert cards(dashboard) == {
        "clicks": "350",
        "ctr": "—",  # no impressions imported: said in words below, never 0 %
        "orders": "5",
        "conversion": "1.43 %",  # 5 / 350
        "sales": "$474.17",  # 90 + 50 + 21.674 + 12.50 + 300
        "commission": "—",  # no payout run yet
        "rate": "—",
        "partners": "4",  # active by status: Alpha, Bravo, Charlie, Echo (Delta terminated)
    }
    assert dashboard.overview.cards["sales"].note.text() == "▲ 295 % vs Sep"  # 474.17 / 120
    assert dashboard.overview.cards["ctr"].note.text() == "no impressions imported"
    earnings = dashboard.overview.earnings_chart
    # a new store's chart shows the months it has data for, not ten empty ones before them
    assert earnings.categories == ["Sep", "Oct"]
    assert earnings.values("Sales") == pytest.approx([120.0, 474.17])
    assert earnings.chart().title() == "Sales and commission, last 2 months (since Sep 2026)"
    types = dashboard.overview.type_chart
    assert types.categories == ["Tech blog", "Coupon site"]
    assert types.values("Sales") == pytest.approx([461.67, 12.50])
    overview = dashboard.overview
    # five places at most; the weakest list never repeats a top partner
    assert names(overview.top_model, overview.top_proxy) == ["Echo", "Alpha", "Bravo"]
    assert names(overview.bottom_model, overview.bottom_proxy) == ["Charlie"]


def test_changing_the_month_updates_cards_and_charts(qtbot, dashboard: DashboardScreen) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dashboard.loaded, timeout=10000):
        dashboard.set_period(Period.month(2026, 9))
    assert cards(dashboard)["orders"] == "2"
    assert cards(dashboard)["sales"] == "$120.00"
    assert cards(dashboard)["clicks"] == "500"
    earnings = dashboard.overview.earnings_chart
    assert earnings.categories == ["Sep"]
    assert earnings.values("Sales") == pytest.approx([120.0])
    assert earnings.chart().title() == "Sales and commission, September 2026"
    assert dashboard.overview.type_chart.categories == ["Tech blog", "No type"]
    assert dashboard.overview.type_chart.values("Sales") == pytest.approx([80.0, 40.0])

    # choosing through the combo box, as a user does, redraws too
    picker = dashboard.picker
    with qtbot.waitSignal(dashboard.loaded, timeout=10000):
        picker.setCurrentIndex(picker.index_of(OCTOBER))
    assert cards(dashboard)["orders"] == "5"


def test_the_dashboard_redraws_when_data_changes(
    qtbot, dashboard: DashboardScreen, store: Store, ids: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        session.add(
            OrderRow(
                source="test",
                external_id="LATE-1",
                order_date=date(2026, 10, 30),
                partner_id=ids["Bravo"],
                partner_code="BRAVO",
                amount_minor=2583,
                currency="USD",
            )
        )
    with qtbot.waitSignal(dashboard.loaded, timeout=10000):
        notify_data_changed()  # what an import or a payout run announces
    assert cards(dashboard)["orders"] == "6"
    assert cards(dashboard)["sales"] == "$500.00"


def test_an_empty_store_shows_what_to_do(main_window: MainWindow) -> None:
    screen = main_window.show_screen("dashboard")
    assert isinstance(screen, DashboardScreen)
    assert screen.stack.currentWidget() is screen.empty
    assert "import" in screen.empty.text()


def test_performance_view_flags_exactly_the_partners_under_the_thresholds(
    qtbot, dashboard: DashboardScreen, store: Store, ids: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    panel = dashboard.performance
    dashboard.tabs.setCurrentWidget(panel)
    # defaults: conversion below 1 %, sales below 100
    assert panel.flagged_names() == ["Bravo", "Charlie"]
    assert panel.count_label.text() == "4 partners · 2 to review"
    bravo = next(r for r in range(panel.model.rowCount()) if panel.model.row_at(r).name == "Bravo")
    assert panel.model.index(bravo, 0).data(Qt.ItemDataRole.BackgroundRole) is not None

    panel.min_sales.setValue(0)
    panel.min_conversion.setValue(2.5)
    assert panel.flagged_names() == ["Bravo", "Echo"]  # 0.5 % and 2 %; Alpha converts 3 %

    qtbot.mouseClick(panel.flagged_only, Qt.MouseButton.LeftButton)
    assert names(panel.model, panel.proxy) == ["Echo", "Bravo"]  # by sales, largest first

    # pause straight from the list
    panel.select_partner(ids["Bravo"])
    dialog = panel.pause_selected()
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "conversion too low")
    with qtbot.waitSignal(dashboard.loaded, timeout=10000):
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    with store.transaction() as session:
        assert partners.get_partner(session, ids["Bravo"]).status is PartnerStatus.PAUSED
        assert audit.entries(session, partner_id=ids["Bravo"])[0].reason == "conversion too low"
    statuses = {r.name: r.status for r in panel.model.rows()}
    assert statuses["Bravo"] == "paused"
    assert panel.pause_button.text() == "Re&activate"  # Bravo is still selected


def test_partner_detail_shows_orders_and_history(
    qtbot, dashboard: DashboardScreen, ids: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    dialog = dashboard.performance.open_detail(ids["Alpha"])
    qtbot.addWidget(dialog)
    assert isinstance(dialog, PartnerDetailDialog)
    titles = dialog.tab_titles()
    assert titles[0] == "Orders (5)"
    assert "Payout runs" in titles[1] or "Payout runs" in " ".join(titles)
    assert titles[-1] == "Audit log (1)"
    assert "3 orders" in dialog.figures.text() and "$161.67" in dialog.figures.text()


def test_every_main_action_has_a_shortcut_that_triggers_it(
    qtbot, main_window: MainWindow, ids: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    without = {"about", "restore", "theme_system", "theme_light", "theme_dark"}
    for name, action in main_window.menu_actions.items():
        if name not in without:
            assert not action.shortcut().isEmpty(), name

    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(main_window, Qt.Key.Key_1, ctrl)
    assert main_window.current_screen_key() == "dashboard"
    dashboard = main_window.screens["dashboard"]
    assert isinstance(dashboard, DashboardScreen)
    qtbot.keyClick(main_window, Qt.Key.Key_F, ctrl)
    assert dashboard.performance.search.hasFocus()

    qtbot.keyClick(main_window, Qt.Key.Key_Comma, ctrl)
    assert main_window.current_screen_key() == "settings"

    qtbot.keyClick(main_window, Qt.Key.Key_I, ctrl)
    assert main_window.current_screen_key() == "orders"
    for widget in QApplication.topLevelWidgets():  # an import wizard, where installed
        if widget is not main_window and widget.isVisible():
            widget.close()

    qtbot.keyClick(main_window, Qt.Key.Key_R, ctrl)
    assert main_window.current_screen_key() == "runs"
    for widget in QApplication.topLevelWidgets():
        if widget is not main_window and widget.isVisible():
            widget.close()

    qtbot.keyClick(main_window, Qt.Key.Key_B, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert "ackup" in main_window.statusBar().currentMessage() or any(
        w.isVisible() and w is not main_window for w in QApplication.topLevelWidgets()
    )
    for widget in QApplication.topLevelWidgets():
        if widget is not main_window and widget.isVisible():
            widget.close()

    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    from desktop_app.ui.dialogs.getting_started import GettingStartedDialog

    guide = main_window.findChild(GettingStartedDialog)
    assert guide is not None and guide.isVisible()
    before = guide.step()  # the first step the store does not show done yet
    qtbot.mouseClick(guide.next_button, Qt.MouseButton.LeftButton)
    assert guide.step() == before + 1
    guide.close()


def test_window_screen_tab_thresholds_and_columns_are_restored(
    qtbot, store: Store, qsettings: QSettings, ids: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(store, qsettings)
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 570)
    dashboard = first.show_screen("dashboard")
    assert isinstance(dashboard, DashboardScreen)
    dashboard.tabs.setCurrentWidget(dashboard.performance)
    qtbot.waitUntil(lambda: not dashboard.loading, timeout=10000)
    dashboard.performance.min_sales.setValue(250)
    dashboard.performance.table.horizontalHeader().resizeSection(1, 177)
    first.close()

    reopened = QSettings(qsettings.fileName(), QSettings.Format.IniFormat)  # a new process
    second = MainWindow(store, reopened)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (790, 570)
    assert second.current_screen_key() == "dashboard"
    restored = second.screens["dashboard"]
    assert isinstance(restored, DashboardScreen)
    assert restored.tabs.currentWidget() is restored.performance
    assert restored.performance.min_sales.value() == 250
    assert restored.performance.table.horizontalHeader().sectionSize(1) == 177
    assert second.recent_stores()[0] == store.url


def test_copy_puts_the_selected_rows_on_the_clipboard(
    qtbot, main_window: MainWindow, dashboard: DashboardScreen
) -> None:  # type: ignore[no-untyped-def]
    panel = dashboard.performance
    dashboard.tabs.setCurrentWidget(panel)
    panel.table.setFocus()
    panel.table.selectRow(0)  # sorted by sales: Echo first
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:3] == ["Partner", "Type", "Status"]
    assert lines[1].split("\t")[:6] == ["Echo", "Tech blog", "Active", "none imported", "50", "—"]


def test_month_picker_refuses_a_month_it_does_not_offer(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.screens.dashboard_parts import MonthPicker

    picker = MonthPicker(today=date(2026, 12, 1))
    qtbot.addWidget(picker)
    assert picker.period() == Period.month(2026, 11)  # the last full month
    picker.set_period(OCTOBER)
    assert picker.period() == OCTOBER
    for wrong in (Period.month(2027, 1), date(2026, 9, 1)):
        with pytest.raises(ValueError, match="not one of the months on offer"):
            picker.set_period(wrong)  # type: ignore[arg-type]
        assert picker.period() == OCTOBER


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (835, 831, "▲ 0.5 % vs Oct"),  # a small change keeps its decimal
        (831, 835, "▼ 0.5 % vs Oct"),
        (110, 100, "▲ 10 % vs Oct"),
        (474.17, 120, "▲ 295 % vs Oct"),
        (5, 5, "= same as Oct"),
        (5, 0, "new since Oct"),
        (0, 0, "nothing in Oct"),
    ],
)
def test_change_notes_round_sensibly(now: float, before: float, expected: str) -> None:
    from desktop_app.ui.screens.dashboard_overview import change_note

    assert change_note(now, before, "Oct") == expected


def test_the_cards_equal_the_locked_run_and_show_bonuses_apart(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    from tests.payout_fixture import build_multi_currency_month

    build_multi_currency_month(store)  # EUR and GBP orders, a bonus, a paused partner
    screen = main_window.show_screen("dashboard")
    assert isinstance(screen, DashboardScreen)
    screen.set_period(OCTOBER)
    screen.refresh()
    wait_loaded(qtbot, screen)
    shown = cards(screen)
    # the run: sales 195.67, commission 19.59, bonuses 25.00 (each order converted, half-up)
    assert (shown["sales"], shown["commission"], shown["partners"]) == ("$195.67", "$19.59", "4")
    assert screen.overview.cards["commission"].note.text().startswith("+ $25.00 bonuses\n")
    assert shown["rate"] == "10.01 %"  # 19.59 / 195.67, without the bonus

    # November's run brings paused Gamma's October line back: its total says so
    from datetime import date as day

    from tests.payout_fixture import make_run

    make_run(store, day(2026, 11, 1), day(2026, 11, 30))
    with qtbot.waitSignal(screen.loaded, timeout=10000):
        screen.set_period(Period.month(2026, 11))
    note = screen.overview.cards["commission"].note.text()
    assert cards(screen)["commission"] == "$0.00"
    assert note.endswith("\nrun total $1.09")
