"""The year-end summary: what each partner was paid in a year, for the merchant's accountant
(CSV/XLSX, one row per partner) and for the partner (the annual statement PDF).

Only paid runs count, in the year of their payment date (paid_on): money a run will pay later
is not income of this year. Figures are the runs' stored totals in the run currency (the base
currency), so a partner's months add up to their total and the partners add up to the paid
runs' payable. In the US a merchant files a 1099-NEC for each partner paid 600 USD or more in
a year: with USD as the base currency those partners are flagged.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, money_text
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.errors import UserError, ValidationError
from desktop_app.services.payees import METHOD_LABELS
from desktop_app.store.models import PartnerRow, PayoutPartnerRow, PayoutRunRow

ZERO = Decimal(0)
FORM_1099_THRESHOLD = Decimal(600)  # USD paid in a year: the merchant files a 1099-NEC
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class PaidRun:
    run_id: int
    start: date
    end: date
    paid_on: date
    reference: str
    commission: Decimal
    bonus: Decimal
    clawback: Decimal
    adjustments: Decimal
    paid: Decimal


@dataclass
class PartnerYear:
    partner_id: int
    name: str
    codes: tuple[str, ...]
    tax_id: str
    country: str
    method: str
    currency: str
    by_month: list[Decimal] = field(default_factory=lambda: [ZERO] * 12)
    clawbacks: Decimal = ZERO
    runs: list[PaidRun] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum(self.by_month, ZERO)

    @property
    def reaches_1099(self) -> bool:
        return self.currency == "USD" and self.total >= FORM_1099_THRESHOLD


@dataclass(frozen=True)
class YearSummary:
    year: int
    currency: str
    partners: tuple[PartnerYear, ...]
    runs_paid: Decimal  # the paid runs' payable, summed from the runs

    @property
    def total(self) -> Decimal:
        return sum((p.total for p in self.partners), ZERO)


def year_summary(session: Session, year: int) -> YearSummary:
    from desktop_app.services import merchant

    if not 1900 <= year <= 9999:
        raise ValidationError("year", f"{year} is not a year like 2026")
    base = merchant.get_profile(session).base_currency
    runs = list(
        session.scalars(
            select(PayoutRunRow)
            .where(
                PayoutRunRow.state == RunState.PAID,
                PayoutRunRow.paid_on >= date(year, 1, 1),
                PayoutRunRow.paid_on <= date(year, 12, 31),
            )
            .order_by(PayoutRunRow.paid_on, PayoutRunRow.id)
        )
    )
    currencies = {run.currency for run in runs}
    if len(currencies) > 1:
        raise UserError(
            f"the runs paid in {year} are in several currencies ({', '.join(sorted(currencies))}); "
            "a year summary adds up one currency"
        )
    currency = currencies.pop() if currencies else base
    partners = {row.id: row for row in session.scalars(select(PartnerRow))}
    found: dict[int, PartnerYear] = {}
    runs_paid = ZERO
    for run in runs:
        assert run.paid_on is not None
        for row in session.scalars(
            select(PayoutPartnerRow).where(PayoutPartnerRow.run_id == run.id)
        ):
            money = {
                name: from_minor(getattr(row, f"{name}_minor"), currency)
                for name in ("commission", "bonus", "clawback", "adjustments", "payable")
            }
            runs_paid += money["payable"]
            if not money["payable"] and not money["clawback"]:
                continue
            partner = partners.get(row.partner_id)
            entry = found.get(row.partner_id)
            if entry is None:
                entry = found[row.partner_id] = PartnerYear(
                    partner_id=row.partner_id,
                    name=partner.name if partner else row.name,
                    codes=tuple(c.code for c in partner.codes) if partner else (row.code,),
                    tax_id=partner.tax_id if partner else "",
                    country=partner.country if partner else "",
                    method=METHOD_LABELS.get(partner.payout_method, "") if partner else "",
                    currency=currency,
                )
            entry.by_month[run.paid_on.month - 1] += money["payable"]
            entry.clawbacks += money["clawback"]
            entry.runs.append(
                PaidRun(
                    run.id,
                    run.period_start,
                    run.period_end,
                    run.paid_on,
                    run.paid_reference,
                    money["commission"],
                    money["bonus"],
                    money["clawback"],
                    money["adjustments"],
                    money["payable"],
                )
            )
    ordered = sorted(found.values(), key=lambda p: (p.name.casefold(), p.partner_id))
    summary = YearSummary(year, currency, tuple(ordered), runs_paid)
    if summary.total != runs_paid:  # every paid cent is in a partner's row
        raise AssertionError(f"{year}: partners {summary.total} != paid runs {runs_paid}")
    return summary


def headers(summary: YearSummary) -> list[str]:
    cur = summary.currency
    columns = ["Name", "Codes", "Tax id", "Country", "Payout method"]
    columns += [f"Paid {month} {summary.year} ({cur})" for month in MONTHS]
    columns += [f"Total paid ({cur})", f"Clawbacks ({cur})"]
    if cur == "USD":
        columns.append("1099-NEC (paid 600 USD or more)")
    return columns


def rows(summary: YearSummary) -> list[list[str]]:
    cur = summary.currency
    found = []
    for p in summary.partners:
        row = [p.name, ", ".join(p.codes), p.tax_id, p.country, p.method]
        row += [money_text(v, cur) for v in p.by_month]
        row += [money_text(p.total, cur), money_text(p.clawbacks, cur)]
        if cur == "USD":
            row.append("yes" if p.reaches_1099 else "no")
        found.append(row)
    months = [sum((p.by_month[m] for p in summary.partners), ZERO) for m in range(12)]
    total = ["Total", "", "", "", ""] + [money_text(v, cur) for v in months]
    clawbacks = sum((p.clawbacks for p in summary.partners), ZERO)
    total += [money_text(summary.total, cur), money_text(clawbacks, cur)]
    if cur == "USD":
        total.append(str(sum(1 for p in summary.partners if p.reaches_1099)))
    found.append(total)
    return found


def write_year_report(store: Any, year: int, path: Path) -> YearSummary:
    """The accountant's file: CSV (every field quoted, formula-like text neutralised) or XLSX
    (amounts as numbers), by the file's suffix."""
    from desktop_app.services.atomic_files import write_file_atomically
    from desktop_app.services.output_files import ready_file
    from desktop_app.services.spreadsheet_cells import set_xlsx_text, write_csv

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError("out", f"'{path.name}' must end in .csv or .xlsx")
    with store.transaction() as session:
        summary = year_summary(session, year)
    head, body = headers(summary), rows(summary)
    if suffix == ".csv":
        buffer = io.StringIO()
        write_csv(buffer, head, body)
        data = buffer.getvalue().encode("utf-8-sig")
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = f"Paid {year}"
        sheet.append(head)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        money_columns = range(5, 5 + 14)
        for number, row in enumerate(body, start=2):
            for column, text in enumerate(row):
                target = sheet.cell(row=number, column=column + 1)
                if column in money_columns:
                    target.value = Decimal(text)
                    target.number_format = "#,##0.00"
                elif text:
                    set_xlsx_text(target, text)
        sheet.freeze_panes = "B2"
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    ready_file(path, "out")
    write_file_atomically(path, data)  # a full disk leaves no .part file, only a UserError
    return summary


# -- the partner's annual statement -------------------------------------------------------------


def render_annual_statement(summary: YearSummary, partner: PartnerYear | None, **who: Any) -> bytes:
    """One partner's payments in the year: each paid run with its commission, bonus,
    clawbacks, adjustments and amount paid, and the year's totals, in `who["locale"]`."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from desktop_app.services.statements.fonts import BOLD, REGULAR, register_fonts
    from desktop_app.services.statements.formatting import Formatter
    from desktop_app.services.statements.layout import HEADER_FILL, RULE_GREY, text_width
    from desktop_app.services.statements.wording import language_of
    from desktop_app.services.terms import _build, _escape
    from desktop_app.services.terms_catalogs import say

    register_fonts()
    locale: str = who["locale"]
    language = language_of(locale)
    fmt = Formatter(locale, summary.currency)
    year = summary.year

    def words(text: str, **values: object) -> str:
        return say(language, text, **values)

    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=20, spaceAfter=4)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12, spaceAfter=3)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    story: list[Any] = [
        Paragraph(_escape(who["merchant"]), ParagraphStyle("m", parent=body, fontName=BOLD)),
        Paragraph(_escape(who["address"]).replace("\n", "<br/>"), small),
        Spacer(1, 8),
        Paragraph(_escape(words("Annual statement {year}", year=year)), h1),
        Paragraph(_escape(f"{who['name']} · {', '.join(who['codes'])}"), body),
    ]
    if who.get("tax_id"):
        story.append(Paragraph(_escape(f"{who['tax_id']}"), small))
    story.append(
        Paragraph(
            _escape(
                words(
                    "Amounts in {currency}, from the settlements paid in {year}.",
                    currency=summary.currency,
                    year=year,
                )
            ),
            small,
        )
    )
    story.append(Spacer(1, 6))
    if partner is None or not partner.runs:
        story.append(Paragraph(_escape(words("No payments in {year}.", year=year)), body))
    else:
        titles = ["Run", "Period", "Paid on", "Reference", "Commission", "Bonus"]
        titles += ["Clawbacks", "Adjustments", "Paid"]
        table_rows: list[list[str]] = [[words(t) for t in titles]]
        sums = [ZERO] * 5
        for run in partner.runs:
            values = [run.commission, run.bonus, run.clawback, run.adjustments, run.paid]
            sums = [a + b for a, b in zip(sums, values, strict=True)]
            table_rows.append(
                [
                    str(run.run_id),
                    f"{fmt.day(run.start)} – {fmt.day(run.end)}",
                    fmt.day(run.paid_on),
                    run.reference,
                    *(fmt.amount(v) for v in values),
                ]
            )
        table_rows.append(
            [words("Total {year}", year=year), "", "", "", *(fmt.amount(v) for v in sums)]
        )
        width = text_width(who.get("page_size", "A4"))
        shares = [0.07, 0.19, 0.1, 0.13, 0.1, 0.08, 0.115, 0.115, 0.1]
        table = Table(table_rows, colWidths=[width * s for s in shares], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR, 7.5),
                    ("FONT", (0, 0), (-1, 0), BOLD, 7.5),
                    ("FONT", (0, -1), (-1, -1), BOLD, 7.5),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.75, RULE_GREY),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.75, (0, 0, 0)),
                    ("ALIGN", (4, 0), (-1, -1), "RIGHT"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story.append(table)
    title = words("Annual statement {year}", year=year)
    return _build(story, who.get("page_size", "A4"), language, title, who["merchant"])


def write_annual_statement(store: Any, year: int, partner_code: str, out_dir: Path) -> Path:
    """`<year>_<code>_annual.pdf` in `out_dir`, in the partner's statement language."""
    from desktop_app.services import merchant
    from desktop_app.services.output_files import ready_folder
    from desktop_app.services.partners import find_by_code
    from desktop_app.services.statements.document import safe_file_part
    from desktop_app.services.statements.render import write_pdf

    ready_folder(out_dir, "out")
    with store.transaction() as session:
        partner = find_by_code(session, partner_code)
        summary = year_summary(session, year)
        profile = merchant.get_profile(session)
    mine = next((p for p in summary.partners if p.partner_id == partner.id), None)
    data = render_annual_statement(
        summary,
        mine,
        locale=partner.statement_locale or profile.locale,
        merchant=profile.name,
        address=profile.address,
        name=partner.name,
        codes=partner.codes,
        tax_id=partner.tax_id,
        page_size=profile.page_size,
    )
    path = out_dir / f"{year}_{safe_file_part(partner.primary_code)}_annual.pdf"
    return write_pdf(path, data)
