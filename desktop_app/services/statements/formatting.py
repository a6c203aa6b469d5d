"""Locale formatting of statement values with Babel, fast enough for thousands of table cells.

Babel parses its number pattern on every call; a statement prints tens of thousands of numbers,
so the common case (grouping by three) is done with the locale's own symbols and Python's
formatting, and anything else falls back to Babel itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, cached_property

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    format_currency,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    parse_pattern,
)

from desktop_app.domain.money import minor_digits, quantize
from desktop_app.services.statements.wording import Wording, language_of

MINUS = "−"  # a real minus sign reads better than a hyphen in money columns


@dataclass(frozen=True)
class Formatter:
    locale: str
    currency: str

    def amount(self, value: Decimal) -> str:
        """A plain number with the currency's decimals ("1.234,50"), for table columns."""
        return _amount(self.locale, minor_digits(self.currency), quantize(value, self.currency))

    def money(self, value: Decimal) -> str:
        """With the currency symbol ("€1.234,50"), for the summary and totals."""
        return _money(self.locale, self.currency, quantize(value, self.currency))

    def day(self, value: date) -> str:
        return _day(self.locale, value)

    def long_day(self, value: date) -> str:
        return str(format_date(value, format="long", locale=self.locale))

    @cached_property
    def words(self) -> Wording:
        """The statement's texts in the locale's language, values in the locale's format."""
        language = language_of(self.locale)
        return Wording(language, day=self.day, amount=self.money, number=self.amount)

    def conversion(self, amount: Decimal, currency: str, rate: Decimal) -> str:
        """An order's own amount and the rate it was converted at: "EUR 120.00 @ 1.0825"
        (every digit of the rate, the locale's decimal sign, no grouping)."""
        decimal_sign = _symbols(self.locale)[0]
        shown = _amount(self.locale, minor_digits(currency), quantize(amount, currency))
        return f"{currency} {shown} @ {format(rate, 'f').replace('.', decimal_sign)}"

    def rate(self, rate: Decimal, fixed: Decimal = Decimal(0)) -> str:
        """7.5 → "7.5 %"; with a fixed part: "5 % + 2.00"."""
        text = _rate(self.locale, rate)
        if fixed:
            text = f"{text} + {self.amount(fixed)}"
        return text


@cache
def _symbols(locale: str) -> tuple[str, str, str, bool]:
    parsed = Locale.parse(locale)
    pattern = parse_pattern(parsed.decimal_formats[None])
    standard = pattern.grouping == (3, 3)
    return (
        str(get_decimal_symbol(locale)),
        str(get_group_symbol(locale)),
        str(get_minus_sign_symbol(locale)),
        standard,
    )


def _amount(locale: str, digits: int, value: Decimal) -> str:
    decimal_sign, group_sign, minus_sign, standard = _symbols(locale)
    if standard:
        text = f"{abs(value):,.{digits}f}"
        text = text.replace(",", "\0").replace(".", decimal_sign).replace("\0", group_sign)
        sign = MINUS if value < 0 else ""
        return sign + text
    text = str(format_decimal(value, format=_pattern(locale, digits), locale=locale))
    return text.replace(minus_sign, MINUS, 1) if value < 0 else text


@cache
def _pattern(locale: str, digits: int) -> str:
    """The locale's own number pattern (its grouping) with exactly `digits` decimals."""
    whole = Locale.parse(locale).decimal_formats[None].pattern.split(";")[0].split(".")[0]
    return f"{whole}.{'0' * digits}" if digits else whole


@cache
def _money(locale: str, currency: str, value: Decimal) -> str:
    text = str(format_currency(value, currency, locale=locale))
    _decimal, _group, minus_sign, _standard = _symbols(locale)
    return text.replace(minus_sign, MINUS, 1) if value < 0 else text


@cache
def _day(locale: str, value: date) -> str:
    """Numeric with a four-digit year in the locale's order ("9/30/2026", "30.09.2026"):
    unambiguous, and narrow enough for the table's date column in every locale."""
    return str(format_skeleton("yMd", value, locale=locale))


@cache
def _rate(locale: str, rate: Decimal) -> str:
    text = str(format_decimal(rate, format="#,##0.###", locale=locale))
    return f"{text} %"
