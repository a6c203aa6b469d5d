"""Settings → Exchange rates, driven through its real widgets on a real store: the month ×
currency grid, missing months highlighted, typing, pasting and deleting rates, importing the ECB
file; reached from Settings and from a payout run that misses a rate; converted lines on the
Payout runs screen; the import wizard's warning."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard

from desktop_app.services import audit, payouts, rates
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.dialogs.rates_dialog import RatesDialog
from desktop_app.ui.dialogs.rates_entry import MissingRateBox
from desktop_app.ui.dialogs.run_dialog import RunDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.rates_model import MISSING_BACKGROUND, RatesTableModel
from desktop_app.ui.screens.runs import RunsScreen
from desktop_app.ui.screens.settings import SettingsScreen
from tests.import_files import HEADER, write_csv
from tests.payout_fixture import Shop, make_run, make_shop

SEP1, OCT1, NOV1 = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)


@pytest.fixture
def shop(store: Store) -> Shop:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 9, 12), "50.00", "EUR", external_id="EU-0")
    shop.order(shop.alpha, date(2026, 10, 2), "120.00", "EUR", external_id="EU-1")
    shop.order(shop.beta, date(2026, 10, 3), "40.00", "GBP", external_id="GB-1")
    shop.order(shop.beta, date(2026, 11, 3), "10.00", "GBP", external_id="GB-2")
    shop.order(shop.alpha, date(2026, 10, 4), "500.00", external_id="US-1")
    with store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-09", "1.0790")
    return shop


def open_from_settings(qtbot, window: MainWindow) -> RatesDialog:  # type: ignore[no-untyped-def]
    screen = window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    assert "3 month(s) with orders still need a rate" in screen.rates_box.summary.text()
    qtbot.mouseClick(screen.rates_box.button, Qt.MouseButton.LeftButton)
    dialog = screen.rates_box.dialog
    assert isinstance(dialog, RatesDialog) and dialog.isVisible()
    return dialog


def focus_table(qtbot, dialog: RatesDialog) -> None:  # type: ignore[no-untyped-def]
    """Keys go where a user's would: the dialog's window active, the grid focused."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)


def stored(store: Store) -> dict[tuple[str, date], D]:
    with store.transaction() as session:
        return {(r.currency, r.month): r.rate for r in rates.list_rates(session)}


def grid(dialog: RatesDialog) -> list[list[str]]:
    proxy = dialog.table.model()
    header = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    body = [
        [proxy.headerData(r, Qt.Orientation.Vertical)]
        + [str(proxy.index(r, c).data()) for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]
    return [["", *header], *body]


def test_the_grid_shows_months_by_currencies_and_highlights_the_missing_ones(
    qtbot, main_window: MainWindow, shop: Shop, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_from_settings(qtbot, main_window)
    assert grid(dialog) == [
        ["", "EUR", "GBP"],
        ["2026-11", "", "missing"],
        ["2026-10", "missing", "missing"],
        ["2026-09", "1.0790", ""],
    ]
    missing = dialog.model.cell("EUR", OCT1)
    assert missing.data(RatesTableModel.MISSING_ROLE) == 1
    assert missing.data(Qt.ItemDataRole.BackgroundRole).color() == MISSING_BACKGROUND
    assert "1 order in EUR dated October 2026 need a rate" in missing.data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert dialog.model.cell("EUR", SEP1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "3 rate(s) missing" in dialog.summary.text()
    assert dialog.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "EUR: units of USD per 1 EUR"
    )
    # the first missing cell is selected, ready to type into
    current = dialog.proxy.mapToSource(dialog.table.currentIndex())
    assert dialog.model.key(current) == ("EUR", OCT1)

    dialog.only_missing.setChecked(True)
    assert [row[0] for row in grid(dialog)[1:]] == ["2026-11", "2026-10"]
    dialog.only_missing.setChecked(False)
    qtbot.keyClicks(dialog.search, "2026-09")
    assert [row[0] for row in grid(dialog)[1:]] == ["2026-09"]
    dialog.search.clear()

    path = Path(os.environ["PAYOUT_DESK_DATA_DIR"]).parent / "rates-dialog.png"
    dialog.resize(720, 560)
    dialog.grab().save(str(path))
    assert path.stat().st_size > 0


def test_typing_a_rate_into_a_cell_stores_it(qtbot, main_window: MainWindow, shop: Shop) -> None:  # type: ignore[no-untyped-def]
    dialog = open_from_settings(qtbot, main_window)
    dialog.select("EUR", OCT1)
    focus_table(qtbot, dialog)
    qtbot.keyClick(dialog.table, "1")  # typing into a cell opens its editor, as in a spreadsheet
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "1"
    qtbot.keyClicks(editor, ".0825")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ("EUR", OCT1) in stored(shop.store))
    assert stored(shop.store)[("EUR", OCT1)] == D("1.0825")
    assert dialog.cell_text("EUR", OCT1) == "1.0825"
    assert "2 rate(s) missing" in dialog.summary.text()
    assert "out of date" in dialog.status.text()

    # a bad value is refused, named, and nothing changes
    dialog.select("GBP", OCT1)
    assert not dialog.model.setData(dialog.model.cell("GBP", OCT1), "-1.27")
    assert dialog.status.text() == "GBP 2026-10: '-1.27' is not a positive rate like 1.0825"
    assert ("GBP", OCT1) not in stored(shop.store)


def test_pasting_a_block_from_a_spreadsheet_and_deleting(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_from_settings(qtbot, main_window)
    dialog.select_block(("EUR", NOV1), ("EUR", NOV1))
    # two rows × two columns copied from a spreadsheet: November then October, EUR and GBP
    QGuiApplication.clipboard().setText("1.0901\t1.2702\r\n1.0825\t1.2688\r\n")
    focus_table(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert stored(shop.store) == {
        ("EUR", SEP1): D("1.0790"),
        ("EUR", OCT1): D("1.0825"),
        ("GBP", OCT1): D("1.2688"),
        ("EUR", NOV1): D("1.0901"),
        ("GBP", NOV1): D("1.2702"),
    }
    assert dialog.summary.text() == "Every order has a rate for its month."
    with shop.store.transaction() as session:
        assert [e.action for e in audit.entries(session, entity="exchange_rate")].count(
            "rates.set"
        ) == 5

    # one bad cell in a pasted block refuses all of it
    dialog.select_block(("EUR", OCT1), ("EUR", OCT1))
    assert not dialog.paste("1.2\t0\n")
    assert dialog.status.text() == "GBP 2026-10: '0' is not a positive rate like 1.0825"
    assert stored(shop.store)[("EUR", OCT1)] == D("1.0825")
    # a block that does not fit is refused
    dialog.select_block(("GBP", SEP1), ("GBP", SEP1))
    assert not dialog.paste("1\t2\n")
    assert "does not fit" in dialog.status.text()
    # one value fills every selected cell
    dialog.select_block(("EUR", NOV1), ("GBP", OCT1))
    assert dialog.paste("1.5")
    assert {k: v for k, v in stored(shop.store).items() if k[1] != SEP1} == {
        ("EUR", OCT1): D("1.5"),
        ("GBP", OCT1): D("1.5"),
        ("EUR", NOV1): D("1.5"),
        ("GBP", NOV1): D("1.5"),
    }
    # copying gives the block back as spreadsheet text
    assert dialog.copy() == "1.5\t1.5\n1.5\t1.5"
    assert QGuiApplication.clipboard().text() == "1.5\t1.5\n1.5\t1.5"

    dialog.select_block(("EUR", NOV1), ("GBP", NOV1))
    focus_table(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert ("EUR", NOV1) not in stored(shop.store) and ("GBP", NOV1) not in stored(shop.store)
    assert grid(dialog)[1] == ["2026-11", "", "missing"]
    assert QKeySequence(QKeySequence.StandardKey.Paste).toString()  # the shortcut exists


def test_set_one_rate_adds_a_currency_and_import_the_ecb_file(
    qtbot, main_window: MainWindow, shop: Shop, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_from_settings(qtbot, main_window)
    dialog.currency.setText("jpy")
    dialog.month.setText("2026-10")
    qtbot.keyClicks(dialog.rate, "0.0067")
    qtbot.keyClick(dialog.rate, Qt.Key.Key_Return)
    assert stored(shop.store)[("JPY", OCT1)] == D("0.0067")
    assert grid(dialog)[0] == ["", "EUR", "GBP", "JPY"]
    assert dialog.status.text() == "JPY 2026-10: 0.0067 USD per JPY"

    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(
        "Date,USD,JPY,GBP,\n2026-11-30,1.10,160,0.88,\n2026-10-30,1.12,175,0.80,\n",
        encoding="utf-8",
    )
    dialog.import_file(str(path))
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Imported"), timeout=10000)
    assert dialog.status.text().startswith("Imported eurofxref-hist.csv: 5 added, 1 changed")
    assert dialog.rates_shown()[("GBP", OCT1)] == D("1.4")  # 1.12 / 0.80
    assert dialog.rates_shown()[("JPY", OCT1)] == D("0.0064")  # 1.12 / 175
    assert dialog.summary.text() == "Every order has a rate for its month."

    bad = tmp_path / "rates.csv"
    bad.write_text("month,currency,rate\n2026-10,EUR,0\n", encoding="utf-8")
    before = stored(shop.store)
    dialog.import_file(str(bad))
    qtbot.waitUntil(lambda: "row 2" in dialog.status.text(), timeout=10000)
    assert dialog.status.text() == (
        "rates.csv, row 2, column C (rate): '0' is not a positive rate like 1.0825"
    )
    assert stored(shop.store) == before


def test_a_run_that_misses_a_rate_opens_the_grid_on_it(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    screen = main_window.show_screen("runs")
    assert isinstance(screen, RunsScreen)
    dialog = screen.new_run()
    assert isinstance(dialog, RunDialog)
    dialog.custom.setChecked(True)
    dialog.start.setDate(QDate(2026, 10, 1))
    dialog.end.setDate(QDate(2026, 10, 31))
    dialog.cutoff_edit.setDate(QDate(2026, 10, 31))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.rate_box is not None, timeout=10000)
    box = screen.rate_box
    assert isinstance(box, MissingRateBox)
    assert box.text() == (
        "no exchange rate for EUR in 2026-10 (units of USD per EUR): enter it in Settings → "
        "Exchange rates or with payout-desk rates set EUR RATE --month 2026-10"
    )
    qtbot.mouseClick(box.opener, Qt.MouseButton.LeftButton)
    rates_dialog = box.dialog
    assert isinstance(rates_dialog, RatesDialog) and rates_dialog.isVisible()
    current = rates_dialog.proxy.mapToSource(rates_dialog.table.currentIndex())
    assert rates_dialog.model.key(current) == ("EUR", OCT1)
    assert (rates_dialog.currency.text(), rates_dialog.month.text()) == ("EUR", "2026-10")
    rates_dialog.close()
    with shop.store.transaction() as session:
        assert payouts.list_runs(session) == []


def test_the_run_lines_show_a_converted_orders_amount_and_rate(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.0825")
        rates.set_rate(session, "GBP", "2026-10", "1.27")
    run_id = make_run(shop.store, OCT1, date(2026, 10, 31))
    screen = main_window.show_screen("runs")
    assert isinstance(screen, RunsScreen)
    screen.refresh()
    screen.select_run(run_id)
    screen.select_partner(shop.alpha)
    model = screen.lines_table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    lines = {
        model.index(r, 0).data(): model.index(r, headers.index("Original")).data()
        for r in range(model.rowCount())
    }
    assert lines == {"EU-1": "EUR 120.00 @ 1.0825", "US-1": ""}


def test_the_import_wizard_warns_about_months_without_a_rate(
    qtbot, main_window: MainWindow, shop: Shop, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "eu.csv", [HEADER, ["W-1", "2026-12-01", "ALPHA", "10.00", "EUR"]])
    wizard = main_window.import_orders()
    assert isinstance(wizard, ImportWizard)
    qtbot.keyClicks(wizard.file_page.path, str(path))
    for _page in range(2):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    preview = wizard.preview_page
    assert preview.warnings.isVisible()
    assert preview.warnings.text() == (
        "⚠ No exchange rate for EUR in 2026-12 (1 order, units of USD per EUR): enter it in "
        "Settings → Exchange rates or with payout-desk rates set EUR RATE --month 2026-12 "
        "before the payout run."
    )
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()  # only a warning
    wizard.reject()
