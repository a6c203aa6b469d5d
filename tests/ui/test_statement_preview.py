"""The statement viewer (QPdfView) and printing through QPrinter, driven with pytest-qt."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from desktop_app.services.statements.render import render_statement
from desktop_app.ui.dialogs.statement_preview import StatementPreviewDialog
from desktop_app.ui.statement_actions import print_pdf
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
