"""The import wizard: file → sheet → column mapping → preview (a dry run) → import.

The preview is the real import rolled back, so what it shows is exactly what importing will
do. Dry run and import run on a worker thread with progress and cancel.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.domain.partners import PayoutMethod
from desktop_app.errors import Cancelled, UserError
from desktop_app.services import imports, merchant, orders_api
from desktop_app.services import partners as partner_service
from desktop_app.services.choices import currency_choices
from desktop_app.services.imports import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    DateOrder,
    ImportKind,
    ImportOptions,
)
from desktop_app.store.database import Store
from desktop_app.ui.models.new_partners_model import (
    NO_TYPE,
    PAYOUT,
    TYPE,
    ChoiceDelegate,
    NewPartnersModel,
)
from desktop_app.ui.models.partners_model import PAYOUT_LABELS
from desktop_app.ui.models.records_model import RecordsTableModel
from desktop_app.ui.widgets.forms import ERROR_RED, error_label
from desktop_app.ui.widgets.pickers import ChoicePicker
from desktop_app.ui.widgets.tables import auto_fit, rows_height
from desktop_app.ui.workers import start_mutation, start_query

NOT_IN_FILE = "(not in the file)"
FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv *.txt);;All files (*)"
DATE_ORDER_TEXT = {
    None: "Not set: refuse a date that could be either",
    DateOrder.DAY_FIRST: "Day first: 03/04/2026 is 3 April",
    DateOrder.MONTH_FIRST: "Month first: 03/04/2026 is March 4",
}
NEW_ROWS = 6  # new partners shown at once in the partner step's table
_CLI_FLAG = re.compile(r" \(--[^)]*\)")


def without_flags(text: str) -> str:
    """A service message without the command-line flag it names ("(--skip-invalid)"): in the
    wizard the choice is a button or a box on the page."""
    return _CLI_FLAG.sub("", text)


KIND_TEXT = {
    ImportKind.ORDERS: "Orders",
    ImportKind.REFUNDS: "Refunds",
    ImportKind.CLICKS: "Clicks / traffic",
}


def _error_label() -> QLabel:
    """Always shown (empty until a problem), and selectable so a message can be copied."""
    label = error_label("wizardError")
    label.show()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Choose the file")
        self.setSubTitle(
            "The spreadsheet your marketplace or shop exported: .xlsx, .xls, .ods or .csv."
        )
        self.owner = wizard
        self.path = QLineEdit()
        self.path.setPlaceholderText("File to import")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.kind = QComboBox()
        for kind, text in KIND_TEXT.items():
            self.kind.addItem(text, kind)
        self.source = QLineEdit("default")
        self.source.setToolTip(
            "Order ids are unique per source: use one name per shop or marketplace, and the same "
            "name when you import an updated file again"
        )
        self.historical = QCheckBox("Already paid elsewhere (history: counts for KPIs, never paid)")
        self.error = _error_label()
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Contains", self.kind)
        form.addRow("Source", self.source)
        form.addRow("", self.historical)
        form.addRow(self.error)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a spreadsheet", "", FILE_FILTER)
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        try:
            self.owner.sheets = imports.open_workbook(Path(self.path.text().strip()))
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        return True


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Sheet and formats")
        self.owner = wizard
        self.sheet = QComboBox()
        self.date_order = QComboBox()
        self.date_order.setObjectName("dateOrder")
        for order, text in DATE_ORDER_TEXT.items():
            self.date_order.addItem(text, order)
        self.date_order.setToolTip(
            "Dates that cannot be read two ways (13/04/2026, 2026-04-03, 03.04.2026) are read "
            "whatever you choose here"
        )
        self.currency = ChoicePicker(currency_choices())
        self.currency.setObjectName("importCurrency")
        self.currency.set_value(wizard.base_currency)
        self.currency.setToolTip(
            "The currency of every row when the file has no currency column (a currency sign "
            "in an amount must agree with it); rows with an empty currency cell use the sign "
            "in their amount, else this"
        )
        self.status_words = QLineEdit()
        self.status_words.setObjectName("statusWords")
        self.status_words.setPlaceholderText("e.g. Versendet=confirmed, Warte=pending")
        self.status_words.setToolTip(
            "Order status words of this shop that Payout Desk does not know, each with what it "
            "means: confirmed, pending, cancelled or refunded. Common words in English, German, "
            "French, Spanish, Portuguese, Italian, Russian and Chinese are known already; "
            "remembered with the mapping"
        )
        self.error = _error_label()
        self.form = QFormLayout(self)
        self.form.addRow("Sheet", self.sheet)
        self.form.addRow("Dates like 03/04/2026", self.date_order)
        self.form.addRow("Currency if not in the file", self.currency)
        self.form.addRow("Status words", self.status_words)
        self.form.addRow(self.error)

    def initializePage(self) -> None:
        self.sheet.clear()
        for name in self.owner.sheets:
            self.sheet.addItem(name or "(the whole CSV file)", name)
        self.form.setRowVisible(self.status_words, self.owner.kind() is ImportKind.ORDERS)

    def status_map(self) -> dict[str, str] | None:
        """The shop's status words; None (and the problem shown) when they do not read."""
        try:
            words = imports.parse_status_map(self.status_words.text())
        except UserError as exc:
            self.error.setText(str(exc))
            return None
        self.error.clear()
        return words

    def validatePage(self) -> bool:
        return self.status_map() is not None


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Columns")
        self.setSubTitle(
            "Which column holds what. Guessed from the headers; correct what is wrong."
        )
        self.owner = wizard
        self.preview = RecordsTableModel([])
        table = QTableView()
        table.setObjectName("mappingPreview")
        table.setModel(self.preview)
        table.verticalHeader().hide()
        table.setMaximumHeight(170)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        self.profile = QLineEdit()
        self.profile.setPlaceholderText("e.g. AliExpress orders (optional)")
        self.header_label = QLabel()
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)
        layout.addWidget(table)
        layout.addLayout(self.form)
        save = QFormLayout()
        save.addRow("Remember this mapping as", self.profile)
        layout.addLayout(save)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos.clear()
        self.error.clear()
        try:
            table, mapping, profile = imports.read_preview_table(
                self.owner.store, self.owner.path, self.owner.import_options(mapping=False), limit=8
            )
        except UserError as exc:
            self.error.setText(str(exc))
            self.owner.headers = ()
            return
        self.owner.headers = table.headers
        self.header_label.setText(
            f"Header found on row {table.header_row}"
            + (
                f"; using the saved mapping “{profile}”{self._saved_options(profile)}."
                if profile
                else "."
            )
        )
        self.profile.setText(profile)
        self.preview.headers = [h or "—" for h in table.headers]
        width = len(table.headers)
        self.preview.set_rows(
            [
                tuple("" if c is None else str(c) for c in (list(r) + [""] * width)[:width])
                for r in table.rows
            ]
        )
        kind = self.owner.kind()
        for field in imports.fields_of(kind):
            combo = QComboBox()
            combo.setObjectName(f"map_{field}")
            combo.addItem(NOT_IN_FILE, "")
            for header in table.headers:
                if header:
                    combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(mapping.get(field, "")), 0))
            combo.currentIndexChanged.connect(self.completeChanged)
            required = field in REQUIRED_FIELDS[kind]
            self.form.addRow(FIELD_LABELS[field] + (" *" if required else ""), combo)
            self.combos[field] = combo

    def _saved_options(self, profile: str) -> str:
        """' (dates day first; status words Versendet=confirmed)' when the profile remembers a
        date order or status words; the formats page then shows them too, unless the user
        chose there."""
        options = orders_api.profile_options(self.owner.store, profile)
        said = []
        saved = DateOrder.from_saved(options.get("date_order"))
        if saved is not None:
            combo = self.owner.sheet_page.date_order
            if combo.currentData() is None:
                combo.setCurrentIndex(combo.findData(saved))
            said.append(f"dates {saved.value.replace('-', ' ')}")
        words = options.get("status_map")
        if isinstance(words, dict) and words:
            text = imports.status_map_text({str(k): str(v) for k, v in words.items()})
            field = self.owner.sheet_page.status_words
            if not field.text().strip():
                field.setText(text)
            said.append(f"status words {text}")
        return f" ({'; '.join(said)})" if said else ""

    def mapping(self) -> dict[str, str]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData()}

    def isComplete(self) -> bool:
        mapped = self.mapping()
        return bool(self.combos) and all(f in mapped for f in REQUIRED_FIELDS[self.owner.kind()])

    def validatePage(self) -> bool:
        name = self.profile.text().strip()
        if name:
            order = self.owner.sheet_page.date_order.currentData()
            remembered: dict[str, object] = {"date_order": str(order)} if order else {}
            words = self.owner.sheet_page.status_map()
            if words:
                remembered["status_map"] = words
            try:
                imports.save_profile(
                    self.owner.store,
                    name,
                    self.owner.kind(),
                    self.owner.headers,
                    self.mapping(),
                    remembered,
                )
            except UserError as exc:
                self.error.setText(str(exc))
                return False
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle("Preview")
        self.setSubTitle("What the import will do. Nothing has been changed yet.")
        self.owner = wizard
        self.summary = QLabel()
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.warnings = QLabel()  # e.g. orders in a currency without an exchange rate
        self.warnings.setObjectName("previewWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5300;")
        self.warnings.hide()
        self.errors = RecordsTableModel(["Row", "Column", "Problem"], right_aligned=(0,))
        table = QTableView()
        table.setObjectName("previewErrors")
        table.setStyleSheet(f"QTableView {{ color: {ERROR_RED}; }}")  # rejected rows stand out
        table.setModel(self.errors)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setWordWrap(False)
        auto_fit(table, widest=480)  # the problem column takes the room; the rest their text
        self.error_table = table
        self.unknown_box = QGroupBox("Partner codes not in your partner list")
        self.unknown_text = QLabel()
        self.unknown_text.setWordWrap(True)
        self.new_partners = NewPartnersModel()
        self.new_table = QTableView()
        self.new_table.setObjectName("newPartners")
        self.new_table.setModel(self.new_partners)
        self.new_table.verticalHeader().hide()
        self.new_table.verticalHeader().setDefaultSectionSize(26)  # room for a combo editor
        self.new_table.setWordWrap(False)
        self.new_table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
            | QTableView.EditTrigger.SelectedClicked
        )
        self.new_table.setItemDelegateForColumn(
            PAYOUT,
            ChoiceDelegate(
                [(PAYOUT_LABELS[m.value], m.value) for m in PayoutMethod],
                editable=False,
                parent=self.new_table,
            ),
        )
        self.type_delegate = ChoiceDelegate([], editable=True, parent=self.new_table)
        self.new_table.setItemDelegateForColumn(TYPE, self.type_delegate)
        auto_fit(self.new_table)
        self.new_partners.modelReset.connect(self._fit_new_table)
        self.stop = QRadioButton("Stop, I will add these partners first")
        self.create_new = QRadioButton(
            "Create them as new partners, named, typed and paid as in the table"
        )
        self.skip = QRadioButton("Skip their rows")
        self.stop.setChecked(True)
        self.choice = QButtonGroup(self)
        box_layout = QVBoxLayout(self.unknown_box)
        box_layout.addWidget(self.unknown_text)
        box_layout.addWidget(self.new_table)
        for number, button in enumerate((self.stop, self.create_new, self.skip)):
            self.choice.addButton(button, number)
            box_layout.addWidget(button)
        self.skip_invalid = QCheckBox("Skip the rejected rows and import the rest")
        self.check_again = QPushButton("Check &again")
        self.check_again.clicked.connect(self.run_preview)
        self.choice.idClicked.connect(lambda _id: self.run_preview())
        self.skip_invalid.toggled.connect(lambda _on: self.run_preview())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addWidget(self.unknown_box)
        layout.addWidget(table, 1)
        row = QHBoxLayout()
        row.addWidget(self.skip_invalid, 1)
        row.addWidget(self.check_again)
        layout.addLayout(row)

    def initializePage(self) -> None:
        self.unknown_box.hide()
        self.warnings.hide()
        self.run_preview()

    def run_preview(self) -> None:
        self.owner.report = None
        self.summary.setText("Checking the file…")
        self.completeChanged.emit()
        options, path, store = self.owner.import_options(), self.owner.path, self.owner.store
        start_query(
            self,
            "Checking the file",
            lambda progress, cancelled: imports.dry_run(store, path, options, progress, cancelled),
            self.show_report,
            on_failure=self.show_failure,
        )

    def show_failure(self, exc: BaseException) -> None:
        self.summary.setText(
            str(exc) if isinstance(exc, UserError) else f"Could not read the file: {exc!r}"
        )

    def show_report(self, report: imports.ImportReport) -> None:
        self.owner.report = report
        rows = report.rows_read
        text = (
            f"<b>{rows:,} rows read</b>: {report.added:,} to add, {report.updated:,} to update, "
            f"{report.unchanged:,} unchanged, {report.rejected:,} rejected"
        )
        if report.skipped:
            text += f", {report.skipped:,} skipped"
        if report.not_referred:
            text += f", {report.not_referred:,} not referred (no partner code: not imported)"
        if report.partners_created:
            untyped = sum(1 for d in self.new_partners.details() if not d.partner_type)
            kind = (
                f"; {untyped} of them <b>with no type: no plan will cover them</b> until you "
                "give them one (in the table, or a default type and plan in Settings)"
                if untyped
                else ""
            )
            text += f"; {report.partners_created} new partner(s), as in the table{kind}"
        if report.refused:
            refused = html.escape(without_flags(report.refused))
            text += f".<br><span style='color:#b3261e'>{refused}.</span>"
        else:
            text += ".<br>Press <b>Import</b> to import."
        self.summary.setText(text)
        self.warnings.setText(
            "\n".join(f"⚠ {w[0].upper()}{w[1:]}." for w in report.warnings[:10])
            + (f"\n… and {len(report.warnings) - 10} more" if len(report.warnings) > 10 else "")
        )
        self.warnings.setVisible(bool(report.warnings))
        self.errors.set_rows(
            [(str(e.row), e.column, without_flags(e.message)) for e in report.errors]
        )
        if report.unknown:
            self.show_unknown(report)
        self.completeChanged.emit()

    def show_unknown(self, report: imports.ImportReport) -> None:
        """One row per partner to create (its spellings together), to name, type and pay."""
        spelled = sum(len(u.spellings) for u in report.unknown)
        several = (
            f" ({spelled} spellings: codes are matched ignoring case)"
            if spelled > len(report.unknown)
            else ""
        )
        self.unknown_text.setText(
            f"{len(report.unknown)} partner(s) the file names{several}. To create them, check "
            "their name, type and payout method (double-click a cell to change it), then "
            "choose <b>Create</b>."
        )
        types = partner_service.load_partner_types(self.owner.store)
        self.type_delegate.choices = [(NO_TYPE, ""), *((t, t) for t in types)]
        self.new_partners.set_codes(report.unknown, report.new_partner_type)
        self.unknown_box.show()

    def _fit_new_table(self) -> None:
        """As tall as its rows (up to NEW_ROWS, then it scrolls): the errors below get the
        rest of the page."""
        rows = min(max(self.new_partners.rowCount(), 1), NEW_ROWS)
        self.new_table.setFixedHeight(rows_height(self.new_table, rows) + 2)

    def isComplete(self) -> bool:
        report = self.owner.report
        return report is not None and not report.refused and (report.added or report.updated) > 0


class ImportWizard(QWizard):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Import a spreadsheet")
        self.setObjectName("importWizard")
        self.setMinimumSize(640, 480)
        self.setSizeGripEnabled(True)  # long error messages and many new partners: make room
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(self._first_size(parent))
        self.base_currency = merchant.load_profile(store).base_currency
        self.sheets: list[str] = []
        self.headers: tuple[str, ...] = ()
        self.report: imports.ImportReport | None = None
        self.result_report: imports.ImportReport | None = None
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Import")

    @property
    def path(self) -> Path:
        return Path(self.file_page.path.text().strip())

    def kind(self) -> ImportKind:
        return ImportKind(self.file_page.kind.currentData())

    def import_options(self, *, mapping: bool = True) -> ImportOptions:
        preview = self.preview_page
        return ImportOptions(
            kind=self.kind(),
            source=self.file_page.source.text().strip() or "default",
            sheet=self.sheet_page.sheet.currentData(),
            mapping=self.mapping_page.mapping() if mapping else None,
            date_order=self.sheet_page.date_order.currentData(),
            create_partners=preview.create_new.isChecked(),
            skip_unknown_partners=preview.skip.isChecked(),
            skip_invalid=preview.skip_invalid.isChecked(),
            historical=self.file_page.historical.isChecked(),
            currency=self.sheet_page.currency.value() or None,
            status_map=self.sheet_page.status_map() or None,
            new_partners=preview.new_partners.details() if preview.create_new.isChecked() else (),
        )

    @staticmethod
    def _first_size(parent: QWidget | None) -> QSize:
        """Room for the preview's error and new-partner tables: 80 % of the window it opens
        from (at least 900×640), never more than the screen."""
        wanted = QSize(900, 640)
        if parent is not None:
            wanted = wanted.expandedTo(parent.window().size() * 0.8)
        screen = parent.screen() if parent is not None else None
        if screen is not None:
            wanted = wanted.boundedTo(screen.availableGeometry().size() - QSize(40, 60))
        return wanted.boundedTo(QSize(1400, 900))

    def accept(self) -> None:
        """Import for real, on a worker; the wizard closes when it worked."""
        options, path, store = self.import_options(), self.path, self.store
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

        def succeeded(report: imports.ImportReport) -> None:
            self.result_report = report
            if report.refused:
                self.preview_page.show_report(report)
                self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
                return
            super(ImportWizard, self).accept()

        def failed(exc: BaseException) -> None:
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            if isinstance(exc, Cancelled):
                self.preview_page.summary.setText("Import cancelled; nothing was changed.")
            else:
                self.preview_page.show_failure(exc)

        start_mutation(
            self,
            "Importing",
            lambda progress, cancelled: imports.run_import(
                store, path, options, progress, cancelled
            ),
            succeeded,
            on_failure=failed,
        )
