"""The import wizard end to end on a real .xlsx, driven through its widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWizard

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import imports, partners
from desktop_app.services.imports import ImportKind
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.orders import OrdersScreen
from tests.import_files import HEADER, write_csv, write_xlsx


def export(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "aliexpress-october.xlsx",
        [
            ["Order Number", "Order Time", "Tracking ID", "Paid (USD)", "Product Category"],
            ["8101", "2026-10-03 10:15:00", "TB1", "US $45.00", "Toys"],
            ["8102", "2026-10-04 11:00:00", "NEWBLOG", "US $1,234.50", "Garden"],
        ],
        title_rows=2,
    )


def click_next(qtbot, wizard: QWizard) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_ctrl_i_runs_the_whole_wizard_and_the_orders_appear(  # type: ignore[no-untyped-def]
    qtbot, main_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    wizard = main_window.import_orders()
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()

    qtbot.keyClicks(wizard.file_page.path, str(export(tmp_path)))
    qtbot.keyClicks(wizard.file_page.source, "-aliexpress")  # "default-aliexpress"
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.sheet_page
    assert wizard.sheet_page.sheet.currentText() == "Orders"
    click_next(qtbot, wizard)

    page = wizard.mapping_page
    assert page.header_label.text().startswith("Header found on row 3")
    assert page.combos["order_id"].currentText() == "Order Number"
    assert page.combos["partner_code"].currentText() == "Tracking ID"
    assert page.combos["category"].currentText() == "Product Category"
    assert page.combos["amount"].currentText() == "Paid (USD)"
    page.combos["date"].setCurrentIndex(0)  # unmap a required field: Next is disabled
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.combos["date"].setCurrentIndex(page.combos["date"].findText("Order Time"))
    qtbot.keyClicks(page.profile, "AliExpress orders")
    click_next(qtbot, wizard)

    preview = wizard.preview_page
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    assert wizard.report is not None and wizard.report.unknown_codes == ["NEWBLOG"]
    assert "rejected" in preview.summary.text() and not preview.isComplete()
    assert preview.errors.rowCount() == 1 and preview.errors.index(0, 0).data() == "5"
    preview.create_new.click()  # the choice box appears only now; click() works before layout
    qtbot.waitUntil(lambda: wizard.report is not None and not wizard.report.refused, timeout=10000)
    assert "2 to add" in preview.summary.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10000)
    screen = main_window.screens["orders"]
    assert isinstance(screen, OrdersScreen)
    model = screen.table.model()
    shown = {(model.index(r, 1).data(), model.index(r, 4).data()) for r in range(model.rowCount())}
    assert shown == {("8101", "$45.00"), ("8102", "$1,234.50")}
    with store.transaction() as session:
        assert partners.find_by_code(session, "NEWBLOG").name == "NEWBLOG"
        profile = imports.find_profile(session, ImportKind.ORDERS, wizard.headers)
    assert profile is not None and profile.name == "AliExpress orders"


def test_a_file_that_is_not_a_spreadsheet_stays_on_the_first_page(  # type: ignore[no-untyped-def]
    qtbot, store: Store, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("hello")
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(bad))
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.error.text().startswith("notes.xlsx: is not a .xlsx workbook")


def test_rows_of_unknown_partners_can_be_skipped(  # type: ignore[no-untyped-def]
    qtbot, store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(export(tmp_path)))
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    assert preview.new_partners.index(0, 0).data() == "NEWBLOG"
    preview.skip.click()
    qtbot.waitUntil(lambda: wizard.report is not None and not wizard.report.refused, timeout=10000)
    assert "1 to add" in preview.summary.text() and "1 skipped" in preview.summary.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10000)
    assert wizard.result_report is not None and wizard.result_report.added == 1
    screen = OrdersScreen(store)
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 1 and screen.model.index(0, 1).data() == "8101"
    with store.transaction() as session:
        assert partners.list_partners(session)[0].name == "Tech Blog"
        assert len(partners.list_partners(session)) == 1


def test_refunds_go_through_the_same_wizard(  # type: ignore[no-untyped-def]
    qtbot, store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    orders = write_xlsx(
        tmp_path / "orders.xlsx",
        [["Order ID", "Order Date", "Partner Code", "Amount"], ["R-1", "2026-10-01", "TB1", 80]],
    )
    imports.run_import(store, orders, imports.ImportOptions())
    refunds = write_xlsx(
        tmp_path / "refunds.xlsx",
        [["Order ID", "Refund date", "Refund amount"], ["R-1", "2026-10-08", 20]],
    )
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(refunds))
    wizard.file_page.kind.setCurrentIndex(wizard.file_page.kind.findText("Refunds"))
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert set(wizard.mapping_page.combos) == {
        "order_id",
        "date",
        "amount",
        "refund_id",
        "currency",
    }
    assert wizard.mapping_page.combos["amount"].currentText() == "Refund amount"
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    assert "1 to add" in wizard.preview_page.summary.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10000)

    screen = OrdersScreen(store)
    qtbot.addWidget(screen)
    assert screen.model.index(0, 6).data() == "Confirmed, partly refunded"
    history = screen.batch_table.model()
    assert [history.index(r, 1).data() for r in range(history.rowCount())] == [
        "refunds",
        "orders",
    ]
    assert screen.batch.count() == 2  # "All imports" and the orders import only


def test_cancelling_the_import_leaves_the_store_unchanged(  # type: ignore[no-untyped-def]
    qtbot, store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    rows = [HEADER] + [[f"C-{n}", "2026-10-01", "TB1", "10.00", "USD"] for n in range(20_000)]
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(write_csv(tmp_path / "big.csv", rows)))
    for _page in range(3):
        click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=20000)
    assert wizard.report is not None and wizard.report.added == 20_000

    wizard.accept()  # what Import does; cancel before the worker reaches its first check
    (dialog,) = wizard.findChildren(
        QProgressDialog, options=Qt.FindChildOption.FindDirectChildrenOnly
    )
    dialog.findChild(QPushButton).click()  # its Cancel button
    summary = wizard.preview_page.summary
    qtbot.waitUntil(lambda: summary.text().startswith("Import cancelled"), timeout=20000)
    assert wizard.isVisible() and wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    with store.transaction() as session:
        assert imports.list_batches(session) == []
    screen = OrdersScreen(store)
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 0


def test_the_date_order_is_chosen_in_the_wizard_and_kept_in_the_profile(  # type: ignore[no-untyped-def]
    qtbot, store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    rows = [HEADER, ["W-1", "03/04/2026", "TB1", "10.00", "USD"]]
    path = write_csv(tmp_path / "us-shop.csv", rows)
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    click_next(qtbot, wizard)
    order = wizard.sheet_page.date_order
    assert order.currentData() is None  # not set: such dates are refused, not guessed
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    assert preview.errors.index(0, 2).data() == (
        "date '03/04/2026' could be 3 April 2026 or 4 March 2026; "
        "choose day-first or month-first"  # the choice is on the formats page: no CLI flags
    )
    wizard.back()
    wizard.back()
    order.setCurrentIndex(order.findData(imports.DateOrder.MONTH_FIRST))
    click_next(qtbot, wizard)
    qtbot.keyClicks(wizard.mapping_page.profile, "US shop")
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None and not wizard.report.refused, timeout=10000)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10000)
    with store.transaction() as session:
        profile = imports.get_profile(session, "US shop")
    assert profile.options == {"date_order": "month-first"}

    # the next file of this layout: the wizard finds the profile and shows its date order
    rows[1][0] = "W-2"
    again = ImportWizard(store)
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClicks(again.file_page.path, str(write_csv(tmp_path / "us-shop-2.csv", rows)))
    click_next(qtbot, again)
    click_next(qtbot, again)
    assert again.mapping_page.header_label.text().endswith(
        "using the saved mapping “US shop” (dates month first)."
    )
    assert again.sheet_page.date_order.currentData() == imports.DateOrder.MONTH_FIRST
    click_next(qtbot, again)
    qtbot.waitUntil(lambda: again.report is not None, timeout=10000)
    assert again.report is not None and (again.report.added, again.report.errors) == (1, [])


def test_a_whole_shop_export_with_the_shops_own_status_words(  # type: ignore[no-untyped-def]
    qtbot, store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Tech Blog", codes=("TB1",)))
    shop_export = write_csv(
        tmp_path / "shop.csv",
        [
            ["Bestellnummer", "Bestelldatum", "Partner-ID", "Umsatz", "Währung", "Status"],
            ["9001", "2026-10-03", "TB1", "45.00", "EUR", "Versendet"],
            ["9002", "2026-10-03", "", "12.00", "EUR", "Versendet"],  # organic
            ["9003", "2026-10-04", "", "19.00", "EUR", "storniert"],  # organic
            ["9004", "2026-10-04", "TB1", "80.00", "EUR", "Warte"],
        ],
    )
    wizard = ImportWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.file_page.path, str(shop_export))
    click_next(qtbot, wizard)
    formats = wizard.sheet_page
    assert formats.status_words.isVisible()
    qtbot.keyClicks(formats.status_words, "Versendet=confirmed, Warte")
    click_next(qtbot, wizard)  # not WORD=STATE: stays, and says so
    assert wizard.currentPage() is formats
    assert "'Warte' is not WORD=STATE" in formats.error.text()
    qtbot.keyClicks(formats.status_words, "=pending")
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.mapping_page
    qtbot.keyClicks(wizard.mapping_page.profile, "Mein Shop")
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    summary = wizard.preview_page.summary.text()
    assert "2 to add" in summary and "2 not referred (no partner code: not imported)" in summary
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10000)

    screen = OrdersScreen(store)
    qtbot.addWidget(screen)
    screen.status.setCurrentIndex(screen.status.findText("Pending"))
    assert screen.model.rowCount() == 1 and screen.model.index(0, 1).data() == "9004"
    assert screen.model.index(0, 6).data() == "Pending"

    again = ImportWizard(store)  # next month: the profile brings the words back
    qtbot.addWidget(again)
    again.show()
    qtbot.keyClicks(again.file_page.path, str(shop_export))
    click_next(qtbot, again)
    click_next(qtbot, again)
    assert (
        "status words Versendet=confirmed, Warte=pending" in again.mapping_page.header_label.text()
    )
    assert again.sheet_page.status_words.text() == "Versendet=confirmed, Warte=pending"


def test_an_impressions_column_gives_the_dashboard_its_click_through_rate(  # type: ignore[no-untyped-def]
    qtbot, main_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    """Issue 21: a clicks file with impressions, through the wizard; the Dashboard, the Partner
    performance tab and the partner page show CTR, and say so where none were imported."""
    from desktop_app.services.performance import Period
    from desktop_app.ui.screens.dashboard import DashboardScreen

    with store.transaction() as session:
        for name, code in (("Tech Blog", "TB1"), ("Deal Site", "DEALS")):
            partners.create_partner(session, PartnerInput(name=name, codes=(code,)))
    orders = write_xlsx(
        tmp_path / "orders.xlsx",
        [["Order ID", "Order Date", "Partner Code", "Amount"], ["O-1", "2026-10-01", "TB1", 80]],
    )
    imports.run_import(store, orders, imports.ImportOptions())
    traffic = write_xlsx(
        tmp_path / "traffic.xlsx",
        [
            ["Date", "Tracking ID", "Clicks", "Impressions"],
            ["2026-10-01", "TB1", 150, 5000],
            ["2026-10-02", "TB1", 50, 5000],
            ["2026-10-01", "DEALS", 40, None],  # no impressions for this partner
        ],
    )
    wizard = main_window.import_orders()
    assert isinstance(wizard, ImportWizard)
    qtbot.keyClicks(wizard.file_page.path, str(traffic))
    wizard.file_page.kind.setCurrentIndex(wizard.file_page.kind.findText("Clicks / traffic"))
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.mapping_page.combos["impressions"].currentText() == "Impressions"  # guessed
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    assert "3 to add" in wizard.preview_page.summary.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10000)

    dashboard = main_window.show_screen("dashboard")
    assert isinstance(dashboard, DashboardScreen)
    with qtbot.waitSignal(dashboard.loaded, timeout=10000):
        dashboard.set_period(Period.month(2026, 10))
    card = dashboard.overview.cards["ctr"]
    assert card.value.text() == "2.00 %"  # 200 clicks / 10,000 impressions
    assert card.note.text() == "of 10,000 impressions"
    panel = dashboard.performance
    model = panel.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    by_name = {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }
    ctr, impressions = headers.index("CTR"), headers.index("Impressions")
    assert by_name["Tech Blog"][ctr] == "2.00 %"
    assert by_name["Tech Blog"][impressions] == "10,000"
    assert by_name["Deal Site"][ctr] == "—"  # not 0 %
    assert by_name["Deal Site"][impressions] == "none imported"
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == "Deal Site":
            tip = model.index(row, ctr).data(Qt.ItemDataRole.ToolTipRole)
            assert tip == "No impressions imported for this partner and period"
            detail = panel.open_detail(int(model.index(row, 0).data(panel.model.PARTNER_ID_ROLE)))
            assert "no impressions imported" in detail.figures.text()
            detail.close()


def _edit_cell(qtbot, table, row: int, column: int):  # type: ignore[no-untyped-def]
    """Double-click a cell, as a user does, and return the editor that opens."""
    from PySide6.QtWidgets import QApplication

    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not table)
    return QApplication.focusWidget()


def test_the_partner_step_shows_one_partner_per_code_whatever_its_case_and_sets_it_up(  # type: ignore[no-untyped-def]
    qtbot, main_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    """Issue 21: "TECHGURU" and "techguru" are one partner, listed once with both spellings;
    the table names it, types it and says how it is paid before anything is imported."""
    from PySide6.QtWidgets import QComboBox, QLineEdit

    from desktop_app.domain.partners import PayoutMethod

    with store.transaction() as session:
        partners.create_partner(
            session, PartnerInput(name="Tech Blog", codes=("TB1",), partner_type="Tech blog")
        )
    path = write_csv(
        tmp_path / "orders.csv",
        [
            HEADER,
            ["O-1", "2026-10-01", "TECHGURU", "10.00", "USD"],
            ["O-2", "2026-10-02", "techguru", "20.00", "USD"],
            ["O-3", "2026-10-03", "TB1", "30.00", "USD"],
        ],
    )
    wizard = main_window.import_orders()
    assert isinstance(wizard, ImportWizard)
    assert wizard.isSizeGripEnabled() and wizard.minimumWidth() < wizard.width()  # resizable
    qtbot.keyClicks(wizard.file_page.path, str(path))
    for _ in range(3):
        click_next(qtbot, wizard)
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: wizard.report is not None, timeout=10000)
    table = preview.new_table
    assert preview.new_partners.rowCount() == 1  # one partner, not one per spelling
    cells = [preview.new_partners.index(0, c).data() for c in range(5)]
    assert cells == ["TECHGURU (also techguru)", "2", "TECHGURU", "(no type)", "Bank transfer"]
    assert "2 spellings" in preview.unknown_text.text()

    editor = _edit_cell(qtbot, table, 0, 2)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Tech Guru Reviews")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    editor = _edit_cell(qtbot, table, 0, 3)
    combo = editor if isinstance(editor, QComboBox) else editor.parent()
    assert isinstance(combo, QComboBox) and combo.findText("Tech blog") >= 0  # the store's types
    combo.setCurrentIndex(combo.findText("Tech blog"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    editor = _edit_cell(qtbot, table, 0, 4)
    assert isinstance(editor, QComboBox) and editor.currentText() == "Bank transfer"
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # the next method, PayPal, is taken at once
    assert [preview.new_partners.index(0, c).data() for c in (2, 3, 4)] == [
        "Tech Guru Reviews",
        "Tech blog",
        "PayPal",
    ]

    preview.create_new.click()
    qtbot.waitUntil(lambda: wizard.report is not None and not wizard.report.refused, timeout=10000)
    assert "1 new partner(s), as in the table" in preview.summary.text()
    assert "no type" not in preview.summary.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10000)
    with store.transaction() as session:
        made = partners.find_by_code(session, "techguru")
        assert len(partners.list_partners(session)) == 2
    assert (made.name, made.codes, made.partner_type, made.payout_method) == (
        "Tech Guru Reviews",
        ("TECHGURU",),
        "Tech blog",
        PayoutMethod.PAYPAL,
    )
    assert wizard.result_report is not None and wizard.result_report.added == 3
