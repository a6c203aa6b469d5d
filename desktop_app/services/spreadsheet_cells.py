"""Cells of the CSV and XLSX files this program writes: data stays data in a spreadsheet.

Partner names, e-mails, payout details, order ids and reasons come from people and imported
files, and a spreadsheet program runs a cell that starts like a formula (`=HYPERLINK(…)`,
`-2+3`, `@SUM(…)`). The rule, one for every CSV writer (the payout file and `--format csv`):

- Every field is quoted (csv.QUOTE_ALL), so a separator inside a value, the `,` or the `;` that
  Excel splits at in German, French, Spanish or Italian settings, never starts a new cell:
  `Acme;=cmd|' /C calc'!A0` stays one text cell that starts with "Acme".
- A plain decimal number (`-12.50`, `3`, `0.075`: an optional minus, digits, an optional point
  and digits) is a number and is written as it is, so amounts, which this program always
  writes from Decimal as such plain numbers, stay numbers a spreadsheet can add up.
- Any other cell whose first character is = + - @, a tab or a carriage return, or whose first
  character after leading blanks is one of = + - @, is written with a leading apostrophe,
  which spreadsheet programs read as "the rest is text". A program that reads the CSV as data
  finds the apostrophe only on such cells.

An XLSX file has real cell types, so text cells are stored as strings (never formulas) with
the quotePrefix style, the same "this is text" flag Excel sets for a typed apostrophe, and keep
their value unchanged. The XLSX format cannot hold most control characters: those are written
as visible escapes like \\x1b instead of failing the whole file. JSON output is data for
programs, not a spreadsheet, and is written raw.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from desktop_app.domain.text import escape_control

PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 has no place for them
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_AFTER_BLANKS = ("=", "+", "-", "@")


def neutralize(value: str) -> str:
    """A CSV cell that a spreadsheet shows as the text or number it is, never runs."""
    if PLAIN_NUMBER.fullmatch(value):
        return value
    if value.startswith(FORMULA_STARTS) or value.lstrip().startswith(_AFTER_BLANKS):
        return f"'{value}"
    return value


def csv_writer(out: TextIO, *, lineterminator: str = "\r\n") -> Any:
    """A csv.writer that quotes every field; give it cells that went through `neutralize`."""
    return csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=lineterminator)


def write_csv(
    out: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    lineterminator: str = "\r\n",
) -> None:
    """Header and rows by the rule above: every field quoted, every cell neutralized."""
    writer = csv_writer(out, lineterminator=lineterminator)
    writer.writerow([neutralize(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])


def set_xlsx_text(cell: Any, value: str) -> None:
    """Store `value` in an openpyxl cell as text: a string (not a formula) with quotePrefix,
    control characters the format cannot hold made visible."""
    cell.value = _NOT_IN_XLSX.sub(lambda m: escape_control(m[0]), value)
    cell.data_type = "s"
    cell.quotePrefix = True
