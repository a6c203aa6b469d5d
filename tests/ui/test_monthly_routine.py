"""The whole monthly routine through the UI only, on a new store: settings → partners → plan →
import the month's orders with the wizard → new payout run → lock → export statements.

Hand-computed expectation (plan "Standard": order amount, whole, 0.00 → 5 %, 200.00 → 10 %;
no holding period; minimum payout 10.00):
  GADGET  order G-1 100.00 × 5 %  =  5.00
          order G-2 250.00 × 10 % = 25.00   → commission 30.00, payable 30.00
  COUPON  order C-1  40.00 × 5 %  =  2.00   → below the 10.00 minimum: carried over, payable 0
  run payable = 30.00
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWizard

from desktop_app.services import payouts
from desktop_app.services.performance import Period
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.dialogs.partner_dialog import PartnerDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.dashboard import DashboardScreen
from desktop_app.ui.screens.plans import PlansScreen
from desktop_app.ui.screens.runs import RunsScreen
from desktop_app.ui.screens.settings import SettingsScreen
from desktop_app.ui.statement_actions import StatementExportDialog
from tests.import_files import write_csv

Click = Qt.MouseButton.LeftButton


def add_partner(qtbot, window: MainWindow, name: str, code: str) -> None:  # type: ignore[no-untyped-def]
    screen = window.show_screen("partners")
    qtbot.mouseClick(screen.new_button, Click)  # type: ignore[attr-defined]
    dialog = next(d for d in screen.findChildren(PartnerDialog) if d.isVisible())
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.codes, code)
    dialog.partner_type.setEditText("Blog")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Click)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def edit_cell(qtbot, table, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, column)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index) or QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_new_store_to_exported_statements_through_the_ui(  # type: ignore[no-untyped-def]
    qtbot, main_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    window = main_window

    # 1. settings: no holding period, 10.00 minimum payout
    settings = window.show_screen("settings")
    assert isinstance(settings, SettingsScreen)
    settings.holding_days.setValue(0)
    settings.minimum.clear()
    qtbot.keyClicks(settings.minimum, "10.00")
    qtbot.mouseClick(settings.save_button, Click)

    # 2. partners
    add_partner(qtbot, window, "Gadget Blog", "GADGET")
    add_partner(qtbot, window, "Coupon Castle", "COUPON")

    # 3. a tiered plan for the partner type
    plans = window.show_screen("plans")
    assert isinstance(plans, PlansScreen)
    dialog = plans.new_plan()
    qtbot.keyClicks(dialog.name, "Standard")
    dialog.effective_from.setDate(QDate(2026, 1, 1))
    editor = dialog.editors()[0]
    qtbot.mouseClick(editor.add_button, Click)
    edit_cell(qtbot, editor.table, 1, 0, "200.00")
    edit_cell(qtbot, editor.table, 1, 1, "10")
    assert [(str(t.lower), str(t.rate)) for t in editor.model.tiers()] == [
        ("0", "5"),
        ("200.00", "10"),
    ]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Click)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assign = plans.assign_type()
    assign.target.setCurrentIndex(assign.target.findText("Blog"))
    assign.plan.setCurrentIndex(assign.plan.findText("Standard"))
    qtbot.mouseClick(assign.buttons.button(QDialogButtonBox.StandardButton.Save), Click)

    # 4. import October's orders with the wizard (Ctrl+I)
    orders = write_csv(
        tmp_path / "october.csv",
        [
            ["Order ID", "Order Date", "Coupon Code", "Order Total", "Currency"],
            ["G-1", "2026-10-03", "GADGET", "100.00", "USD"],
            ["G-2", "2026-10-12", "GADGET", "250.00", "USD"],
            ["C-1", "2026-10-20", "COUPON", "40.00", "USD"],
        ],
    )
    window.menu_actions["import"].trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    qtbot.keyClicks(wizard.file_page.path, str(orders))
    for _ in range(3):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Click)
    qtbot.waitUntil(lambda: wizard.preview_page.isComplete(), timeout=30000)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Click)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=30000)
    assert window.screens["orders"].model.rowCount() == 3  # type: ignore[attr-defined]

    # 5. a payout run for October
    runs = window.show_screen("runs")
    assert isinstance(runs, RunsScreen)
    run_dialog = runs.new_run()
    run_dialog.custom.setChecked(True)
    run_dialog.start.setDate(QDate(2026, 10, 1))
    run_dialog.end.setDate(QDate(2026, 10, 31))
    qtbot.mouseClick(run_dialog.create_button, Click)
    qtbot.waitUntil(lambda: runs.selected_run() is not None, timeout=30000)
    run = runs.selected_run()
    assert (run.start, run.end, run.state) == (date(2026, 10, 1), date(2026, 10, 31), "draft")

    # 6. lock it, confirming
    box = runs.lock_run()
    assert isinstance(box, QMessageBox)
    lock = next(b for b in box.buttons() if b.text() in ("Lock run", "Lock anyway"))
    qtbot.mouseClick(lock, Click)
    qtbot.waitUntil(lambda: runs.selected_run().state == "locked", timeout=30000)

    # 7. export the statements (the dialog is modal: fill it once it is up)
    out = tmp_path / "statements"

    def fill_export_dialog() -> None:
        """Runs inside the dialog's own event loop; waits until the dialog is up."""
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, StatementExportDialog) and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(50, fill_export_dialog)
            return
        shown[0].folder.setText(str(out))
        shown[0].combined.setChecked(True)
        shown[0]._accept()

    QTimer.singleShot(50, fill_export_dialog)
    window.menu_actions["export"].trigger()
    qtbot.waitUntil(
        lambda: (
            (out / "2026-10_GADGET.pdf").exists() and (out / "2026-10_all-partners.pdf").exists()
        ),
        timeout=30000,
    )

    with store.transaction() as session:
        summary = payouts.run_summary(session, run.id)
    by_code = {p.code: p for p in summary.partners}
    assert by_code["GADGET"].commission == Decimal("30.00")
    assert by_code["GADGET"].payable == Decimal("30.00")
    assert (by_code["COUPON"].commission, by_code["COUPON"].payable) == (
        Decimal("2.00"),
        Decimal("0.00"),
    )
    assert by_code["COUPON"].carried_out == Decimal("2.00")
    assert summary.totals.payable == Decimal("30.00")
    text = "".join(page.extract_text() for page in PdfReader(out / "2026-10_GADGET.pdf").pages)
    assert "G-1" in text and "G-2" in text and "30.00" in text

    # 8. the dashboard now shows the run's commission for October: 30.00 + 2.00
    dashboard = window.show_screen("dashboard")
    assert isinstance(dashboard, DashboardScreen)
    dashboard.set_period(Period.month(2026, 10))
    dashboard.refresh()
    commission = dashboard.overview.cards["commission"].value
    qtbot.waitUntil(lambda: commission.text() == "$32.00", timeout=30000)
    assert dashboard.overview.cards["sales"].value.text() == "$390.00"
