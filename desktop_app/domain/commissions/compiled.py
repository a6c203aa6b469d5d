"""Plan rules prepared for fast use: rates as factors, labels and explanations made once.

`Resolver` finds the rule for an order (partner override → type plan → version on the order date
→ category rule or general rule) with caches, so 100k orders cost a few dict look-ups each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.domain.commissions.plans import (
    ZERO,
    Plan,
    PlanBook,
    PlanRule,
    PlanVersion,
    TierMode,
)
from desktop_app.domain.commissions.tiers import (
    HUNDRED,
    bound_text,
    marginal_raw,
    pct,
    schedule_text,
    tier_label,
)
from desktop_app.domain.money import ROUND_COMMISSION

if TYPE_CHECKING:
    from desktop_app.domain.commissions.engine import CommissionLine, OrderInput, PartnerInput


def _line(
    o: OrderInput,
    value: Decimal,
    c: CompiledRule,
    tier: str,
    rate: Decimal,
    fixed: Decimal,
    why: str,
) -> CommissionLine:
    from desktop_app.domain.commissions.engine import CommissionLine

    return CommissionLine(
        o.order_id,
        o.partner_id,
        "commission",
        o.amount,
        value,
        c.plan_name,
        c.version,
        tier,
        rate,
        fixed,
        why,
    )


@dataclass
class CompiledRule:
    key: int
    plan_name: str
    version: int
    rule: PlanRule
    currency: str
    exp: Decimal
    title: str = ""
    labels: list[str] = field(default_factory=list)
    factors: list[Decimal] = field(default_factory=list)
    fixed: list[Decimal] = field(default_factory=list)
    _why: dict[object, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.title = f"plan '{self.plan_name}' v{self.version}"
        tiers = self.rule.tiers
        self.labels = [tier_label(self.rule, i, self.currency) for i in range(len(tiers))]
        self.factors = [t.rate / HUNDRED for t in tiers]
        self.fixed = [t.fixed.quantize(self.exp, rounding=ROUND_COMMISSION) for t in tiers]

    def marginal(self, value: Decimal) -> Decimal:
        return marginal_raw(self.rule, value)

    def _fixed_text(self, index: int, per_order: bool = True) -> str:
        fixed = self.fixed[index]
        if not fixed:
            return ""
        return f" plus {fixed} per order" if per_order else f" plus {fixed}"

    def _below(self, o: OrderInput, what: str, zero: Decimal) -> CommissionLine:
        lowest = bound_text(self.rule.tiers[0].lower, self.rule.basis, self.currency)
        why = f"{self.title}: {what} is below the lowest tier (from {lowest})"
        return _line(o, zero, self, "below the lowest tier", ZERO, ZERO, why)

    def order_amount_line(self, o: OrderInput, exp: Decimal, zero: Decimal) -> CommissionLine:
        rule = self.rule
        index = rule.tier_index(o.amount)
        if index is None:
            return self._below(o, f"order amount {o.amount}", zero)
        fixed = self.fixed[index]
        if rule.mode is TierMode.WHOLE:
            value = (o.amount * self.factors[index]).quantize(exp, rounding=ROUND_COMMISSION)
            tier = self.labels[index]
            why = self._why.get(("oa", index))
            if why is None:
                why = (
                    f"{self.title}: order amount in tier {tier}: "
                    f"{pct(rule.tiers[index].rate)} of the whole amount{self._fixed_text(index)}"
                )
                self._why[("oa", index)] = why
        else:
            value = self.marginal(o.amount).quantize(exp, rounding=ROUND_COMMISSION)
            tier = self.labels[index] + " (marginal)"
            why = self._why.get(("oam", index))
            if why is None:
                why = (
                    f"{self.title}: marginal tiers on the order amount "
                    f"({schedule_text(rule, self.currency)}); this order reaches "
                    f"{self.labels[index]}{self._fixed_text(index)}"
                )
                self._why[("oam", index)] = why
        return _line(o, value + fixed, self, tier, rule.tiers[index].rate, fixed, why)

    def period_orders_line(
        self, o: OrderInput, count: int, position: int, exp: Decimal, zero: Decimal
    ) -> CommissionLine:
        rule = self.rule
        marginal = rule.mode is TierMode.MARGINAL
        reached = position if marginal else count
        index = rule.tier_index(Decimal(reached))
        if index is None:
            what = f"order no. {position} of the period" if marginal else f"{count} orders"
            return self._below(o, what, zero)
        fixed = self.fixed[index]
        value = (o.amount * self.factors[index]).quantize(exp, rounding=ROUND_COMMISSION)
        rate_text = pct(rule.tiers[index].rate)
        if marginal:
            tier = self.labels[index] + " (marginal)"
            why = (
                f"{self.title}: marginal by order count: order no. {position} of the period "
                f"is in tier {self.labels[index]}: {rate_text}{self._fixed_text(index)}"
            )
        else:
            tier = self.labels[index]
            cached = self._why.get(("po", count))
            if cached is None:
                cached = (
                    f"{self.title}: {count} orders in the period reach tier {tier}: "
                    f"{rate_text} of each order's amount{self._fixed_text(index)}"
                )
                self._why[("po", count)] = cached
            why = cached
        return _line(o, value + fixed, self, tier, rule.tiers[index].rate, fixed, why)

    def period_volume_whole_line(
        self, o: OrderInput, volume: Decimal, exp: Decimal, zero: Decimal
    ) -> CommissionLine:
        rule = self.rule
        index = rule.tier_index(volume)
        if index is None:
            return self._below(o, f"period sales {volume}", zero)
        fixed = self.fixed[index]
        value = (o.amount * self.factors[index]).quantize(exp, rounding=ROUND_COMMISSION)
        why = self._why.get(("pv", volume))
        if why is None:
            why = (
                f"{self.title}: period sales {bound_text(volume, rule.basis, self.currency)} "
                f"reach tier {self.labels[index]}: {pct(rule.tiers[index].rate)} of each "
                f"order's amount{self._fixed_text(index)}"
            )
            self._why[("pv", volume)] = why
        return _line(o, value + fixed, self, self.labels[index], rule.tiers[index].rate, fixed, why)


class Resolver:
    """Finds (and caches) the compiled rule that applies to an order, or says why there is none."""

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
        self._plans: dict[int, Plan | None] = {}
        self._versions: dict[tuple[int, date], PlanVersion | None] = {}
        self._rules: dict[tuple[int, str], CompiledRule | str] = {}
        self._keys: dict[int, int] = {}  # id(version) -> first compiled key of its rules

    def _plan(self, partner_id: int) -> Plan | None:
        if partner_id not in self._plans:
            p = self.partners.get(partner_id)
            type_id = p.type_id if p is not None else None
            self._plans[partner_id] = self.book.plan_for(partner_id, type_id)
        return self._plans[partner_id]

    def rule_for(self, o: OrderInput) -> CompiledRule | str:
        plan = self._plan(o.partner_id)
        if plan is None:
            return "no commission plan assigned to this partner or to its partner type"
        vkey = (plan.plan_id, o.order_date)
        if vkey in self._versions:
            version = self._versions[vkey]
        else:
            version = self._versions[vkey] = plan.version_on(o.order_date)
        if version is None:
            return f"plan '{plan.name}' has no version in force on {o.order_date.isoformat()}"
        rkey = (id(version), o.category)
        found = self._rules.get(rkey)
        if found is None:
            found = self._compile(version, o.category)
            self._rules[rkey] = found
        return found

    def _compile(self, version: PlanVersion, category: str) -> CompiledRule | str:
        rule = version.rule_for(category)
        if rule is None:
            where = f"category '{category}'" if category else "orders without a category"
            return (
                f"plan '{version.plan_name}' v{version.version} has no rule for {where} "
                "and no general rule"
            )
        for c in self.compiled.values():
            if c.rule is rule and c.version == version.version and c.plan_name == version.plan_name:
                return c
        key = len(self.compiled)
        c = CompiledRule(key, version.plan_name, version.version, rule, self.currency, self.exp)
        self.compiled[key] = c
        return c
