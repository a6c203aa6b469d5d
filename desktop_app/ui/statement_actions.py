"""Statement and payout-file actions the Payout runs screen calls from its buttons.

Everything slow (building, rendering, printing, writing files) runs in a background job with a
progress dialog and a Cancel button; the functions return that job (or None when the user
closed the file or print dialog).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop_app.errors import Cancelled, UserError
from desktop_app.services.changes import Changed
from desktop_app.store.database import Store
from desktop_app.ui.workers import IsCancelled, Job, Progress, start_mutation, start_query

_last_folder: dict[str, str] = {}


def _default_folder() -> str:
    return _last_folder.get("folder") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    )


def _notify(parent: QWidget | None, title: str, text: str, folder: Path | None = None) -> None:
    """A non-blocking message; with "Open folder" when files were written."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok)
    box.setParent(parent, box.windowFlags())
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if folder is not None:
        button = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
    box.setEscapeButton(QMessageBox.StandardButton.Ok)  # Esc and the title bar close it
    box.setObjectName("statementNotice")
    box.open()


# -- preview -------------------------------------------------------------------------------


def preview_statement(parent: QWidget, store: Store, run_id: int, partner_id: int) -> Job:
    """Open one partner's statement in the in-app viewer."""
    from desktop_app.services.statements.build import load_statement
    from desktop_app.services.statements.render import render_statement
    from desktop_app.ui.dialogs.statement_preview import StatementPreviewDialog

    def work(_progress: Progress, _cancelled: IsCancelled) -> tuple[bytes, str, str]:
        statement = load_statement(store, run_id, partner_id)
        title = f"Statement {statement.number} – {statement.partner.name}"
        return render_statement(statement), title, statement.file_name

    def show(result: tuple[bytes, str, str]) -> None:
        data, title, file_name = result
        dialog = StatementPreviewDialog(
            data,
            title,
            str(Path(_default_folder()) / file_name),
            parent,
            on_print=lambda owner: print_statements(owner, store, run_id, partner_id),
        )
        dialog.show()

    return start_query(parent, "Statement preview", work, show, label="Preparing the statement…")


# -- printing ------------------------------------------------------------------------------


def make_printer(store: Store) -> QPrinter:
    from desktop_app.services import merchant

    size = merchant.load_profile(store).page_size
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(
        QPageSize(QPageSize.PageSizeId.Letter if size == "Letter" else QPageSize.PageSizeId.A4)
    )
    printer.setFullPage(True)  # the statement has its own margins
    return printer


def print_statements(
    parent: QWidget,
    store: Store,
    run_id: int,
    partner_id: int | None = None,
    *,
    printer: QPrinter | None = None,
    ask: bool = True,
) -> Job | None:
    """Print one partner's statement or the whole run (one document, numbered per partner)."""
    printer = printer or make_printer(store)
    printer.setDocName(f"Payout run {run_id} statements")
    if ask:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print statements")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None

    def work(progress: Progress, cancelled: IsCancelled) -> int:
        from desktop_app.services.statements.build import load_statements
        from desktop_app.services.statements.render import render_statements

        ids = None if partner_id is None else [partner_id]
        statements = load_statements(store, run_id, ids)
        if not statements:
            raise UserError(f"payout run {run_id} has no statements to print")

        def started(index: int) -> None:
            if cancelled():
                raise Cancelled("printing cancelled")
            progress(index, len(statements))

        data = render_statements(statements, on_statement=started)
        return print_pdf(data, printer, progress, cancelled)

    def done(pages: int) -> None:
        _notify(
            parent,
            "Print statements",
            f"{pages} page(s) sent to {printer.printerName() or 'the printer'}.",
        )

    return start_query(parent, "Print statements", work, done, label="Preparing statements…")


def print_pdf(
    data: bytes,
    printer: QPrinter,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> int:
    """Paint every page of a PDF onto `printer` at its resolution; returns the pages printed."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "statements.pdf"
        source.write_bytes(data)
        document = QPdfDocument()
        if document.load(str(source)) != QPdfDocument.Error.None_:
            raise UserError("the statements could not be prepared for printing")
        count = document.pageCount()
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError("the printer could not be opened")
        try:
            dpi = printer.resolution()
            for page in range(count):
                if cancelled is not None and cancelled():
                    printer.abort()
                    raise Cancelled("printing cancelled")
                if page:
                    printer.newPage()
                points = document.pagePointSize(page)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image: QImage = document.render(page, size)
                target = painter.viewport()
                fitted = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), fitted), image)
                if progress is not None:
                    progress(page + 1, count)
        finally:
            painter.end()
            document.close()
    return count


# -- statement files ---------------------------------------------------------------------------


class StatementExportDialog(QDialog):
    """Where to write a run's statements: a folder, one file each and/or one combined PDF."""

    def __init__(self, run_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export statements – {run_label}")
        self.folder = QLineEdit(_default_folder(), self)
        self.folder.setMinimumWidth(360)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.per_partner = QCheckBox("One PDF per partner (<period>_<partner-code>.pdf)", self)
        self.per_partner.setChecked(True)
        self.combined = QCheckBox("One combined PDF of all partners, for printing", self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Folder", row)
        form.addRow("", self.per_partner)
        form.addRow("", self.combined)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for statements", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _accept(self) -> None:
        if not self.folder.text().strip():
            QMessageBox.warning(self, self.windowTitle(), "Choose a folder for the statements.")
            return
        if not (self.per_partner.isChecked() or self.combined.isChecked()):
            QMessageBox.warning(self, self.windowTitle(), "Choose at least one kind of file.")
            return
        self.accept()


def export_statements_dialog(parent: QWidget, store: Store, run_id: int) -> Job | None:
    dialog = StatementExportDialog(f"run {run_id}", parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    folder = Path(dialog.folder.text().strip()).expanduser()
    return start_statement_export(
        parent, store, run_id, folder, dialog.per_partner.isChecked(), dialog.combined.isChecked()
    )


def start_statement_export(
    parent: QWidget, store: Store, run_id: int, folder: Path, per_partner: bool, combined: bool
) -> Job:
    from desktop_app.services.statements.export import export_statements

    _last_folder["folder"] = str(folder)

    def work(progress: Progress, cancelled: IsCancelled) -> Changed[list[Path]]:
        return export_statements(
            store,
            run_id,
            folder if per_partner else None,
            combined_in=folder if combined else None,
            progress=progress,
            cancelled=cancelled,
        )

    def done(written: Changed[list[Path]]) -> None:
        _notify(
            parent,
            "Export statements",
            f"{len(written.value)} PDF file(s) written to {folder}.",
            folder,
        )

    return start_mutation(  # the partner page shows when each statement was exported
        parent, "Export statements", work, done, label="Writing statements…"
    )


# -- payout file -------------------------------------------------------------------------------


def export_payout_file_dialog(parent: QWidget, store: Store, run_id: int) -> QDialog | None:
    """Export payment files…: the PayPal, SEPA and CSV/XLSX files of a locked or paid run."""
    from desktop_app.ui.dialogs.payment_files_dialog import PaymentFilesDialog
    from desktop_app.ui.message import show_error

    try:
        dialog = PaymentFilesDialog(
            store,
            run_id,
            _default_folder(),
            lambda files, day: start_payment_files(parent, store, run_id, files, day),
            parent,
        )
    except UserError as exc:
        show_error(parent, "Export payment files", exc)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def start_payment_files(
    parent: QWidget,
    store: Store,
    run_id: int,
    files: list[tuple[str, Path]],
    execution_date: date | None = None,
) -> Job:
    """Write each (format, path) in the background; the notice says who is in which file."""
    from desktop_app.services.payment_files import ExportReport, export_payment_file

    if files:
        _last_folder["folder"] = str(files[0][1].parent)

    def work(progress: Progress, cancelled: IsCancelled) -> list[ExportReport]:
        reports = []
        for done, (fmt, path) in enumerate(files):
            if cancelled():
                raise Cancelled(f"cancelled; {done} file(s) were written")
            progress(done, len(files))
            reports.append(
                export_payment_file(store, run_id, path, fmt, execution_date=execution_date)
            )
        return reports

    def done(reports: list[ExportReport]) -> None:
        text = "\n".join(_report_text(report) for report in reports)
        folder = reports[0].path.parent if reports else None
        _notify(parent, "Export payment files", text, folder)

    return start_query(  # files only
        parent, "Export payment files", work, done, label="Writing payment files…"
    )


def _report_text(report: object) -> str:
    from desktop_app.domain.money import format_money
    from desktop_app.services.payment_files import FORMAT_NAMES, ExportReport

    assert isinstance(report, ExportReport)
    total = format_money(report.total, report.currency)
    text = (
        f"{FORMAT_NAMES[report.format]}: {report.rows} payment(s), total {total}, "
        f"written to {report.path.name}."
    )
    if report.missing:
        text += f"\nIn no payment file ({len(report.missing)}):\n" + "\n".join(
            f"• {p.payee.name}: {p.reason}" for p in report.missing[:10]
        )
    return text


def start_payout_export(parent: QWidget, store: Store, run_id: int, path: Path) -> Job:
    """One CSV or XLSX payment list (by the file's suffix)."""
    return start_payment_files(parent, store, run_id, [(path.suffix.lower()[1:], path)])
