"""How a commission line was paid, read back from what the engine stored with it.

A marginal line earned several rates, so one rate cannot explain it: "5000.00 and over * 8.5 %"
on a line that earned 7.05 % in all. The engine writes the brackets into the line's stored
explanation (compiled.CompiledRule._order_amount_why: the tier schedule; batches._split: the
period's slices), and a locked run's lines never change, so the breakdown is taken from there,
never from today's plan (which may have been edited since):

- marginal by order amount: the schedule "5 % on 0.00 – 100.00, 8 % on 100.00 – 500.00, …"
  and the order's amount give the slices "5 % of 100.00 + 8 % of 400.00 + 10 % of 734.56";
- marginal by period sales: the slices of the period's sales as the engine computed them,
  "5 % × 1000.00 + 8 % × 500.00 = 98.00"; each order's line is its share by amount;
- marginal by order count: each order earns one tier's rate, so there is nothing to break down.

Rounding rule EFFECTIVE_RATE: a line's effective rate is its commission ÷ its amount, in
percent, rounded half-up to 2 decimals. A whole-mode line without a fixed part shows its tier's
rate itself (the two differ only by the line's cent rounding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from desktop_app.domain.commissions.compiled import MARGINAL_TIER
from desktop_app.domain.commissions.plans import PlanRule, Tier, TierBasis, TierMode
from desktop_app.domain.commissions.tiers import HUNDRED, marginal_slices, pct

EFFECTIVE_RATE_PLACES = Decimal("0.01")
ZERO = Decimal(0)

_NUMBER = r"-?\d+(?:\.\d+)?"
_SCHEDULE = re.compile(r"marginal tiers on the order amount \((?P<schedule>.*?)\); this order")
_SCHEDULE_TIER = re.compile(rf"(?P<rate>{_NUMBER}) % on (?P<lower>{_NUMBER})(?: – | and over)")
_PERIOD = re.compile(
    rf"marginal tiers on period sales (?P<sales>{_NUMBER}): (?P<slices>.*?) = "
    rf"(?P<total>{_NUMBER})"
)
_SLICE = re.compile(rf"(?P<rate>{_NUMBER}) % × (?P<base>{_NUMBER})")


@dataclass(frozen=True)
class Bracket:
    """`rate` percent of `base`."""

    rate: Decimal
    base: Decimal

    @property
    def earned(self) -> Decimal:
        return self.base * self.rate / HUNDRED


@dataclass(frozen=True)
class HowPaid:
    """The brackets behind a marginal line. `over` is "order" (the brackets split this order's
    amount) or "period" (they split the partner's sales in the period, `period_sales`, which
    earned `period_commission`; the line is its share by amount)."""

    brackets: tuple[Bracket, ...]
    over: str
    period_sales: Decimal = ZERO
    period_commission: Decimal = ZERO

    @property
    def effective_rate(self) -> Decimal | None:
        """A period's brackets: what the period's sales earned in all, in percent."""
        if self.over != "period" or not self.period_sales:
            return None
        rate = self.period_commission * HUNDRED / self.period_sales
        return rate.quantize(EFFECTIVE_RATE_PLACES, ROUND_HALF_UP)

    @property
    def one_rate(self) -> bool:
        """An order inside the first tier's slice earned one rate: nothing to break down."""
        return self.over == "order" and len(self.brackets) == 1

    def text(self) -> str:
        """ "5 % of 100.00 + 8 % of 400.00" (the period's brackets for a period line)."""
        said = " + ".join(f"{pct(b.rate)} of {b.base}" for b in self.brackets)
        if self.over == "period":
            return f"period sales {self.period_sales}: {said} = {self.period_commission}"
        return said


def is_marginal(tier: str) -> bool:
    return tier.endswith(MARGINAL_TIER)


def how_paid(tier: str, amount: Decimal, explanation: str) -> HowPaid | None:
    """The brackets of a marginal line (None for any other line, or an explanation the engine
    did not write in these words)."""
    if not is_marginal(tier) or not explanation:
        return None
    try:
        period = _PERIOD.search(explanation)
        if period is not None:
            brackets = tuple(
                Bracket(Decimal(s["rate"]), Decimal(s["base"]))
                for s in _SLICE.finditer(period["slices"])
            )
            if not brackets:
                return None
            return HowPaid(brackets, "period", Decimal(period["sales"]), Decimal(period["total"]))
        schedule = _SCHEDULE.search(explanation)
        if schedule is None or amount <= 0:
            return None
        tiers = tuple(
            Tier(Decimal(t["lower"]), Decimal(t["rate"]))
            for t in _SCHEDULE_TIER.finditer(schedule["schedule"])
        )
        rule = PlanRule(TierBasis.ORDER_AMOUNT, TierMode.MARGINAL, tiers)
    except (InvalidOperation, ValueError):
        return None
    slices = tuple(Bracket(tiers[i].rate, size) for i, size in marginal_slices(rule, amount))
    return HowPaid(slices, "order") if slices else None


def effective_rate(
    kind: str, tier: str, rate: Decimal, fixed: Decimal, amount: Decimal, commission: Decimal
) -> Decimal | None:
    """The rate a line actually earned, in percent (EFFECTIVE_RATE above); None for lines that
    are not priced from an amount (bonuses, adjustments, carried balances) or have none."""
    if kind not in ("commission", "clawback") or not amount:
        return None
    if kind == "commission" and not (tier or rate or fixed):
        return None  # earned nothing under no tier (no plan, terminated, …)
    if kind == "commission" and not is_marginal(tier) and not fixed:
        return rate
    return (commission * HUNDRED / amount).quantize(EFFECTIVE_RATE_PLACES, ROUND_HALF_UP)


def line_rate(
    kind: str,
    tier: str,
    rate: Decimal,
    fixed: Decimal,
    amount: Decimal,
    commission: Decimal,
    how: HowPaid | None,
) -> Decimal | None:
    """The rate a commission line shows: a share of a period's marginal total shows the
    period's rate (which every such line earned before its cent of rounding), an order that
    earned one bracket's rate shows that rate, any other line its effective rate."""
    if kind != "commission":
        return None
    if how is not None and how.over == "period":
        return how.effective_rate
    if how is not None and how.one_rate and not fixed:
        return how.brackets[0].rate
    return effective_rate(kind, tier, rate, fixed, amount, commission)
