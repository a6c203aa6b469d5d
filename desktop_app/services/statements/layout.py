"""Page geometry, page templates and the numbering canvas of statements.

Continuation pages draw the running header and the detail table's column header themselves
(at a fixed place), so the table can be cut into chunks of at most CHUNK_ROWS rows (reportlab's
time grows faster than linearly within one table) without a header ever appearing mid-page.
Every row has a fixed height, which also makes the page count predictable.

"Page N of M" needs M before the pages are written: `NumberedCanvas` keeps the finished pages and
writes the numbers when the document is saved, counting per statement in a combined document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop_app.services.statements.document import StatementDocument
from desktop_app.services.statements.fonts import BOLD, REGULAR
from desktop_app.services.statements.wording import Wording, language_of

PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
MARGIN_X = 42
MARGIN_TOP = 40
MARGIN_BOTTOM = 54
RUNNING_HEADER = 30  # continuation pages: statement number and partner above the table
BODY_SIZE = 8
ROW_HEIGHT = 13
HEADER_ROW_HEIGHT = 16
CHUNK_ROWS = 500
HEADER_FILL = (0.90, 0.92, 0.95)
RULE_GREY = (0.55, 0.58, 0.62)

COLUMNS: tuple[tuple[str, float, str], ...] = (
    # title, share of the text width, alignment
    # on A4 and Letter at 8 pt: dates and six-digit amounts fit, a tier such as
    # "3000.00 – 10000.00 *" fits, the effective rate ("7.05 %") fits; the status column takes
    # the longest short status at 7 pt on one line ("zurückgehalten bis 30.11.2026"), so a
    # line is one row; a marginal or fixed-part line adds one row below it for its slices
    ("Order", 0.14, "LEFT"),
    ("Date", 0.107, "LEFT"),
    ("Amount", 0.11, "RIGHT"),
    ("Tier", 0.185, "LEFT"),
    ("Rate", 0.09, "RIGHT"),
    ("Commission", 0.11, "RIGHT"),
    ("Status", 0.258, "LEFT"),
)
DETAIL_SIZE = 7  # the row under a line that says how it was paid
DETAIL_HEIGHT = 9
CELL_PAD = 4
FOOTER_LINES = 3


def page_size(name: str) -> tuple[float, float]:
    width, height = PAGE_SIZES.get(name, A4)
    return float(width), float(height)


def text_width(size_name: str) -> float:
    return page_size(size_name)[0] - 2 * MARGIN_X


def column_widths(size_name: str) -> list[float]:
    width = text_width(size_name)
    return [width * share for _title, share, _align in COLUMNS]


def column_titles(words: Wording) -> list[str]:
    """In the statement's language; the currency is in the heading above the table, so the
    columns stay narrow."""
    return [words(title) for title, _share, _align in COLUMNS]


def words_of(statement: StatementDocument) -> Wording:
    return Wording(language_of(statement.locale))


def rows_per_continuation_page(size_name: str) -> int:
    """Detail rows (one line each) that fit on a page after the first: the page count rule."""
    height = page_size(size_name)[1] - MARGIN_TOP - MARGIN_BOTTOM - RUNNING_HEADER
    return int((height - HEADER_ROW_HEIGHT) // ROW_HEIGHT)


@dataclass
class Current:
    """Which statement the page being laid out belongs to (set by StatementStart flowables)."""

    document: StatementDocument | None = None
    index: int = 0


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Writes "Page N of M" at save time, numbering each statement of the file on its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.statement_key = 0
        self.page_size_name = "A4"
        self.words = Wording("en")  # the language of the statement the page belongs to

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(page["statement_key"] for page in self._pages)
        seen: Counter[int] = Counter()
        for page in self._pages:
            self.__dict__.update(page)
            seen[self.statement_key] += 1
            self._page_number(seen[self.statement_key], totals[self.statement_key])
            Canvas.showPage(self)
        Canvas.save(self)

    def _page_number(self, number: int, total: int) -> None:
        width = self._pagesize[0]
        self.setFont(BOLD, BODY_SIZE)
        self.setFillColorRGB(0, 0, 0)
        text = self.words("Page {number} of {total}", number=number, total=total)
        self.drawRightString(width - MARGIN_X, MARGIN_BOTTOM - 22, text)


def build_doc_template(
    target: Any, size_name: str, current: Current, *, title: str, author: str
) -> BaseDocTemplate:
    width, height = page_size(size_name)
    body_height = height - MARGIN_TOP - MARGIN_BOTTOM

    def frame(frame_id: str, top_reserve: float) -> Frame:
        return Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            width - 2 * MARGIN_X,
            body_height - top_reserve,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=frame_id,
        )

    first = PageTemplate(
        id="first", frames=[frame("first", 0)], onPageEnd=_page_end(current, size_name, False)
    )
    later = PageTemplate(
        id="later",
        frames=[frame("later", RUNNING_HEADER + HEADER_ROW_HEIGHT)],
        onPageEnd=_page_end(current, size_name, True),
    )
    return BaseDocTemplate(
        target,
        pagesize=(width, height),
        pageTemplates=[first, later],
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        creator="Payout Desk",
        invariant=1,
        initialFontName=REGULAR,
    )


def _page_end(
    current: Current, size_name: str, continuation: bool
) -> Callable[[Canvas, BaseDocTemplate], None]:
    def draw(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        statement = current.document
        if isinstance(canvas, NumberedCanvas):
            canvas.statement_key = current.index
            if statement is not None:
                canvas.words = words_of(statement)
        if statement is None:
            return
        canvas.saveState()
        _footer(canvas, statement, size_name)
        if continuation:
            _running_header(canvas, statement, size_name)
        canvas.restoreState()

    return draw


def _footer(canvas: Canvas, statement: StatementDocument, size_name: str) -> None:
    width = page_size(size_name)[0]
    canvas.setStrokeColorRGB(*RULE_GREY)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, MARGIN_BOTTOM - 10, width - MARGIN_X, MARGIN_BOTTOM - 10)
    canvas.setFont(REGULAR, 7)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    footer = statement.merchant.footer.strip() or statement.merchant.name
    y = MARGIN_BOTTOM - 22
    for line in wrap_lines(footer, REGULAR, 7, (width - 2 * MARGIN_X) * 0.72, FOOTER_LINES):
        canvas.drawString(MARGIN_X, y, line)
        y -= 9
    number = words_of(statement)("Statement {number}", number=statement.number)
    canvas.drawRightString(width - MARGIN_X, MARGIN_BOTTOM - 31, number)


def _running_header(canvas: Canvas, statement: StatementDocument, size_name: str) -> None:
    width, height = page_size(size_name)
    top = height - MARGIN_TOP
    canvas.setFont(BOLD, 9)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawString(MARGIN_X, top - 12, _fit(statement.partner.name, BOLD, 9, 260))
    canvas.setFont(REGULAR, 8)
    canvas.drawRightString(
        width - MARGIN_X,
        top - 12,
        f"{words_of(statement)('Statement {number}', number=statement.number)} · "
        f"{statement.period_start.isoformat()} – {statement.period_end.isoformat()}",
    )
    draw_column_header(canvas, words_of(statement), size_name, top - RUNNING_HEADER)


def draw_column_header(canvas: Canvas, words: Wording, size_name: str, top: float) -> None:
    """The detail table's header row, drawn exactly like the table's own first row."""
    widths = column_widths(size_name)
    bottom = top - HEADER_ROW_HEIGHT
    canvas.setFillColorRGB(*HEADER_FILL)
    canvas.rect(MARGIN_X, bottom, sum(widths), HEADER_ROW_HEIGHT, stroke=0, fill=1)
    canvas.setStrokeColorRGB(*RULE_GREY)
    canvas.setLineWidth(0.75)
    canvas.line(MARGIN_X, bottom, MARGIN_X + sum(widths), bottom)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(BOLD, BODY_SIZE)
    x = float(MARGIN_X)
    baseline = bottom + (HEADER_ROW_HEIGHT - BODY_SIZE) / 2 + 1.5
    for title, width, (_t, _s, align) in zip(column_titles(words), widths, COLUMNS, strict=True):
        if align == "RIGHT":
            canvas.drawRightString(x + width - CELL_PAD, baseline, title)
        else:
            canvas.drawString(x + CELL_PAD, baseline, title)
        x += width


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut `text` with an ellipsis so it never runs into the next column or off the page."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


@cache
def fit_text(text: str, font: str, size: float, width: float) -> str:
    return _fit(text, font, size, width)


def wrap_lines(text: str, font: str, size: float, width: float, limit: int) -> Sequence[str]:
    """Lines of at most `width` (kept paragraphs); the last allowed line ends in an ellipsis."""
    return _wrap_lines(text, font, size, width, limit)


@cache
def _wrap_lines(text: str, font: str, size: float, width: float, limit: int) -> tuple[str, ...]:
    from reportlab.lib.utils import simpleSplit

    lines: list[str] = []
    for paragraph in text.splitlines():
        if paragraph.strip():
            lines += simpleSplit(paragraph, font, size, width)
    if len(lines) > limit:
        lines = [*lines[: limit - 1], _fit(" ".join(lines[limit - 1 :]), font, size, width)]
    return tuple(lines)
