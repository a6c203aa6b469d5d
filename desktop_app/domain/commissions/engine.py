"""The commission engine: orders + plans → one explained commission line per order, plus bonuses.

Rules (plans.py defines tiers; tests/unit/test_commission_known_answers.py has
worked examples for every basis × mode):
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
- Speed: rules are compiled once (compiled.py), the rule for (plan, date, category) is cached,
  orders are bucketed by rule and each bucket is priced in one tight loop (batches.py); lines are
  plain slotted dataclasses (a frozen one costs 10x more to create); the cyclic garbage collector
  is paused while the ~100k line objects are created (they hold no cycles).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_app.domain.commissions import batches
from desktop_app.domain.commissions.bonuses import bonus_lines
from desktop_app.domain.commissions.compiled import (
    OA_MARGINAL,
    OA_WHOLE,
    PO_MARGINAL,
    PV_MARGINAL,
    CompiledRule,
    Resolver,
)
from desktop_app.domain.commissions.plans import ZERO, BonusRule, PlanBook
from desktop_app.domain.money import minor_digits


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


@dataclass(slots=True)
class CommissionLine:
    """One result line; treat as read-only (not frozen only because that is 10x slower)."""

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


def calculate(
    orders: Iterable[OrderInput],
    partners: Iterable[PartnerInput],
    book: PlanBook,
    bonus_rules: Sequence[BonusRule] = (),
    *,
    currency: str,
) -> list[CommissionLine]:
    """One commission line per order (in input order), then bonus lines by partner and rule."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _calculate(orders, partners, book, bonus_rules, currency)
    finally:
        if was_enabled:
            gc.enable()


def _calculate(
    orders: Iterable[OrderInput],
    partners: Iterable[PartnerInput],
    book: PlanBook,
    bonus_rules: Sequence[BonusRule],
    currency: str,
) -> list[CommissionLine]:
    exp = Decimal(1).scaleb(-minor_digits(currency))
    zero = ZERO.quantize(exp)
    order_list = orders if isinstance(orders, list) else list(orders)
    pmap = {p.partner_id: p for p in partners}
    terminated = {pid: p.terminated_on for pid, p in pmap.items() if p.terminated_on}
    resolver = Resolver(book, pmap, currency, exp)

    # pass 1: each partner's counted orders (termination excludes later ones), and the rule
    # for each order (cached per plan, date, category), orders bucketed by rule
    # partner -> (plan id, counted orders, period volume so far); summed in order of the input,
    # which is several times faster than summing per partner afterwards (memory locality)
    seen: dict[int, tuple[int | None, list[int], PartnerPeriod]] = {}
    lines: list[CommissionLine | None] = [None] * len(order_list)
    rules: dict[tuple[int | None, date, str], CompiledRule | str] = {}
    rules_get, seen_get, terminated_get = rules.get, seen.get, terminated.get
    for i, o in enumerate(order_list):
        pid = o.partner_id
        day = o.order_date
        if terminated:
            end = terminated_get(pid)
            if end is not None and day > end:
                lines[i] = batches.zero_line(
                    o, zero, f"partner terminated on {end}: orders after that date earn nothing"
                )
                continue
        entry = seen_get(pid)
        if entry is None:
            entry = seen[pid] = (_plan_id(resolver, pid), [i], PartnerPeriod(o.amount))
        else:
            entry[1].append(i)
            entry[2].volume += o.amount
        plan_id = entry[0]
        key = (plan_id, day, o.category)
        c = rules_get(key)
        if c is None:
            plan = book.plans[plan_id] if plan_id is not None else None
            c = rules[key] = resolver.resolve(plan, day, o.category)
        if c.__class__ is str:
            lines[i] = batches.zero_line(o, zero, c)
            continue
        c.members.append(i)  # type: ignore[union-attr]

    counted = {pid: mine for pid, (_, mine, _) in seen.items()}
    periods = {pid: stats for pid, (_, _, stats) in seen.items()}
    for pid, stats in periods.items():
        stats.count = len(counted[pid])

    # pass 2: price each bucket in one tight loop
    positions: dict[int, dict[int, int]] = {}
    for c in resolver.compiled.values():
        members = c.members
        if c.kind == OA_WHOLE or c.kind == OA_MARGINAL:
            batches.order_amount_lines(c, order_list, members, lines, exp, zero)
        elif c.kind == PV_MARGINAL:
            batches.marginal_volume_lines(c, order_list, members, lines, periods, exp)
        elif c.kind == PO_MARGINAL:
            batches.position_lines(c, order_list, members, lines, counted, positions, exp, zero)
        else:
            batches.period_whole_lines(c, order_list, members, lines, periods, exp, zero)

    result = [line for line in lines if line is not None]
    assert len(result) == len(order_list)
    result.extend(bonus_lines(periods, pmap, bonus_rules, currency, exp))
    return result


def _plan_id(resolver: Resolver, partner_id: int) -> int | None:
    plan = resolver.plan_of(partner_id)
    return plan.plan_id if plan is not None else None


__all__ = [
    "CommissionLine",
    "OrderInput",
    "PartnerInput",
    "PartnerPeriod",
    "calculate",
]
