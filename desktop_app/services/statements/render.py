"""Render StatementDocuments to PDF with reportlab platypus.

Output is reproducible: reportlab's invariant mode (fixed ids and dates), fonts embedded from
resources/fonts, and nothing taken from the clock, so the same document gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)
from reportlab.platypus.doctemplate import LayoutError

from desktop_app.domain.commissions.breakdown import (
    HowPaid,
    line_rate,
)
from desktop_app.domain.commissions.compiled import MARGINAL_TIER
from desktop_app.services.atomic_files import write_file_atomically
from desktop_app.services.statements.catalogs import MARGINAL_NOTE, PERIOD_NOTE
from desktop_app.services.statements.document import (
    STATUS_PAYABLE,
    StatementDocument,
    StatementLine,
)
from desktop_app.services.statements.fonts import REGULAR, register_fonts
from desktop_app.services.statements.formatting import Formatter
from desktop_app.services.statements.head import StatementHead
from desktop_app.services.statements.layout import (
    BODY_SIZE,
    CELL_PAD,
    CHUNK_ROWS,
    DETAIL_HEIGHT,
    DETAIL_SIZE,
    HEADER_ROW_HEIGHT,
    ROW_HEIGHT,
    Current,
    NumberedCanvas,
    build_doc_template,
    column_titles,
    column_widths,
    fit_text,
    text_width,
    wrap_lines,
)
from desktop_app.services.statements.rows import (
    HEADER,
    STATUS_LEADING,
    STATUS_SIZE,
    TOTAL,
    DetailRows,
    Row,
)
from desktop_app.services.statements.wording import Wording

OnStatement = Callable[[int], None]
STATUS_LINES = 2  # only free text longer than the column wraps; known reasons are said short
MARGINAL_MARK = " *"


def render_statement(statement: StatementDocument) -> bytes:
    """One statement as PDF bytes."""
    return render_statements([statement])


def render_statements(
    statements: Sequence[StatementDocument],
    on_statement: OnStatement | None = None,
    *,
    summary: bool | None = None,
) -> bytes:
    """Several statements in one PDF (for printing a whole run); pages numbered per statement.
    A file of more than one statement opens with the run summary page (summary_page.py)
    unless `summary` is False.

    `on_statement(i)` is called when statement i starts being laid out; it may raise Cancelled.
    """
    if not statements:
        raise ValueError("no statements to render")
    register_fonts()
    first = statements[0]
    current = Current()
    buffer = io.BytesIO()
    w = Formatter(first.locale, first.currency).words
    title = (
        w("Statement {number}", number=first.number)
        if len(statements) == 1
        else w(
            "Statements {period} ({count} partners)",
            period=first.period_label,
            count=len(statements),
        )
    )
    doc = build_doc_template(
        buffer, first.merchant.page_size, current, title=title, author=first.merchant.name
    )
    story: list[Flowable] = []
    if summary if summary is not None else len(statements) > 1:
        from desktop_app.services.statements.summary_page import summary_story

        story += summary_story(statements, current)
    for index, statement in enumerate(statements):
        if story:
            story += [NextPageTemplate("first"), PageBreak()]
        outline = len(statements) > 1
        story.append(StatementStart(current, statement, index, on_statement, outline=outline))
        story.append(NextPageTemplate("later"))
        story += statement_story(statement)
    try:
        doc.build(story, canvasmaker=NumberedCanvas)
    except LayoutError as exc:  # pragma: no cover - a cell too large for a page
        raise ValueError(f"statement layout failed: {exc}") from exc
    return buffer.getvalue()


def write_pdf(path: Path, data: bytes) -> Path:
    """Write through a temporary file and rename, so a half-written PDF never exists (and a
    full disk leaves no `.part` file, only a one-line UserError)."""
    return write_file_atomically(path, data)


def render_to_file(statement: StatementDocument, path: Path) -> Path:
    """Render and write one statement (the unit of work of the export's process pool)."""
    return write_pdf(path, render_statement(statement))


class StatementStart(Flowable):  # type: ignore[misc]
    """Zero-size marker: tells the page callbacks which statement the page belongs to."""

    def __init__(
        self,
        current: Current,
        statement: StatementDocument,
        index: int,
        on_statement: OnStatement | None,
        *,
        outline: bool = False,
    ) -> None:
        super().__init__()
        self.current = current
        self.statement = statement
        self.index = index
        self.on_statement = on_statement
        self.outline = outline

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        if self.on_statement is not None:
            self.on_statement(self.index)
        self.current.document = self.statement
        self.current.index = self.index
        if self.outline:  # a combined file gets a bookmark per partner for finding one
            key = f"statement-{self.index}"
            self.canv.bookmarkPage(key)
            partner = self.statement.partner
            code = f" ({partner.codes[0]})" if partner.codes else ""
            self.canv.addOutlineEntry(f"{partner.name}{code}", key, level=0)


def statement_story(statement: StatementDocument) -> list[Flowable]:
    fmt = Formatter(statement.locale, statement.currency)
    width = text_width(statement.merchant.page_size)
    story: list[Flowable] = [StatementHead(statement, fmt, width)]
    if not statement.lines:
        style = ParagraphStyle("empty", fontName=REGULAR, fontSize=8.5, leading=11)
        story.append(Paragraph(fmt.words("No commission lines in this period."), style))
        return story
    style = ParagraphStyle("note", fontName=REGULAR, fontSize=7, leading=9, spaceAfter=4)
    if any(_marginal(line) for line in statement.lines):  # above the lines: never left alone
        story.append(Paragraph(fmt.words(MARGINAL_NOTE), style))
        for how in _period_brackets(statement):
            story.append(Paragraph(_escape(period_note(how, fmt)), style))
    story += detail_tables(statement, fmt)
    notes = status_notes(statement, fmt)
    if notes:
        heading = ParagraphStyle(
            "notes", fontName=REGULAR, fontSize=7.5, leading=10, spaceBefore=8, spaceAfter=2
        )
        story.append(Paragraph(_escape(fmt.words("Why some lines are not paid yet")), heading))
        story += [Paragraph(_escape(f"• {note}"), style) for note in notes]
    return story


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _period_brackets(statement: StatementDocument) -> list[HowPaid]:
    """The distinct period breakdowns of a statement's marginal period-sales lines."""
    found: list[HowPaid] = []
    for line in statement.lines:
        if line.how is not None and line.how.over == "period" and line.how not in found:
            found.append(line.how)
    return found


def brackets_text(how: HowPaid, fmt: Formatter) -> str:
    """ "5 % of 100.00 + 8 % of 400.00 + 10 % of 734.56" in the statement's language."""
    return " + ".join(
        fmt.words("{rate} of {amount}", rate=fmt.rate(b.rate), amount=fmt.amount(b.base))
        for b in how.brackets
    )


def period_note(how: HowPaid, fmt: Formatter) -> str:
    rate = how.effective_rate or Decimal(0)
    return fmt.words(
        PERIOD_NOTE,
        sales=fmt.money(how.period_sales),
        brackets=brackets_text(how, fmt),
        total=fmt.money(how.period_commission),
        rate=fmt.rate(rate),
    )


def rate_of(line: StatementLine) -> Decimal | None:
    """The Rate column: what the line earned (breakdown.EFFECTIVE_RATE); a share of a period's
    marginal total shows the period's rate, which every such line earned before its cent."""
    return line_rate(
        line.kind, line.tier, line.rate, line.fixed, line.amount, line.commission, line.how
    )


def line_detail(line: StatementLine, fmt: Formatter) -> str:
    """The row under a line that earned more than one rate times its amount: a marginal
    order's slices, or the rate and the fixed part per order."""
    if line.kind != "commission":
        return ""
    per_order = fmt.words("{amount} per order", amount=fmt.amount(line.fixed)) if line.fixed else ""
    if line.how is not None and line.how.over == "order" and not line.how.one_rate:
        parts = [brackets_text(line.how, fmt)]
    elif line.fixed and line.rate and (not _marginal(line) or (line.how and line.how.one_rate)):
        parts = [
            fmt.words(
                "{rate} of {amount}", rate=fmt.rate(line.rate), amount=fmt.amount(line.amount)
            )
        ]
    else:
        parts = []
    if per_order:
        parts.append(per_order)
    return " + ".join(parts)


def status_notes(statement: StatementDocument, fmt: Formatter) -> list[str]:
    """The full sentences behind the Status column's short words, each once."""
    notes: list[str] = []
    for line in statement.lines:
        if line.reason:
            _cell, note = fmt.words.status(line.reason, line.why)
            if note and note not in notes:
                notes.append(note)
    return notes


def detail_rows(statement: StatementDocument, fmt: Formatter) -> list[Row]:
    """The printed cells and height of every detail line."""
    fits = [w - 2 * CELL_PAD for w in column_widths(statement.merchant.page_size)]
    paid = statement.paid_on is not None
    words = fmt.words
    rows: list[Row] = []
    detail_width = sum(column_widths(statement.merchant.page_size)[1:]) - 2 * CELL_PAD
    for line in statement.lines:
        status = _status_text(words, line, fits[6], paid)
        effective = rate_of(line)
        cells = (
            fit_text(line.reference, REGULAR, BODY_SIZE, fits[0]),
            fmt.day(line.line_date),
            fmt.amount(line.amount),
            _tier_cell(words, line, fits[3]),
            fmt.rate(effective) if effective is not None else "",
            fmt.amount(line.commission),
            status,
        )
        details = []
        if line.converted:  # its own currency's amount and the rate it was converted at
            assert line.exchange_rate is not None
            rate = line.exchange_rate
            details.append(fmt.conversion(line.original_amount, line.original_currency, rate))
        how = line_detail(line, fmt)
        if how:
            details.append(how)
        detail = (
            fit_text(" · ".join(details), REGULAR, DETAIL_SIZE, detail_width) if details else ""
        )
        height = ROW_HEIGHT + status.count("\n") * STATUS_LEADING
        rows.append(Row(cells, height + (DETAIL_HEIGHT if detail else 0), detail=detail))
    return rows


def detail_tables(statement: StatementDocument, fmt: Formatter) -> list[Flowable]:
    """The detail lines in chunks of at most CHUNK_ROWS rows; the header row is in the first
    chunk only (later pages draw it in the page template) and the total row ends the last."""
    widths = column_widths(statement.merchant.page_size)
    rows = detail_rows(statement, fmt)
    header = Row(column_titles(fmt.words), HEADER_ROW_HEIGHT, HEADER)
    total = Row(
        (fmt.words("Total of lines"), "", "", "", "", fmt.amount(statement.lines_total), ""),
        HEADER_ROW_HEIGHT + 2,
        TOTAL,
    )
    chunks: list[Flowable] = []
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        if start == 0:
            chunk = [header, *chunk]
        if start + CHUNK_ROWS >= len(rows):
            chunk = [*chunk, total]
        chunks.append(DetailRows(chunk, widths))
    return chunks


def _marginal(line: StatementLine) -> bool:
    return line.kind in ("commission", "clawback") and line.tier.endswith(MARGINAL_TIER)


def _tier_cell(words: Wording, line: StatementLine, width: float) -> str:
    """The tier in the partner's words; a marginal tier ends in a star (MARGINAL_NOTE above the
    table says what it means), which stays when a long tier is cut."""
    if not _marginal(line):
        return fit_text(words.line_tier(line.kind, line.tier), REGULAR, BODY_SIZE, width)
    label = words.line_tier(line.kind, line.tier[: -len(MARGINAL_TIER)])
    room = width - stringWidth(MARGINAL_MARK, REGULAR, BODY_SIZE)
    return fit_text(label, REGULAR, BODY_SIZE, room) + MARGINAL_MARK


def _status_text(words: Wording, line: StatementLine, width: float, paid: bool) -> str:
    """ "payable" (or "paid" once the run is paid), else why not, in the partner's words."""
    if line.status == STATUS_PAYABLE and not line.reason:
        return words("paid" if paid else "payable")
    text = words.status(line.reason, line.why)[0] if line.reason else words(line.status)
    return "\n".join(wrap_lines(text, REGULAR, STATUS_SIZE, width, STATUS_LINES))
