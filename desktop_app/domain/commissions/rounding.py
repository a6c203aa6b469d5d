"""Every point where commission money is rounded: no other module rounds it.

The rule is money.ROUND_COMMISSION: half-up to the currency's minor unit. `exp` is that unit as a
Decimal (Decimal("0.01") for USD, Decimal("1") for JPY), `currency` its code. Amounts are never
rounded anywhere else, and nothing is rounded twice: a line's parts are rounded on their own and
added, and lines are summed as they are (totals of rounded lines always add up).

The rounding points, in the order a line meets them (tests/unit/test_commission_rounding.py
names each one; tests/unit/test_commission_known_answers.py has worked examples):

1. `fixed_part` – a tier's fixed amount per order (compiled.CompiledRule) and a bonus rule's
   fixed amount (bonuses.bonus_lines), each rounded on its own.
2. `line_value` – a commission line's percentage part, before its fixed part is added (which is
   already exact): the order's amount × the tier's rate (whole mode, any basis; marginal by order
   count) or the order's marginal sum, slice by slice (marginal by order amount)
   (batches.price_lines, for the tier its rule's finder found). The same rounding says the
   period's marginal total in an explanation (batches._split) and makes a zero in the minor unit.
   `line_value_minor` is the same rounding in integers, for an amount given as a whole number
   of minor units (OrderInput.minor): no Decimal is made per order (tested equal).
3. `group_total` – marginal by period volume: the commission on the partner's period sales, in
   proportion to the sales of the rule's orders when the rule covers only part of them, rounded
   once (batches._split); `split_exactly` then spreads that total over the orders in whole minor
   units by the largest remainder, so the lines add up exactly to it (no second rounding).
4. `bonus_extra` – a bonus rule's extra rate on the partner's period sales (bonuses.bonus_lines).
5. `refund_reduced` – a line not yet paid when part of its order is refunded: its commission
   scaled by the part left (payouts.refunds.reduce_for_refunds).
6. `clawback_left` – a paid line: what is still to claw back of `target` once the clawbacks
   already taken are counted, never positive. The target is the paid commission scaled by the
   refunded share (payouts.refunds.clawback_due, rounded by `refund_reduced`'s rule), or all of
   it for an order flagged as fraud or cancelled after payment (payouts.refunds.clawback_all,
   used by services.payouts.candidates).

Rounded elsewhere under their own names, as they are not commission money: currency conversion
(payouts.conversion, ROUND_CONVERSION), rates shown on statements (breakdown, EFFECTIVE_RATE),
a conversion rate said in a bonus explanation (bonuses.CONVERSION_PLACES), run totals of already
rounded lines (payouts.settlement), amounts said in words (tiers.bound_text).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Context, Decimal
from fractions import Fraction
from math import gcd

from desktop_app.domain.money import ROUND_COMMISSION, allocate_largest_remainder, quantize

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TEN = Decimal(10)

# Decimal's default context with the commission rounding: its bound `quantize(raw, exp)` rounds
# exactly as `raw.quantize(exp, ROUND_COMMISSION)` and is the cheapest call that does (no Python
# frame, no keyword), which the engine makes once per line.
_COMMISSION = Context(rounding=ROUND_COMMISSION)

line_value: Callable[[Decimal, Decimal], Decimal] = _COMMISSION.quantize
"""Point 2: `line_value(raw, exp)`, a line's unrounded percentage part → the minor unit."""


def line_value_minor(
    factor: Decimal, offset: Decimal, exp: Decimal, plus: int = 0
) -> tuple[int, int, int]:
    """Point 2 in integers: `(num, add, den)` such that, for an amount of `m` minor units
    (amount = m × exp) whose line value is not negative, `(m * num + add) // den` is
    `line_value(amount × factor + offset, exp)` in minor units, plus `plus` (the fixed part
    per order in minor units: exact, added after rounding).

    The exact value in minor units is m × factor + offset / exp = N / D; half-up is
    floor(N / D + 1/2) = (2N + D) // 2D, the same as Decimal's ROUND_HALF_UP for N ≥ 0; adding
    `plus` × 2D to the numerator adds `plus` to the quotient.
    """
    f, o = Fraction(factor), Fraction(offset) / Fraction(exp)
    p, q, r, s = f.numerator, f.denominator, o.numerator, o.denominator
    num, add, den = 2 * p * s, 2 * r * q + q * s, 2 * q * s
    common = gcd(num, add, den)
    num, add, den = num // common, add // common, den // common
    return num, add + plus * den, den


def fixed_part(fixed: Decimal, exp: Decimal) -> Decimal:
    """Point 1: a fixed amount per order or per bonus, on its own."""
    return line_value(fixed, exp)


def group_total(marginal: Decimal, share: Decimal, volume: Decimal, exp: Decimal) -> Decimal:
    """Point 3: the commission `marginal` earned on the period's sales `volume`, for the orders
    of one rule whose sales are `share` of it (all of it: the whole commission)."""
    if share == volume:
        return line_value(marginal, exp)
    return line_value(marginal * share / volume if volume else ZERO, exp)


def bonus_extra(volume: Decimal, rate: Decimal, exp: Decimal) -> Decimal:
    """Point 4: `rate` percent of the period's sales."""
    return line_value(volume * rate / HUNDRED, exp)


def refund_reduced(value: Decimal, part: Decimal, whole: Decimal, currency: str) -> Decimal:
    """Point 5 (and 6's target): the commission `value` of a base `whole`, for `part` of it."""
    return quantize(value * part / whole, currency)


def clawback_left(target: Decimal, already_clawed: Decimal, currency: str) -> Decimal:
    """Point 6: what is still to claw back (negative or zero) of a positive `target`, when
    `already_clawed` (a negative sum) was taken before."""
    return min(quantize(-(target + already_clawed), currency), quantize(ZERO, currency))


def split_exactly(total_minor: int, weights: Sequence[Decimal], places: int = 2) -> list[int]:
    """Point 3's split: money.allocate_largest_remainder, in integers when the weights allow
    (same result).

    Weights with at most `places` (else 6) decimals are scaled to integers; shares are then
    exact fractions total × w / W, floors first, the units left over to the largest remainders
    (ties: earlier part first, as Python's sort is stable). Anything else goes to the helper.
    """
    if total_minor < 0:
        return allocate_largest_remainder(total_minor, weights)
    for p in (places, 6):
        scale = TEN**p
        scaled = [w * scale for w in weights]  # a third of w.scaleb(p)'s time, and as exact
        ints = [int(x) for x in scaled]
        if scaled == ints:  # Decimal == int compares exactly: every weight fits `p` places
            break
    else:
        return allocate_largest_remainder(total_minor, weights)
    whole = sum(ints)
    if whole <= 0 or min(ints) < 0:
        return allocate_largest_remainder(total_minor, weights)
    parts = [total_minor * w // whole for w in ints]
    left = total_minor - sum(parts)
    if left:
        rems = [-(total_minor * w % whole) for w in ints]
        for i in sorted(range(len(ints)), key=rems.__getitem__)[:left]:
            parts[i] += 1
    return parts


__all__ = [
    "bonus_extra",
    "clawback_left",
    "fixed_part",
    "group_total",
    "line_value",
    "line_value_minor",
    "refund_reduced",
    "split_exactly",
]
