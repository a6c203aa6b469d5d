"""Export payment files…: one file per payout method for a locked run, and who is in none.

Before anything is written the dialog shows, per kind of file, how many partners and how much
it would pay, and lists the payable partners no file can pay with the reason (missing or invalid
details, a method without a file, a run not in EUR for SEPA). The files are written in a
background job; the notice afterwards repeats where everyone's money went.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import format_money
from desktop_app.services.payment_files import FORMAT_NAMES, FORMATS, ExportReport, preview
from desktop_app.store.database import Store

SUFFIX = {
    "paypal": "paypal.csv",
    "sepa": "sepa.xml",
    "csv": "payments.csv",
    "xlsx": "payments.xlsx",
}

Start = Callable[[list[tuple[str, Path]], date], object]


class PaymentFilesDialog(QDialog):
    """Pick the files and the folder; `start(files, execution_date)` writes them."""

    def __init__(
        self, store: Store, run_id: int, folder: str, start: Start, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paymentFilesDialog")
        self.setWindowTitle(f"Export payment files — run {run_id}")
        self.setMinimumWidth(620)
        self._start = start
        self.reports = preview(store, run_id)
        first = next(iter(self.reports.values()))
        self.currency = first.currency
        self.folder = QLineEdit(folder)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)

        self.checks: dict[str, QCheckBox] = {}
        self.names: dict[str, QLineEdit] = {}
        files = QGroupBox("Files")
        grid = QGridLayout(files)
        for row, fmt in enumerate(FORMATS):
            report = self.reports[fmt]
            box = QCheckBox(f"{FORMAT_NAMES[fmt]} — {self._count(report)}")
            box.setObjectName(f"format_{fmt}")
            name = QLineEdit(f"run-{run_id}_{SUFFIX[fmt]}")
            if fmt in ("paypal", "sepa") and not report.rows:
                box.setEnabled(False)
                name.setEnabled(False)
                box.setToolTip("No partner of this run is paid this way")
            box.setChecked(box.isEnabled() and fmt != "xlsx")
            self.checks[fmt], self.names[fmt] = box, name
            grid.addWidget(box, row, 0)
            grid.addWidget(name, row, 1)
        self.execution = QDateEdit(QDate.currentDate())
        self.execution.setCalendarPopup(True)
        self.execution.setDisplayFormat("yyyy-MM-dd")
        self.execution.setEnabled(self.checks["sepa"].isEnabled())

        self.unpaid = QPlainTextEdit()
        self.unpaid.setObjectName("notInAnyFile")
        self.unpaid.setReadOnly(True)
        self.unpaid.setMaximumHeight(130)
        self.unpaid.setPlainText(self._not_in_a_method_file())

        form = QFormLayout()
        folder_label = QLabel("&Folder")
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, where)
        form.addRow("SEPA &execution date", self.execution)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(files)
        layout.addWidget(QLabel("Not in the PayPal or SEPA file (pay these another way):"))
        layout.addWidget(self.unpaid)
        layout.addWidget(buttons)

    def _count(self, report: ExportReport) -> str:
        total = format_money(report.total, self.currency)
        return f"{report.rows} partner(s), {total}"

    def _not_in_a_method_file(self) -> str:
        """Payable partners neither the PayPal nor the SEPA file pays, with the reason."""
        paypal, sepa = self.reports["paypal"], self.reports["sepa"]
        inside = {p.partner_id for p in (*paypal.written, *sepa.written)}
        lines = []
        for place in paypal.missing:
            if place.payee.partner_id in inside:
                continue
            amount = format_money(place.payee.amount, self.currency)
            lines.append(f"{place.payee.name} ({place.payee.code}), {amount}: {place.reason}")
        return "\n".join(lines) or "Every payable partner is in the PayPal or the SEPA file."

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the payment files")
        if chosen:
            self.folder.setText(chosen)

    def chosen(self) -> list[tuple[str, Path]]:
        folder = Path(self.folder.text().strip() or ".")
        return [
            (fmt, folder / self.names[fmt].text().strip())
            for fmt in FORMATS
            if self.checks[fmt].isChecked() and self.names[fmt].text().strip()
        ]

    def accept(self) -> None:
        files = self.chosen()
        if not files:
            return
        qd = self.execution.date()
        super().accept()
        self._start(files, date(qd.year(), qd.month(), qd.day()))
