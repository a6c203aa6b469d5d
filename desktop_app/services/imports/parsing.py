"""Turning spreadsheet cells into exact values: amounts, dates, counts, currencies, statuses.

Named rules:
- IMPORTED_AMOUNT_ROUNDING: a number stored as binary float in a spreadsheet cell is read through
  its shortest decimal representation (repr); binary noise (ten or more decimals, as in
  12.299999999999999) is rounded half-up to the currency's minor unit (12.30). An amount that
  really has more decimals than the currency allows (10.005 USD) is an error, never silently
  rounded. Text is never "noise": '12.345678901234' USD is an error too.
- TEXT_AMOUNT_GRAMMAR (`read_amount_text`, the one place text amounts are read): an optional
  currency sign or ISO code before or after ('US $', '€', 'USD'; two only if they agree, as in
  '$12.50 USD'); one sign ('-12.50', '12.50-', '+12.50') or accounting parentheses
  ('(12.50)', both of them); digits with at most one decimal mark ('.' or ','); thousands
  grouped in threes by the other mark, a space or an apostrophe ('1,234.50', '1.234,50',
  '1 234,50', "1'234.50"; Indian '1,23,456.50' too). With both marks the last one is the
  decimal mark; a mark that repeats groups thousands. Anything else ('12.5.3', '10-20',
  '(12.50', '1,2.3') is refused, naming the value.
- AMBIGUOUS_THOUSANDS: a lone mark followed by exactly three digits after 1–3 digits that do
  not start with 0 ('1,500', '1.500') could group thousands or be a decimal mark. It takes the
  decimal mark the other amounts of its column show ('12,50' or '1.234,50' → ',' is decimal;
  '12.50' or '1,234.50' → '.'); in a currency without minor units (JPY) it groups thousands;
  otherwise (no other amount shows, or the column shows both) it is an error saying so.
  '0,125' is never a thousands group: it is 0.125.
- AMOUNT_CURRENCY: a sign or code in the amount must name the row's currency: the currency
  cell's, or, in a file without a currency column, the import's (--currency, else the store's
  base currency). An empty currency cell takes the currency the amount's sign names. '$' and
  '¥' stand for several currencies and agree with any of them.
- Dates: Excel serials in the 1900 system and date/datetime cells as they are; text as ISO
  (2026-10-31, optionally with a time), year first (2026/10/31), dotted (31.10.2026, always day
  first), slashed or dashed (03/04/2026: day and month in the import's DateOrder; without one,
  only when they cannot be swapped, as in 13/04/2026 or 04/04/2026) or with a month name. A
  time must be a real one; a time with an offset or Z is converted to the merchant's time zone
  before the day is taken. Nothing may follow. Years 1990–2100 only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from functools import cache
from itertools import repeat
from operator import mul, truediv
from typing import Any

from desktop_app.domain.money import minor_digits, quantize
from desktop_app.domain.order_status import STATE_NAMES, OrderState, state_of_word
from desktop_app.services.imports.model import DateOrder

EXCEL_EPOCH = date(1899, 12, 30)
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_AMOUNT = Decimal("1000000000")  # one billion per order is not an order, it is a typo

DOLLARS = ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN")
# A currency sign in an amount → the currencies it may stand for (the first when it must decide).
CURRENCY_SIGNS: dict[str, tuple[str, ...]] = {
    "US$": ("USD",),
    "US $": ("USD",),
    "R$": ("BRL",),
    "A$": ("AUD",),
    "C$": ("CAD",),
    "$": DOLLARS,
    "€": ("EUR",),
    "£": ("GBP",),
    "¥": ("JPY", "CNY"),
    "₽": ("RUB",),
    "zł": ("PLN",),
    "₹": ("INR",),
    "₩": ("KRW",),
    "₺": ("TRY",),
    "CHF": ("CHF",),
}
CURRENCY_SYMBOLS = {sign: currencies[0] for sign, currencies in CURRENCY_SIGNS.items()}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "jan.", "janv", "januar", "ene", "enero"),
            ("feb", "february", "feb.", "fevr", "februar", "febrero"),
            ("mar", "march", "mar.", "mars", "marz", "märz", "marzo"),
            ("apr", "april", "apr.", "avr", "avril", "abr", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juil", "juli", "julio"),
            ("aug", "august", "aug.", "aout", "août", "ago", "agosto"),
            ("sep", "sept", "september", "sep.", "septembre", "septiembre"),
            ("oct", "october", "oct.", "okt", "oktober", "octobre", "octubre"),
            ("nov", "november", "nov.", "novembre", "noviembre"),
            ("dec", "december", "dec.", "dez", "dezember", "decembre", "déc", "dic", "diciembre"),
        ],
        start=1,
    )
    for name in names
}


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message says what was expected."""


class AmbiguousAmount(CellError):
    """'1,500': 1500 or 1.5? Only the other amounts of the column can tell (AMBIGUOUS_THOUSANDS)."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: Any) -> str:
    """A cell as text: 10248.0 (an id Excel stored as a number) becomes '10248'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


# amounts ---------------------------------------------------------------------------------------
POINT, COMMA, BOTH = ".", ",", "both"  # what a column shows as its decimal mark
CURRENCY_FROM_COLUMN = "column"  # the row's currency cell
CURRENCY_FROM_IMPORT = "import"  # no currency column: the import's currency (--currency)
CURRENCY_FROM_BASE = "base"  # no currency column, no --currency: the store's base currency

_SIGNS = "|".join(re.escape(sign) for sign in sorted(CURRENCY_SIGNS, key=len, reverse=True))
_LEFT_CURRENCY = re.compile(rf"(?:{_SIGNS}|[A-Z]{{3}}(?![A-Za-z]))")
_RIGHT_CURRENCY = re.compile(rf"(?:{_SIGNS}|(?<![A-Za-z])[A-Z]{{3}})$")
_SPACERS = " \u00a0\u202f\u2009'’"  # group thousands, never a decimal mark
_MINUS = "-\u2212"
_SPACER_TABLE = str.maketrans({ch: " " for ch in _SPACERS})
_SPACER = re.compile(f"[{_SPACERS}]")
_NUMBER_CHARACTERS = re.compile(f"[\\d.,{_SPACERS}]+")  # digits, marks, spacers only
Refuse = Callable[..., CellError]  # builds the "expected an amount like 12.50" error


@dataclass(frozen=True, slots=True)
class AmountText:
    """A text amount taken apart by TEXT_AMOUNT_GRAMMAR."""

    text: str  # as written, without surrounding spaces
    negative: bool
    whole: str  # the digits before the decimal mark, without grouping
    fraction: str  # the digits after it ("" without one)
    mark: str | None  # the decimal mark this text shows unambiguously: '.', ',' or None
    ambiguous: str  # ',' or '.' in '1,500' (AMBIGUOUS_THOUSANDS), else ""
    sign: str  # the currency sign or code as written, "" without one
    currencies: tuple[str, ...]  # what that sign may stand for


def read_amount_text(text: str) -> AmountText:
    """TEXT_AMOUNT_GRAMMAR: the one reader of text amounts; CellError names the value."""
    raw = text.strip()

    def refuse(reason: str = "") -> CellError:
        why = f" ({reason})" if reason else ""
        return CellError(f"expected an amount like 12.50, found {raw!r}{why}")

    rest = raw[1:] if raw.startswith("'") else raw  # Excel's mark for "keep this as text"
    negative, signs, opened, closed = False, 0, False, False
    tokens: list[str] = []
    while rest:  # from the left: '(', a sign, a currency, in any order
        first = rest[0]
        if first == "(" and not opened:
            opened, rest = True, rest[1:].lstrip()
        elif first in "+" + _MINUS:
            signs, negative, rest = signs + 1, negative or first != "+", rest[1:].lstrip()
        elif found := _LEFT_CURRENCY.match(rest):
            tokens.append(found.group())
            rest = rest[found.end() :].lstrip()
        else:
            break
    while rest:  # from the right: ')', a trailing minus, a currency
        last = rest[-1]
        if last == ")" and not closed:
            closed, rest = True, rest[:-1].rstrip()
        elif last in _MINUS:
            signs, negative, rest = signs + 1, True, rest[:-1].rstrip()
        elif found := _RIGHT_CURRENCY.search(rest):
            tokens.append(found.group())
            rest = rest[: found.start()].rstrip()
        else:
            break
    if opened != closed:
        raise refuse("unbalanced parenthesis")
    if signs + opened > 1:
        raise refuse("two signs")
    sign, currencies = _currency_sign(tokens, refuse)
    whole, fraction, mark, ambiguous = _number(rest, refuse)
    return AmountText(raw, negative or opened, whole, fraction, mark, ambiguous, sign, currencies)


def _currency_sign(tokens: list[str], refuse: Refuse) -> tuple[str, tuple[str, ...]]:
    if not tokens:
        return "", ()
    if len(tokens) > 2:
        raise refuse()
    named: list[tuple[str, tuple[str, ...]]] = []
    for token in tokens:
        currencies = CURRENCY_SIGNS.get(token)
        if currencies is None:
            if token not in _known_currencies():
                raise refuse(f"unknown currency code {token!r}")
            currencies = (token,)
        named.append((token, currencies))
    if len(named) == 1:
        return named[0]
    (first, first_set), (second, second_set) = named
    common = tuple(c for c in first_set if c in second_set)
    if not common:
        raise refuse(f"two currencies: {first} and {second}")
    return (first if len(first_set) <= len(second_set) else second), common


def _number(body: str, refuse: Refuse) -> tuple[str, str, str | None, str]:
    """(whole digits, fraction digits, decimal mark shown, ambiguous mark) of '1.234,50'."""
    if _NUMBER_CHARACTERS.fullmatch(body) is None:
        raise refuse()
    spaced = _SPACER.search(body) is not None
    points, commas = body.count("."), body.count(",")
    mark: str | None = None  # the decimal mark this text shows
    ambiguous = ""
    whole, fraction, decimal_written = body, "", False
    if points and commas:
        mark = POINT if body.rfind(".") > body.rfind(",") else COMMA
        if body.count(mark) > 1:
            raise refuse("more than one decimal mark")
        if spaced:
            raise refuse("mixed grouping")
        whole, _, fraction = body.partition(mark)
        whole, decimal_written = _ungrouped(whole, COMMA if mark == POINT else POINT, refuse), True
    elif points + commas > 1:  # '1,234,567': a repeated mark groups thousands
        if spaced:
            raise refuse("mixed grouping")
        single = POINT if points else COMMA
        whole, mark = _ungrouped(body, single, refuse), COMMA if single == POINT else POINT
    elif points or commas:
        single = POINT if points else COMMA
        whole, _, fraction = body.partition(single)
        decimal_written = True
        if spaced:  # '1 234,50': the spaces group, so the mark is the decimal mark
            whole, mark = _ungrouped(whole, " ", refuse), single
        elif len(fraction) == 3 and 0 < len(whole) <= 3 and whole[0] != "0":
            ambiguous = single
        else:
            mark = single
    elif spaced:
        whole = _ungrouped(body, " ", refuse)
    if not whole.isdecimal() or (decimal_written and not fraction.isdecimal()):
        raise refuse()  # '.50', '12.', '1 234,'
    return whole, fraction, mark, ambiguous


def _ungrouped(text: str, separator: str, refuse: Refuse) -> str:
    """'1,234,567' → '1234567' when the groups are thousands (or Indian lakhs: '1,23,456')."""
    if separator == " ":
        text = text.translate(_SPACER_TABLE)
    groups = text.split(separator)
    if len(groups) == 1:
        return text
    head, tail = groups[0], groups[1:]
    if not (0 < len(head) <= 3 and head[0] != "0" and head.isdecimal()):
        raise refuse("thousands are grouped in threes")
    if all(len(g) == 3 and g.isdecimal() for g in tail):
        return "".join(groups)
    lakhs = all(len(g) == 2 for g in tail[:-1]) and len(tail[-1]) == 3
    digits = all(g.isdecimal() for g in tail)
    if separator == COMMA and len(head) <= 2 and len(tail) >= 2 and lakhs and digits:
        return "".join(groups)
    raise refuse("thousands are grouped in threes")


def currency_of_amount(value: Any, default: str) -> str:
    """The currency of a row whose currency cell is empty: the one the amount's sign names,
    else `default`. A sign that stands for several ('$') agrees with `default` if it can."""
    if not isinstance(value, str):
        return default
    try:
        found = read_amount_text(value)
    except CellError:
        return default  # the amount's own message says what is wrong with it
    if not found.currencies or default in found.currencies:
        return default
    if len(found.currencies) == 1:
        return found.currencies[0]
    raise CellError(
        f"amount {found.text!r} does not say which currency {found.sign!r} is "
        f"({', '.join(found.currencies)}) and the currency is empty; fill in the currency"
    )


def parse_amount(
    value: Any,
    currency: str,
    *,
    decimal_mark: str | None = None,
    currency_from: str | None = "",
) -> Decimal:
    """A cell as an exact amount in `currency`: numbers by IMPORTED_AMOUNT_ROUNDING, text by
    TEXT_AMOUNT_GRAMMAR. `decimal_mark` is what the column shows (POINT, COMMA, BOTH or None)
    for AMBIGUOUS_THOUSANDS; `currency_from` says where `currency` came from, for the message
    when the amount names another (None: the currency itself was wrong, do not check)."""
    if isinstance(value, str):
        return amount_of_text(
            read_amount_text(value),
            currency,
            decimal_mark=decimal_mark,
            currency_from=currency_from,
        )
    if isinstance(value, bool):
        raise CellError("expected an amount like 12.50, found TRUE/FALSE")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("expected an amount like 12.50")
        amount = Decimal(repr(value))
    elif isinstance(value, Decimal):
        amount = value
    else:
        raise CellError(f"expected an amount like 12.50, found {text_of(value)!r}")
    return _checked(amount, text_of(value), currency, noise=isinstance(value, float))


def amount_of_text(
    found: AmountText,
    currency: str,
    *,
    decimal_mark: str | None = None,
    currency_from: str | None = "",
) -> Decimal:
    """The exact amount of a text `read_amount_text` took apart (see `parse_amount`)."""
    if found.currencies and currency_from is not None and currency not in found.currencies:
        raise CellError(_currency_mismatch(found, currency, currency_from))
    whole, fraction = found.whole, found.fraction
    if found.ambiguous:
        if decimal_mark in (POINT, COMMA):
            grouping = decimal_mark != found.ambiguous
        elif minor_digits(currency) == 0:
            grouping = True
        else:
            raise AmbiguousAmount(_ambiguity(found, decimal_mark))
        if grouping:
            whole, fraction = whole + fraction, ""
    amount = Decimal(f"{whole}.{fraction}" if fraction else whole)
    return _checked(-amount if found.negative else amount, found.text, currency, noise=False)


def _checked(amount: Decimal, text: str, currency: str, *, noise: bool) -> Decimal:
    if abs(amount) >= MAX_AMOUNT:
        raise CellError(f"amount {text} is implausibly large (limit 1,000,000,000)")
    rounded = quantize(amount, currency)
    if rounded != amount and not (noise and _binary_noise(amount)):
        raise CellError(
            f"amount {text} has more decimals than {currency} allows ({minor_digits(currency)})"
        )
    return rounded


def _binary_noise(amount: Decimal) -> bool:
    exponent = amount.as_tuple().exponent
    return isinstance(exponent, int) and exponent <= -10


def _currency_mismatch(found: AmountText, currency: str, currency_from: str) -> str:
    single = len(found.currencies) == 1
    named = found.currencies[0] if single else f"{found.sign} ({', '.join(found.currencies)})"
    head = f"amount {found.text!r} is in {named}, but "
    choose = f"; choose the import's currency (--currency {found.currencies[0]})"
    if currency_from == CURRENCY_FROM_COLUMN:
        return head + f"its currency column says {currency}"
    if currency_from == CURRENCY_FROM_IMPORT:
        return (
            head
            + f"the file has no currency column and the import's currency is {currency}"
            + choose
        )
    if currency_from == CURRENCY_FROM_BASE:
        return head + (
            f"the file has no currency column and the store's base currency is {currency}" + choose
        )
    return head + f"the row's currency is {currency}"


def _ambiguity(found: AmountText, decimal_mark: str | None) -> str:
    grouped = found.whole + found.fraction
    decimal = f"{Decimal(f'{found.whole}.{found.fraction}').normalize():f}"
    if decimal_mark == BOTH:
        why = "The amounts in this column use both '.' and ',' as the decimal mark"
    else:
        why = f"Nothing else in this column shows whether '{found.ambiguous}' is the decimal mark"
    return (
        f"amount {found.text!r} is ambiguous: {grouped} or {decimal}? {why}; "
        f"write the amount as {grouped} or {decimal}"
    )


PLAIN_AMOUNT = re.compile(r"\d{1,12}(\.\d{1,4})?")
_MAX_WHOLE = int(MAX_AMOUNT)
_POWERS: tuple[int, ...] = tuple(10**k for k in range(8))


def is_plain_amount(text: str) -> bool:
    """PLAIN_AMOUNT, except AMBIGUOUS_THOUSANDS ('1.500'): what the fast path may read."""
    if PLAIN_AMOUNT.fullmatch(text) is None:
        return False
    whole, _, fraction = text.partition(".")
    return not (len(fraction) == 3 and len(whole) <= 3 and whole[0] != "0")


def plain_amount_minor(text: str, digits: int) -> int | None:
    """'1234.5' → 123450 (digits=2) with integer arithmetic only; None when the text is not a
    plain non-negative amount (`is_plain_amount`) or has more decimals than `digits` (the full
    parser then reads it and explains any problem). The import's hot loop calls this for every
    row, so it tests with str methods, not a regex."""
    whole, dot, frac = text.partition(".")
    if not (0 < len(whole) <= 12 and whole.isdecimal()):
        return None
    if dot:
        size = len(frac)
        if not (0 < size <= 4 and frac.isdecimal()):
            return None
        if size == 3 and len(whole) <= 3 and whole[0] != "0":
            return None  # '1.500': 1500 or 1.5? AMBIGUOUS_THOUSANDS: the column decides
    units = int(whole)
    if units >= _MAX_WHOLE:
        return None
    if len(frac) > digits:
        if frac[digits:].strip("0"):
            return None  # more decimals than the currency has: the full parser says so
        frac = frac[:digits]
    return units * _POWERS[digits] + (int(frac) * _POWERS[digits - len(frac)] if frac else 0)


_FLOAT_LIMIT = float(MAX_AMOUNT)


def float_amount_minor(value: float, digits: int) -> int | None:
    """A number cell in minor units (digits=2: 12.5 → 1250) by float arithmetic: the same as
    `plain_amount_minor(repr(value), digits)`, without writing the number out. `minor` is the
    only candidate; the division is correctly rounded, so `minor / scale == value` says that
    the decimal minor/10**digits reads back as this very float (no other decimal with as few
    digits does below the limit), which is the number the full parser reads (repr). None for
    anything else (more decimals, zero, negative, too big, not finite): the full parser."""
    if not 0 < value < _FLOAT_LIMIT:
        return None
    scale = _POWERS[digits]
    minor = round(value * scale)
    return minor if minor / scale == value else None


def float_amounts_minor(values: list[float], digits: int) -> list[int] | None:
    """`float_amount_minor` of a whole column of number cells at once, by the same arithmetic
    in C loops (a big .xlsx import calls this once per chunk): None when any cell needs the
    full parser."""
    try:
        if not (min(values) > 0 and max(values) < _FLOAT_LIMIT):
            return None
        scale = _POWERS[digits]
        minor = list(map(round, map(mul, values, repeat(scale))))
    except (ValueError, OverflowError):  # NaN; empty
        return None
    return minor if list(map(truediv, minor, repeat(scale))) == values else None


# dates -----------------------------------------------------------------------------------------
_EXPECTED_DATE = "expected a date like 2026-10-31 or 31.10.2026"
_CHOOSE_ORDER = "choose day-first or month-first (--day-first / --month-first)"
_TIME = (
    r"(?:(?:T|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,]\d{1,9})?)?"
    r"(?:\s*(?P<half>[AaPp])\.?[Mm]\.?)?"
    r"(?:\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?)?"
)
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?:(?P<sep>[-./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"|(?P<basic_month>\d{2})(?P<basic_day>\d{2}))" + _TIME  # 2026-10-31, 2026/10/31, 20261031
)
_DAY_MONTH = re.compile(
    r"(?P<first>\d{1,2})(?P<sep>[-./])(?P<second_>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})" + _TIME
)
_WORD_DATE = re.compile(
    r"(?:(?P<day_before>\d{1,2})\.?\s*)?(?P<month_name>[^\W\d_]+\.?)\s*"
    r"(?:(?P<day_after>\d{1,2}),?)?\s+(?P<year>\d{4})" + _TIME
)
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def parse_date(value: Any, *, order: DateOrder | None = None, zone: tzinfo | None = None) -> date:
    """A cell as the day it falls on for the merchant: `order` reads 03/04/2026, `zone` (the
    merchant's time zone; UTC when None) receives times written with an offset or Z."""
    converted = ""
    result: date
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone or UTC)
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, bool):
        raise CellError("expected a date, found TRUE/FALSE")
    elif isinstance(value, (int, float)):
        if not 1 <= value < 2958466:
            raise CellError(f"expected a date, found the number {text_of(value)}")
        result = EXCEL_EPOCH + timedelta(days=int(value))
    elif isinstance(value, str):
        text = value.strip()
        result, shifted = _date_from_text(text, order, zone or UTC)
        if shifted:
            converted = f" ({text!r} in {getattr(zone or UTC, 'key', str(zone or UTC))})"
    else:
        raise CellError(f"expected a date, found {text_of(value)!r}")
    if not FIRST_YEAR <= result.year <= LAST_YEAR:
        raise CellError(
            f"date {result.isoformat()}{converted} is outside the years {FIRST_YEAR}–{LAST_YEAR}"
        )
    return result


def _date_from_text(text: str, order: DateOrder | None, zone: tzinfo) -> tuple[date, bool]:
    """(the day, whether a time zone offset moved it)."""
    if found := _YEAR_FIRST.fullmatch(text):
        month, day_of_month = (
            found["month"] or found["basic_month"],
            found["day"] or found["basic_day"],
        )
        day = _calendar_date(text, int(found["year"]), int(month), int(day_of_month))
    elif found := _DAY_MONTH.fullmatch(text):
        first, second, year = int(found["first"]), int(found["second_"]), int(found["year"])
        year += 2000 if len(found["year"]) == 2 else 0
        day = _day_month(text, first, second, year, found["sep"], order)
    elif (found := _WORD_DATE.fullmatch(text)) and (
        (month := MONTHS.get(found["month_name"].casefold().rstrip(".")))
        and (day_text := found["day_before"] or found["day_after"])
    ):
        day = _calendar_date(text, int(found["year"]), month, int(day_text))
    else:
        raise CellError(f"{_EXPECTED_DATE}, found {text!r}" if text else _EXPECTED_DATE)
    if found["hour"] is None:
        return day, False
    return _local_day(text, day, found, zone)


def _calendar_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"{_EXPECTED_DATE}; {text!r} is not a real calendar date") from None


def _day_month(
    text: str, first: int, second: int, year: int, sep: str, order: DateOrder | None
) -> date:
    """03/04/2026 in the import's order; without one, only when the order cannot matter."""
    if sep == "." or order is DateOrder.DAY_FIRST:
        day, month = first, second
    elif order is DateOrder.MONTH_FIRST:
        day, month = second, first
    elif first > 12 >= second or first == second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    elif 0 < first <= 12 and 0 < second <= 12:
        readings = (date(year, second, first), date(year, first, second))
        spoken = " or ".join(f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}" for d in readings)
        raise CellError(f"date {text!r} could be {spoken}; {_CHOOSE_ORDER}")
    else:
        day, month = first, second
    if order is not None and sep != "." and month > 12 and day <= 12:
        raise CellError(
            f"date {text!r} cannot be {order} (there is no month {month}); {_CHOOSE_ORDER}"
        )
    return _calendar_date(text, year, month, day)


def _local_day(text: str, day: date, found: re.Match[str], zone: tzinfo) -> tuple[date, bool]:
    hour, minute = int(found["hour"]), int(found["minute"])
    second = int(found["second"] or 0)
    if found["half"]:  # 12-hour clock: 12:30 AM is 00:30, 1–12 only
        pm = found["half"] in "Pp"
        hour = hour % 12 + (12 if pm else 0) if 1 <= hour <= 12 else 99
    if hour > 23 or minute > 59 or second > 59:
        raise CellError(f"{_EXPECTED_DATE}; {text!r} is not a real time of day")
    offset = found["zone"]
    if offset is None:
        return day, False  # a time without an offset is the merchant's own time already
    if offset in ("Z", "UTC", "GMT"):
        written_in: tzinfo = UTC
    else:
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 23 or minutes > 59:
            raise CellError(f"{_EXPECTED_DATE}; {text!r} is not a real time of day")
        delta = timedelta(hours=hours, minutes=minutes)
        written_in = timezone(-delta if offset[0] == "-" else delta)
    moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=written_in)
    local = moment.astimezone(zone).date()
    return local, local != day


_COUNT = re.compile(r"\d{1,3}(?:([,.' ])\d{3})?(?:\1\d{3})*|\d+")


def parse_count(value: Any) -> int:
    """Clicks and visitors: whole, non-negative numbers."""
    if isinstance(value, bool):
        raise CellError("expected a whole number, found TRUE/FALSE")
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        number = int(value)
    elif isinstance(value, str) and _COUNT.fullmatch(value.strip()):
        number = int(re.sub(r"[\s,.']", "", value))
    else:
        raise CellError(f"expected a whole number, found {text_of(value)!r}")
    if number < 0:
        raise CellError(f"expected a number of 0 or more, found {number}")
    if number > 10**9:
        raise CellError(f"{number} is implausibly large")
    return number


def parse_currency(value: Any) -> str:
    text = text_of(value).upper()
    code = CURRENCY_SYMBOLS.get(text, text)
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise CellError(f"expected a 3-letter currency code like EUR, found {text_of(value)!r}")
    if code not in _known_currencies():
        raise CellError(f"unknown currency code {code!r} (expected an ISO code like EUR, USD)")
    return code


@cache
def _known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def parse_status(value: Any, own_words: Mapping[str, OrderState] | None = None) -> str:
    """The order state a status cell means (order_status): the shop's own words (the import's
    status mapping) first, then the words shops commonly use; an empty cell is confirmed."""
    if is_blank(value):
        return OrderState.CONFIRMED.value
    word = text_of(value)
    state = state_of_word(word, own_words)
    if state is None:
        raise CellError(
            f"unknown order status {word!r}: say which of {STATE_NAMES} it means with a "
            f"status mapping such as {word}=confirmed (--status-map, or Status words in the "
            "import wizard)"
        )
    return state.value
