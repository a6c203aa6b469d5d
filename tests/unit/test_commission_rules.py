"""Which plan, version and rule apply to an order; terminated partners; lines without a plan."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.commissions import (
    EMPTY_BOOK,
    PartnerInput,
    Plan,
    PlanBook,
    PlanRule,
    PlanVersion,
    Tier,
    TierBasis,
    TierMode,
)
from desktop_app.domain.commissions.types import commission_line
from tests.unit.commission_helpers import D, book_of, by_order, order, rule, run


def flat(rate: str, category: str | None = None) -> PlanRule:
    return PlanRule(TierBasis.ORDER_AMOUNT, TierMode.WHOLE, (Tier(D(0), D(rate)),), category)


def test_every_order_gets_exactly_one_line_even_without_a_plan() -> None:
    lines = run([order(1, "100.00"), order(2, "50.00")], EMPTY_BOOK)
    assert [(line.order_id, line.commission) for line in lines] == [
        (1, D("0.00")),
        (2, D("0.00")),
    ]
    assert "no commission plan" in lines[0].explanation
    assert lines[0].kind == "commission" and lines[0].plan_version is None


@pytest.mark.parametrize(("currency", "zero"), [("USD", "0.00"), ("JPY", "0"), ("KWD", "0.000")])
def test_a_line_no_rule_prices_is_the_zero_line_that_says_why(currency: str, zero: str) -> None:
    """Every field, repr and all: no plan name, version or tier, 0 in the currency's minor
    unit, rate and fixed part 0; in minor units or not (OrderInput.minor)."""
    book = book_of(flat("12", category="Books"))
    given = [order(1, f"100{zero[1:]}"), order(2, "7", category="Toys")]
    given[0].minor = int(D(f"100{zero[1:]}").scaleb(len(zero.partition(".")[2])))
    for line, o in zip(run(given, book, currency=currency), given, strict=True):
        expected = commission_line(
            order_id=o.order_id,
            partner_id=10,
            kind="commission",
            base_amount=o.amount,
            commission=D(zero),
            plan_name="",
            plan_version=None,
            tier="",
            rate=D(0),
            fixed=D(0),
            explanation=line.explanation,
        )
        assert repr(line) == repr(expected)
        assert "no rule for" in line.explanation


def test_the_category_rule_wins_over_the_general_rule() -> None:
    book = book_of(flat("5"), flat("12", category="Books"))
    lines = run(
        [
            order(1, "100.00", category="Books"),
            order(2, "100.00", category="books"),  # categories match case-insensitively
            order(3, "100.00", category="Toys"),  # no Toys rule → the general rule
            order(4, "100.00"),
        ],
        book,
    )
    assert by_order(lines) == {1: D("12.00"), 2: D("12.00"), 3: D("5.00"), 4: D("5.00")}


def test_no_rule_for_the_category_and_no_general_rule_earns_nothing_and_says_so() -> None:
    book = book_of(flat("12", category="Books"))
    (line,) = run([order(1, "100.00", category="Toys")], book)
    assert line.commission == D("0.00")
    assert "no rule for category 'Toys'" in line.explanation


def test_the_version_in_force_on_the_order_date_applies() -> None:
    v1 = PlanVersion(1, "Std", 1, date(2026, 1, 1), (flat("5"),))
    v2 = PlanVersion(1, "Std", 2, date(2026, 10, 15), (flat("6"),))
    book = PlanBook({1: Plan(1, "Std", (v2, v1))}, {1: 1}, {})
    lines = run(
        [
            order(1, "100.00", day=date(2025, 12, 31)),  # before the first version
            order(2, "100.00", day=date(2026, 10, 14)),  # v1
            order(3, "100.00", day=date(2026, 10, 15)),  # v2 from its first day
        ],
        book,
    )
    assert by_order(lines) == {1: D("0.00"), 2: D("5.00"), 3: D("6.00")}
    assert [line.plan_version for line in lines] == [None, 1, 2]
    assert "no version in force on 2025-12-31" in lines[0].explanation
    assert "plan 'Std' v2" in lines[2].explanation


def test_a_partner_plan_overrides_the_partner_type_plan() -> None:
    type_plan = Plan(1, "Type", (PlanVersion(1, "Type", 1, date(2026, 1, 1), (flat("5"),)),))
    own_plan = Plan(2, "VIP", (PlanVersion(2, "VIP", 1, date(2026, 1, 1), (flat("9"),)),))
    book = PlanBook({1: type_plan, 2: own_plan}, by_type={1: 1}, by_partner={20: 2})
    partners = [PartnerInput(10, 1, None), PartnerInput(20, 1, None), PartnerInput(30, None, None)]
    lines = run(
        [
            order(1, "100.00", partner_id=10),
            order(2, "100.00", partner_id=20),
            order(3, "100.00", partner_id=30),
        ],
        book,
        partners,
    )
    assert by_order(lines) == {1: D("5.00"), 2: D("9.00"), 3: D("0.00")}
    assert lines[1].plan_name == "VIP"


def test_terminated_partner_earns_nothing_after_the_termination_date() -> None:
    book = book_of(rule("period_volume", "whole", ("0", "5"), ("1000", "8")))
    partner = PartnerInput(10, 1, terminated_on=date(2026, 10, 12))
    lines = run(
        [
            order(1, "600.00", day=date(2026, 10, 12)),  # on the termination day: still earns
            order(2, "600.00", day=date(2026, 10, 13)),  # after: nothing
        ],
        book,
        [partner],
    )
    # order 2 does not count towards the period volume: 600 < 1000 → 5 %
    assert by_order(lines) == {1: D("30.00"), 2: D("0.00")}
    assert "terminated on 2026-10-12" in lines[1].explanation


def test_order_below_the_lowest_tier_earns_nothing_with_a_reason() -> None:
    book = book_of(rule("order_amount", "whole", ("20", "5")))
    (line,) = run([order(1, "19.99")], book)
    assert line.commission == D("0.00")
    assert "below the lowest tier (from 20.00)" in line.explanation


def test_partner_missing_from_the_partner_list_has_no_type_plan() -> None:
    lines = run([order(1, "100.00", partner_id=99)], book_of(flat("5")), partners=[])
    assert by_order(lines) == {1: D("0.00")}


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ((), "at least one tier"),
        ((Tier(D(0), D(5)), Tier(D(0), D(6))), "rise strictly"),
        ((Tier(D(-1), D(5)),), "below 0"),
        ((Tier(D(0), D(-5)),), "negative"),
    ],
)
def test_invalid_tiers_are_refused(tiers: tuple[Tier, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PlanRule(TierBasis.ORDER_AMOUNT, TierMode.WHOLE, tiers)


def test_orders_after_termination_do_not_count_towards_bonus_targets() -> None:
    from desktop_app.domain.commissions import BonusRule, calculate

    book = book_of(flat("10"))
    partner = PartnerInput(10, 1, terminated_on=date(2026, 10, 12))
    orders = (  # a generator is fine
        order(n, "300.00", day=date(2026, 10, 10 + n)) for n in (1, 2, 3)
    )
    rules = [BonusRule(1, "1k", "sales", D("900"), fixed=D("50"))]
    lines = calculate(orders, [partner], book, rules, currency="USD")
    # counted: orders of 10-11 and 10-12 (600.00 < 900) → no bonus; 10-13 earns nothing
    assert [line.commission for line in lines] == [D("30.00"), D("30.00"), D("0.00")]


def test_an_order_exactly_on_a_version_start_and_a_category_rule_in_the_new_version() -> None:
    v1 = PlanVersion(1, "Std", 1, date(2026, 1, 1), (flat("5"),))
    v2 = PlanVersion(1, "Std", 2, date(2026, 10, 1), (flat("5"), flat("2", category="Books")))
    book = PlanBook({1: Plan(1, "Std", (v1, v2))}, {1: 1}, {})
    lines = run(
        [
            order(1, "100.00", day=date(2026, 9, 30), category="Books"),  # v1: no Books rule
            order(2, "100.00", day=date(2026, 10, 1), category="Books"),  # v2 Books rule
        ],
        book,
    )
    assert by_order(lines) == {1: D("5.00"), 2: D("2.00")}
