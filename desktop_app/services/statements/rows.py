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
from functools import cache, lru_cache
from itertools import accumulate
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from desktop_app.services.statements.fonts import BOLD, REGULAR
from desktop_app.services.statements.layout import (
    BODY_SIZE,
    CELL_PAD,
    COLUMNS,
    DETAIL_HEIGHT,
    DETAIL_SIZE,
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
    detail: str = ""  # how the line was paid, in a small row under it (from the Date column)


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


@lru_cache(maxsize=1 << 16)
def _width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


# Per PDF document and font: each string's encoded pieces, (subset, "(escaped) Tj").
_PIECES: WeakKeyDictionary[Any, dict[tuple[str, str], list[tuple[int, str]]]] = WeakKeyDictionary()


def _show(text: Any, x: float, y: float, cell: str) -> None:
    """`text.setTextOrigin(x, y); text.textOut(cell)` with the same PDF operators, without
    reportlab's per-call work: a string's subset pieces are looked up once per document (a
    character's code in a subset never changes once given, so the pieces do not either; the
    first lookup gives the codes in the same order reportlab would), and printable ASCII,
    which an "ASCII-readable" font's first subset holds as itself from the start, is not
    looked up at all. Bottom-up canvases and TrueType fonts only (what statements draw with);
    the cursor position is not kept."""
    canvas = text._canvas
    doc = canvas._doc
    name = text._fontname
    font = getFont(name)
    pieces: list[tuple[int, str]] | None
    if cell.isascii() and cell.isprintable() and _ascii_readable(name) and doc in font.state:
        pieces = [(0, f"({canvas._escape(cell.encode('ascii'))}) Tj")]
    else:
        try:
            found = _PIECES[doc]
        except KeyError:
            found = _PIECES[doc] = {}
        pieces = found.get((name, cell))
        if pieces is None:
            escape = canvas._escape
            pieces = [(subset, f"({escape(t)}) Tj") for subset, t in font.splitString(cell, doc)]
            found[(name, cell)] = pieces
    code = text._code
    code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
    if len(pieces) == 1 and pieces[0][0] == text._curSubset:
        code.append(pieces[0][1])
        return
    out = []
    for subset, shown in pieces:
        if subset != text._curSubset:
            size = f"{fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL"
            out.append(f"{font.getSubsetInternalName(subset, doc)} {size}")
            text._curSubset = subset
        out.append(shown)
    code.append(" ".join(out))


@cache
def _ascii_readable(name: str) -> bool:
    """Whether the font's documents start with printable ASCII as codes 32-126 of subset 0."""
    font = getFont(name)
    glyphs = font.face.charToGlyph
    return bool(font._asciiReadable) and all(code in glyphs for code in range(32, 127))


def _draw_row(text: Any, row: Row, bottom: float, lefts: Sequence[float]) -> None:
    font = REGULAR if row.kind == NORMAL else BOLD
    size = BODY_SIZE + 0.5 if row.kind == TOTAL else BODY_SIZE
    if row.detail:
        text.setFont(REGULAR, DETAIL_SIZE)
        text.setFillColorRGB(0.3, 0.3, 0.3)
        _show(text, lefts[1] + CELL_PAD, bottom + 3, row.detail)
        text.setFillColorRGB(0, 0, 0)
        height = row.height - DETAIL_HEIGHT
        bottom += DETAIL_HEIGHT
        row = Row(row.cells, height, row.kind)
    baseline = bottom + (row.height - size) / 2 + 1.5
    text.setFont(font, size)
    last = len(row.cells) - 1
    for column, cell in enumerate(row.cells):
        if not cell:
            continue
        if column == last and row.kind == NORMAL:
            _draw_status(text, cell, bottom, row.height, lefts[column])
            continue
        if COLUMNS[column][2] == "RIGHT":
            x = lefts[column + 1] - CELL_PAD - _width(cell, font, size)
        else:
            x = lefts[column] + CELL_PAD
        _show(text, x, baseline, cell)


def _draw_status(text: Any, cell: str, bottom: float, height: float, left: float) -> None:
    lines = cell.split("\n")
    block = (len(lines) - 1) * STATUS_LEADING + STATUS_SIZE
    baseline = bottom + (height + block) / 2 - STATUS_SIZE + 1.5
    text.setFont(REGULAR, STATUS_SIZE)
    for line in lines:
        _show(text, left + CELL_PAD, baseline, line)
        baseline -= STATUS_LEADING
