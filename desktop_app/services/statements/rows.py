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
        writer = _Text(text)
        for row, top in zip(self.rows, self._tops, strict=False):
            _draw_row(writer, row, self.height - top - row.height, lefts)
        canvas.drawText(text)
        canvas.restoreState()


@lru_cache(maxsize=1 << 16)
def _width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


# Per PDF document and font: each string's encoded pieces, (subset, "(escaped) Tj").
_PIECES: WeakKeyDictionary[Any, dict[tuple[str, str], list[tuple[int, str]]]] = WeakKeyDictionary()


class _Text:
    """Writes `setTextOrigin(x, y); textOut(cell)` into a reportlab text object with the same
    PDF operators, without reportlab's per-call work: a string's subset pieces are looked up
    once per document (a character's code in a subset never changes once given, so the pieces
    do not either; the first lookup gives the codes in the same order reportlab would), and
    printable ASCII, which an "ASCII-readable" font's first subset holds as itself from the
    start, is not looked up at all. Bottom-up canvases and TrueType fonts only (what
    statements draw with); the cursor position is not kept."""

    def __init__(self, text: Any) -> None:
        canvas = text._canvas
        self.text = text
        self.code: list[str] = text._code
        self.doc = canvas._doc
        self.escape = canvas._escape
        found = _PIECES.get(self.doc)
        if found is None:
            found = _PIECES[self.doc] = {}
        self.pieces = found
        self.xs: dict[float, str] = {}
        self.name = ""
        self.font: Any = None
        self.ascii = False

    def set_font(self, name: str, size: float) -> None:
        self.text.setFont(name, size)
        if name != self.name:
            self.name = name
            self.font = getFont(name)
            self.ascii = _ascii_readable(name) and self.doc in self.font.state

    def show(self, x: float, y: str, cell: str) -> None:
        """`cell` at `x` and the baseline `y` (given as fp_str(y): one per row)."""
        at = self.xs.get(x)
        if at is None:
            at = self.xs[x] = fp_str(x)
        code, text = self.code, self.text
        code.append(f"1 0 0 1 {at} {y} Tm")
        pieces: list[tuple[int, str]] | None
        if self.ascii and cell.isascii() and cell.isprintable():
            shown = f"({self.escape(cell.encode('ascii'))}) Tj"
            if text._curSubset == 0:
                code.append(shown)
                return
            pieces = [(0, shown)]
        else:
            key = (self.name, cell)
            pieces = self.pieces.get(key)
            if pieces is None:
                escape, font, doc = self.escape, self.font, self.doc
                pieces = [
                    (subset, f"({escape(t)}) Tj") for subset, t in font.splitString(cell, doc)
                ]
                self.pieces[key] = pieces
                self.ascii = _ascii_readable(self.name) and doc in font.state
            if len(pieces) == 1 and pieces[0][0] == text._curSubset:
                code.append(pieces[0][1])
                return
        out = []
        for subset, shown in pieces:
            if subset != text._curSubset:
                size = f"{fp_str(text._fontsize)} Tf {fp_str(text._leading)} TL"
                out.append(f"{self.font.getSubsetInternalName(subset, self.doc)} {size}")
                text._curSubset = subset
            out.append(shown)
        code.append(" ".join(out))


@cache
def _ascii_readable(name: str) -> bool:
    """Whether the font's documents start with printable ASCII as codes 32-126 of subset 0."""
    font = getFont(name)
    glyphs = font.face.charToGlyph
    return bool(font._asciiReadable) and all(code in glyphs for code in range(32, 127))


_RIGHT = tuple(align == "RIGHT" for _title, _share, align in COLUMNS)


def _draw_row(text: _Text, row: Row, bottom: float, lefts: Sequence[float]) -> None:
    font = REGULAR if row.kind == NORMAL else BOLD
    size = BODY_SIZE + 0.5 if row.kind == TOTAL else BODY_SIZE
    height = row.height
    if row.detail:
        text.set_font(REGULAR, DETAIL_SIZE)
        text.text.setFillColorRGB(0.3, 0.3, 0.3)
        text.show(lefts[1] + CELL_PAD, fp_str(bottom + 3), row.detail)
        text.text.setFillColorRGB(0, 0, 0)
        height -= DETAIL_HEIGHT
        bottom += DETAIL_HEIGHT
    baseline = fp_str(bottom + (height - size) / 2 + 1.5)
    text.set_font(font, size)
    cells = row.cells
    last = len(cells) - 1 if row.kind == NORMAL else -1
    for column, cell in enumerate(cells):
        if not cell:
            continue
        if column == last:
            _draw_status(text, cell, bottom, height, lefts[column])
        elif _RIGHT[column]:
            text.show(lefts[column + 1] - CELL_PAD - _width(cell, font, size), baseline, cell)
        else:
            text.show(lefts[column] + CELL_PAD, baseline, cell)


def _draw_status(text: _Text, cell: str, bottom: float, height: float, left: float) -> None:
    lines = cell.split("\n")
    block = (len(lines) - 1) * STATUS_LEADING + STATUS_SIZE
    baseline = bottom + (height + block) / 2 - STATUS_SIZE + 1.5
    text.set_font(REGULAR, STATUS_SIZE)
    for line in lines:
        text.show(left + CELL_PAD, fp_str(baseline), line)
        baseline -= STATUS_LEADING
