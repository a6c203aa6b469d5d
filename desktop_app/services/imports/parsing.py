"""Turning spreadsheet cells into exact values: amounts, dates, counts, currencies, statuses.

Named rules:
- IMPORTED_AMOUNT_ROUNDING: a number stored as binary float in a spreadsheet is read through its
  shortest decimal representation (repr); binary noise (ten or more decimals, as in
  12.299999999999999) is rounded half-up to the currency's minor unit (12.30). An amount that
  really has more decimals than the currency allows (10.005 USD, typed or as text) is an error,
  never silently rounded.
- Text amounts: the last of '.' or ',' followed by 1–2 digits (or any digits other than exactly
  three) is the decimal separator; a lone separator followed by exactly three digits groups
  thousands ("1,234" = 1234, "1.234" = 1234).
- Dates: Excel serials in the 1900 system; text ISO first, then dotted (always day first), then
  slashed (day first only when the import says so), then month names. Years 1990–2100 only.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from desktop_app.domain.money import minor_digits, quantize

EXCEL_EPOCH = date(1899, 12, 30)
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_AMOUNT = Decimal("1000000000")  # one billion per order is not an order, it is a typo

CURRENCY_SYMBOLS = {
    "US$": "USD",
    "US $": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₽": "RUB",
    "zł": "PLN",
    "R$": "BRL",
    "A$": "AUD",
    "C$": "CAD",
    "₹": "INR",
    "₩": "KRW",
    "₺": "TRY",
    "CHF": "CHF",
}
STATUSES = {
    "completed": "completed",
    "complete": "completed",
    "finished": "completed",
    "shipped": "completed",
    "delivered": "completed",
    "paid": "completed",
    "confirmed": "completed",
    "approved": "completed",
    "done": "completed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "void": "cancelled",
    "refunded": "refunded",
    "returned": "refunded",
    "partially refunded": "partially_refunded",
    "partially_refunded": "partially_refunded",
    "partial refund": "partially_refunded",
}
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


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: Any) -> str:
    """A cell as text: 10248.0 (an id Excel stored as a number) becomes '10248'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


_AMOUNT_NOISE = re.compile(r"[^\d,.\-()]")


def currency_in(text: str) -> str | None:
    """The currency a text amount names by symbol or ISO code ('12,50 €' → EUR)."""
    stripped = text.strip()
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if symbol in stripped:
            return CURRENCY_SYMBOLS[symbol]
    code = re.search(r"\b([A-Z]{3})\b", stripped)
    return code.group(1) if code else None


def parse_amount(value: Any, currency: str) -> Decimal:
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
    elif isinstance(value, str):
        amount = _amount_from_text(value)
    else:
        raise CellError(f"expected an amount like 12.50, found {text_of(value)!r}")
    if abs(amount) >= MAX_AMOUNT:
        raise CellError(f"amount {text_of(value)} is implausibly large (limit 1,000,000,000)")
    rounded = quantize(amount, currency)
    if rounded != amount and not _binary_noise(amount):
        raise CellError(
            f"amount {text_of(value)} has more decimals than {currency} allows "
            f"({minor_digits(currency)})"
        )
    return rounded


def _binary_noise(amount: Decimal) -> bool:
    exponent = amount.as_tuple().exponent
    return isinstance(exponent, int) and exponent <= -10


PLAIN_AMOUNT = re.compile(r"\d{1,12}(\.\d{1,4})?")
_MAX_WHOLE = int(MAX_AMOUNT)
_POWERS: tuple[int, ...] = tuple(10**k for k in range(8))


def plain_amount_minor(text: str, digits: int) -> int | None:
    """'1234.5' → 123450 (digits=2) with integer arithmetic only, rounding half-up like
    `quantize`; None when the text is not a plain non-negative amount (the full parser then
    handles it and explains any problem). The import's hot loop calls this for every row."""
    whole, dot, frac = text.partition(".")  # the same test as PLAIN_AMOUNT, without a regex
    if not (0 < len(whole) <= 12 and whole.isdecimal()):
        return None
    if dot and not (0 < len(frac) <= 4 and frac.isdecimal()):
        return None
    units = int(whole)
    if units >= _MAX_WHOLE:
        return None
    scale = _POWERS[digits]
    if len(frac) > digits:
        if frac[digits:].strip("0"):
            return None  # more decimals than the currency has: the full parser says so
        frac = frac[:digits]
    if len(frac) <= digits:
        return units * scale + (int(frac) * _POWERS[digits - len(frac)] if frac else 0)
    dropped = _POWERS[len(frac) - digits]
    kept, rest = divmod(int(frac), dropped)
    return units * scale + kept + (1 if rest * 2 >= dropped else 0)


_CURRENCY_TOKEN = re.compile(
    "|".join(re.escape(t) for t in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
    + r"|\b[A-Z]{3}\b"
)
_AMOUNT_CHARACTERS = re.compile(r"[\d\s,.'()\-\u00a0\u202f]*")


def _check_amount_characters(raw: str) -> None:
    """Only digits, separators, a sign and currency marks: '1E+400' or '=1+2' are not amounts."""
    rest = _CURRENCY_TOKEN.sub("", raw)
    if not _AMOUNT_CHARACTERS.fullmatch(rest):
        raise CellError(f"expected an amount like 12.50, found {raw!r}")


def _amount_from_text(text: str) -> Decimal:
    raw = text.strip()
    if PLAIN_AMOUNT.fullmatch(raw):  # "1234.50": most CSV exports
        return Decimal(raw)
    _check_amount_characters(raw)
    negative = raw.startswith("-") or raw.endswith("-") or (raw.startswith("(") and ")" in raw)
    digits = _AMOUNT_NOISE.sub("", raw).replace("(", "").replace(")", "").replace("-", "")
    if not digits or not any(ch.isdigit() for ch in digits):
        raise CellError(f"expected an amount like 12.50, found {raw!r}")
    last = max(digits.rfind("."), digits.rfind(","))
    if last >= 0:
        sep = digits[last]
        tail = digits[last + 1 :]
        single = digits.count(sep) == 1
        other = "," if sep == "." else "."
        if (other in digits[:last]) or (single and len(tail) != 3):
            whole = digits[:last].replace(".", "").replace(",", "")
            digits = f"{whole}.{tail}"
        else:
            digits = digits.replace(sep, "")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        raise CellError(f"expected an amount like 12.50, found {raw!r}") from None
    return -amount if negative else amount


def parse_date(value: Any, *, day_first: bool) -> date:
    if isinstance(value, datetime):
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
        result = _date_from_text(value.strip(), day_first)
    else:
        raise CellError(f"expected a date, found {text_of(value)!r}")
    if not FIRST_YEAR <= result.year <= LAST_YEAR:
        raise CellError(f"date {result.isoformat()} is outside the years {FIRST_YEAR}–{LAST_YEAR}")
    return result


_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})")
_WORD_DATE = re.compile(r"^(\d{1,2})?\s*([^\W\d_]+\.?)\s*(\d{1,2})?,?\s+(\d{4})", re.UNICODE)


def _date_from_text(text: str, day_first: bool) -> date:
    expected = "expected a date like 2026-10-31 or 31.10.2026"
    if not text:
        raise CellError(expected)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        match = _NUMERIC_DATE.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            sep = text[len(match.group(1))]
            if len(match.group(1)) == 4:
                return date(a, b, c)
            year = c + 2000 if c < 100 else c
            if sep == "." or day_first:
                return date(year, b, a)
            return date(year, a, b)
        word = _WORD_DATE.match(text)
        if word:
            day_before, month_name, day_after, year_text = word.groups()
            month = MONTHS.get(month_name.casefold().rstrip("."))
            day_text = day_before or day_after
            if month and day_text:
                return date(int(year_text), month, int(day_text))
    except ValueError:
        raise CellError(f"{expected}; {text!r} is not a real calendar date") from None
    raise CellError(f"{expected}, found {text!r}")


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


def parse_status(value: Any) -> str:
    if is_blank(value):
        return "completed"
    key = " ".join(text_of(value).casefold().replace("-", " ").split())
    if key not in STATUSES:
        known = "completed, cancelled, refunded, partially refunded"
        raise CellError(f"unknown order status {text_of(value)!r} (expected one of: {known})")
    return STATUSES[key]
