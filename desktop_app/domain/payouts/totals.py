"""The ten figures of a payout summary, defined once: the settlement's per-partner totals, the
stored partner rows (`<name>_minor` columns), the service's run and partner totals, the CLI's
columns and the screens all take their names from `Totals`.

Identity (tested): carried_in + commission + bonus + clawback + adjustments
    = payable + carried_out + withheld + held.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Totals:
    sales: Decimal = ZERO  # confirmed sales of the period (not a payout figure)
    commission: Decimal = ZERO
    bonus: Decimal = ZERO
    clawback: Decimal = ZERO  # refunds and fraud clawbacks (negative)
    adjustments: Decimal = ZERO
    withheld: Decimal = ZERO  # fraud flags, paused partners
    held: Decimal = ZERO  # still in the holding period
    carried_in: Decimal = ZERO  # balance carried from earlier runs
    carried_out: Decimal = ZERO  # below the minimum payout: to the next run
    payable: Decimal = ZERO


# In this order in the CLI's columns and JSON.
TOTAL_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Totals))
