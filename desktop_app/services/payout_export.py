"""The payout file of a run: one row per payable partner, for a bank's or PayPal's mass payment.

Columns follow what mass-payment uploads take: name, e-mail or account, amount, currency,
reference, note. Names and account details come from imported spreadsheets and partners choose
them, so cells follow desktop_app.services.spreadsheet_cells: in the CSV every field is quoted
and text a spreadsheet would run as a formula gets a leading apostrophe; in the XLSX amounts are
numbers and every other cell is a text cell (quotePrefix), its value unchanged.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.money import money_text
from desktop_app.errors import ValidationError
from desktop_app.services.atomic_files import write_file_atomically
from desktop_app.services.output_files import ready_file
from desktop_app.services.spreadsheet_cells import set_xlsx_text, write_csv
from desktop_app.services.statements.document import statement_number
from desktop_app.store.database import Store
from desktop_app.store.models import PartnerRow

HEADERS = ("Name", "Email or account", "Amount", "Currency", "Reference", "Note")
FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class PayoutRow:
    partner_id: int
    name: str
    recipient: str  # PayPal e-mail or bank account, as the payment tool needs it
    method: str
    amount: Decimal
    currency: str
    reference: str
    note: str

    def cells(self) -> list[str]:
        """The row as text, the amount a plain decimal number."""
        return [
            self.name,
            self.recipient,
            money_text(self.amount, self.currency),
            self.currency,
            self.reference,
            self.note,
        ]


@dataclass(frozen=True)
class PayoutFile:
    path: Path
    rows: int
    total: Decimal
    currency: str


def recipient_of(method: str, details: str, email: str) -> str:
    """PayPal pays an e-mail; a bank transfer needs the account; otherwise whatever is known."""
    details = details.strip()
    if method == "paypal":
        return details if "@" in details else (email or details)
    return details or email


def payout_rows(session: Session, run_id: int) -> list[PayoutRow]:
    """Payable partners of a locked or paid run, in partner-name order."""
    from desktop_app.services.payouts import run_summary

    summary = run_summary(session, run_id)
    run = summary.run
    if run.state == "draft":
        raise ValidationError(
            "run", f"run {run_id} is a draft; lock it before exporting the payout file"
        )
    payable = {p.partner_id: p for p in summary.partners if p.payable > 0}
    if not payable:
        return []
    partners = {
        row.id: row for row in session.scalars(select(PartnerRow).where(PartnerRow.id.in_(payable)))
    }
    rows: list[PayoutRow] = []
    for partner_id, totals in payable.items():
        partner = partners[partner_id]
        code = totals.code or (partner.codes[0].code if partner.codes else "")
        rows.append(
            PayoutRow(
                partner_id=partner_id,
                name=partner.name,
                recipient=recipient_of(
                    partner.payout_method, partner.payout_details, partner.email
                ),
                method=partner.payout_method,
                amount=totals.payable,
                currency=run.currency,
                reference=statement_number(run_id, partner_id, run.start),
                note=f"Commission {run.start.isoformat()} – {run.end.isoformat()} ({code})",
            )
        )
    rows.sort(key=lambda row: (row.name.casefold(), row.partner_id))
    return rows


def export_payouts(store: Store, run_id: int, path: Path) -> PayoutFile:
    """Write the payout file (CSV or XLSX by the file's suffix) through a temporary file."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError("out", f"'{path.name}' must end in .csv or .xlsx")
    with store.transaction() as session:
        from desktop_app.services.payouts import run_summary

        currency = run_summary(session, run_id).run.currency
        rows = payout_rows(session, run_id)
    data = payout_csv(rows) if suffix == ".csv" else payout_xlsx(rows)
    ready_file(path, "out")
    write_file_atomically(path, data)  # a full disk leaves no .part file, only a UserError
    total = sum((row.amount for row in rows), Decimal(0))
    return PayoutFile(path, len(rows), total, currency)


def payout_csv(rows: list[PayoutRow]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accented names correctly."""
    buffer = io.StringIO()
    write_csv(buffer, HEADERS, (row.cells() for row in rows))
    return buffer.getvalue().encode("utf-8-sig")


def payout_xlsx(rows: list[PayoutRow]) -> bytes:
    """Amounts as numbers with the currency's decimals; every other cell is text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from desktop_app.domain.money import minor_digits

    book = Workbook()
    sheet = book.active
    sheet.title = "Payouts"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, text in enumerate(row.cells(), start=1):
            if column != 3:
                set_xlsx_text(sheet.cell(row=number, column=column), text)
        amount = sheet.cell(row=number, column=3, value=row.amount)
        digits = minor_digits(row.currency)
        amount.number_format = "0." + "0" * digits if digits else "0"
    for letter, width in zip("ABCDEF", (28, 34, 12, 9, 24, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
