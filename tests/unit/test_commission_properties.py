"""Property tests of the commission engine (hypothesis)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.commissions import OrderInput, PlanRule, Tier, TierBasis, TierMode
from desktop_app.domain.commissions.compiled import CompiledRule
from desktop_app.domain.commissions.tiers import marginal_raw
from desktop_app.domain.money import quantize
from tests.unit.commission_helpers import book_of, run

amounts = st.decimals(min_value="0.01", max_value="5000", places=2)


@st.composite
def rising_rules(draw: st.DrawFn, basis: TierBasis = TierBasis.ORDER_AMOUNT) -> PlanRule:
    """Tiers with strictly rising lower bounds and non-decreasing rates."""
    n = draw(st.integers(1, 5))
    steps = draw(st.lists(st.decimals("0.01", "1000", places=2), min_size=n - 1, max_size=n - 1))
    lowers = [Decimal(0)]
    for s in steps:
        lowers.append(lowers[-1] + s)
    raw = draw(st.lists(st.decimals("0", "30", places=2), min_size=n, max_size=n))
    rates = sorted(raw)
    return PlanRule(
        basis, TierMode.WHOLE, tuple(Tier(lo, r) for lo, r in zip(lowers, rates, strict=True))
    )


def with_mode(rule: PlanRule, mode: TierMode, basis: TierBasis | None = None) -> PlanRule:
    return PlanRule(basis or rule.basis, mode, rule.tiers, rule.category)


def orders_of(values: list[tuple[int, Decimal]]) -> list[OrderInput]:
    start = date(2026, 10, 1)
    return [
        OrderInput(i + 1, f"E{i}", partner, start + timedelta(days=i % 28), amount)
        for i, (partner, amount) in enumerate(values)
    ]


partner_orders = st.lists(st.tuples(st.integers(1, 4), amounts), min_size=1, max_size=40).map(
    orders_of
)


@given(rising_rules(), st.lists(amounts, min_size=1, max_size=20))
def test_marginal_never_pays_more_than_whole_for_rising_rates(
    rule: PlanRule, values: list[Decimal]
) -> None:
    orders = orders_of([(1, a) for a in values])
    whole = run(orders, book_of(rule))
    marginal = run(orders, book_of(with_mode(rule, TierMode.MARGINAL)))
    for w, m in zip(whole, marginal, strict=True):
        assert m.commission <= w.commission


@given(rising_rules(), amounts, amounts)
def test_whole_order_amount_commission_is_monotonic_in_the_amount(
    rule: PlanRule, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    lines = run(orders_of([(1, low), (1, high)]), book_of(rule))
    assert lines[0].commission <= lines[1].commission


@given(rising_rules(TierBasis.PERIOD_VOLUME), partner_orders)
def test_period_volume_marginal_lines_sum_exactly_to_the_total_on_the_volume(
    rule: PlanRule, orders: list[OrderInput]
) -> None:
    rule = with_mode(rule, TierMode.MARGINAL)
    lines = run(orders, book_of(rule))
    for partner in {o.partner_id for o in orders}:
        volume = sum((o.amount for o in orders if o.partner_id == partner), Decimal(0))
        mine = [line.commission for line in lines if line.partner_id == partner]
        assert sum(mine, Decimal(0)) == quantize(marginal_raw(rule, volume), "USD")
        assert all(c >= 0 for c in mine)


@settings(max_examples=50)
@given(
    rising_rules(),
    st.sampled_from(list(TierBasis)),
    st.sampled_from(list(TierMode)),
    partner_orders,
    st.randoms(use_true_random=False),
)
def test_same_input_gives_the_same_lines_whatever_the_input_order(
    rule: PlanRule,
    basis: TierBasis,
    mode: TierMode,
    orders: list[OrderInput],
    rnd: random.Random,
) -> None:
    if basis is TierBasis.PERIOD_ORDERS:
        rule = PlanRule(
            basis, mode, tuple(Tier(Decimal(i * 2), t.rate) for i, t in enumerate(rule.tiers))
        )
    else:
        rule = with_mode(rule, mode, basis)
    book = book_of(rule)
    first = run(orders, book)
    assert run(orders, book) == first
    shuffled = list(orders)
    rnd.shuffle(shuffled)
    again = {line.order_id: line for line in run(shuffled, book)}
    assert {line.order_id: line for line in first} == again
    assert len(first) == len(orders)
    assert all(line.commission == quantize(line.commission, "USD") for line in first)


@given(
    st.integers(0, 10**7),
    st.lists(st.one_of(st.decimals("0", "100000", places=p) for p in (0, 2, 4)), max_size=30),
)
def test_integer_split_matches_the_money_helper(total: int, weights: list[Decimal]) -> None:
    from desktop_app.domain.commissions.batches import split_exactly
    from desktop_app.domain.money import allocate_largest_remainder

    if not weights:
        total = 0
    assert split_exactly(total, weights) == allocate_largest_remainder(total, weights)


@st.composite
def any_rules(draw: st.DrawFn, basis: TierBasis = TierBasis.ORDER_AMOUNT) -> PlanRule:
    """Tiers with rising lower bounds and any rates (falling too), fine decimals, fixed parts."""
    n = draw(st.integers(1, 6))
    places = 0 if basis is TierBasis.PERIOD_ORDERS else 2
    steps = draw(st.lists(st.decimals(1, 100000, places=places), min_size=n - 1, max_size=n - 1))
    lowers = [draw(st.decimals(0, 100, places=places))]
    for s in steps:
        lowers.append(lowers[-1] + s)
    rates = draw(st.lists(st.decimals("0", "100", places=4), min_size=n, max_size=n))
    fixed = draw(st.lists(st.decimals("0", "20", places=3), min_size=n, max_size=n))
    return PlanRule(
        basis,
        draw(st.sampled_from(list(TierMode))),
        tuple(Tier(lo, r, f) for lo, r, f in zip(lowers, rates, fixed, strict=True)),
    )


@given(any_rules(), st.decimals(0, 10**9, places=2))
def test_the_tier_is_the_last_one_whose_lower_bound_the_value_reaches(
    rule: PlanRule, value: Decimal
) -> None:
    reached = [i for i, tier in enumerate(rule.tiers) if tier.lower <= value]
    expected = reached[-1] if reached else None
    assert rule.tier_index(value) == expected
    compiled = CompiledRule(0, "P", 1, rule, "USD", Decimal("0.01"))
    assert compiled.tier_of(value) == (-1 if expected is None else expected)


@given(any_rules(), st.decimals(0, 10**9, places=2))
def test_the_fast_marginal_sum_is_the_readable_one(rule: PlanRule, value: Decimal) -> None:
    """CompiledRule.marginal (what runs) equals tiers.marginal_raw (the definition), exactly."""
    compiled = CompiledRule(0, "P", 1, rule, "USD", Decimal("0.01"))
    assert compiled.marginal(value) == marginal_raw(rule, value)


@settings(max_examples=60)
@given(any_rules(), st.lists(st.decimals(0, 10**6, places=2), min_size=1, max_size=12))
def test_order_amount_lines_are_the_readable_rule_rounded_once(
    rule: PlanRule, values: list[Decimal]
) -> None:
    """Whole: the amount at its tier's rate; marginal: marginal_raw; each rounded half-up to
    the cent, plus the tier's fixed part rounded on its own; nothing below the lowest tier."""
    lines = run(orders_of([(1, a) for a in values]), book_of(rule))
    for value, line in zip(values, lines, strict=True):
        index = rule.tier_index(value)
        if index is None:
            assert line.commission == 0 and line.tier == "below the lowest tier"
            continue
        tier = rule.tiers[index]
        whole = rule.mode is TierMode.WHOLE
        raw = value * tier.rate / 100 if whole else marginal_raw(rule, value)
        assert line.commission == quantize(raw, "USD") + quantize(tier.fixed, "USD")
        assert line.fixed == quantize(tier.fixed, "USD")
