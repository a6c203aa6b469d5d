"""The Orders screen: lazy table, database-side sort and filters, import history with undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportOptions
from desktop_app.store.database import Store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.orders_model import PAGE
from desktop_app.ui.screens.orders import OrdersScreen
from tests.import_files import HEADER, write_csv


def column(screen: OrdersScreen, number: int) -> list[str]:
    model = screen.table.model()
    return [str(model.index(r, number).data()) for r in range(model.rowCount())]


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
        partners.create_partner(session, PartnerInput(name="Zoë Media", codes=("ZOE",)))
    rows = [HEADER]
    rows += [
        ["A-1", "2026-09-30", "TB1", "30.00", "USD"],
        ["A-2", "2026-10-02", "ZOE", "5.00", "USD"],
    ]
    rows += [["A-3", "2026-10-05", "TB1", "120.00", "USD"]]
    imports.run_import(store, write_csv(tmp_path / "first.csv", rows), ImportOptions())
    more = [HEADER, ["B-1", "2026-10-09", "ZOE", "99.99", "EUR"]]
    imports.run_import(store, write_csv(tmp_path / "second.csv", more), ImportOptions())
    return store


def test_empty_store_explains_how_to_import(qtbot, main_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    screen = main_window.show_screen("orders")
    assert isinstance(screen, OrdersScreen)
    assert screen.order_stack.currentWidget() is screen.empty
    assert "Ctrl+I" in screen.empty.text()


def test_sort_and_filter_happen_in_the_database(qtbot, filled: Store) -> None:  # type: ignore[no-untyped-def]
    screen = OrdersScreen(filled)
    qtbot.addWidget(screen)
    assert column(screen, 1) == ["B-1", "A-3", "A-2", "A-1"]  # newest first
    assert screen.count_label.text() == "4 orders"

    screen.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)  # amount
    assert column(screen, 4) == ["$5.00", "$30.00", "€99.99", "$120.00"]
    screen.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # no index
    assert screen.table.horizontalHeader().sortIndicatorSection() == 4

    qtbot.keyClicks(screen.search, "a-")
    assert column(screen, 1) == ["A-2", "A-1", "A-3"]  # still sorted by amount
    assert screen.count_label.text() == "3 orders match the filter"
    screen.search.clear()

    screen.period.setCurrentIndex(screen.period.findText("October 2026"))
    assert sorted(column(screen, 1)) == ["A-2", "A-3", "B-1"]
    screen.partner.setCurrentIndex(screen.partner.findText("ZOE — Zoë Media"))
    assert sorted(column(screen, 1)) == ["A-2", "B-1"]
    assert set(column(screen, 3)) == {"Zoë Media"}


def test_model_fetches_only_the_pages_it_shows(qtbot, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    rows = [HEADER] + [[f"N-{n:05d}", "2026-10-01", "TB1", "1.00", "USD"] for n in range(1000)]
    imports.run_import(store, write_csv(tmp_path / "many.csv", rows), ImportOptions())
    screen = OrdersScreen(store)
    qtbot.addWidget(screen)
    screen.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
    model = screen.model
    assert model.rowCount() == 1000
    assert model.index(999, 1).data() == "N-00999"
    assert len(model._pages) <= 3 and (999 // PAGE) in model._pages


def test_undo_an_import_from_the_history(qtbot, filled: Store) -> None:  # type: ignore[no-untyped-def]
    screen = OrdersScreen(filled)
    qtbot.addWidget(screen)
    screen.tabs.setCurrentIndex(1)
    history = screen.batch_table.model()
    assert [history.index(r, 2).data() for r in range(history.rowCount())] == [
        "second.csv",
        "first.csv",
    ]
    screen.batch_table.selectRow(0)
    box = screen.undo_selected_batch()
    assert isinstance(box, QMessageBox) and "1 rows it added" in box.text()
    undo = next(b for b in box.buttons() if b.text() == "Undo import")
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "B-1" not in column(screen, 1))
    assert history.index(0, 8).data() == "undone"
    assert not screen.undo_button.isEnabled() or screen.selected_batch() is None


def test_columns_fit_their_contents_when_there_is_room(qtbot, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long_name = "Zoë Łukasiewicz – Tech Notes and Reviews"
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name=long_name, codes=("ZOETECH",)))
    rows = [HEADER, ["A-1", "2026-10-02", "ZOETECH", "5.00", "USD"]]
    imports.run_import(store, write_csv(tmp_path / "orders.csv", rows), ImportOptions())
    screen = OrdersScreen(store)
    qtbot.addWidget(screen)
    screen.resize(1500, 600)
    screen.show()
    qtbot.waitExposed(screen)
    name_width = screen.table.sizeHintForColumn(3)
    assert name_width > 180  # wider than the fixed width it starts with
    qtbot.waitUntil(lambda: screen.table.columnWidth(3) >= name_width)


def test_column_layout_is_remembered(qtbot, filled: Store, qsettings) -> None:  # type: ignore[no-untyped-def]
    screen = OrdersScreen(filled)
    qtbot.addWidget(screen)
    screen.table.setColumnWidth(3, 260)
    screen.save_state(qsettings)
    again = OrdersScreen(filled)
    qtbot.addWidget(again)
    again.restore_state(qsettings)
    assert again.table.columnWidth(3) == 260


def test_status_and_import_filters(qtbot, filled: Store) -> None:  # type: ignore[no-untyped-def]
    with filled.transaction() as session:
        session.execute(text("UPDATE orders SET status = 'refunded' WHERE external_id = 'A-3'"))
    screen = OrdersScreen(filled)
    qtbot.addWidget(screen)
    screen.status.setCurrentIndex(screen.status.findText("Refunded"))
    assert column(screen, 1) == ["A-3"]
    assert column(screen, 6) == ["Refunded"]
    screen.status.setCurrentIndex(0)
    screen.batch.setCurrentIndex(screen.batch.findText("second.csv", Qt.MatchFlag.MatchEndsWith))
    assert column(screen, 1) == ["B-1"]
    screen.search.setText("zzz")  # nothing matches: the table stays, with the count
    assert screen.order_stack.currentWidget() is screen.table
    assert screen.count_label.text() == "0 orders match the filter"


def test_ctrl_f_focuses_the_search_box(qtbot, main_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    screen = main_window.show_screen("orders")
    assert isinstance(screen, OrdersScreen)
    screen.tabs.setCurrentIndex(1)
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(screen.search.hasFocus)
    assert screen.tabs.currentIndex() == 0


def test_period_between_two_dates(qtbot, filled: Store) -> None:  # type: ignore[no-untyped-def]
    screen = OrdersScreen(filled)
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.date_from.isVisible()
    screen.period.setCurrentIndex(screen.period.findText("Dates…"))
    assert screen.date_from.isVisible() and screen.date_to.isVisible()
    assert screen.date_from.date().toPython() == date(2026, 9, 1)  # the months with orders
    assert screen.date_to.date().toPython() == date(2026, 10, 31)
    assert len(column(screen, 1)) == 4
    screen.date_from.setDate(QDate(2026, 10, 2))
    screen.date_to.setDate(QDate(2026, 10, 5))
    assert sorted(column(screen, 1)) == ["A-2", "A-3"]
    screen.period.setCurrentIndex(0)
    assert not screen.date_from.isVisible() and len(column(screen, 1)) == 4
