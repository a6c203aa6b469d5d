"""Pricing the orders in input order: `price_lines` makes every line as it reaches the order.

What order i's line needs beyond the order itself is a `Priced` record (shared by the orders of
a tier, partner or position), found through `records[i]`, which the engine's pass 1 wrote:
the order's rule's (finder_for):
- ByAmount: a table of the rule's records by tier, indexed by plans.tiers_reached of the
  order's amount (below the lowest tier, the order gets its own zero line);
- ByPartner (ByPeriod: the tier by the partner's period; ByVolume: the partner's marginal
  total, split over its orders, each one's part in `shares[i]`): a dict by partner id, its
  record made when price_lines first reaches one of the partner's orders;
- a Finder that price_lines calls with the order (ByPosition: by the order's place in the
  partner's period);
- the record itself, for orders no rule prices (`unpriced`: no plan, version or rule);
- or nothing, when the order already has its zero line (terminated partner).
Tables are read with a subscript (C-level look-ups), not a Python call per order.

An order given in minor units (OrderInput.minor) is priced in integers (rounding.
line_value_minor), its value's Decimal taken from `minor_values` (one object per distinct value:
a run's commissions repeat); any other from its Decimal amount. The integers cost half the
Decimal multiply-and-round, and the lines share their value objects (bench_commissions).

Why input order: the orders are read, and the lines and their amounts allocated, in the order
they lie in memory and the caller frees them. Read and made bucket by bucket (bench_commissions
has 18 interleaved buckets), they were reached out of memory order, and cache misses made the
engine a third slower; made column by column with map and zip (no bytecode per order), the
work grew by 7 % (callgrind) and the time by a third. The tier is picked by plans.tier_at (or
tiers_reached), each line rounded by rounding.line_value (or line_value_minor; the fixed part
per order is added after rounding: it is already exact), each line made by
types.commission_line, inlined in price_lines (INLINED_LINE below).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from operator import mul
from typing import Any, TypeAlias

from desktop_app.domain.commissions.compiled import (
    BELOW_LOWEST,
    OA_MARGINAL,
    OA_WHOLE,
    PO_MARGINAL,
    PV_MARGINAL,
    PV_WHOLE,
    CompiledRule,
    Priced,
)
from desktop_app.domain.commissions.plans import ZERO, tier_at, tiers_reached
from desktop_app.domain.commissions.rounding import group_total, line_value, split_exactly
from desktop_app.domain.commissions.tiers import bound_text, pct, slices_text
from desktop_app.domain.commissions.types import (
    CommissionLine,
    OrderInput,
    PartnerPeriod,
    commission_line,
)
from desktop_app.domain.made_once import MadeOnce

Lines = list[CommissionLine | None]
# How price_lines finds the record of order i from the order itself (ByPosition.find).
Finder = Callable[[int, OrderInput], Priced]
# What pass 1 writes for order i: its rule's table or finder, or the record itself (an order
# that no rule prices: batches.unpriced), or None (its line is already made).
Found: TypeAlias = "ByPartner | ByAmount | Finder | Priced"
Records = list["Found | None"]

# INLINED_LINE: price_lines, which makes one line per order, makes it as types.commission_line
# does, `CommissionLine((the fields in LINE_FIELDS' order))`, without calling it: a Python call
# per line costs 3 % of the engine's work (callgrind, bench_commissions' input).
# tests/unit/test_commission_line.py pins LINE_FIELDS, so a change of the field order fails there
# first; the known-answer and property tests read every field of these lines by name. The
# marginal sum by order amount is CompiledRule.marginal_in, inlined the same way (`a × factor +
# offset`, proven equal to tiers.marginal_raw).


def unpriced(why: str) -> Priced:
    """The record of orders no rule prices (no plan, version or rule applies): zero_line's
    line without a rule, explained by `why`."""
    return None, 0, 1, None, ZERO, ("", None, "", ZERO, ZERO, why)


def finder_for(
    c: CompiledRule,
    *,
    orders: Sequence[OrderInput],
    records: Records,
    shares: list[int],
    counted: dict[int, list[int]],
    periods: dict[int, PartnerPeriod],
    positions: dict[int, dict[int, int]],
    exp: Decimal,
    zero: Decimal,
) -> ByPartner | ByAmount | Finder:
    """What pass 1 writes in `records` for each order of rule `c`: its table or finder, which
    price_lines reads on reaching the order. `counted` and `periods` are filled by pass 1
    before price_lines reads them."""
    if c.kind == OA_WHOLE or c.kind == OA_MARGINAL:
        return ByAmount(c, zero)
    if c.kind == PV_MARGINAL:
        return ByVolume(c, orders, records, shares, counted, periods, exp).table
    if c.kind == PO_MARGINAL:
        return ByPosition(c, orders, counted, positions).find
    return ByPeriod(c, periods).table


def zero_line(
    o: OrderInput, zero: Decimal, why: str, c: CompiledRule | None = None
) -> CommissionLine:
    """A 0.00 line that says why the order earns nothing: its last fields are those of the
    record of such orders, `unpriced` without a rule, the rule's priced_nothing with one."""
    tail = (unpriced(why) if c is None else c.priced_nothing(why))[5]
    return commission_line(o.order_id, o.partner_id, "commission", o.amount, zero, *tail)


class ByAmount:
    """The tier of an order by its own amount (whole: amount × rate; marginal: slice by slice):
    price_lines indexes `table` by plans.tiers_reached (0: below the lowest tier, where the
    order gets its own zero line, `below`)."""

    __slots__ = ("c", "lowers", "table", "zero")

    def __init__(self, c: CompiledRule, zero: Decimal) -> None:
        self.c, self.lowers, self.zero = c, c.lowers, zero
        self.table: tuple[Priced | None, ...] = (None, *c.priced)

    def below(self, o: OrderInput) -> CommissionLine:
        return zero_line(o, self.zero, self.c.below_why(f"order amount {o.amount}"), self.c)


class ByPartner(MadeOnce[int, Priced]):
    """Partner id → the record of its orders under one rule, made by `make(partner id)` the
    first time price_lines reaches one of them. Its own class, so price_lines tells it from a
    finder by its class alone."""

    __slots__ = ()


def minor_values(exp: Decimal) -> MadeOnce[int, Decimal]:
    """A value in minor units → its Decimal in the currency's unit (`exp`), made once per
    distinct value: exactly what rounding a Decimal to `exp` gives, exponent included."""
    return MadeOnce(partial(mul, exp))


class ByPeriod:
    """Whole mode by period volume or order count: the partner's tier rate on each order, the
    record made once per partner (`table`)."""

    __slots__ = ("by_volume", "c", "periods", "table")

    def __init__(self, c: CompiledRule, periods: dict[int, PartnerPeriod]) -> None:
        self.c, self.periods = c, periods
        self.by_volume = c.kind == PV_WHOLE
        self.table = ByPartner(self._partner)

    def _partner(self, pid: int) -> Priced:
        c, stats = self.c, self.periods[pid]
        reached: Decimal | int = stats.volume if self.by_volume else stats.count
        t = c.tier_of(Decimal(reached))
        if t < 0:
            return c.priced_nothing(
                c.below_why(f"period sales {reached}" if self.by_volume else f"{reached} orders")
            )
        return c.priced_with(t, c.period_why(reached, t))


class ByPosition:
    """Marginal by order count: the k-th counted order of the partner's period (by date, then
    order id, all categories) earns the rate of the tier containing k."""

    __slots__ = ("c", "counted", "counts", "found_at", "orders", "positions")

    def __init__(
        self,
        c: CompiledRule,
        orders: Sequence[OrderInput],
        counted: dict[int, list[int]],
        positions: dict[int, dict[int, int]],
    ) -> None:
        self.c, self.orders, self.counted, self.positions = c, orders, counted, positions
        self.counts = tuple(int(x) for x in c.lowers)  # whole numbers: int compares are faster
        self.found_at: dict[int, Priced] = {}  # position k -> its record

    def find(self, i: int, o: OrderInput) -> Priced:
        ranks = self.positions.get(o.partner_id)
        if ranks is None:
            mine = self.counted[o.partner_id]
            ranks = self.positions[o.partner_id] = _ranks(self.orders, mine)
        k = ranks[i]
        found = self.found_at.get(k)
        if found is None:
            t = tier_at(self.counts, k)
            why = _position_why(self.c, k, t)
            c = self.c
            found = self.found_at[k] = c.priced_nothing(why) if t < 0 else c.priced_with(t, why)
        return found


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


class ByVolume:
    """Marginal by period volume, per partner: computed once on the period total, then split
    over the partner's orders of this rule when price_lines reaches the first of them;
    `shares[j]` is then order j's part of it, in minor units."""

    __slots__ = ("c", "counted", "exp", "orders", "periods", "records", "shares", "table")

    def __init__(
        self,
        c: CompiledRule,
        orders: Sequence[OrderInput],
        records: Records,
        shares: list[int],
        counted: dict[int, list[int]],
        periods: dict[int, PartnerPeriod],
        exp: Decimal,
    ) -> None:
        self.c, self.orders, self.records, self.shares = c, orders, records, shares
        self.counted, self.periods, self.exp = counted, periods, exp
        self.table = ByPartner(self._partner)

    def _partner(self, pid: int) -> Priced:
        table, records, orders = self.table, self.records, self.orders
        mine = [j for j in self.counted[pid] if records[j] is table]  # this rule's orders
        ids = [orders[j].order_id for j in mine]
        if ids != sorted(ids):  # by order id, so ties get the same cent in any input order
            mine.sort(key=lambda j: orders[j].order_id)
        found, parts = _split(self.c, orders, mine, self.periods[pid].volume, self.exp)
        for j, part in zip(mine, parts, strict=True):
            self.shares[j] = part
        return found


def _split(
    c: CompiledRule,
    orders: Sequence[OrderInput],
    mine: Sequence[int],
    volume: Decimal,
    exp: Decimal,
) -> tuple[Priced, list[int]]:
    """A rule used for only part of the partner's orders gets its share of the marginal total
    in proportion to its sales; the largest-remainder split makes the lines add up exactly.
    The record of these orders (no factor: each line's value is its part), and their parts."""
    cur, basis = c.currency, c.rule.basis
    weights = [orders[i].amount for i in mine]
    share = sum(weights, ZERO)
    raw = c.marginal(volume)
    total = group_total(raw, share, volume, exp)
    digits = -exp.as_tuple().exponent  # type: ignore[operator]
    parts = split_exactly(int(total.scaleb(digits)), weights, digits)
    t = c.tier_of(volume)
    tier = c.tier_texts[t] if t >= 0 else BELOW_LOWEST
    rate = c.rates[t] if t >= 0 else ZERO
    fixed = c.fixed[t] if t >= 0 else line_value(ZERO, exp)
    fixed_minor = c.fixed_minor(t) if t >= 0 else 0
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
    tail = (c.plan_name, c.version, tier, rate, fixed, why)
    return (None, fixed_minor, 1, None, ZERO, tail), parts


def price_lines(
    orders: Sequence[OrderInput],
    indexes: Sequence[int],
    records: Records,
    shares: Sequence[int],
    lines: Lines,
    exp: Decimal,
) -> None:
    """Each order with a record gets its line, in input order: amount × factor (plus the
    marginal offset below its tier) rounded, or its part of a split total (already exact, in
    minor units; 0 for a record of orders that earn nothing), then the fixed part per order.

    `indexes` is range(len(orders)) as a list the caller made once: the loop reads its ints
    instead of making 100k new ones."""
    rounded, line, reached, values = line_value, CommissionLine, tiers_reached, minor_values(exp)
    by_partner, by_amount = ByPartner, ByAmount
    found: Any  # a table, a Finder, a Priced record or None (read without a cast each)
    for i, found, o in zip(indexes, records, orders, strict=True):
        if found is None:
            continue
        kind = found.__class__
        if kind is by_partner:  # the partner's record (made on the first look-up)
            found = found[o.partner_id]
        elif kind is by_amount:
            record = found.table[reached(found.lowers, o.amount)]
            if record is None:  # below the lowest tier: its zero line
                lines[i] = found.below(o)
                continue
            found = record
        elif kind is not tuple:  # a Finder: the record follows from the order
            found = found(i, o)
        num, add, den, factor, offset, tail = found
        if num is None:  # its part of a split total (or nothing), plus the fixed part
            v = values[shares[i] + add]
        else:
            m = o.minor
            if m:  # rounding.line_value_minor
                v = values[(m * num + add) // den]
            else:
                a = o.amount
                # CompiledRule.marginal_in(t, a), inlined (whole mode: the offset is zero)
                v = rounded(a * factor + offset if offset else a * factor, exp)
                fixed = tail[4]
                if fixed:
                    v += fixed
        # its first five fields, then the record's (LINE_FIELDS); `+` joins two tuples at once,
        # where `(…, *tail)` builds a list first
        lines[i] = line(  # commission_line inlined (INLINED_LINE)
            (o.order_id, o.partner_id, "commission", o.amount, v) + tail  # noqa: RUF005
        )


__all__ = [
    "ByAmount",
    "ByPartner",
    "ByPeriod",
    "ByPosition",
    "ByVolume",
    "finder_for",
    "minor_values",
    "price_lines",
    "split_exactly",
    "unpriced",
    "zero_line",
]
