"""Refunds: before payment they shrink the commission base; after payment they claw back.

Both scale the line's commission by the refunded share of its base (a partial refund reduces the
commission proportionally, a full refund zeroes it), rounded half-up to the minor unit.
Clawbacks are computed on the cumulative refunded amount and reduced by what was already clawed
back, so several partial refunds never claw back more than was paid.
"""

from __future__ import annotations

from decimal import Decimal

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
    return remaining, quantize(value * remaining / amount, currency)


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
    target = quantize(paid_value * share / paid_amount, currency)
    return min(quantize(-(target + already_clawed), currency), quantize(ZERO, currency))
