"""Commission plans as values: tiers, rules, dated versions, assignments and bonus rules.

A plan rule has a *basis* (what chooses the tier) and a *mode* (whole: the amount earns the rate
of the tier it reaches; marginal: each slice earns its own tier's rate, like tax brackets).
Tier bounds: a tier starts at its `lower` bound (inclusive) and ends where the next tier starts
(exclusive); the last tier is open-ended. Rates are percentages ("7.5" means 7.5 %); `fixed` is a
fixed amount per order in the base currency added to the percentage part. `tier_at` is the one
function that picks a tier (by `tiers_reached`); every other place asks one of them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Literal

from desktop_app.domain.reasons import reason

ZERO = Decimal(0)

BonusMetric = Literal["sales", "orders", "conversion"]
BONUS_METRICS: tuple[str, ...] = ("sales", "orders", "conversion")


tiers_reached: Callable[[Sequence[Decimal] | Sequence[int], Decimal | int], int] = bisect_right
"""How many tiers `value` reaches, given their rising lower bounds (a lower bound is reached by
the value itself): tier_at + 1, 0 below the lowest tier. It is the C bisection itself, so the
engine's loop picks a tier without a Python call (batches.price_lines)."""


def tier_at(lowers: Sequence[Decimal] | Sequence[int], value: Decimal | int) -> int:
    """Index of the tier containing `value`, given the tiers' rising lower bounds: the last tier
    whose lower bound is at most `value` (lower bound inclusive, the next one exclusive, the last
    tier open-ended); -1 below the lowest tier."""
    return tiers_reached(lowers, value) - 1


class TierBasis(StrEnum):
    ORDER_AMOUNT = "order_amount"
    PERIOD_VOLUME = "period_volume"
    PERIOD_ORDERS = "period_orders"


class TierMode(StrEnum):
    WHOLE = "whole"
    MARGINAL = "marginal"


@dataclass(frozen=True, slots=True)
class Tier:
    lower: Decimal
    rate: Decimal  # percent: Decimal("7.5") is 7.5 %
    fixed: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class PlanRule:
    """Tiers with their basis and mode; `category` limits the rule to one product category."""

    basis: TierBasis
    mode: TierMode
    tiers: tuple[Tier, ...]
    category: str | None = None
    _lowers: tuple[Decimal, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lowers", tuple(t.lower for t in self.tiers))
        if not self.tiers:
            raise ValueError("a rule needs at least one tier")
        lowers = [t.lower for t in self.tiers]
        if any(b <= a for a, b in pairwise(lowers)):
            raise ValueError("tier lower bounds must rise strictly")
        if lowers[0] < 0:
            raise ValueError("the first tier cannot start below 0")
        if any(t.rate < 0 or t.fixed < 0 for t in self.tiers):
            raise ValueError("rates and fixed amounts cannot be negative")
        if self.basis is TierBasis.PERIOD_ORDERS and any(
            lo != lo.to_integral_value() for lo in lowers
        ):
            raise ValueError("order-count tiers start at whole numbers of orders")

    def tier_index(self, value: Decimal) -> int | None:
        """Index of the tier containing `value` (lower inclusive, upper exclusive); None below."""
        i = tier_at(self._lowers, value)
        return i if i >= 0 else None

    def upper(self, index: int) -> Decimal | None:
        """Exclusive upper bound of tier `index` (None for the open-ended last tier)."""
        return self.tiers[index + 1].lower if index + 1 < len(self.tiers) else None


@dataclass(frozen=True, slots=True)
class PlanVersion:
    plan_id: int
    plan_name: str
    version: int
    effective_from: date
    rules: tuple[PlanRule, ...]

    def rule_for(self, category: str) -> PlanRule | None:
        """The rule for the order's category wins over the general rule (category None)."""
        general = None
        key = category.casefold()
        for rule in self.rules:
            if rule.category is None:
                general = general or rule
            elif key and rule.category.casefold() == key:
                return rule
        return general


@dataclass(frozen=True, slots=True)
class Plan:
    plan_id: int
    name: str
    versions: tuple[PlanVersion, ...]
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _sorted: tuple[PlanVersion, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.versions, key=lambda v: v.effective_from))
        object.__setattr__(self, "_sorted", ordered)
        object.__setattr__(self, "_starts", tuple(v.effective_from for v in ordered))

    def version_on(self, day: date) -> PlanVersion | None:
        """The version in force on `day`: the latest one effective on or before it."""
        i = bisect_right(self._starts, day) - 1
        return self._sorted[i] if i >= 0 else None


@dataclass(frozen=True, slots=True)
class PlanBook:
    """All plans and who they apply to: the partner's own plan, else its type's, else the
    merchant's default plan (None: partners with neither earn nothing, and are told why)."""

    plans: Mapping[int, Plan]
    by_type: Mapping[int, int]  # partner type id -> plan id
    by_partner: Mapping[int, int]  # partner id -> plan id (override)
    default_plan: int | None = None
    type_names: Mapping[int, str] = field(default_factory=dict)

    def plan_for(self, partner_id: int, type_id: int | None) -> Plan | None:
        plan_id = self.by_partner.get(partner_id)
        if plan_id is None and type_id is not None:
            plan_id = self.by_type.get(type_id)
        if plan_id is None:
            plan_id = self.default_plan
        return None if plan_id is None else self.plans.get(plan_id)

    def no_plan_reason(self, type_id: int | None) -> str:
        """Why a partner with no plan earns nothing, naming its type."""
        if type_id is None:
            return reason("no_plan").english
        return reason("no_plan_type", type=self.type_names.get(type_id, f"type {type_id}")).english


EMPTY_BOOK = PlanBook(plans={}, by_type={}, by_partner={})


@dataclass(frozen=True, slots=True)
class BonusRule:
    """A bonus when a partner reaches `threshold` in the period.

    metric "sales" (base-currency amount), "orders" (count) or "conversion" (orders / clicks in
    percent, "2.5" = 2.5 %). Pays `fixed` plus `extra_rate` percent of the period's sales.
    `partner_type_id` None means every partner type.
    """

    rule_id: int
    name: str
    metric: BonusMetric
    threshold: Decimal
    fixed: Decimal = ZERO
    extra_rate: Decimal = ZERO
    partner_type_id: int | None = None
