"""Refunds: before payment they shrink the commission base; after payment they claw back.

Both scale the line's commission by the refunded share of its base (a partial refund reduces the
commission proportionally, a full refund zeroes it), rounded half-up to the minor unit.
Clawbacks are computed on the cumulative refunded amount and reduced by what was already clawed
back, so several partial refunds never claw back more than was paid. An order flagged as fraud,
or cancelled by the shop, after its commission was paid claws back all of it (`clawback_all`).
The rounding of each is commissions.rounding's (points 5 and 6).
"""

from __future__ import annotations

from decimal import Decimal

from desktop_app.domain.commissions.rounding import clawback_left, refund_reduced
from desktop_app.domain.money import quantize

ZERO = Decimal(0)


def reduce_for_refunds(
    amount: Decimal, value: Decimal, newly_refunded: Decimal, currency: str
) -> tuple[Decimal, Decimal]:
    """(base, commission) of a not-yet-paid line after `newly_refunded` more was refunded."""
    if newly_refunded <= 0:
        return amount, value
    if newly_refunded >= amount:
        return quantize(ZERO, currency), quantize(ZERO, currency)
    remaining = amount - newly_refunded
    return remaining, refund_reduced(value, remaining, amount, currency)


def clawback_due(
    paid_amount: Decimal,
    paid_value: Decimal,
    refunded_since: Decimal,
    already_clawed: Decimal,
    currency: str,
) -> Decimal:
    """The (negative or zero) clawback still due on a paid line.

    `paid_amount`/`paid_value`: base and commission as paid; `refunded_since`: everything refunded
    after that payment (cumulative); `already_clawed`: clawbacks already taken (as a negative sum).
    """
    if paid_amount <= 0 or refunded_since <= 0:
        return quantize(ZERO, currency)
    share = min(refunded_since, paid_amount)
    target = refund_reduced(paid_value, share, paid_amount, currency)
    return clawback_left(target, already_clawed, currency)


def clawback_all(paid_value: Decimal, already_clawed: Decimal, currency: str) -> Decimal:
    """The (negative or zero) clawback still due on a paid line whose order was flagged as fraud
    or cancelled after the payment: all of `paid_value`, less `already_clawed` (a negative sum
    of the clawbacks already taken)."""
    return clawback_left(paid_value, already_clawed, currency)
