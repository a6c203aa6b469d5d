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
- The tier is picked by plans.tier_at alone; the fixed part per order is that of the tier
  reached (marginal: the highest tier reached).
- Every line is rounded half-up to the currency's minor unit (money.ROUND_COMMISSION); every
  point where that happens is in rounding.py and listed there.
- The values in and out (OrderInput, PartnerInput, CommissionLine) are in types.py; a line is
  made by types.commission_line.
- Speed: rules are compiled once (compiled.py), the rule for (plan, date, category) is cached,
  pass 1 writes each order's rule's table or finder (batches.finder_for) in `records`, and the
  lines are made in one loop in input order, each order's tier
  found by its rule's finder as the loop reaches it, so the orders are read and the lines made
  and freed in the order they lie in memory (batches.py); lines are tuples built by tuple's own
  C constructor; the cyclic garbage collector is paused while the ~100k line objects are created
  (they hold no cycles), and a big run's lines are handed over in its oldest generation, so it
  does not walk them twice more afterwards.
- An order given in minor units (OrderInput.minor, as a payout run gives its orders in the
  run's currency) is priced and summed in integers (rounding.line_value_minor), and its line's
  value is one Decimal shared by every line of that value: the same lines, with half the
  Decimal work and a tenth less memory (tests/unit/test_commission_minor_units.py).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from typing import cast

from desktop_app.domain.commissions import batches
from desktop_app.domain.commissions.bonuses import bonus_lines
from desktop_app.domain.commissions.compiled import CompiledRule, Resolver
from desktop_app.domain.commissions.plans import ZERO, BonusRule, PlanBook
from desktop_app.domain.commissions.rounding import line_value
from desktop_app.domain.commissions.types import (
    LINE_FIELDS,
    CommissionLine,
    OrderInput,
    PartnerInput,
    PartnerPeriod,
)
from desktop_app.domain.made_once import MadeOnce
from desktop_app.domain.money import minor_digits
from desktop_app.domain.reasons import reason

PlanKey = int | tuple[str, int | None]  # a plan's id, or ("no plan", the partner type's id)


# The engine's view of one partner in pass 1: termination date, the plan's cache of what its
# orders get in `records` by day and category, the counted orders' bound `append`, the period
# so far.
PartnerEntry = tuple[
    date | None, dict[date, dict[str, "batches.Found"]], Callable[[int], None], PartnerPeriod
]


# Runs with at least this many lines hand them over in the collector's oldest generation.
PROMOTE_FROM = 10_000


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
        lines = _calculate(orders, partners, book, bonus_rules, currency)
        if was_enabled and len(lines) >= PROMOTE_FROM and gc.get_freeze_count() == 0:
            _promote_young_objects()
        return lines
    finally:
        if was_enabled:
            gc.enable()


def _promote_young_objects() -> None:
    """Move every object the collector tracks to its oldest generation, without a collection.

    The ~100k lines are data the caller keeps (a payout run reads them all), not garbage. Left
    young, the collector would walk them all at the caller's next allocation (0.04 s per 100k,
    bench_commissions) and again one generation up. gc.freeze() moves every tracked object to
    the permanent generation and gc.unfreeze() puts them back in the oldest one, each in
    constant time. Other young objects move too, so their cycles wait for the next full
    collection: hence only for big runs (PROMOTE_FROM), and never when something else in the
    process has frozen objects."""
    gc.freeze()
    gc.unfreeze()


def _calculate(
    orders: Iterable[OrderInput],
    partners: Iterable[PartnerInput],
    book: PlanBook,
    bonus_rules: Sequence[BonusRule],
    currency: str,
) -> list[CommissionLine]:
    exp = Decimal(1).scaleb(-minor_digits(currency))
    zero = line_value(ZERO, exp)
    order_list = orders if isinstance(orders, list) else list(orders)
    pmap = {p.partner_id: p for p in partners}
    resolver = Resolver(book, pmap, currency, exp)

    # pass 1: each partner's counted orders (termination excludes later ones), and what
    # price_lines needs to find each order's record: its rule's table or finder (cached per
    # plan, date, category). The volume is summed in input order, several times faster than
    # per partner afterwards (memory locality); bound `append`s and tuple unpacking keep
    # attribute look-ups out of the loop.
    n = len(order_list)
    lines: list[CommissionLine | None] = [None] * n
    records: batches.Records = [None] * n
    shares = [0] * n  # parts of a split total (marginal by period volume), in minor units
    counted: dict[int, list[int]] = {}  # partner -> its counted orders
    periods: dict[int, PartnerPeriod] = {}
    finders = MadeOnce(
        partial(
            batches.finder_for,
            orders=order_list,
            records=records,
            shares=shares,
            counted=counted,
            periods=periods,
            positions={},
            exp=exp,
            zero=zero,
        )
    )
    seen: dict[int, PartnerEntry] = {}
    by_plan: dict[PlanKey, dict[date, dict[str, batches.Found]]] = {}
    indexes = list(range(n))  # both passes read these ints (no new ones)
    for i, o in zip(indexes, order_list, strict=True):
        # subscripts, not dict.get: a specialised instruction instead of a method call; a
        # miss (a partner's first order, a new day or category) is rare
        try:
            end, rules, count_in, stats = seen[o.partner_id]
        except KeyError:
            entry = _partner_entry(resolver, o.partner_id, by_plan, counted, periods)
            end, rules, count_in, stats = seen[o.partner_id] = entry
        day = o.order_date
        if end is not None and day > end:
            lines[i] = batches.zero_line(o, zero, reason("terminated", day=end.isoformat()).english)
            continue
        count_in(i)
        m = o.minor
        if m:  # in minor units: an int add, folded into the volume below
            stats.minor += m
        else:
            stats.volume += o.amount
        try:
            records[i] = rules[day][o.category]  # nested dicts: no (day, category) tuple
        except KeyError:
            records[i] = _found(resolver, rules, o, finders)

    for pid in [pid for pid, mine in counted.items() if not mine]:  # all after termination
        del counted[pid], periods[pid]
    for pid, stats in periods.items():
        stats.count = len(counted[pid])
        if stats.minor:  # exact: each such amount is its minor units × exp (OrderInput.minor)
            stats.volume += Decimal(stats.minor) * exp

    # pass 2: the lines, in input order (batches.price_lines); each rule's table (batches.
    # ByAmount: by the order's amount; ByVolume, ByPeriod: by partner) or finder (ByPosition)
    # makes its records as it is read
    batches.price_lines(order_list, indexes, records, shares, lines, exp)

    if not all(lines):  # every order has its line (a line is a non-empty tuple, so truthy)
        raise AssertionError("an order was left without a commission line")
    result = cast(list[CommissionLine], lines)
    result.extend(bonus_lines(periods, pmap, bonus_rules, currency, exp))
    return result


def _found(
    resolver: Resolver,
    rules: dict[date, dict[str, batches.Found]],
    o: OrderInput,
    finders: MadeOnce[CompiledRule, batches.ByPartner | batches.ByAmount | batches.Finder],
) -> batches.Found:
    """What the orders of `o`'s plan, day and category get in `records`: the table or finder
    of the rule that applies, or the record of orders that earn nothing for the reason said."""
    on_day = rules.setdefault(o.order_date, {})
    found = on_day.get(o.category)
    if found is None:
        rule = resolver.resolve(
            resolver.plan_of(o.partner_id), o.order_date, o.category, o.partner_id
        )
        found = on_day[o.category] = (
            batches.unpriced(rule) if isinstance(rule, str) else finders[rule]
        )
    return found


def _partner_entry(
    resolver: Resolver,
    partner_id: int,
    by_plan: dict[PlanKey, dict[date, dict[str, batches.Found]]],
    counted: dict[int, list[int]],
    periods: dict[int, PartnerPeriod],
) -> PartnerEntry:
    """The partner's entry, its counted orders and period registered under its id."""
    plan = resolver.plan_of(partner_id)
    partner = resolver.partners.get(partner_id)
    # partners share their plan's cache; partners with no plan, their type's (the reason
    # they earn nothing names the type)
    key = plan.plan_id if plan else ("no plan", partner.type_id if partner else None)
    rules = by_plan.setdefault(key, {})
    end = partner.terminated_on if partner is not None else None
    mine = counted[partner_id] = []
    stats = periods[partner_id] = PartnerPeriod()
    return end, rules, mine.append, stats


__all__ = [
    "LINE_FIELDS",
    "CommissionLine",
    "OrderInput",
    "PartnerInput",
    "PartnerPeriod",
    "calculate",
]
