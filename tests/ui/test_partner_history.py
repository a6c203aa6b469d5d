"""The partner page's Payout runs, Statements and Adjustments tabs show what the store holds
(issue 17.8: they said "No payout run has included this partner yet" for a partner paid last
month)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QTableView

from desktop_app.services import payouts
from desktop_app.services.statements.export import export_statements
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.partner_detail import PartnerDetailDialog
from tests.payout_fixture import make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)


def tab_rows(dialog: PartnerDetailDialog, title: str) -> list[list[str]]:
    index = next(i for i, t in enumerate(dialog.tab_titles()) if t.startswith(title))
    table = dialog.tabs.widget(index).findChild(QTableView)
    assert table is not None
    model = table.model()
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_runs_statements_and_adjustments_of_a_paid_partner(
    qtbot, store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 5), "1000.00")
    payouts.add_adjustment(store, shop.alpha, Decimal("5.00"), "banner fee", actor="clerk")
    run = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, run, actor="clerk")
    export_statements(store, run, tmp_path / "out", partner_code="ALPHA")
    payouts.mark_paid(store, run, date(2026, 11, 5), "SEPA-2026-10")
    payouts.add_adjustment(store, shop.alpha, Decimal("-2.50"), "returned sample", actor="clerk")

    dialog = PartnerDetailDialog(store, shop.alpha)
    qtbot.addWidget(dialog)
    assert tab_rows(dialog, "Payout runs") == [
        [
            str(run),
            "2026-10-01 – 2026-10-31",
            "Paid",
            "$100.00",
            "$0.00",
            "$105.00",
            "$0.00",
            "2026-11-05",
            "SEPA-2026-10",
        ]
    ]
    [statement] = tab_rows(dialog, "Statements")
    assert statement[0] == f"PD-202610-{run:04d}-{shop.alpha:05d}"
    assert statement[2:4] == [f"{run} (paid)", "$105.00"]
    assert statement[4] != "not yet" and statement[5] == "not yet"  # exported, not e-mailed
    adjustments = tab_rows(dialog, "Adjustments")
    assert [(a[1], a[2], a[3], a[4], a[5]) for a in adjustments] == [
        ("Adjustment", "-$2.50", "returned sample", "clerk", "next run"),
        ("Adjustment", "$5.00", "banner fee", "clerk", str(run)),
    ]


def test_terms_sheet_and_annual_statement_from_the_partner_page(
    qtbot, store: Store, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.partner_documents import save_annual_statement, save_terms

    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 5), "1000.00")
    run = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, run)
    payouts.mark_paid(store, run, date(2026, 11, 5), "SEPA-2026-10")
    dialog = PartnerDetailDialog(store, shop.alpha)
    qtbot.addWidget(dialog)
    assert dialog.terms_button.isEnabled() and dialog.annual_button.isEnabled()

    def notice() -> QMessageBox | None:
        found = [
            b
            for b in dialog.findChildren(QMessageBox)
            if b.objectName() == "statementNotice" and b.isVisible()
        ]
        return found[-1] if found else None

    save_terms(dialog, store, shop.alpha, tmp_path / "terms.pdf")
    qtbot.waitUntil(lambda: notice() is not None, timeout=15000)
    text = " ".join((PdfReader(tmp_path / "terms.pdf").pages[0].extract_text() or "").split())
    assert "Partner terms" in text and "Flat 10 %" in text
    assert "An order of $100.00: 10 % of 100.00 = $10.00." in text
    notice().close()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: notice() is None)
    save_annual_statement(dialog, store, shop.alpha, 2026, tmp_path / "annual")
    qtbot.waitUntil(lambda: notice() is not None, timeout=15000)
    written = tmp_path / "annual" / "2026_ALPHA_annual.pdf"
    text = " ".join((PdfReader(written).pages[0].extract_text() or "").split())
    assert "Annual statement 2026" in text and "Total 2026 100.00 0.00 0.00 0.00 100.00" in text
