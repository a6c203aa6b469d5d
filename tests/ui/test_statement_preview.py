"""The statement viewer (QPdfView) and printing through QPrinter, driven with pytest-qt."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.services.partner_history import partner_statements
from desktop_app.services.statements.render import render_statement
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.statement_preview import StatementPreviewDialog
from desktop_app.ui.statement_actions import (
    preview_statement,
    print_pdf,
    print_statements,
    start_payout_export,
    start_statement_export,
)
from tests.services.test_statements_export import seed_run
from tests.services.test_statements_render import make_statement


def test_preview_dialog_shows_every_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    data = render_statement(make_statement(120, partner="Дмитрий"))
    printed: list[QWidget] = []
    dialog = StatementPreviewDialog(data, "Statement", "2026-10_X.pdf", on_print=printed.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.page_count == len(PdfReader(io.BytesIO(data)).pages) >= 2
    assert dialog.page_label.text() == f"Page 1 of {dialog.page_count}"
    dialog.print_button.click()
    assert printed == [dialog]


def test_print_pdf_paints_every_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = render_statement(make_statement(120))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    seen: list[tuple[int, int]] = []
    pages = print_pdf(data, printer, lambda done, total: seen.append((done, total)))
    assert pages >= 2
    assert seen[-1] == (pages, pages)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages


def _notice(parent: QWidget) -> QMessageBox | None:
    boxes = [
        b
        for b in parent.findChildren(QMessageBox)
        if b.objectName() == "statementNotice" and b.isVisible()
    ]
    return boxes[-1] if boxes else None


def test_preview_opens_a_partners_statement(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    run = seed_run(store)
    parent = QWidget()
    qtbot.addWidget(parent)
    preview_statement(parent, store, run.run_id, run.dmitry)
    qtbot.waitUntil(lambda: bool(parent.findChildren(StatementPreviewDialog)), timeout=15000)
    dialog = parent.findChildren(StatementPreviewDialog)[0]
    qtbot.waitExposed(dialog)
    assert "Дмитрий Иванов" in dialog.windowTitle()
    assert dialog.page_count >= 1
    assert dialog.file_name.endswith("2026-10_DIMA.pdf")
    assert "307,20 €" in (PdfReader(io.BytesIO(dialog.data)).pages[0].extract_text() or "")
    dialog.close()


def test_export_and_print_jobs_write_their_files(qtbot, store: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = seed_run(store)
    parent = QWidget()
    qtbot.addWidget(parent)
    start_statement_export(parent, store, run.run_id, tmp_path / "st", True, True)
    qtbot.waitUntil(lambda: _notice(parent) is not None, timeout=30000)
    names = sorted(p.name for p in (tmp_path / "st").iterdir())
    assert "2026-10_all-partners.pdf" in names and "2026-10_ZOE10.pdf" in names
    assert len(names) == 5
    with store.transaction() as session:  # the partner's page says when it was exported
        [statement] = partner_statements(session, run.dmitry)
    assert statement.exported_at is not None
    _notice(parent).close()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: _notice(parent) is None)

    start_payout_export(parent, store, run.run_id, tmp_path / "pay.xlsx")
    qtbot.waitUntil(lambda: _notice(parent) is not None, timeout=15000)
    assert "3 payment(s)" in _notice(parent).text()  # type: ignore[union-attr]
    assert (tmp_path / "pay.xlsx").exists()
    _notice(parent).close()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: _notice(parent) is None)

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_statements(parent, store, run.run_id, printer=printer, ask=False)
    qtbot.waitUntil(lambda: _notice(parent) is not None, timeout=30000)
    combined = tmp_path / "st" / "2026-10_all-partners.pdf"
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == len(PdfReader(combined).pages)


def test_export_dialog_asks_for_a_folder_and_a_kind_of_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.statement_actions import StatementExportDialog

    dialog = StatementExportDialog("run 1")
    qtbot.addWidget(dialog)
    assert dialog.per_partner.isChecked() and not dialog.combined.isChecked()
    dialog.folder.setText(str(tmp_path))
    dialog.combined.setChecked(True)
    dialog._accept()
    assert dialog.result() == dialog.DialogCode.Accepted
