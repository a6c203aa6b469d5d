"""Pricing one bucket of orders that share a compiled rule, in one tight loop per tier basis.

Each function fills `lines[i]` for the bucket's order indices. The tier is picked by
plans.tier_at, each line rounded by rounding.line_value (the fixed part per order is added after
rounding: it is already exact), each line made by types.commission_line, inlined in the loops
that make one line per order (INLINED_LINE below).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop_app.domain.commissions.compiled import OA_WHOLE, PV_WHOLE, CompiledRule
from desktop_app.domain.commissions.plans import ZERO, tier_at
from desktop_app.domain.commissions.rounding import group_total, line_value, split_exactly
from desktop_app.domain.commissions.tiers import bound_text, pct, slices_text
from desktop_app.domain.commissions.types import (
    CommissionLine,
    OrderInput,
    PartnerPeriod,
    commission_line,
)

Lines = list[CommissionLine | None]

# INLINED_LINE: order_amount_lines, period_whole_lines, position_lines and _split, which make
# one line per order, make it as types.commission_line does, `CommissionLine((the fields in
# LINE_FIELDS' order))`, without calling it: a Python call per line costs 3 % of the engine's
# work (callgrind, bench_commissions' input). tests/unit/test_commission_line.py pins
# LINE_FIELDS, so a change of the field order fails there first; the known-answer and property
# tests read every field of these lines by name. The marginal sum by order amount is
# CompiledRule.marginal_in, inlined the same way (and proven equal to tiers.marginal_raw).


def zero_line(
    o: OrderInput, zero: Decimal, why: str, c: CompiledRule | None = None
) -> CommissionLine:
    """A 0.00 line that says why the order earns nothing."""
    return commission_line(
        order_id=o.order_id,
        partner_id=o.partner_id,
        kind="commission",
        base_amount=o.amount,
        commission=zero,
        plan_name="" if c is None else c.plan_name,
        plan_version=None if c is None else c.version,
        tier="" if c is None else "below the lowest tier",
        rate=ZERO,
        fixed=ZERO,
        explanation=why,
    )


def order_amount_lines(
    c: CompiledRule,
    orders: Sequence[OrderInput],
    members: Sequence[int],
    lines: Lines,
    exp: Decimal,
    zero: Decimal,
) -> None:
    """Tier by the order's own amount; whole: amount × rate; marginal: slice by slice."""
    lowers, factors, fixed, cum = c.lowers, c.factors, c.fixed, c.cum
    texts, rates, whys = c.tier_texts, c.rates, c.why
    name, version, whole = c.plan_name, c.version, c.kind == OA_WHOLE
    tier, rounded, line = tier_at, line_value, CommissionLine
    for i in members:
        o = orders[i]
        a = o.amount
        t = tier(lowers, a)
        if t < 0:
            lines[i] = zero_line(o, zero, c.below_why(f"order amount {a}"), c)
            continue
        # marginal: CompiledRule.marginal_in(t, a), inlined
        v = rounded(a * factors[t] if whole else cum[t] + (a - lowers[t]) * factors[t], exp)
        f = fixed[t]
        lines[i] = line(  # commission_line inlined (INLINED_LINE)
            (
                o.order_id,
                o.partner_id,
                "commission",
                a,
                v + f if f else v,
                name,
                version,
                texts[t],
                rates[t],
                f,
                whys[t],
            )
        )


def period_whole_lines(
    c: CompiledRule,
    orders: Sequence[OrderInput],
    members: Sequence[int],
    lines: Lines,
    periods: dict[int, PartnerPeriod],
    exp: Decimal,
    zero: Decimal,
) -> None:
    """Whole mode by period volume or order count: the partner's tier rate on each order."""
    factors, fixed, texts, rates = c.factors, c.fixed, c.tier_texts, c.rates
    name, version, by_volume = c.plan_name, c.version, c.kind == PV_WHOLE
    tiers: dict[int, tuple[int, str]] = {}
    rounded, line = line_value, CommissionLine
    for i in members:
        o = orders[i]
        pid = o.partner_id
        found = tiers.get(pid)
        if found is None:
            stats = periods[pid]
            reached: Decimal | int = stats.volume if by_volume else stats.count
            t = c.tier_of(Decimal(reached))
            if t < 0:
                what = f"period sales {reached}" if by_volume else f"{reached} orders"
                found = (t, c.below_why(what))
            else:
                found = (t, c.period_why(reached, t))
            tiers[pid] = found
        t, why = found
        if t < 0:
            lines[i] = zero_line(o, zero, why, c)
            continue
        a = o.amount
        f = fixed[t]
        v = rounded(a * factors[t], exp)
        lines[i] = line(  # commission_line inlined (INLINED_LINE)
            (
                o.order_id,
                pid,
                "commission",
                a,
                v + f if f else v,
                name,
                version,
                texts[t],
                rates[t],
                f,
                why,
            )
        )


def position_lines(
    c: CompiledRule,
    orders: Sequence[OrderInput],
    members: Sequence[int],
    lines: Lines,
    counted: dict[int, list[int]],
    positions: dict[int, dict[int, int]],
    exp: Decimal,
    zero: Decimal,
) -> None:
    """Marginal by order count: the k-th counted order of the partner's period (by date, then
    order id, all categories) earns the rate of the tier containing k."""
    factors, fixed, texts, rates = c.factors, c.fixed, c.tier_texts, c.rates
    counts = tuple(int(x) for x in c.lowers)  # whole numbers of orders: int compares are faster
    whys: dict[int, tuple[int, str]] = {}  # position k -> (tier, explanation)
    rounded, line, name, version = line_value, CommissionLine, c.plan_name, c.version
    for i in members:
        o = orders[i]
        pid = o.partner_id
        ranks = positions.get(pid)
        if ranks is None:
            ranks = positions[pid] = _ranks(orders, counted[pid])
        k = ranks[i]
        found = whys.get(k)
        if found is None:
            t = tier_at(counts, k)
            found = whys[k] = (t, _position_why(c, k, t))
        t, why = found
        if t < 0:
            lines[i] = zero_line(o, zero, why, c)
            continue
        a = o.amount
        f = fixed[t]
        v = rounded(a * factors[t], exp)
        lines[i] = line(  # commission_line inlined (INLINED_LINE)
            (
                o.order_id,
                pid,
                "commission",
                a,
                v + f if f else v,
                name,
                version,
                texts[t],
                rates[t],
                f,
                why,
            )
        )


def _ranks(orders: Sequence[OrderInput], mine: list[int]) -> dict[int, int]:
    """Order index -> its position (1, 2, …) among `mine` by date, then order id.

    Sorted by id (usually already so), then stably by date alone: faster than sorting on
    (date, id) tuples, and the same order."""
    picked = [orders[j] for j in mine]
    ids = [o.order_id for o in picked]
    if ids != sorted(ids):
        mine = sorted(mine, key=lambda j: orders[j].order_id)
        picked = [orders[j] for j in mine]
    dates = [o.order_date for o in picked]
    by_date = sorted(range(len(mine)), key=dates.__getitem__)
    return {mine[x]: k for k, x in enumerate(by_date, start=1)}


def _position_why(c: CompiledRule, k: int, t: int) -> str:
    if t < 0:
        return c.below_why(f"order no. {k} of the period")
    return (
        f"{c.title}: marginal by order count: order no. {k} of the period is in tier "
        f"{c.labels[t]}: {pct(c.rates[t])}{c.fixed_text(t)}"
    )


def marginal_volume_lines(
    c: CompiledRule,
    orders: Sequence[OrderInput],
    members: Sequence[int],
    lines: Lines,
    periods: dict[int, PartnerPeriod],
    exp: Decimal,
) -> None:
    """Marginal by period volume, per partner: computed once on the period total, then split."""
    by_partner: dict[int, list[int]] = {}
    for i in members:
        by_partner.setdefault(orders[i].partner_id, []).append(i)
    for pid, mine in by_partner.items():
        ids = [orders[i].order_id for i in mine]
        if ids != sorted(ids):  # by order id, so ties get the same cent in any input order
            mine.sort(key=lambda i: orders[i].order_id)
        for i, made in zip(mine, _split(c, orders, mine, periods[pid].volume, exp), strict=True):
            lines[i] = made


def _split(
    c: CompiledRule,
    orders: Sequence[OrderInput],
    mine: Sequence[int],
    volume: Decimal,
    exp: Decimal,
) -> list[CommissionLine]:
    """A rule used for only part of the partner's orders gets its share of the marginal total
    in proportion to its sales; the largest-remainder split makes the lines add up exactly."""
    cur, basis = c.currency, c.rule.basis
    weights = [orders[i].amount for i in mine]
    share = sum(weights, ZERO)
    raw = c.marginal(volume)
    total = group_total(raw, share, volume, exp)
    digits = -exp.as_tuple().exponent  # type: ignore[operator]
    parts = split_exactly(int(total.scaleb(digits)), weights, digits)
    t = c.tier_of(volume)
    tier = c.tier_texts[t] if t >= 0 else "below the lowest tier"
    rate = c.rates[t] if t >= 0 else ZERO
    fixed = c.fixed[t] if t >= 0 else line_value(ZERO, exp)
    portion = (
        ""
        if share == volume
        else f"; this rule's orders are {bound_text(share, basis, cur)} of it, "
        f"so they share {total}"
    )
    fixed_text = f" plus {fixed} per order" if fixed else ""
    why = (
        f"{c.title}: marginal tiers on period sales {bound_text(volume, basis, cur)}: "
        f"{slices_text(c.rule, volume, cur)} = {line_value(raw, exp)}"
        f"{portion}, split over the orders by amount (largest remainder){fixed_text}"
    )
    name, version, line = c.plan_name, c.version, CommissionLine
    out: list[CommissionLine] = []
    for i, part in zip(mine, parts, strict=True):
        o = orders[i]
        v = exp * part  # exact, and much cheaper than Decimal(part).scaleb(-digits)
        out.append(
            line(  # commission_line inlined (INLINED_LINE)
                (
                    o.order_id,
                    o.partner_id,
                    "commission",
                    o.amount,
                    v + fixed if fixed else v,
                    name,
                    version,
                    tier,
                    rate,
                    fixed,
                    why,
                )
            )
        )
    return out


__all__ = [
    "marginal_volume_lines",
    "order_amount_lines",
    "period_whole_lines",
    "position_lines",
    "split_exactly",
    "zero_line",
]
