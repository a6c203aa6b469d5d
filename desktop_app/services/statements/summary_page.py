"""The run summary that opens a combined statements file: one row per partner with sales,
commission, bonus, refunds, adjustments, withheld, held, carried in and over and the amount
payable, and a total row.

The money columns are the signed contributions each statement's summary box shows (withheld,
held and carried over are negative), so every row adds up to its payable, and the totals are
sums of the rows: for a whole run, the run's own totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop_app.services.statements.document import StatementDocument
from desktop_app.services.statements.fonts import BOLD, REGULAR
from desktop_app.services.statements.formatting import Formatter
from desktop_app.services.statements.layout import HEADER_FILL, RULE_GREY, Current, text_width

ZERO = Decimal(0)
# Shares of the text width of the ten money columns; the partner column takes what is left.
SHARES = (0.088, 0.085, 0.078, 0.08, 0.082, 0.08, 0.083, 0.083, 0.083, 0.088)
# Column titles short enough for their column in each language (the statement's catalogs say
# these words longer, for a wide summary box).
HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("Sales", "Commission", "Bonus", "Refunds", "Adjust.", "Withheld", "Held",
           "Carried in", "Carried out", "Payable"),
    "de": ("Umsatz", "Provision", "Bonus", "Erstatt.", "Korrektur", "Einbeh.", "Zurückgeh.",
           "Übertrag ein", "Übertrag aus", "Auszahlbar"),
    "fr": ("Ventes", "Commission", "Primes", "Rembours.", "Ajustem.", "Retenu", "En attente",
           "Report reçu", "Reporté", "À payer"),
    "es": ("Ventas", "Comisión", "Bonos", "Devoluc.", "Ajustes", "Retenido", "En espera",
           "Saldo ant.", "Trasladado", "A pagar"),
}  # fmt: skip
SIZE = 6.8


def summary_values(statement: StatementDocument) -> list[Decimal]:
    s = statement.summary
    return [
        statement.sales,
        s.commissions,
        s.bonuses,
        s.clawbacks,
        s.adjustments,
        s.withheld,
        s.held,
        s.carried_in,
        s.carried_out,
        s.payable,
    ]


class SummaryStart(Flowable):  # type: ignore[misc]
    """Zero-size marker: the pages that follow belong to the summary (numbered on their own)."""

    def __init__(self, current: Current, locale: str) -> None:
        super().__init__()
        self.current = current
        self.locale = locale

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        from desktop_app.services.statements.layout import NumberedCanvas
        from desktop_app.services.statements.wording import Wording, language_of

        self.current.document = None
        self.current.index = -1
        if isinstance(self.canv, NumberedCanvas):
            self.canv.words = Wording(language_of(self.locale))


def summary_story(statements: Sequence[StatementDocument], current: Current) -> list[Flowable]:
    first = statements[0]
    fmt = Formatter(first.merchant.locale, first.currency)  # the merchant's page, not a partner's
    words = fmt.words
    width = text_width(first.merchant.page_size)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=16, spaceAfter=2)
    sub = ParagraphStyle("sub", fontName=REGULAR, fontSize=8, leading=10, spaceAfter=8)
    head = ParagraphStyle(
        "head", fontName=BOLD, fontSize=SIZE, leading=SIZE + 1.5, alignment=2, splitLongWords=0
    )
    head_left = ParagraphStyle("headl", parent=head, alignment=0)
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=SIZE, leading=SIZE + 1.5)
    header: list[Any] = [Paragraph(words("Partner"), head_left)]
    titles = HEADERS.get(words.language, HEADERS["en"])
    header += [Paragraph(_escape(title), head) for title in titles]
    rows: list[list[Any]] = [header]
    totals = [ZERO] * len(SHARES)
    for statement in statements:
        values = summary_values(statement)
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        code = statement.partner.codes[0] if statement.partner.codes else ""
        name = f"{statement.partner.name} ({code})" if code else statement.partner.name
        rows.append([Paragraph(_escape(name), cell), *(fmt.amount(v) for v in values)])
    rows.append([words("Total"), *(fmt.amount(v) for v in totals)])
    money = [width * share for share in SHARES]
    widths = [width - sum(money), *money]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, SIZE),
                ("FONT", (0, -1), (-1, -1), BOLD, SIZE),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.75, RULE_GREY),
                ("LINEBELOW", (0, 1), (-1, -2), 0.25, (0.85, 0.86, 0.88)),
                ("LINEABOVE", (0, -1), (-1, -1), 0.75, (0, 0, 0)),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    period = first.period_label
    intro = words(
        "Run {run} · period {period} · {count} partners · amounts in {currency}",
        run=first.run_id,
        period=f"{first.period_start.isoformat()} – {first.period_end.isoformat()}"
        if "_" in period
        else period,
        count=len(statements),
        currency=first.currency,
    )
    return [
        SummaryStart(current, first.merchant.locale),
        Paragraph(_escape(first.merchant.name), sub),
        Paragraph(_escape(words("Payout run summary")), title),
        Paragraph(_escape(intro), sub),
        Spacer(1, 4),
        table,
    ]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
