"""The detail table as a lean platypus flowable: fixed column widths, known row heights.

reportlab's general Table recomputes styles and draws every cell in its own text block, which
made long statements several times slower than they need to be. Here each page's rows are one
text block written row by row (so copied text and screen readers keep the row order), the
rules under the rows are one path, and splitting at a page end is a slice.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop_app.services.statements.fonts import BOLD, REGULAR
from desktop_app.services.statements.layout import (
    BODY_SIZE,
    CELL_PAD,
    COLUMNS,
    HEADER_FILL,
    RULE_GREY,
)

NORMAL, HEADER, TOTAL = 0, 1, 2
AMOUNT_COLUMN = 2
STATUS_SIZE = BODY_SIZE - 1
STATUS_LEADING = BODY_SIZE + 1.5
LIGHT_RULE = (0.85, 0.86, 0.88)


@dataclass(frozen=True)
class Row:
    cells: Sequence[str]
    height: float
    kind: int = NORMAL
    # printed small under the amount (an order converted from another currency: "EUR 120.00 @
    # 1.0825"); the row's one-line cells then sit in its top band, the note under them
    note: str = ""


class DetailRows(Flowable):  # type: ignore[misc]
    """Rows of the detail table; splits between rows at a page end."""

    def __init__(self, rows: Sequence[Row], widths: Sequence[float]) -> None:
        super().__init__()
        self.rows = list(rows)
        self.widths = list(widths)
        self._tops = [0.0, *accumulate(row.height for row in self.rows)]
        self.width = sum(self.widths)
        self.height = self._tops[-1]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[DetailRows]:
        fit = bisect_right(self._tops, avail_height + 1e-6) - 1
        if 0 < fit < len(self.rows) and self.rows[fit].kind == TOTAL:
            fit -= 1  # never the total alone on a page: it goes on with the last line it sums
        if self.rows and self.rows[0].kind == HEADER and fit < 2:
            # never a header alone at a page end: the next page draws its own header
            return [DetailRows(self.rows[1:], self.widths)] if len(self.rows) > 1 else []
        if fit <= 0 or fit >= len(self.rows):
            return []
        return [
            DetailRows(self.rows[:fit], self.widths),
            DetailRows(self.rows[fit:], self.widths),
        ]

    def draw(self) -> None:
        canvas: Any = self.canv
        width = self.width
        lefts = [0.0, *accumulate(self.widths)]
        canvas.saveState()
        light: list[tuple[float, float, float, float]] = []
        for row, top in zip(self.rows, self._tops, strict=False):
            bottom = self.height - top - row.height
            if row.kind == HEADER:
                canvas.setFillColorRGB(*HEADER_FILL)
                canvas.rect(0, bottom, width, row.height, stroke=0, fill=1)
                canvas.setStrokeColorRGB(*RULE_GREY)
                canvas.setLineWidth(0.75)
                canvas.line(0, bottom, width, bottom)
            elif row.kind == TOTAL:
                canvas.setStrokeColorRGB(0, 0, 0)
                canvas.setLineWidth(0.75)
                canvas.line(0, bottom + row.height, width, bottom + row.height)
                light.append((0, bottom, width, bottom))
            else:
                light.append((0, bottom, width, bottom))
        if light:
            canvas.setStrokeColorRGB(*LIGHT_RULE)
            canvas.setLineWidth(0.25)
            canvas.lines(light)
        canvas.setFillColorRGB(0, 0, 0)
        text = canvas.beginText()
        for row, top in zip(self.rows, self._tops, strict=False):
            bottom = self.height - top - row.height
            _draw_row(text, row, bottom, lefts)
        canvas.drawText(text)
        canvas.restoreState()


def _draw_row(text: Any, row: Row, bottom: float, lefts: Sequence[float]) -> None:
    font = REGULAR if row.kind == NORMAL else BOLD
    size = BODY_SIZE + 0.5 if row.kind == TOTAL else BODY_SIZE
    baseline = bottom + (row.height - size) / 2 + 1.5
    if row.note:
        band = row.height - STATUS_LEADING  # the one-line cells above, the note below
        baseline = bottom + STATUS_LEADING + (band - size) / 2 + 1.5
    text.setFont(font, size)
    last = len(row.cells) - 1
    for column, cell in enumerate(row.cells):
        if not cell:
            continue
        if column == last and row.kind == NORMAL:
            if row.note and "\n" not in cell:  # one line: on the line it belongs to
                text.setFont(REGULAR, STATUS_SIZE)
                text.setTextOrigin(lefts[column] + CELL_PAD, baseline)
                text.textOut(cell)
            else:
                _draw_status(text, cell, bottom, row.height, lefts[column])
            continue
        if COLUMNS[column][2] == "RIGHT":
            x = lefts[column + 1] - CELL_PAD - stringWidth(cell, font, size)
        else:
            x = lefts[column] + CELL_PAD
        text.setTextOrigin(x, baseline)
        text.textOut(cell)
        if row.note and column == AMOUNT_COLUMN:  # read right after the amount it explains
            _draw_note(text, row.note, baseline - STATUS_LEADING, lefts[column + 1])
            text.setFont(font, size)


def _draw_note(text: Any, note: str, baseline: float, right: float) -> None:
    """Right-aligned under the amount, in the status's small size (it may run to the left,
    under the date, which is one line)."""
    text.setFont(REGULAR, STATUS_SIZE)
    text.setTextOrigin(right - CELL_PAD - stringWidth(note, REGULAR, STATUS_SIZE), baseline)
    text.textOut(note)


def _draw_status(text: Any, cell: str, bottom: float, height: float, left: float) -> None:
    lines = cell.split("\n")
    block = (len(lines) - 1) * STATUS_LEADING + STATUS_SIZE
    baseline = bottom + (height + block) / 2 - STATUS_SIZE + 1.5
    text.setFont(REGULAR, STATUS_SIZE)
    for line in lines:
        text.setTextOrigin(left + CELL_PAD, baseline)
        text.textOut(line)
        baseline -= STATUS_LEADING
