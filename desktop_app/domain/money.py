"""Exact money: Decimal amounts, integer minor units in storage, named rounding rules.

Rounding rules (each tested in tests/unit/test_money.py):
- ROUND_COMMISSION: amount x rate is rounded half-up to the currency's minor unit.
- Totals are sums of already-rounded lines, so a statement always adds up.
- allocate_largest_remainder: a total computed on a sum (e.g. period volume) is spread back over
  its parts so the parts add up exactly to the total.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.numbers import format_currency, get_currency_precision

ROUND_COMMISSION = ROUND_HALF_UP
ZERO = Decimal(0)


@cache
def minor_digits(currency: str) -> int:
    """Digits after the decimal point for a currency: 2 for EUR/USD, 0 for JPY/KRW."""
    return int(get_currency_precision(currency.upper()))


@cache
def _exponent(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_digits(currency))


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit (the commission rounding rule)."""
    return amount.quantize(_exponent(currency), rounding=ROUND_COMMISSION)


def to_minor(amount: Decimal, currency: str) -> int:
    """Decimal amount → integer minor units. Refuses amounts finer than the minor unit."""
    scaled = amount.scaleb(minor_digits(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} has more decimals than {currency} allows")
    return int(scaled)


def from_minor(minor: int, currency: str) -> Decimal:
    """Integer minor units → Decimal with exactly the currency's number of decimals."""
    return Decimal(minor).scaleb(-minor_digits(currency)).quantize(_exponent(currency))


# The one grammar of amounts a user types (dialogs, every money argument of the CLI): ASCII
# digits with an optional sign and at most one '.' as the decimal point. No exponent ("5e2"),
# no NaN or Infinity, no grouping separators, at most the currency's decimals, and at most
# MAX_AMOUNT_DIGITS digits before the point, so an amount in minor units, and the sum of
# thousands of them, fits the stores' signed 64-bit minor-unit columns.
AMOUNT_RE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
MAX_AMOUNT_DIGITS = 12


def parse_amount(text: str, currency: str, *, field: str = "amount") -> Decimal:
    """Strict parser for amounts typed by a user or given on the command line ("12.50")."""
    from desktop_app.errors import ValidationError

    given = text.strip() if isinstance(text, str) else ""
    if not AMOUNT_RE.fullmatch(given):
        raise ValidationError(
            field,
            f"'{text}' is not an amount like 12.50 (digits, an optional sign and '.' as the "
            "decimal point)",
        )
    whole = given.lstrip("+-").split(".")[0].lstrip("0")
    if len(whole) > MAX_AMOUNT_DIGITS:
        raise ValidationError(
            field, f"'{text}' is too large (at most {MAX_AMOUNT_DIGITS} digits before the point)"
        )
    value = Decimal(given)
    if value != quantize(value, currency):
        raise ValidationError(
            field, f"'{text}' has more than {minor_digits(currency)} decimals for {currency}"
        )
    return quantize(value, currency)


RATE_RE = re.compile(r"\d{1,12}(\.\d{1,12})?")


def parse_rate(text: str, *, field: str = "rate") -> Decimal:
    """Strict parser for an exchange or conversion rate typed by a user ("1.0825"): positive,
    digits and one '.' only, at most 12 digits on each side of the point."""
    from desktop_app.errors import ValidationError

    given = text.strip() if isinstance(text, str) else ""
    value = Decimal(given) if RATE_RE.fullmatch(given) else Decimal(0)
    if value <= 0:
        raise ValidationError(
            field, f"'{text}' is not a rate like 1.0825 (a positive number, '.' as the point)"
        )
    return value


def money_text(amount: Decimal, currency: str) -> str:
    """Plain decimal string with the currency's decimals ("12.50"), as used in JSON and CSV."""
    return str(quantize(amount, currency))


def format_money(amount: Decimal, currency: str, locale: str = "en_US") -> str:
    """Locale-aware display string ("€1.234,50" / "$1,234.50") for screens and statements."""
    return str(format_currency(amount, currency, locale=locale))


def allocate_largest_remainder(total_minor: int, weights: Sequence[Decimal]) -> list[int]:
    """Split `total_minor` over parts proportionally to `weights`; the parts sum to the total.

    Each part first gets the floor of its exact share; the minor units left over go one each to
    the parts with the largest fractional remainders (ties: earlier part first), so the result is
    deterministic and never off by a cent.
    """
    if not weights:
        if total_minor:
            raise ValueError("cannot allocate a non-zero total over no parts")
        return []
    weight_sum = sum(weights, ZERO)
    if weight_sum == 0:
        shares = [Decimal(total_minor) / len(weights)] * len(weights)
    else:
        shares = [Decimal(total_minor) * w / weight_sum for w in weights]
    sign = -1 if total_minor < 0 else 1
    magnitudes = [abs(s) for s in shares]
    floors = [int(m) for m in magnitudes]
    left = abs(total_minor) - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(magnitudes[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * f for f in floors]
