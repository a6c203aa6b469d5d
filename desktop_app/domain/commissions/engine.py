"""The commission engine: orders + plans → one explained commission line per order, plus bonuses.

Rules (see plans.py for tiers, and docs/tests for worked examples):
- The partner's own plan overrides its partner type's plan; the plan version in force on the
  order date applies; within it the rule for the order's category wins over the general rule.
- A terminated partner earns nothing on orders dated after the termination date; such orders
  also do not count towards period volumes, order counts or bonus targets.
- order_amount: the order's own amount chooses the tier. period_volume: the partner's total
  sales in the input (the period) chooses it. period_orders: the partner's order count.
- whole: the whole amount earns the rate of the tier reached. marginal: each slice its own rate;
  for period_orders the k-th order of the period (by date, then id) earns tier(k)'s rate.
- Marginal period_volume is computed once on the period total; a rule used for only part of the
  partner's orders gets the part in proportion to its sales, then that total is split over its
  orders with the largest-remainder method so the lines add up exactly to it.
- The fixed part per order is that of the tier reached (marginal: the highest tier reached).
- Every line is rounded half-up to the currency's minor unit (money.ROUND_COMMISSION).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.commissions.bonuses import bonus_lines
from desktop_app.domain.commissions.compiled import CompiledRule, Resolver
from desktop_app.domain.commissions.plans import ZERO, BonusRule, PlanBook, TierBasis, TierMode
from desktop_app.domain.commissions.tiers import bound_text, pct, slices_text
from desktop_app.domain.money import ROUND_COMMISSION, allocate_largest_remainder, minor_digits


@dataclass(frozen=True, slots=True)
class OrderInput:
    order_id: int
    external_id: str
    partner_id: int
    order_date: date
    amount: Decimal  # base currency, converted, refunds before the run already subtracted
    category: str = ""


@dataclass(frozen=True, slots=True)
class PartnerInput:
    partner_id: int
    type_id: int | None
    terminated_on: date | None
    clicks: int = 0


@dataclass(frozen=True, slots=True)
class CommissionLine:
    order_id: int | None
    partner_id: int
    kind: str  # "commission" | "bonus"
    base_amount: Decimal
    commission: Decimal
    plan_name: str
    plan_version: int | None
    tier: str
    rate: Decimal
    fixed: Decimal
    explanation: str


@dataclass(slots=True)
class PartnerPeriod:
    """What the partner did in the period (orders not excluded by termination)."""

    volume: Decimal = ZERO
    count: int = 0


def _zero_line(order: OrderInput, zero: Decimal, why: str) -> CommissionLine:
    return CommissionLine(
        order.order_id,
        order.partner_id,
        "commission",
        order.amount,
        zero,
        "",
        None,
        "",
        ZERO,
        ZERO,
        why,
    )


def calculate(
    orders: Iterable[OrderInput],
    partners: Iterable[PartnerInput],
    book: PlanBook,
    bonus_rules: Sequence[BonusRule] = (),
    *,
    currency: str,
) -> list[CommissionLine]:
    """One commission line per order (in input order), then bonus lines by partner and rule."""
    exp = Decimal(1).scaleb(-minor_digits(currency))
    zero = ZERO.quantize(exp)
    order_list = list(orders)
    pmap = {p.partner_id: p for p in partners}
    resolver = Resolver(book, pmap, currency, exp)

    periods: dict[int, PartnerPeriod] = defaultdict(PartnerPeriod)
    excluded: list[str | None] = [None] * len(order_list)
    for i, o in enumerate(order_list):
        p = pmap.get(o.partner_id)
        if p is not None and p.terminated_on is not None and o.order_date > p.terminated_on:
            excluded[i] = (
                f"partner terminated on {p.terminated_on.isoformat()}: "
                "orders after that date earn nothing"
            )
            continue
        stats = periods[o.partner_id]
        stats.volume += o.amount
        stats.count += 1

    positions = _positions(order_list, excluded)
    lines: list[CommissionLine | None] = [None] * len(order_list)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, o in enumerate(order_list):
        why = excluded[i]
        if why is not None:
            lines[i] = _zero_line(o, zero, why)
            continue
        found = resolver.rule_for(o)
        if isinstance(found, str):
            lines[i] = _zero_line(o, zero, found)
            continue
        c = found
        rule = c.rule
        if rule.basis is TierBasis.ORDER_AMOUNT:
            lines[i] = c.order_amount_line(o, exp, zero)
        elif rule.basis is TierBasis.PERIOD_ORDERS:
            stats = periods[o.partner_id]
            lines[i] = c.period_orders_line(o, stats.count, positions[i], exp, zero)
        elif rule.mode is TierMode.WHOLE:
            lines[i] = c.period_volume_whole_line(o, periods[o.partner_id].volume, exp, zero)
        else:
            groups[(o.partner_id, c.key)].append(i)

    for (partner_id, key), members in groups.items():
        members.sort(key=lambda i: order_list[i].order_id)  # ties: same cent, any input order
        c = resolver.compiled[key]
        volume = periods[partner_id].volume
        for i, line in zip(
            members, _marginal_volume(c, order_list, members, volume, exp), strict=True
        ):
            lines[i] = line

    result: list[CommissionLine] = [line for line in lines if line is not None]
    assert len(result) == len(order_list)
    result.extend(bonus_lines(periods, pmap, bonus_rules, currency, exp))
    return result


def _positions(order_list: Sequence[OrderInput], excluded: Sequence[str | None]) -> list[int]:
    """1-based rank of each order among its partner's counted orders (by date, then id)."""
    ranked = sorted(
        (i for i in range(len(order_list)) if excluded[i] is None),
        key=lambda i: (
            order_list[i].partner_id,
            order_list[i].order_date,
            order_list[i].order_id,
        ),
    )
    positions = [0] * len(order_list)
    last_partner: int | None = None
    k = 0
    for i in ranked:
        pid = order_list[i].partner_id
        k = k + 1 if pid == last_partner else 1
        last_partner = pid
        positions[i] = k
    return positions


def _marginal_volume(
    c: CompiledRule,
    order_list: Sequence[OrderInput],
    members: Sequence[int],
    volume: Decimal,
    exp: Decimal,
) -> list[CommissionLine]:
    """Marginal tiers on the period volume, allocated back to this rule's orders exactly."""
    rule = c.rule
    cur = c.currency
    share = sum((order_list[i].amount for i in members), ZERO)
    raw = c.marginal(volume)
    group_raw = raw if share == volume else (raw * share / volume if volume else ZERO)
    total = group_raw.quantize(exp, rounding=ROUND_COMMISSION)
    digits = minor_digits(cur)
    total_minor = int(total.scaleb(digits))
    weights = [order_list[i].amount for i in members]
    parts = allocate_largest_remainder(total_minor, weights)
    index = rule.tier_index(volume)
    tier = c.labels[index] + " (marginal)" if index is not None else "below the lowest tier"
    rate = rule.tiers[index].rate if index is not None else ZERO
    fixed = c.fixed[index] if index is not None else exp * 0
    vol_text = bound_text(volume, rule.basis, cur)
    portion = (
        ""
        if share == volume
        else f"; this rule's orders are {bound_text(share, rule.basis, cur)} of it, "
        f"so they share {total}"
    )
    fixed_text = f" plus {fixed} per order" if fixed else ""
    why = (
        f"{c.title}: marginal tiers on period sales {vol_text}: "
        f"{slices_text(rule, volume, cur)} = {raw.quantize(exp, rounding=ROUND_COMMISSION)}"
        f"{portion}, split over the orders by amount (largest remainder){fixed_text}"
    )
    out: list[CommissionLine] = []
    for i, part in zip(members, parts, strict=True):
        o = order_list[i]
        value = Decimal(part).scaleb(-digits).quantize(exp) + fixed
        out.append(
            CommissionLine(
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
        )
    return out


__all__ = [
    "CommissionLine",
    "OrderInput",
    "PartnerInput",
    "PartnerPeriod",
    "calculate",
    "pct",
]
