"""Payout runs → Export payment files…: the dialog shows what each file would pay and who is in
none, then writes the chosen files in the background.

Set PAYOUT_DESK_SCREENSHOTS=docs/screenshots to refresh the README's picture of the dialog.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.services import merchant
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.payment_files_dialog import PaymentFilesDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.runs import RunsScreen
from tests.services.test_payment_files import read_paypal, read_sepa
from tests.services.test_statements_export import seed_run

ROOT = Path(__file__).resolve().parent.parent.parent


def test_export_payment_files_dialog_writes_each_file(  # type: ignore[no-untyped-def]
    qtbot, main_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    run = seed_run(store)
    with store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(session, replace(profile, iban="DE02120300000000202051"))
    screen = main_window.show_screen("runs")
    assert isinstance(screen, RunsScreen)
    screen.refresh()
    screen.select_run(run.run_id)
    qtbot.mouseClick(screen.payfile_button, Qt.MouseButton.LeftButton)
    dialog = main_window.findChild(PaymentFilesDialog, "paymentFilesDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.checks["paypal"].text() == "PayPal Payouts file — 1 partner(s), €126.60"
    assert (
        dialog.checks["sepa"]
        .text()
        .startswith("SEPA credit transfer (pain.001.001.03) — 1 partner(s), €307.20")
    )
    assert dialog.checks["csv"].text().startswith("CSV payment list — 3 partner(s), €525.30")
    assert [fmt for fmt, box in dialog.checks.items() if box.isChecked()] == [
        "paypal",
        "sepa",
        "csv",
    ]
    assert dialog.unpaid.toPlainText() == (
        "=HYPERLINK(\"http://x\") (EVIL), €91.50: payout method 'other' has no payment "
        "file: use the CSV/XLSX file"
    )
    shots = os.environ.get("PAYOUT_DESK_SCREENSHOTS")
    if shots:
        dialog.folder.setText("/home/merchant/Documents/Payouts")
        QApplication.processEvents()
        folder = ROOT / shots if not Path(shots).is_absolute() else Path(shots)
        dialog.grab().save(str(folder / "07-payment-files.png"))
    out = tmp_path / "payments"
    dialog.folder.setText(str(out))
    dialog.checks["csv"].setChecked(False)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    def notice() -> QMessageBox | None:
        found = [
            b
            for b in main_window.findChildren(QMessageBox)
            if b.objectName() == "statementNotice" and b.isVisible()
        ]
        return found[-1] if found else None

    qtbot.waitUntil(lambda: notice() is not None, timeout=15000)
    text = notice().text()  # type: ignore[union-attr]
    assert "PayPal Payouts file: 1 payment(s), total €126.60" in text
    assert "SEPA credit transfer (pain.001.001.03): 1 payment(s)" in text
    assert "• =HYPERLINK(\"http://x\"): payout method 'other' has no payment file" in text
    assert sorted(p.name for p in out.iterdir()) == [
        "run-1_paypal.csv",
        "run-1_sepa.xml",
    ]
    assert len(read_paypal(out / "run-1_paypal.csv")) == 1
    read_sepa(out / "run-1_sepa.xml")
    notice().close()  # type: ignore[union-attr]
