"""Tier arithmetic and the words that explain it (labels such as "50.00 – 200.00", "7.5 %").

All amounts are unrounded here; rounding.py rounds them. `marginal_raw` is the readable
definition of a marginal sum; compiled.CompiledRule.marginal computes the same with one multiply
(tests/unit/test_commission_properties.py proves them equal).
"""

from __future__ import annotations

from decimal import Decimal

from desktop_app.domain.commissions.plans import ZERO, PlanRule, TierBasis
from desktop_app.domain.money import quantize

HUNDRED = Decimal(100)


def pct(rate: Decimal) -> str:
    """ "7.5 %", "10 %": a rate without trailing zeros."""
    text = f"{rate.normalize():f}" if rate else "0"
    return f"{text} %"


def bound_text(value: Decimal, basis: TierBasis, currency: str) -> str:
    if basis is TierBasis.PERIOD_ORDERS:
        return str(int(value))
    return str(quantize(value, currency))


def tier_label(rule: PlanRule, index: int, currency: str) -> str:
    """ "50.00 – 200.00" (lower inclusive, upper exclusive) or "200.00 and over"."""
    lower = bound_text(rule.tiers[index].lower, rule.basis, currency)
    upper = rule.upper(index)
    unit = " orders" if rule.basis is TierBasis.PERIOD_ORDERS else ""
    if upper is None:
        return f"{lower}{unit} and over"
    return f"{lower} – {bound_text(upper, rule.basis, currency)}{unit}"


def marginal_slices(rule: PlanRule, value: Decimal) -> list[tuple[int, Decimal]]:
    """(tier index, slice size) for each tier `value` reaches: the part of it inside the tier."""
    found: list[tuple[int, Decimal]] = []
    for i, tier in enumerate(rule.tiers):
        if value <= tier.lower:
            break
        upper = rule.upper(i)
        top = value if upper is None or value < upper else upper
        found.append((i, top - tier.lower))
    return found


def marginal_raw(rule: PlanRule, value: Decimal) -> Decimal:
    """Each slice of `value` at its own tier's rate, summed (unrounded)."""
    total = ZERO
    for i, size in marginal_slices(rule, value):
        total += size * rule.tiers[i].rate / HUNDRED
    return total


def slices_text(rule: PlanRule, value: Decimal, currency: str) -> str:
    """ "5 % × 1000.00 + 8 % × 500.00" for a marginal calculation."""
    parts = [
        f"{pct(rule.tiers[i].rate)} × {bound_text(size, rule.basis, currency)}"
        for i, size in marginal_slices(rule, value)
    ]
    return " + ".join(parts) if parts else "nothing (below the lowest tier)"


def schedule_text(rule: PlanRule, currency: str) -> str:
    """ "5 % on 0.00 – 50.00, 7 % on 50.00 – 200.00, 10 % on 200.00 and over"."""
    return ", ".join(
        f"{pct(t.rate)} on {tier_label(rule, i, currency)}" for i, t in enumerate(rule.tiers)
    )
