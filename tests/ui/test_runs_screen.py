"""The Payout runs screen, driven through its real widgets on a real store.

Shop (tests/payout_fixture.py): Alpha Blog and Beta Deals on a flat 10 % plan, no holding
period, minimum payout 50.00. October 2026: Alpha 300.00 + 200.00 → 50.00 commission (payable);
Beta 100.00 → 10.00, below the minimum, carried over.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox

from desktop_app.services import payouts
from desktop_app.services.payouts import LockedRunError
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.adjustment_dialog import AdjustmentDialog
from desktop_app.ui.dialogs.paid_dialog import PaidDialog
from desktop_app.ui.dialogs.run_dialog import RunDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.runs import RunsScreen
from tests.payout_fixture import Shop, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)


@pytest.fixture
def shop(store: Store) -> Shop:
    shop = make_shop(store, holding_days=0, minimum="50.00")
    shop.order(shop.alpha, date(2026, 10, 5), "300.00")
    shop.order(shop.alpha, date(2026, 10, 20), "200.00")
    shop.order(shop.beta, date(2026, 10, 10), "100.00")
    return shop


def rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    model = table.model()
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def column(table, header: str) -> int:  # type: ignore[no-untyped-def]
    model = table.model()
    names = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return names.index(header)


def cell(table, row_text: str, header: str) -> str:  # type: ignore[no-untyped-def]
    found = [r for r in rows(table) if row_text in r]
    assert len(found) == 1, (row_text, rows(table))
    return found[0][column(table, header)]


def runs_screen(window: MainWindow) -> RunsScreen:
    screen = window.show_screen("runs")
    assert isinstance(screen, RunsScreen)
    return screen


def select_partner_row(screen: RunsScreen, name: str) -> None:
    names = [r[1] for r in rows(screen.summary_table)]
    screen.summary_table.selectRow(names.index(name))


def test_new_run_from_the_dialog_calculates_in_a_worker_and_fills_the_summary(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    screen = runs_screen(main_window)
    assert screen.stack.currentWidget() is screen.empty
    assert not screen.lock_button.isEnabled()

    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(RunDialog)
    assert dialog is not None and dialog.isVisible()
    # default: the oldest complete month no run covers (the shop's orders start in October);
    # no holding period: cut-off at its end
    assert dialog.period() == (OCT1, OCT31)
    assert dialog.cutoff() == OCT31

    dialog.custom.setChecked(True)
    dialog.start.setDate(QDate(2026, 10, 1))
    dialog.end.setDate(QDate(2026, 10, 31))
    assert dialog.cutoff() == OCT31  # follows the end date until edited
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.runs_model.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: screen.summary_model.rowCount() == 2)

    assert screen.stack.currentWidget() is screen.split
    run_row = rows(screen.runs_table)[0]
    assert run_row[1] == "2026-10-01 – 2026-10-31" and run_row[3] == "Draft"
    table = screen.summary_table
    assert cell(table, "Alpha Blog", "Sales") == "$500.00"
    assert cell(table, "Alpha Blog", "Commission") == "$50.00"
    assert cell(table, "Alpha Blog", "Payable") == "$50.00"
    assert cell(table, "Beta Deals", "Commission") == "$10.00"
    assert cell(table, "Beta Deals", "Carried out") == "$10.00"
    assert cell(table, "Beta Deals", "Payable") == "$0.00"
    index = table.model().index(0, column(table, "Payable"))
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert "payable $50.00" in screen.totals_label.text()
    assert screen.lock_button.isEnabled() and screen.recalc_button.isEnabled()
    assert not screen.paid_button.isEnabled()

    # drill down: Beta's line says why it is not paid
    select_partner_row(screen, "Beta Deals")
    lines = rows(screen.lines_table)
    assert len(lines) == 1
    status = lines[0][column(screen.lines_table, "Status")]
    assert status == "Carried: below the 50.00 minimum, carried over"
    assert lines[0][column(screen.lines_table, "Rate")] == "10 %"
    assert lines[0][column(screen.lines_table, "Commission")] == "$10.00"

    # sorting by payable (numeric) and searching
    table.sortByColumn(column(table, "Payable"), Qt.SortOrder.DescendingOrder)
    assert [r[1] for r in rows(table)] == ["Alpha Blog", "Beta Deals"]
    qtbot.keyClicks(screen.search, "beta")
    assert [r[1] for r in rows(table)] == ["Beta Deals"]
    assert "1 of 2 partners shown" in screen.totals_label.text()


def test_adjust_lock_and_mark_paid(qtbot, main_window: MainWindow, shop: Shop) -> None:  # type: ignore[no-untyped-def]
    run_id = payouts.create_run(shop.store, OCT1, OCT31).value
    screen = runs_screen(main_window)
    screen.refresh()
    assert screen.selected_run().id == run_id

    # an adjustment on the draft: the draft is recalculated at once
    select_partner_row(screen, "Beta Deals")
    qtbot.mouseClick(screen.adjust_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(AdjustmentDialog)
    assert dialog is not None and dialog.partner.currentText().startswith("Beta Deals")
    qtbot.keyClicks(dialog.amount, "45.00")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "Reason" in dialog.error.text()
    qtbot.keyClicks(dialog.reason, "Launch campaign fee")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(screen.summary_table, "Beta Deals", "Adjustments") == "$45.00")
    assert cell(screen.summary_table, "Beta Deals", "Payable") == "$55.00"

    # lock: the confirmation says what locking means; Cancel is the default
    qtbot.mouseClick(screen.lock_button, Qt.MouseButton.LeftButton)
    box = screen.findChild(QMessageBox, "lockConfirmation")
    assert box is not None and box.isVisible()
    assert "can no longer be recalculated or adjusted" in box.text()
    assert box.defaultButton().text() == "Cancel"
    # the partners it pays have no payout details: the box lists them and asks
    assert "2 partner(s) this run pays have missing or invalid payout details" in (
        box.informativeText()
    )
    assert "• Alpha Blog (ALPHA): bank transfer: no IBAN in the payout details" in (
        box.informativeText()
    )
    lock = next(b for b in box.buttons() if b.text() == "Lock anyway")
    qtbot.mouseClick(lock, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(screen.runs_table)[0][3] == "Locked", timeout=10000)

    for button in (screen.recalc_button, screen.adjust_button, screen.lock_button):
        assert not button.isEnabled()
    assert screen.paid_button.isEnabled() and screen.payfile_button.isEnabled()
    assert screen.add_adjustment() is None  # refused on a locked run
    assert "locked" in main_window.statusBar().currentMessage()
    with pytest.raises(LockedRunError):
        payouts.add_adjustment(shop.store, shop.beta, Decimal("1.00"), "late", run_id=run_id)

    # mark paid: date and reference
    qtbot.mouseClick(screen.paid_button, Qt.MouseButton.LeftButton)
    paid = screen.findChild(PaidDialog)
    assert paid is not None
    paid.paid_on.setDate(QDate(2026, 11, 5))
    qtbot.mouseClick(paid.confirm, Qt.MouseButton.LeftButton)
    assert paid.problem.isVisible()  # a reference is required
    qtbot.keyClicks(paid.reference, "BATCH-2026-10")
    qtbot.mouseClick(paid.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(screen.runs_table)[0][3] == "Paid")
    assert rows(screen.runs_table)[0][column(screen.runs_table, "Paid")] == (
        "2026-11-05 (BATCH-2026-10)"
    )
    assert not screen.paid_button.isEnabled()
    with shop.store.transaction() as session:
        info = payouts.get_run(session, run_id)
    assert (info.state, info.paid_on, info.paid_reference) == (
        "paid",
        date(2026, 11, 5),
        "BATCH-2026-10",
    )


def test_recalculate_a_draft_picks_up_new_orders(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    payouts.create_run(shop.store, OCT1, OCT31)
    screen = runs_screen(main_window)
    screen.refresh()
    shop.order(shop.beta, date(2026, 10, 30), "400.00")
    qtbot.mouseClick(screen.recalc_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(screen.summary_table, "Beta Deals", "Payable") == "$50.00")
    assert cell(screen.summary_table, "Beta Deals", "Sales") == "$500.00"


def test_new_run_action_of_the_main_window_opens_the_dialog(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    main_window.new_run()
    assert main_window.current_screen_key() == "runs"
    dialog = main_window.screens["runs"].findChild(RunDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_statement_buttons_ask_for_a_run_first(qtbot, main_window: MainWindow, shop: Shop) -> None:  # type: ignore[no-untyped-def]
    screen = runs_screen(main_window)
    for action in (screen.export, screen.export_payment_file, screen.print_statements):
        assert action() is None
        assert main_window.statusBar().currentMessage() == "Select a payout run first."


def test_preview_statement_opens_the_partners_statement(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.dialogs.statement_preview import StatementPreviewDialog

    payouts.create_run(shop.store, OCT1, OCT31)
    screen = runs_screen(main_window)
    screen.refresh()
    assert not screen.preview_button.isEnabled()  # no partner selected yet
    select_partner_row(screen, "Alpha Blog")
    assert screen.preview_button.isEnabled()
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.findChild(StatementPreviewDialog) is not None, timeout=15000)
    viewer = screen.findChild(StatementPreviewDialog)
    assert "Alpha Blog" in viewer.windowTitle()
    viewer.close()


def test_run_dialog_proposes_the_month_after_the_last_run(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = RunDialog(date(2026, 11, 25), holding_days=30, covered_until=OCT31)
    qtbot.addWidget(dialog)
    assert dialog.period() == (date(2026, 11, 1), date(2026, 11, 30))
    assert "30 days" in dialog.hint.text()
    assert "November 2026 is not over yet" in dialog.hint.text()
    dialog.show()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # refused: not over
    assert dialog.isVisible() and "a period is paid once it is over" in dialog.problem.text()
    dialog.select_month(OCT1)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "already covers orders up to 2026-10-31" in dialog.problem.text()

    fresh = RunDialog(date(2026, 11, 25))
    qtbot.addWidget(fresh)
    assert fresh.period() == (OCT1, OCT31) and fresh.cutoff() == OCT31
    fresh.cutoff_edit.setDate(QDate(2026, 11, 24))  # once edited, the cut-off stays
    fresh.select_month(date(2026, 9, 1))
    assert fresh.period() == (date(2026, 9, 1), date(2026, 9, 30))
    assert fresh.cutoff() == date(2026, 11, 24)


def test_run_dialog_proposes_a_cut_off_that_pays_the_month(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = RunDialog(date(2026, 12, 1), holding_days=30)
    qtbot.addWidget(dialog)
    assert dialog.period() == (date(2026, 11, 1), date(2026, 11, 30))
    assert dialog.cutoff() == date(2026, 12, 1)  # November's return window is still open
    dialog.select_month(OCT1)
    assert dialog.cutoff() == date(2026, 11, 30)  # October's has closed: all of it is payable


def test_flag_an_order_as_fraud_from_its_line(qtbot, main_window: MainWindow, shop: Shop) -> None:  # type: ignore[no-untyped-def]
    payouts.create_run(shop.store, OCT1, OCT31)
    screen = runs_screen(main_window)
    screen.refresh()
    select_partner_row(screen, "Alpha Blog")
    assert not screen.fraud_button.isEnabled()  # no line selected
    orders = [r[0] for r in rows(screen.lines_table)]
    screen.lines_table.selectRow(orders.index("O-1"))  # 300.00 → 30.00 commission
    assert screen.fraud_button.isEnabled()
    qtbot.mouseClick(screen.fraud_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(QInputDialog, "fraudReason")
    assert dialog is not None and "O-1" in dialog.labelText()
    dialog.setTextValue("stolen card")
    dialog.accept()
    qtbot.waitUntil(lambda: cell(screen.summary_table, "Alpha Blog", "Withheld") == "$30.00")
    line = next(r for r in rows(screen.lines_table) if r[0] == "O-1")
    assert line[column(screen.lines_table, "Status")].startswith("Withheld: ")
    assert "fraud" in line[column(screen.lines_table, "Status")]


def test_lift_an_order_fraud_flag_from_its_line(qtbot, main_window: MainWindow, shop: Shop) -> None:  # type: ignore[no-untyped-def]
    payouts.create_run(shop.store, OCT1, OCT31)
    payouts.flag_order(shop.store, "O-1", "stolen card")
    screen = runs_screen(main_window)
    screen.refresh()
    select_partner_row(screen, "Alpha Blog")
    orders = [r[0] for r in rows(screen.lines_table)]
    screen.lines_table.selectRow(orders.index("O-2"))  # payable: nothing to lift
    assert not screen.lift_button.isEnabled()
    screen.lines_table.selectRow(orders.index("O-1"))  # withheld: 30.00
    assert screen.lift_button.isEnabled() and not screen.fraud_button.isEnabled()
    qtbot.mouseClick(screen.lift_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(QInputDialog, "liftReason")
    assert dialog is not None and "O-1" in dialog.labelText()
    dialog.setTextValue("card owner confirmed the order")
    dialog.accept()
    qtbot.waitUntil(lambda: cell(screen.summary_table, "Alpha Blog", "Withheld") == "$0.00")
    assert cell(screen.summary_table, "Alpha Blog", "Payable") == "$50.00"
    line = next(r for r in rows(screen.lines_table) if r[0] == "O-1")
    assert line[column(screen.lines_table, "Status")] == "Payable"


def test_lift_a_flag_withheld_in_a_locked_run(qtbot, main_window: MainWindow, shop: Shop) -> None:  # type: ignore[no-untyped-def]
    run = payouts.create_run(shop.store, OCT1, OCT31).value
    payouts.flag_order(shop.store, "O-1", "stolen card")
    payouts.lock_run(shop.store, run)
    screen = runs_screen(main_window)
    screen.refresh()
    select_partner_row(screen, "Alpha Blog")
    before = rows(screen.lines_table)
    screen.lines_table.selectRow([r[0] for r in before].index("O-1"))
    assert screen.lift_button.isEnabled()
    qtbot.mouseClick(screen.lift_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(QInputDialog, "liftReason")
    assert dialog is not None and f"run {run} withheld is released" in dialog.labelText()
    dialog.setTextValue("chargeback reversed")
    dialog.accept()
    qtbot.waitUntil(lambda: "released in the next run" in main_window.statusBar().currentMessage())
    assert "$30.00" in main_window.statusBar().currentMessage()
    select_partner_row(screen, "Alpha Blog")
    assert rows(screen.lines_table) == before  # the locked run is unchanged
    screen.lines_table.selectRow([r[0] for r in before].index("O-1"))
    assert not screen.lift_button.isEnabled()  # the flag is lifted


def test_discard_a_draft_with_a_reason(qtbot, main_window: MainWindow, shop: Shop) -> None:  # type: ignore[no-untyped-def]
    wrong = payouts.create_run(shop.store, OCT1, date(2026, 10, 15)).value
    screen = runs_screen(main_window)
    screen.refresh()
    screen.select_run(wrong)
    assert screen.discard_button.isEnabled()
    qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(QInputDialog, "discardReason")
    assert dialog is not None and f"run {wrong}" in dialog.labelText()
    dialog.setTextValue("should be the whole month")
    dialog.accept()
    qtbot.waitUntil(lambda: screen.runs_model.rowCount() == 0)
    assert not screen.discard_button.isEnabled()

    payouts.lock_run(shop.store, payouts.create_run(shop.store, OCT1, OCT31).value)
    screen.refresh()
    assert screen.runs_model.rowCount() == 1 and not screen.discard_button.isEnabled()


def test_long_names_give_way_so_the_payable_column_stays_in_sight(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.domain.partners import PartnerInput
    from desktop_app.services import partners

    main_window.resize(1280, 800)  # a common laptop screen
    long_name = "The Extraordinarily Long-Named Review, Coupon and Cashback Collective"
    with shop.store.transaction() as session:
        collective = partners.create_partner(
            session,
            PartnerInput(name=long_name, codes=("COLLECTIVE",), partner_type="Tech blog"),
            today=date(2026, 1, 1),
        )
    shop.order(collective.id, date(2026, 10, 7), "80.00")
    payouts.create_run(shop.store, OCT1, OCT31)
    screen = runs_screen(main_window)
    screen.refresh()
    table = screen.summary_table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)

    payable = column(table, "Payable")
    header = table.horizontalHeader()
    assert header.sectionViewportPosition(payable) + 60 <= table.viewport().width()
    partner = column(table, "Partner")
    name_width = table.fontMetrics().horizontalAdvance(long_name)
    assert 90 <= header.sectionSize(partner) < name_width  # narrowed, not hidden
    assert header.sectionSize(column(table, "Sales")) < 150  # money columns keep their fit
    row = [r[1] for r in rows(table)].index(long_name)
    tip = table.model().index(row, partner).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == long_name  # the whole name on hover


def test_a_draft_changed_since_it_was_calculated_is_shown_stale_and_not_locked(
    qtbot, main_window: MainWindow, shop: Shop, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 16.2 in the app: an import after the draft marks it out of date; locking refuses
    with what changed and offers to recalculate; after that the lock goes through."""
    from desktop_app.services import imports
    from desktop_app.services.imports import ImportOptions
    from tests.import_files import HEADER, write_csv

    run_id = payouts.create_run(shop.store, OCT1, OCT31).value
    late = write_csv(
        tmp_path / "late.csv", [HEADER, ["L-9", "2026-10-28", "BETA", "400.00", "USD"]]
    )
    assert imports.run_import(shop.store, late, ImportOptions()).added == 1
    screen = runs_screen(main_window)
    screen.refresh()
    assert rows(screen.runs_table)[0][3] == "Draft (out of date)"
    assert "out of date" in screen.run_title.text()

    qtbot.mouseClick(screen.lock_button, Qt.MouseButton.LeftButton)
    box = screen.findChild(QMessageBox, "lockConfirmation")
    qtbot.mouseClick(
        next(b for b in box.buttons() if b.text() in ("Lock run", "Lock anyway")),
        Qt.MouseButton.LeftButton,
    )
    qtbot.waitUntil(lambda: screen.findChild(QMessageBox, "staleDraft") is not None, timeout=10000)
    stale = screen.findChild(QMessageBox, "staleDraft")
    assert "commission on order L-9: new, 40.00 payable to Beta Deals" in stale.informativeText()
    with shop.store.transaction() as session:
        assert payouts.get_run(session, run_id).state == "draft"

    qtbot.mouseClick(
        next(b for b in stale.buttons() if b.text() == "Recalculate now"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: rows(screen.runs_table)[0][3] == "Draft", timeout=10000)
    assert cell(screen.summary_table, "Beta Deals", "Payable") == "$50.00"
    payouts.lock_run(shop.store, run_id)


def test_the_lines_table_hides_columns_no_line_of_the_partner_fills(
    qtbot, main_window: MainWindow, shop: Shop
) -> None:  # type: ignore[no-untyped-def]
    """At 1366 px the line table needs its room: Original (a converted order), Fixed and How it
    was paid show only when a line of the selected partner says something there."""
    from desktop_app.services import rates

    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.10")
    shop.order(shop.beta, date(2026, 10, 12), "100.00", "EUR")
    payouts.create_run(shop.store, OCT1, OCT31)
    screen = runs_screen(main_window)
    screen.refresh()
    original = column(screen.lines_table, "Original")
    select_partner_row(screen, "Alpha Blog")
    assert screen.lines_table.isColumnHidden(original)
    assert screen.lines_table.isColumnHidden(column(screen.lines_table, "How it was paid"))
    select_partner_row(screen, "Beta Deals")
    assert not screen.lines_table.isColumnHidden(original)
    beta_lines = rows(screen.lines_table)
    assert any(r[original] == "EUR 100.00 @ 1.10" for r in beta_lines), beta_lines
