"""The generic payment list of a run (CSV or XLSX): every partner who can be paid, whatever the
method, for a bank's own upload or a person paying by hand.

One row per payable partner whose details are usable, with the payout method and one column per
kind of detail (PayPal e-mail, IBAN, BIC, other details), never one mixed column; a partner with
missing or invalid details gets no row but is listed by the export's report
(payment_files.ExportReport). Names and details come from people and imported spreadsheets, so
cells follow desktop_app.services.spreadsheet_cells: in the CSV every field is quoted and text a
spreadsheet would run as a formula gets a leading apostrophe; in the XLSX amounts are numbers
and every other cell is a text cell (quotePrefix), its value unchanged.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.money import money_text
from desktop_app.errors import ValidationError
from desktop_app.services.payees import Payee
from desktop_app.services.spreadsheet_cells import set_xlsx_text, write_csv

if TYPE_CHECKING:
    from desktop_app.services.payment_files import ExportReport
    from desktop_app.store.database import Store

HEADERS = (
    "Name",
    "Partner code",
    "Payout method",
    "PayPal e-mail",
    "IBAN",
    "BIC",
    "Other details",
    "Amount",
    "Currency",
    "Reference",
    "Note",
)
AMOUNT_COLUMN = HEADERS.index("Amount")
FORMATS = (".csv", ".xlsx")


def cells(payee: Payee) -> list[str]:
    """The row as text, the amount a plain decimal number."""
    return [
        payee.name,
        payee.code,
        payee.method_label,
        payee.paypal,
        payee.iban,
        payee.bic,
        payee.other,
        money_text(payee.amount, payee.currency),
        payee.currency,
        payee.reference,
        payee.note,
    ]


def export_payouts(store: Store, run_id: int, path: Path) -> ExportReport:
    """The payment list as CSV or XLSX, by the file's suffix (see payment_files)."""
    from desktop_app.services.payment_files import export_payment_file

    if path.suffix.lower() not in FORMATS:
        raise ValidationError("out", f"'{path.name}' must end in .csv or .xlsx")
    return export_payment_file(store, run_id, path, path.suffix.lower()[1:])


def payout_csv(payees: list[Payee]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accented names correctly."""
    buffer = io.StringIO()
    write_csv(buffer, HEADERS, (cells(p) for p in payees))
    return buffer.getvalue().encode("utf-8-sig")


def payout_xlsx(payees: list[Payee]) -> bytes:
    """Amounts as numbers with the currency's decimals; every other cell is text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from desktop_app.domain.money import minor_digits

    book = Workbook()
    sheet = book.active
    sheet.title = "Payouts"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, payee in enumerate(payees, start=2):
        for column, text in enumerate(cells(payee), start=1):
            if column != AMOUNT_COLUMN + 1 and text:  # an empty detail stays an empty cell
                set_xlsx_text(sheet.cell(row=number, column=column), text)
        amount = sheet.cell(row=number, column=AMOUNT_COLUMN + 1, value=payee.amount)
        digits = minor_digits(payee.currency)
        amount.number_format = "0." + "0" * digits if digits else "0"
    widths = (28, 12, 14, 30, 26, 13, 24, 12, 9, 24, 48)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
