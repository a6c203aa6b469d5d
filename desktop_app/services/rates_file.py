"""Reading exchange-rate files: the ECB's reference rates and a plain month,currency,rate CSV.

The European Central Bank publishes daily reference rates as units of each currency per 1 EUR:
the history file `eurofxref-hist.csv` (a `Date` column, newest day first, then one column per
currency, "N/A" where it published none, a comma after every row) and the one-day file
`eurofxref.csv` (the same with spaces after the commas and the date as "16 October 2026").

Cross rate to the merchant's base currency, per day: rate(CUR→BASE) = rate(EUR→BASE) /
rate(EUR→CUR); with the euro as base, 1 / rate(EUR→CUR); for the euro itself, rate(EUR→BASE).

MONTHLY_RULE (the month's rate from daily ones): the arithmetic mean of the month's daily cross
rates, over the ECB working days on which both currencies have a rate, computed with 34
significant digits and rounded half-up (ROUND_MONTHLY) to 6 significant digits (MONTHLY_DIGITS),
trailing zeros dropped. A month the file covers only in part (the newest one, when the file
ends before that month's last weekday) gets the mean of the days published so far, and the
import says so.

The plain layout is one rate per row: `month,currency,rate` (a header naming the three, in any
order), months as 2026-10, rates with '.' as the decimal mark (',' in a ';'- or tab-separated
file), each (currency, month) once.

Bad input raises UserError naming the file, the row and the column; nothing is read partly.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

from desktop_app.domain.months import month_end
from desktop_app.errors import UserError, ValidationError
from desktop_app.services.rates_values import (
    FIRST_YEAR,
    LARGEST,
    LAST_YEAR,
    is_currency,
    parse_currency,
    parse_month,
    parse_rate,
)

MONTHLY_DIGITS = 6
ROUND_MONTHLY = ROUND_HALF_UP
WORKING_PRECISION = 34
MAX_BYTES = 50 * 1024 * 1024
PLAIN_FIELDS = ("month", "currency", "rate")
_ECB_VALUE = re.compile(r"\d+(?:\.\d+)?")
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_LONG_DATE = re.compile(r"(\d{1,2}) ([A-Za-z]+) (\d{4})")


@dataclass(frozen=True)
class EcbDays:
    """The ECB file as read: per day, units of each currency per 1 EUR (N/A left out)."""

    currencies: tuple[str, ...]
    days: tuple[tuple[date, dict[str, Decimal]], ...]  # oldest first


@dataclass(frozen=True)
class PlainRows:
    rows: tuple[tuple[int, str, date, Decimal], ...]  # row number, currency, month, rate


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Where:
    """Builds the one-line messages: "file, row 3, column C (GBP): …"."""

    def __init__(self, name: str) -> None:
        self.name = name

    def file(self, detail: str) -> UserError:
        return UserError(f"{self.name}: {detail}")

    def row(self, row: int, detail: str) -> UserError:
        return UserError(f"{self.name}, row {row}: {detail}")

    def cell(self, row: int, column: int, heading: str, detail: str) -> UserError:
        label = f" ({heading})" if heading else ""
        return UserError(f"{self.name}, row {row}, column {column_letter(column)}{label}: {detail}")


def _text(path: Path, where: _Where) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise where.file(f"is {size // (1024 * 1024)} MB, too large for a rates file")
        data = path.read_bytes()
    except OSError as exc:
        raise where.file(f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise where.file("the file is empty (0 bytes)")
    if data.startswith(b"PK\x03\x04"):
        raise where.file("is a zip archive; unzip it and import the eurofxref-hist.csv inside")
    if b"\x00" in data:
        raise where.file("contains NUL bytes: it is not a CSV text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise where.file("is not UTF-8 text; save it as CSV UTF-8") from None


def _rows(text: str) -> tuple[list[tuple[int, list[str]]], str]:
    """Non-blank rows with their 1-based line numbers, cells stripped, trailing empty cells
    (the ECB's comma at the end of every row) dropped; and the delimiter the header uses."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ","
    if ";" in first and "," not in first:
        delimiter = ";"
    elif "\t" in first and "," not in first:
        delimiter = "\t"
    found = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        stripped = [c.strip() for c in cells]
        while stripped and not stripped[-1]:
            stripped.pop()
        if stripped:
            found.append((number, stripped))
    return found, delimiter


def read_rates_file(path: Path, base: str) -> EcbDays | PlainRows:
    """The rates in `path` (ECB or plain layout, told by the header), every cell checked."""
    where = _Where(path.name)
    rows, delimiter = _rows(_text(path, where))
    if not rows:
        raise where.file("no rates in the file")
    number, header = rows[0]
    if header[0].casefold() == "date":
        return _read_ecb(rows, where)
    if sorted(h.casefold() for h in header) == sorted(PLAIN_FIELDS):
        return _read_plain(rows, where, base, delimiter)
    shown = ", ".join(f"'{h}'" for h in header[:8])
    raise where.row(
        number,
        "neither the ECB reference-rate layout (Date,USD,JPY,…) nor month,currency,rate; "
        f"found {shown}",
    )


def _ecb_date(text: str) -> date | None:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        found = _LONG_DATE.fullmatch(text)
        if found and found[2].casefold() in _MONTHS:
            return date(int(found[3]), _MONTHS[found[2].casefold()], int(found[1]))
    except ValueError:
        return None
    return None


def _read_ecb(rows: list[tuple[int, list[str]]], where: _Where) -> EcbDays:
    header_row, header = rows[0]
    currencies: list[str] = []
    for column, cell in enumerate(header[1:], start=1):
        code = cell.upper()
        if not is_currency(code):
            detail = (
                f"unknown currency code '{cell}' (expected an ISO 4217 code like EUR, USD)"
                if cell
                else "a column without a currency code"
            )
            raise where.cell(header_row, column, "", detail)
        if code in currencies:
            earlier = column_letter(currencies.index(code) + 1)
            raise where.cell(header_row, column, "", f"{code} also heads column {earlier}")
        currencies.append(code)
    seen: dict[date, int] = {}
    days: list[tuple[date, dict[str, Decimal]]] = []
    for number, cells in rows[1:]:
        day = _ecb_date(cells[0])
        if day is None:
            raise where.cell(
                number,
                0,
                "Date",
                f"expected a date like 2026-10-30 or 30 October 2026, found '{cells[0]}'",
            )
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise where.cell(
                number, 0, "Date", f"date {day} is outside the years {FIRST_YEAR}–{LAST_YEAR}"
            )
        if day in seen:
            raise where.cell(number, 0, "Date", f"{day} also appears on row {seen[day]}")
        seen[day] = number
        values = cells[1:]
        if len(values) < len(currencies):
            raise where.row(
                number, f"{len(values)} rate(s) under a header of {len(currencies)} currencies"
            )
        if len(values) > len(currencies):
            extra = len(currencies) + 1
            raise where.cell(number, extra, "", f"'{values[extra - 1]}' is under no currency")
        found: dict[str, Decimal] = {}
        for column, (code, cell) in enumerate(zip(currencies, values, strict=True), start=1):
            if not cell or cell.upper() == "N/A":
                continue
            value = Decimal(cell) if _ECB_VALUE.fullmatch(cell) else None
            if value is None or value <= 0 or value > LARGEST:
                raise where.cell(
                    number,
                    column,
                    code,
                    f"expected a positive rate like 1.0825 or N/A, found '{cell}'",
                )
            found[code] = value
        days.append((day, found))
    if not days:
        raise where.file("no rates in the file")
    days.sort(key=lambda item: item[0])
    return EcbDays(tuple(currencies), tuple(days))


def _read_plain(
    rows: list[tuple[int, list[str]]], where: _Where, base: str, delimiter: str
) -> PlainRows:
    _number, header = rows[0]
    position = {h.casefold(): i for i, h in enumerate(header)}
    month_at, currency_at, rate_at = (position[f] for f in PLAIN_FIELDS)
    found: list[tuple[int, str, date, Decimal]] = []
    seen: dict[tuple[str, date], int] = {}
    for number, cells in rows[1:]:
        if len(cells) != len(PLAIN_FIELDS):
            raise where.row(
                number, f"expected 3 values (month, currency, rate), found {len(cells)}"
            )
        column = month_at
        try:
            month = parse_month(cells[month_at])
            column = currency_at
            currency = parse_currency(cells[currency_at], base)
            column = rate_at
            text = cells[rate_at]
            if delimiter != "," and text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")  # a decimal comma, as European spreadsheets write
            rate = parse_rate(text)
        except ValidationError as exc:
            detail = exc.detail
            if column == rate_at:
                detail = detail.replace(f"'{text}'", f"'{cells[rate_at]}'")
            raise where.cell(number, column, header[column], detail) from None
        key = (currency, month)
        if key in seen:
            raise where.cell(
                number,
                month_at,
                header[month_at],
                f"{currency} {month:%Y-%m} also appears on row {seen[key]}",
            )
        seen[key] = number
        found.append((number, currency, month, rate))
    if not found:
        raise where.file("no rates in the file")
    return PlainRows(tuple(found))


def _significant(value: Decimal, digits: int) -> Decimal:
    """`value` rounded half-up to `digits` significant digits, trailing zeros dropped."""
    exponent = Decimal(1).scaleb(value.adjusted() - digits + 1)
    rounded = value.quantize(exponent, rounding=ROUND_MONTHLY)
    return Decimal(format(rounded.normalize(), "f"))


def _last_weekday(day: date) -> date:
    last = month_end(day)
    while last.weekday() >= 5:
        last -= timedelta(days=1)
    return last


def monthly_rates(
    ecb: EcbDays,
    name: str,
    base: str,
    currencies: Sequence[str],
    *,
    since: date | None = None,
    strict: bool = False,
) -> tuple[dict[tuple[str, date], Decimal], tuple[str, ...]]:
    """Monthly rates (units of `base` per 1 unit of each currency) by MONTHLY_RULE, for the
    months from `since` on, and notes on what could not be derived. `strict`: a currency the
    file does not have is an error (it was asked for by name) instead of a note."""
    where = _Where(name)
    base = base.upper()
    if base != "EUR" and base not in ecb.currencies:
        raise where.file(
            f"the ECB file has no {base} column, so rates to the base currency {base} cannot "
            "be derived from it"
        )
    notes: list[str] = []
    wanted = []
    for code in currencies:
        if code == "EUR" or code in ecb.currencies:
            wanted.append(code)
        elif strict:
            raise where.file(
                f"the ECB file has no {code} column; enter {code} rates by hand "
                f"(payout-desk rates set {code} RATE --month YYYY-MM)"
            )
        else:
            notes.append(f"{code}: not in the ECB file; enter its rates by hand")
    by_month: dict[date, list[dict[str, Decimal]]] = defaultdict(list)
    for day, values in ecb.days:
        if since is None or day >= since:
            by_month[day.replace(day=1)].append(values)
    one = Decimal(1)
    result: dict[tuple[str, date], Decimal] = {}
    empty: dict[str, list[date]] = defaultdict(list)
    with localcontext() as context:
        context.prec = WORKING_PRECISION
        for month in sorted(by_month):
            for code in wanted:
                crosses = []
                for values in by_month[month]:
                    to_base = one if base == "EUR" else values.get(base)
                    to_code = one if code == "EUR" else values.get(code)
                    if to_base is not None and to_code is not None:
                        crosses.append(to_base / to_code)
                if crosses:
                    mean = sum(crosses, Decimal(0)) / len(crosses)
                    result[(code, month)] = _significant(mean, MONTHLY_DIGITS)
                else:
                    empty[code].append(month)
    for code in wanted:
        if empty[code]:
            months = ", ".join(f"{m:%Y-%m}" for m in empty[code])
            notes.append(f"{code}: the ECB published no rate in {months}")
    if by_month:
        newest = max(by_month)
        last_day = max(day for day, _v in ecb.days)
        if last_day < _last_weekday(newest) and any(m == newest for _c, m in result):
            notes.append(
                f"{newest:%Y-%m}: the file ends on {last_day}, before the month's last "
                f"weekday: the rate is the average of the {len(by_month[newest])} day(s) "
                "published so far; import a later file to complete it"
            )
    return result, tuple(notes)
