"""Plan rules prepared for fast use: rates as factors, marginal sums per tier, words made once.

`Resolver` finds the rule for an order (partner override → type plan → version on the order date
→ category rule or general rule); the engine caches its answer per (plan, date, category), so
100k orders cost a few dict look-ups and one Decimal multiply-and-round each.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from desktop_app.domain.commissions.plans import (
    ZERO,
    Plan,
    PlanBook,
    PlanRule,
    PlanVersion,
    TierBasis,
    TierMode,
    tier_at,
)
from desktop_app.domain.commissions.rounding import fixed_part, line_value_minor
from desktop_app.domain.commissions.tiers import (
    HUNDRED,
    bound_text,
    pct,
    schedule_text,
    tier_label,
)
from desktop_app.domain.commissions.types import PartnerInput
from desktop_app.domain.money import to_minor
from desktop_app.domain.reasons import reason

# A marginal tier's text ends so ("200.00 and over (marginal)"); statements mark it with a note.
MARGINAL_TIER = " (marginal)"

# What an order's line needs beyond the order (batches.price_lines), in integers for an order
# given in minor units (OrderInput.minor) and in Decimals for one that is not:
# - num, add, den: its value in minor units, fixed part included, is (minor × num + add) // den
#   (rounding.line_value_minor); num None: the line's value is its part of a split total plus
#   `add` (the fixed part), in minor units, or zero for a record of orders that earn nothing
#   (CompiledRule.priced_nothing);
# - factor (rate / 100), offset (added to amount × factor before rounding: the marginal sum
#   below the tier, so a marginal sum is one multiply and one add; zero in whole mode);
# - the line's last six fields, as they end it (LINE_FIELDS): plan name, version, tier text,
#   rate, fixed part, explanation.
BELOW_LOWEST = "below the lowest tier"  # the tier text of a line below every tier
LineTail = tuple[str, int | None, str, Decimal, Decimal, str]
Priced = tuple[int | None, int, int, Decimal | None, Decimal, LineTail]

# What decides the tier, and how: one code per basis × mode, for a quick dispatch.
OA_WHOLE, OA_MARGINAL, PV_WHOLE, PV_MARGINAL, PO_WHOLE, PO_MARGINAL = range(6)
_KINDS = {
    (TierBasis.ORDER_AMOUNT, TierMode.WHOLE): OA_WHOLE,
    (TierBasis.ORDER_AMOUNT, TierMode.MARGINAL): OA_MARGINAL,
    (TierBasis.PERIOD_VOLUME, TierMode.WHOLE): PV_WHOLE,
    (TierBasis.PERIOD_VOLUME, TierMode.MARGINAL): PV_MARGINAL,
    (TierBasis.PERIOD_ORDERS, TierMode.WHOLE): PO_WHOLE,
    (TierBasis.PERIOD_ORDERS, TierMode.MARGINAL): PO_MARGINAL,
}


class CompiledRule:
    """One rule of one plan version, with everything per tier computed once."""

    __slots__ = (
        "_period_why",
        "cum",
        "currency",
        "exp",
        "factors",
        "fixed",
        "ints",
        "key",
        "kind",
        "labels",
        "lowers",
        "offsets",
        "plan_name",
        "priced",
        "rates",
        "rule",
        "tier_texts",
        "title",
        "version",
        "why",
    )

    def __init__(
        self, key: int, plan_name: str, version: int, rule: PlanRule, currency: str, exp: Decimal
    ) -> None:
        self.key = key
        self.plan_name = plan_name
        self.version = version
        self.rule = rule
        self.currency = currency
        self.kind = _KINDS[(rule.basis, rule.mode)]
        self.title = f"plan '{plan_name}' v{version}"
        tiers = rule.tiers
        self.lowers = tuple(t.lower for t in tiers)
        self.rates = tuple(t.rate for t in tiers)
        self.factors = tuple(t.rate / HUNDRED for t in tiers)
        self.fixed = tuple(fixed_part(t.fixed, exp) for t in tiers)
        self.exp = exp
        # each tier's integer form (rounding.line_value_minor), with no offset (whole mode;
        # marginal records are made below)
        self.ints = tuple(
            line_value_minor(f, ZERO, exp, self.fixed_minor(i)) for i, f in enumerate(self.factors)
        )
        self.labels = tuple(tier_label(rule, i, currency) for i in range(len(tiers)))
        marginal = rule.mode is TierMode.MARGINAL
        self.tier_texts = tuple(f"{x}{MARGINAL_TIER}" if marginal else x for x in self.labels)
        # cum[i]: what the full slices below tier i earn, so a marginal sum is one multiply
        cum = [ZERO]
        for i in range(1, len(tiers)):
            cum.append(cum[-1] + (self.lowers[i] - self.lowers[i - 1]) * self.factors[i - 1])
        self.cum = tuple(cum)
        # offsets[i]: cum[i] - lowers[i] × factors[i], so marginal_in(i, v) = v × factors[i] +
        # offsets[i] (the same exact value as cum[i] + (v - lowers[i]) × factors[i])
        self.offsets = tuple(cum[i] - self.lowers[i] * self.factors[i] for i in range(len(tiers)))
        self.why = tuple(self._order_amount_why(i) for i in range(len(tiers)))
        # by order amount: a record per tier (the offset only counts in marginal mode)
        self.priced = tuple(
            self.priced_with(i, self.why[i], self.offsets[i] if marginal else ZERO)
            for i in range(len(tiers))
        )
        self._period_why: dict[object, str] = {}

    def fixed_text(self, index: int) -> str:
        fixed = self.fixed[index]
        return f" plus {fixed} per order" if fixed else ""

    def _order_amount_why(self, i: int) -> str:
        if self.rule.mode is TierMode.WHOLE:
            return (
                f"{self.title}: order amount in tier {self.labels[i]}: "
                f"{pct(self.rates[i])} of the whole amount{self.fixed_text(i)}"
            )
        return (
            f"{self.title}: marginal tiers on the order amount "
            f"({schedule_text(self.rule, self.currency)}); this order reaches "
            f"{self.labels[i]}{self.fixed_text(i)}"
        )

    def priced_with(self, index: int, why: str, offset: Decimal = ZERO) -> Priced:
        """The record of an order in tier `index` (batches.price_lines), explained by `why`."""
        num, add, den = (
            line_value_minor(self.factors[index], offset, self.exp, self.fixed_minor(index))
            if offset
            else self.ints[index]
        )
        tail = (
            self.plan_name,
            self.version,
            self.tier_texts[index],
            self.rates[index],
            self.fixed[index],
            why,
        )
        return num, add, den, self.factors[index], offset, tail

    def fixed_minor(self, index: int) -> int:
        """Tier `index`'s fixed part per order, in minor units (exact: it is rounded to them)."""
        return to_minor(self.fixed[index], self.currency)

    def priced_nothing(self, why: str) -> Priced:
        """The record of orders that earn nothing, explained by `why`: as batches.zero_line
        says it (0 in the minor unit, rate and fixed part 0)."""
        return None, 0, 1, None, ZERO, (self.plan_name, self.version, BELOW_LOWEST, ZERO, ZERO, why)

    def tier_of(self, value: Decimal | int) -> int:
        """Index of the tier containing `value`; -1 below the lowest tier (plans.tier_at)."""
        return tier_at(self.lowers, value)

    def marginal(self, value: Decimal) -> Decimal:
        """tiers.marginal_raw, fast: each slice of `value` at its own tier's rate, summed
        (unrounded), with the full slices below the tier reached summed once (`cum`)."""
        i = tier_at(self.lowers, value)
        return self.marginal_in(i, value) if i >= 0 else ZERO

    def marginal_in(self, i: int, value: Decimal) -> Decimal:
        """`marginal(value)` for a `value` in tier `i` (not below the lowest tier): the full
        slices below it (cum[i]) plus (value - lowers[i]) at its rate, as one multiply and one
        add (offsets); inlined in batches.price_lines."""
        return value * self.factors[i] + self.offsets[i]

    def below_why(self, what: str) -> str:
        lowest = bound_text(self.lowers[0], self.rule.basis, self.currency)
        return f"{self.title}: {what} is below the lowest tier (from {lowest})"

    def period_why(self, value: Decimal | int, index: int) -> str:
        """Why every order of a partner gets tier `index` (period volume / count, whole mode)."""
        found = self._period_why.get(value)
        if found is None:
            if self.kind == PV_WHOLE:
                said = f"period sales {bound_text(Decimal(value), self.rule.basis, self.currency)}"
            else:
                said = f"{value} orders in the period"
            found = (
                f"{self.title}: {said} reach tier {self.labels[index]}: "
                f"{pct(self.rates[index])} of each order's amount{self.fixed_text(index)}"
            )
            self._period_why[value] = found
        return found


class Resolver:
    """Finds the compiled rule that applies, or says in words why there is none."""

    def __init__(
        self,
        book: PlanBook,
        partners: Mapping[int, PartnerInput],
        currency: str,
        exp: Decimal,
    ) -> None:
        self.book = book
        self.partners = partners
        self.currency = currency
        self.exp = exp
        self.compiled: dict[int, CompiledRule] = {}
        self._by_rule: dict[tuple[int, int, int], CompiledRule] = {}

    def plan_of(self, partner_id: int) -> Plan | None:
        p = self.partners.get(partner_id)
        return self.book.plan_for(partner_id, p.type_id if p is not None else None)

    def resolve(
        self, plan: Plan | None, day: date, category: str, partner_id: int = 0
    ) -> CompiledRule | str:
        if plan is None:
            p = self.partners.get(partner_id)
            return self.book.no_plan_reason(p.type_id if p is not None else None)
        version = plan.version_on(day)
        if version is None:
            return reason("no_version", plan=plan.name, day=day.isoformat()).english
        rule = version.rule_for(category)
        if rule is None:
            where = f"category '{category}'" if category else "orders without a category"
            found = reason("no_rule", plan=version.plan_name, version=version.version, where=where)
            return found.english
        return self._compile(version, rule)

    def _compile(self, version: PlanVersion, rule: PlanRule) -> CompiledRule:
        rkey = (version.plan_id, version.version, id(rule))
        found = self._by_rule.get(rkey)
        if found is None:
            key = len(self.compiled)
            found = CompiledRule(
                key, version.plan_name, version.version, rule, self.currency, self.exp
            )
            self.compiled[key] = found
            self._by_rule[rkey] = found
        return found
