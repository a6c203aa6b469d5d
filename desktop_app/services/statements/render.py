"""Render StatementDocuments to PDF with reportlab platypus.

Output is reproducible: reportlab's invariant mode (fixed ids and dates), fonts embedded from
resources/fonts, and nothing taken from the clock, so the same document gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    Image,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from desktop_app.services.statements.document import STATUS_PAYABLE, StatementDocument
from desktop_app.services.statements.fonts import BOLD, REGULAR, register_fonts
from desktop_app.services.statements.formatting import Formatter
from desktop_app.services.statements.layout import (
    BODY_SIZE,
    CELL_PAD,
    CHUNK_ROWS,
    HEADER_FILL,
    HEADER_ROW_HEIGHT,
    ROW_HEIGHT,
    RULE_GREY,
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

OnStatement = Callable[[int], None]
LOGO_MAX = (150.0, 56.0)
STATUS_LINES = 3


def render_statement(statement: StatementDocument) -> bytes:
    """One statement as PDF bytes."""
    return render_statements([statement])


def render_statements(
    statements: Sequence[StatementDocument],
    on_statement: OnStatement | None = None,
) -> bytes:
    """Several statements in one PDF (for printing a whole run); pages numbered per statement.

    `on_statement(i)` is called when statement i starts being laid out; it may raise Cancelled.
    """
    if not statements:
        raise ValueError("no statements to render")
    register_fonts()
    first = statements[0]
    current = Current()
    buffer = io.BytesIO()
    title = (
        f"Statement {first.number}"
        if len(statements) == 1
        else f"Statements {first.period_label} ({len(statements)} partners)"
    )
    doc = build_doc_template(
        buffer, first.merchant.page_size, current, title=title, author=first.merchant.name
    )
    story: list[Flowable] = []
    for index, statement in enumerate(statements):
        if index:
            story += [NextPageTemplate("first"), PageBreak()]
        story.append(StatementStart(current, statement, index, on_statement))
        story.append(NextPageTemplate("later"))
        story += statement_story(statement)
    try:
        doc.build(story, canvasmaker=NumberedCanvas)
    except LayoutError as exc:  # pragma: no cover - a cell too large for a page
        raise ValueError(f"statement layout failed: {exc}") from exc
    return buffer.getvalue()


def write_pdf(path: Path, data: bytes) -> Path:
    """Write through a temporary file and rename, so a half-written PDF never exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    temporary.replace(path)
    return path


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
    ) -> None:
        super().__init__()
        self.current = current
        self.statement = statement
        self.index = index
        self.on_statement = on_statement

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        if self.on_statement is not None:
            self.on_statement(self.index)
        self.current.document = self.statement
        self.current.index = self.index


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=8.5, leading=11)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5),
        "merchant": ParagraphStyle("merchant", parent=base, fontName=BOLD, fontSize=12, leading=15),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=15, leading=19, alignment=TA_RIGHT
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "heading": ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=10, leading=13),
        "partner": ParagraphStyle("partner", parent=base, fontName=BOLD, fontSize=11, leading=14),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lines(text: str) -> str:
    return "<br/>".join(_escape(line) for line in text.splitlines() if line.strip())


def statement_story(statement: StatementDocument) -> list[Flowable]:
    styles = _styles()
    fmt = Formatter(statement.merchant.locale, statement.currency)
    width = text_width(statement.merchant.page_size)
    story: list[Flowable] = [
        _header(statement, fmt, styles, width),
        Spacer(1, 14),
        _partner_and_summary(statement, fmt, styles, width),
        Spacer(1, 16),
        Paragraph(f"Detail lines (amounts in {statement.currency})", styles["heading"]),
        Spacer(1, 4),
    ]
    if not statement.lines:
        story.append(Paragraph("No commission lines in this period.", styles["base"]))
        return story
    story += detail_tables(statement, fmt)
    return story


def _header(
    statement: StatementDocument, fmt: Formatter, styles: dict[str, ParagraphStyle], width: float
) -> Table:
    merchant = statement.merchant
    sender: list[Flowable] = []
    logo = _logo(merchant.logo_path)
    if logo is not None:
        sender += [logo, Spacer(1, 6)]
    sender.append(Paragraph(_escape(merchant.name), styles["merchant"]))
    details = [merchant.address, f"Tax id: {merchant.tax_id}" if merchant.tax_id else ""]
    details.append(merchant.email)
    sender.append(Paragraph(_lines("\n".join(details)), styles["small"]))
    period = f"{fmt.long_day(statement.period_start)} – {fmt.long_day(statement.period_end)}"
    facts = [
        Paragraph(
            "Commission statement (draft)" if statement.draft else "Commission statement",
            styles["title"],
        ),
        Spacer(1, 4),
        Paragraph(f"Statement no. <b>{_escape(statement.number)}</b>", styles["right"]),
        Paragraph(f"Period: {_escape(period)}", styles["right"]),
        Paragraph(f"Issued: {_escape(fmt.long_day(statement.issued_on))}", styles["right"]),
        Paragraph(f"Currency: {_escape(statement.currency)}", styles["right"]),
    ]
    table = Table([[sender, facts]], colWidths=[width * 0.5, width * 0.5])
    table.setStyle(_plain_cells())
    return table


def _logo(path_text: str) -> Image | None:
    if not path_text:
        return None
    path = Path(path_text).expanduser()
    if not path.is_file():
        return None
    try:
        image = Image(str(path))
    except OSError:
        return None
    scale = min(LOGO_MAX[0] / image.imageWidth, LOGO_MAX[1] / image.imageHeight, 1.0)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    image.hAlign = "LEFT"
    return image


def _partner_and_summary(
    statement: StatementDocument, fmt: Formatter, styles: dict[str, ParagraphStyle], width: float
) -> Table:
    partner = statement.partner
    block: list[Flowable] = [
        Paragraph("Statement for", styles["small"]),
        Paragraph(_escape(partner.name), styles["partner"]),
    ]
    facts: list[str] = []
    if partner.codes:
        facts.append(f"Partner codes: {', '.join(partner.codes)}")
    if partner.email:
        facts.append(f"E-mail: {partner.email}")
    if partner.payout_method:
        method = partner.payout_method
        facts.append(f"Payout: {method} {partner.payout_account}".rstrip())
    if partner.tax_id:
        facts.append(f"Tax id: {partner.tax_id}")
    block.append(Paragraph(_lines("\n".join(facts)), styles["base"]))
    box_width = width * 0.46
    table = Table(
        [[block, _summary_box(statement, fmt, box_width)]],
        colWidths=[width - box_width, box_width],
    )
    table.setStyle(_plain_cells())
    return table


def _summary_box(statement: StatementDocument, fmt: Formatter, width: float) -> Table:
    summary = statement.summary
    rows: list[list[Any]] = [["Summary", ""]]
    rows += [[label, fmt.money(amount)] for label, amount in summary.rows()]
    rows.append(["Amount payable", fmt.money(summary.payable)])
    last = len(rows) - 1
    table = Table(rows, colWidths=[width * 0.6, width * 0.4])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                ("FONT", (0, 0), (-1, 0), BOLD, 9),
                ("FONT", (0, last), (-1, last), BOLD, 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("BOX", (0, 0), (-1, -1), 0.75, colors.Color(*RULE_GREY)),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(*HEADER_FILL)),
                ("BACKGROUND", (0, last), (-1, last), colors.Color(*HEADER_FILL)),
                ("LINEABOVE", (0, last), (-1, last), 0.75, colors.Color(*RULE_GREY)),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, last), (-1, last), 4),
                ("BOTTOMPADDING", (0, last), (-1, last), 4),
            ]
        )
    )
    return table


def _plain_cells() -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )


def detail_tables(statement: StatementDocument, fmt: Formatter) -> list[Flowable]:
    """The detail lines in chunks of at most CHUNK_ROWS rows; the header row is in the first
    chunk only (later pages draw it in the page template) and the total row ends the last."""
    size_name = statement.merchant.page_size
    widths = column_widths(size_name)
    fits = [w - 2 * CELL_PAD for w in widths]
    rows: list[Row] = []
    for line in statement.lines:
        status = _status_text(line.status, line.reason, fits[6])
        cells = (
            fit_text(line.reference, REGULAR, BODY_SIZE, fits[0]),
            fmt.day(line.line_date),
            fmt.amount(line.amount),
            fit_text(line.tier, REGULAR, BODY_SIZE, fits[3]),
            fmt.rate(line.rate, line.fixed) if line.kind == "commission" else "",
            fmt.amount(line.commission),
            status,
        )
        rows.append(Row(cells, ROW_HEIGHT + status.count("\n") * STATUS_LEADING))
    header = Row(column_titles(statement.currency), HEADER_ROW_HEIGHT, HEADER)
    total = Row(
        ("Total of lines", "", "", "", "", fmt.amount(statement.lines_total), ""),
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


def _status_text(status: str, reason: str, width: float) -> str:
    if status == STATUS_PAYABLE and not reason:
        return "payable"
    text = reason or status
    return "\n".join(wrap_lines(text, REGULAR, STATUS_SIZE, width, STATUS_LINES))
