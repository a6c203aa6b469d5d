"""The first-page head of a statement: sender, title block, addressee and the summary box.

Drawn directly on the canvas at fixed positions: the general Paragraph/Table machinery cost more
than the rest of a short statement, and a run prints hundreds of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from desktop_app.services.statements.document import StatementDocument
from desktop_app.services.statements.fonts import BOLD, REGULAR
from desktop_app.services.statements.formatting import Formatter
from desktop_app.services.statements.layout import HEADER_FILL, RULE_GREY, wrap_lines

LOGO_MAX = (150.0, 56.0)
GAP_AFTER_TOP = 14.0
GAP_AFTER_PARTNER = 16.0
SUMMARY_ROW = 17.0
SUMMARY_PAD = 6.0


@dataclass(frozen=True)
class Line:
    """One line of text: font, size, the distance from the previous baseline, and the text."""

    text: str
    font: str = REGULAR
    size: float = 8.5
    advance: float = 11.0


def _wrapped(
    text: str, font: str, size: float, advance: float, width: float, limit: int
) -> list[Line]:
    """Wrapped to `width`, at most `limit` lines (the last one cut with an ellipsis), so even
    an absurdly long address leaves the first page room for the detail table."""
    return [Line(part, font, size, advance) for part in wrap_lines(text, font, size, width, limit)]


def _height(lines: Sequence[Line]) -> float:
    return sum(line.advance for line in lines) + (3.0 if lines else 0.0)


@cache
def _logo(path_text: str) -> tuple[ImageReader, float, float] | None:
    path = Path(path_text).expanduser()
    if not path_text or not path.is_file():
        return None
    try:
        image = ImageReader(str(path))
        width, height = image.getSize()
    except (OSError, ValueError):
        return None
    scale = min(LOGO_MAX[0] / width, LOGO_MAX[1] / height, 1.0)
    return image, width * scale, height * scale


class StatementHead(Flowable):  # type: ignore[misc]
    def __init__(self, statement: StatementDocument, fmt: Formatter, width: float) -> None:
        super().__init__()
        self.statement = statement
        self.fmt = fmt
        self.width = width
        merchant, partner = statement.merchant, statement.partner
        w = fmt.words
        half = width * 0.5
        self.logo = _logo(merchant.logo_path)
        self.sender = [Line(merchant.name, BOLD, 12, 15)]
        details = [
            merchant.address,
            w("Tax id: {tax_id}", tax_id=merchant.tax_id) if merchant.tax_id else "",
        ]
        details.append(merchant.email)
        self.sender += _wrapped("\n".join(details), REGULAR, 7.5, 9.5, half - 10, 9)
        title = w("Commission statement (draft)" if statement.draft else "Commission statement")
        period = f"{fmt.long_day(statement.period_start)} – {fmt.long_day(statement.period_end)}"
        self.facts = [
            Line(title, BOLD, 15, 19),
            Line(w("Statement no. {number}", number=statement.number), advance=15),
            Line(w("Period: {period}", period=period)),
            Line(w("Issued: {day}", day=fmt.long_day(statement.issued_on))),
            Line(w("Currency: {currency}", currency=statement.currency)),
        ]
        if statement.paid_on is not None:
            paid = w("Paid: {day}", day=fmt.long_day(statement.paid_on))
            if statement.paid_reference:
                paid += w(" (reference {reference})", reference=statement.paid_reference)
            self.facts.append(Line(paid))
        self.box_width = width * 0.46
        block_width = width - self.box_width - 12
        self.addressee = [Line(w("Statement for"), REGULAR, 7.5, 9.5)]
        self.addressee += _wrapped(partner.name, BOLD, 11, 14, block_width, 2)
        facts: list[str] = []
        if partner.codes:
            facts.append(w("Partner codes: {codes}", codes=", ".join(partner.codes)))
        if partner.email:
            facts.append(w("E-mail: {email}", email=partner.email))
        if partner.payout_method:
            method = f"{w(partner.payout_method)} {partner.payout_account}".rstrip()
            facts.append(w("Payout: {method}", method=method))
        if partner.tax_id:
            facts.append(w("Tax id: {tax_id}", tax_id=partner.tax_id))
        self.addressee += _wrapped("\n".join(facts), REGULAR, 8.5, 11, block_width, 6)
        self.summary = [(w(label), fmt.money(amount)) for label, amount in statement.summary.rows()]
        logo_height = self.logo[2] + 6 if self.logo else 0.0
        self.top_height = max(logo_height + _height(self.sender), _height(self.facts))
        box_height = SUMMARY_ROW * (len(self.summary) + 1) + SUMMARY_ROW + 4
        self.box_height = box_height
        self.middle_height = max(_height(self.addressee), box_height)
        self.heading = Line(
            w("Detail lines (amounts in {currency})", currency=statement.currency), BOLD, 10, 13
        )
        self.height = (
            self.top_height + GAP_AFTER_TOP + self.middle_height + GAP_AFTER_PARTNER + 13 + 4
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Any = self.canv
        top = self.height
        y = top
        if self.logo is not None:
            image, width, height = self.logo
            canvas.drawImage(image, 0, top - height, width, height, mask="auto")
            y -= height + 6
        _lines(canvas, self.sender, 0, y, align_right=False)
        _lines(canvas, self.facts, self.width, top, align_right=True)
        middle = top - self.top_height - GAP_AFTER_TOP
        _lines(canvas, self.addressee, 0, middle, align_right=False)
        self._summary_box(canvas, self.width - self.box_width, middle)
        heading_y = middle - self.middle_height - GAP_AFTER_PARTNER
        _lines(canvas, [self.heading], 0, heading_y, align_right=False)

    def _summary_box(self, canvas: Any, left: float, top: float) -> None:
        width = self.box_width
        bottom = top - self.box_height
        canvas.saveState()
        canvas.setFillColorRGB(*HEADER_FILL)
        canvas.rect(left, top - SUMMARY_ROW, width, SUMMARY_ROW, stroke=0, fill=1)
        canvas.rect(left, bottom, width, SUMMARY_ROW + 4, stroke=0, fill=1)
        canvas.setStrokeColorRGB(*RULE_GREY)
        canvas.setLineWidth(0.75)
        canvas.rect(left, bottom, width, self.box_height, stroke=1, fill=0)
        canvas.line(left, bottom + SUMMARY_ROW + 4, left + width, bottom + SUMMARY_ROW + 4)
        canvas.setFillColorRGB(0, 0, 0)
        right = left + width - SUMMARY_PAD
        baseline = top - SUMMARY_ROW + 5
        canvas.setFont(BOLD, 9)
        canvas.drawString(left + SUMMARY_PAD, baseline, self.fmt.words("Summary"))
        canvas.setFont(REGULAR, 8.5)
        for label, amount in self.summary:
            baseline -= SUMMARY_ROW
            canvas.drawString(left + SUMMARY_PAD, baseline, label)
            canvas.drawRightString(right, baseline, amount)
        baseline = bottom + 7
        canvas.setFont(BOLD, 10)
        canvas.drawString(left + SUMMARY_PAD, baseline, self.fmt.words("Amount payable"))
        canvas.drawRightString(right, baseline, self.fmt.money(self.statement.summary.payable))
        canvas.restoreState()


def _lines(canvas: Any, lines: Sequence[Line], x: float, top: float, *, align_right: bool) -> None:
    y = top
    for line in lines:
        y -= line.advance
        canvas.setFont(line.font, line.size)
        baseline = y + line.advance - 0.8 * line.size
        if align_right:
            canvas.drawRightString(x, baseline, line.text)
        else:
            canvas.drawString(x, baseline, line.text)
