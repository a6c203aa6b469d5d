"""Target bonuses: a partner reaching a sales, order-count or conversion target in the period.

Conversion is orders / clicks in percent; with no clicks it is unknown and never reaches a target.
A reached rule pays its fixed amount plus `extra_rate` percent of the partner's period sales,
rounded half-up to the currency's minor unit, as one "bonus" line (order_id None) whose tier is
the rule's name ("Top seller"): what the partner reads on the statement. The target reached is
said in the line's explanation. (Runs calculated before kept "sales ≥ 10000" as the tier; their
statements still say it as they did.)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.commissions.plans import BonusRule
from desktop_app.domain.commissions.rounding import bonus_extra, fixed_part
from desktop_app.domain.commissions.tiers import HUNDRED, pct
from desktop_app.domain.commissions.types import (
    CommissionLine,
    PartnerInput,
    PartnerPeriod,
    commission_line,
)

# A conversion rate is said in the explanation to 2 decimals, half-up (not money: the target is
# compared with the exact value).
CONVERSION_PLACES = Decimal("0.01")


def metric_value(rule: BonusRule, stats: PartnerPeriod, clicks: int) -> tuple[Decimal | None, str]:
    """The partner's value for the rule's metric and how to say it ("conversion 3.10 %")."""
    if rule.metric == "sales":
        return stats.volume, f"period sales {stats.volume}"
    if rule.metric == "orders":
        return Decimal(stats.count), f"{stats.count} orders"
    if clicks <= 0:
        return None, "no clicks recorded"
    value = Decimal(stats.count) * HUNDRED / Decimal(clicks)
    shown = value.quantize(CONVERSION_PLACES, rounding=ROUND_HALF_UP)
    return value, f"conversion {shown} % ({stats.count} orders / {clicks} clicks)"


def bonus_lines(
    periods: Mapping[int, PartnerPeriod],
    partners: Mapping[int, PartnerInput],
    rules: Sequence[BonusRule],
    currency: str,
    exp: Decimal,
) -> Iterator[CommissionLine]:
    if not rules:
        return
    ordered = sorted(rules, key=lambda r: r.rule_id)
    for partner_id in sorted(periods):
        stats = periods[partner_id]
        p = partners.get(partner_id)
        type_id = p.type_id if p is not None else None
        clicks = p.clicks if p is not None else 0
        for rule in ordered:
            if rule.partner_type_id is not None and rule.partner_type_id != type_id:
                continue
            value, said = metric_value(rule, stats, clicks)
            if value is None or value < rule.threshold:
                continue
            fixed = fixed_part(rule.fixed, exp)
            extra = bonus_extra(stats.volume, rule.extra_rate, exp)
            amount = fixed + extra
            if not amount:
                continue
            target = f"{rule.threshold.normalize():f}"
            if rule.metric == "conversion":
                target += " %"
            parts = []
            if fixed:
                parts.append(f"{fixed} fixed")
            if rule.extra_rate:
                parts.append(f"{pct(rule.extra_rate)} of period sales {stats.volume} = {extra}")
            why = f"bonus '{rule.name}': {said} reached the target {target}: " + " + ".join(parts)
            yield commission_line(
                order_id=None,
                partner_id=partner_id,
                kind="bonus",
                base_amount=stats.volume,
                commission=amount,
                plan_name=rule.name,
                plan_version=None,
                tier=rule.name,
                rate=rule.extra_rate,
                fixed=fixed,
                explanation=why,
            )
