"""Checking what a user types or a file holds for an exchange rate: currency, month, rate."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

from desktop_app.errors import ValidationError

FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_DIGITS = 20  # significant digits of a rate (stored as text, at most 40 characters)
SMALLEST, LARGEST = Decimal("1e-12"), Decimal("1e12")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_RATE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@cache
def _known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def is_currency(code: str) -> bool:
    """An ISO 4217 code Babel knows (current or historical, e.g. CYP in old ECB files)."""
    return bool(re.fullmatch(r"[A-Z]{3}", code)) and code in _known_currencies()


def parse_currency(text: str, base: str, *, field: str = "currency") -> str:
    code = text.strip().upper()
    if not is_currency(code):
        raise ValidationError(field, f"'{text.strip()}' is not an ISO 4217 currency code like EUR")
    if code == base.upper():
        raise ValidationError(field, f"{code} is the base currency: it always converts at 1")
    return code


def parse_month(text: str | date, *, field: str = "month") -> date:
    """ "2026-10" → 2026-10-01 (a date is taken as its month)."""
    if isinstance(text, date):
        return text.replace(day=1)
    found = _MONTH.fullmatch(text.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise ValidationError(field, f"'{text}' is not a month like 2026-10")
    year = int(found[1])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            field, f"{text.strip()} is outside the years {FIRST_YEAR}–{LAST_YEAR}"
        )
    return date(year, int(found[2]), 1)


def parse_rate(text: str | Decimal, *, field: str = "rate") -> Decimal:
    """A positive, finite, plausible rate with '.' as the decimal mark, kept exactly as written
    (trailing zeros too; an exponent is written out)."""
    shown = str(text).strip()
    if isinstance(text, Decimal):
        value = text
    else:
        if not _RATE.fullmatch(shown):
            raise ValidationError(field, f"'{shown}' is not a positive rate like 1.0825")
        try:
            value = Decimal(shown)
        except InvalidOperation:  # pragma: no cover - the pattern already refused it
            raise ValidationError(field, f"'{shown}' is not a positive rate like 1.0825") from None
    if not value.is_finite() or value <= 0:
        raise ValidationError(field, f"'{shown}' is not a positive rate like 1.0825")
    if not SMALLEST <= value <= LARGEST:
        raise ValidationError(
            field,
            f"'{shown}' is implausible (a rate is between {SMALLEST:f} and {LARGEST:f})",
        )
    if len(value.as_tuple().digits) > MAX_DIGITS and value != value.normalize():
        value = value.normalize()  # "1.50000…0" written with many zeros
    if len(value.as_tuple().digits) > MAX_DIGITS:
        raise ValidationError(field, f"'{shown}' has more than {MAX_DIGITS} significant digits")
    return Decimal(format(value, "f"))
