"""Converting order amounts to the merchant's base currency with the month's exchange rate.

Rounding rule ROUND_CONVERSION: original amount x rate (units of base currency per unit of the
order's currency, for the month of the order date) is rounded half-up to the base currency's
minor unit, once per amount, before any commission is computed on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.money import quantize
from desktop_app.errors import UserError

ROUND_CONVERSION = ROUND_HALF_UP


class MissingRateError(UserError):
    """No exchange rate for a currency in a month: never guessed, never 1.0."""

    def __init__(self, currency: str, month: date, base: str) -> None:
        super().__init__(
            f"no exchange rate for {currency} in {month:%Y-%m} (units of {base} per {currency}): "
            f"enter it in Settings → Exchange rates or with payout-desk rates set {currency} "
            f"RATE --month {month:%Y-%m}"
        )
        self.currency = currency
        self.month = month
        self.base = base


@dataclass(frozen=True)
class RateTable:
    """Rates keyed by (currency, first day of month); the base currency always converts at 1."""

    base: str
    rates: Mapping[tuple[str, date], Decimal] = field(default_factory=dict)

    def rate(self, currency: str, day: date) -> Decimal:
        currency = currency.upper()
        if currency == self.base.upper():
            return Decimal(1)
        month = day.replace(day=1)
        found = self.rates.get((currency, month))
        if found is None:
            raise MissingRateError(currency, month, self.base)
        return found


def rebase(amount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """`amount` converted at a stated `rate` into `currency` (a change of the merchant's base
    currency), rounded by ROUND_CONVERSION."""
    return quantize(amount * rate, currency)


def convert(amount: Decimal, currency: str, day: date, table: RateTable) -> Decimal:
    """`amount` in `currency` on `day` → base currency, rounded by ROUND_CONVERSION."""
    if currency.upper() == table.base.upper():
        return quantize(amount, table.base)
    return quantize(amount * table.rate(currency, day), table.base)
