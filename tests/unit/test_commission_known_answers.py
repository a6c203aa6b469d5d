"""Hand-computed worked examples: every tier basis × mode, with amounts exactly on tier bounds.

Bounds: a tier's lower bound is inclusive, the next tier's lower bound is its exclusive upper.
Rounding: each line half-up to the cent (0.005 → 0.01).
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.commissions import PartnerInput
from tests.unit.commission_helpers import D, book_of, by_order, order, rule, run

# Order-amount tiers used below: [0, 50) 5 %, [50, 200) 7 %, [200, ∞) 10 %.
AMOUNT_TIERS = (("0", "5"), ("50", "7"), ("200", "10"))


def test_order_amount_whole() -> None:
    book = book_of(rule("order_amount", "whole", *AMOUNT_TIERS))
    lines = run(
        [order(1, "49.99"), order(2, "50.00"), order(3, "199.99"), order(4, "200.00")], book
    )
    assert by_order(lines) == {
        1: D("2.50"),  # 49.99 × 5 % = 2.4995 → 2.50 (half-up)
        2: D("3.50"),  # 50.00 is in [50, 200): 50.00 × 7 % = 3.50
        3: D("14.00"),  # 199.99 × 7 % = 13.9993 → 14.00
        4: D("20.00"),  # 200.00 is in [200, ∞): 200.00 × 10 % = 20.00
    }
    assert [line.tier for line in lines] == [
        "0.00 – 50.00",
        "50.00 – 200.00",
        "50.00 – 200.00",
        "200.00 and over",
    ]
    assert [line.rate for line in lines] == [D(5), D(7), D(7), D(10)]
    assert "plan 'Standard' v1" in lines[1].explanation
    assert "50.00 – 200.00" in lines[1].explanation and "7 %" in lines[1].explanation


def test_order_amount_marginal() -> None:
    book = book_of(rule("order_amount", "marginal", *AMOUNT_TIERS))
    lines = run(
        [
            order(1, "49.99"),
            order(2, "50.00"),
            order(3, "199.99"),
            order(4, "200.00"),
            order(5, "300.00"),
        ],
        book,
    )
    assert by_order(lines) == {
        1: D("2.50"),  # 49.99 × 5 % = 2.4995 → 2.50
        2: D("2.50"),  # 50.00 × 5 % = 2.50; the slice in the 7 % tier is 0.00
        3: D("13.00"),  # 50 × 5 % + 149.99 × 7 % = 2.50 + 10.4993 = 12.9993 → 13.00
        4: D("13.00"),  # 50 × 5 % + 150 × 7 % = 2.50 + 10.50 = 13.00; 0.00 at 10 %
        5: D("23.00"),  # 2.50 + 10.50 + 100 × 10 % = 23.00
    }
    assert lines[4].tier == "200.00 and over (marginal)"
    assert "5 % on 0.00 – 50.00, 7 % on 50.00 – 200.00, 10 % on 200.00 and over" in (
        lines[4].explanation
    )


def test_order_amount_fixed_part_per_order() -> None:
    # [0, 50) 5 %; [50, ∞) 7 % + 2.00 per order
    whole = book_of(rule("order_amount", "whole", ("0", "5"), ("50", "7", "2.00")))
    marginal = book_of(rule("order_amount", "marginal", ("0", "5"), ("50", "7", "2.00")))
    orders = [order(1, "49.99"), order(2, "50.00"), order(3, "100.00")]
    assert by_order(run(orders, whole)) == {
        1: D("2.50"),  # 49.99 × 5 % = 2.4995 → 2.50, no fixed part below 50
        2: D("5.50"),  # 50 × 7 % = 3.50 + 2.00
        3: D("9.00"),  # 100 × 7 % = 7.00 + 2.00
    }
    assert by_order(run(orders, marginal)) == {
        1: D("2.50"),
        2: D("4.50"),  # 50 × 5 % = 2.50 (+ 0 × 7 %) + 2.00 (50.00 reaches the tier)
        3: D("8.00"),  # 50 × 5 % + 50 × 7 % = 2.50 + 3.50 = 6.00 + 2.00
    }
    line = run(orders, whole)[2]
    assert line.fixed == D("2.00")
    assert "plus 2.00 per order" in line.explanation


# Period-volume tiers: [0, 1000) 5 %, [1000, ∞) 8 %.
VOLUME_TIERS = (("0", "5"), ("1000", "8"))


def test_period_volume_whole() -> None:
    book = book_of(rule("period_volume", "whole", *VOLUME_TIERS))
    orders = [
        # partner 10: 400.00 + 599.99 = 999.99, just below 1000 → 5 % on every order
        order(1, "400.00", partner_id=10),
        order(2, "599.99", partner_id=10),
        # partner 20: 400.00 + 600.00 = 1000.00, exactly on the bound → 8 % on every order
        order(3, "400.00", partner_id=20),
        order(4, "600.00", partner_id=20),
    ]
    lines = run(orders, book)
    assert by_order(lines) == {
        1: D("20.00"),  # 400.00 × 5 %
        2: D("30.00"),  # 599.99 × 5 % = 29.9995 → 30.00
        3: D("32.00"),  # 400.00 × 8 %
        4: D("48.00"),  # 600.00 × 8 %
    }
    assert lines[0].tier == "0.00 – 1000.00"
    assert lines[2].tier == "1000.00 and over"
    assert "period sales 1000.00" in lines[2].explanation


def test_period_volume_marginal_computed_on_the_total_and_allocated() -> None:
    book = book_of(rule("period_volume", "marginal", *VOLUME_TIERS))
    orders = [
        # partner 10: V = 400 + 600 + 500 = 1500.00
        #   1000 × 5 % + 500 × 8 % = 50.00 + 40.00 = 90.00
        #   by amount: 90 × 400/1500 = 24.00, 90 × 600/1500 = 36.00, 90 × 500/1500 = 30.00
        order(1, "400.00", partner_id=10),
        order(2, "600.00", partner_id=10),
        order(3, "500.00", partner_id=10),
        # partner 20: V = 333.33 + 333.33 + 333.34 = 1000.00, exactly on the bound
        #   1000 × 5 % + 0 × 8 % = 50.00 = 5000 cents
        #   exact shares: 1666.65, 1666.65, 1666.70 cents → floors 1666 × 3 = 4998, 2 left:
        #   largest remainders .70 (order 6) then .65 (order 4, the earlier tie) → 1667/1666/1667
        order(4, "333.33", partner_id=20),
        order(5, "333.33", partner_id=20),
        order(6, "333.34", partner_id=20),
        # partner 30: V = 1000.01: 50.00 + 0.01 × 8 % = 50.0008 → 50.00
        order(7, "1000.01", partner_id=30),
    ]
    lines = run(orders, book)
    assert by_order(lines) == {
        1: D("24.00"),
        2: D("36.00"),
        3: D("30.00"),
        4: D("16.67"),
        5: D("16.66"),
        6: D("16.67"),
        7: D("50.00"),
    }
    assert sum(c for i, c in by_order(lines).items() if i in (4, 5, 6)) == D("50.00")
    assert "5 % × 1000.00 + 8 % × 500.00 = 90.00" in lines[0].explanation
    assert lines[0].tier == "1000.00 and over (marginal)"


# Order-count tiers: [0, 3) orders 5 %, [3, ∞) orders 8 %.
COUNT_TIERS = (("0", "5"), ("3", "8"))


def test_period_orders_whole() -> None:
    book = book_of(rule("period_orders", "whole", *COUNT_TIERS))
    orders = [
        # partner 10: 2 orders → below 3 → 5 % each
        order(1, "100.00", partner_id=10),
        order(2, "100.00", partner_id=10),
        # partner 20: exactly 3 orders → tier 3+ → 8 % on each of them
        order(3, "100.00", partner_id=20),
        order(4, "100.00", partner_id=20),
        order(5, "12.35", partner_id=20),
    ]
    lines = run(orders, book)
    assert by_order(lines) == {
        1: D("5.00"),  # 100 × 5 %
        2: D("5.00"),
        3: D("8.00"),  # 100 × 8 %
        4: D("8.00"),
        5: D("0.99"),  # 12.35 × 8 % = 0.988 → 0.99
    }
    assert lines[2].tier == "3 orders and over"
    assert "3 orders in the period" in lines[2].explanation


def test_period_orders_marginal_by_position_in_the_period() -> None:
    book = book_of(rule("period_orders", "marginal", *COUNT_TIERS))
    # given out of order: the engine ranks by date, then id
    orders = [
        order(4, "50.00", day=date(2026, 10, 9)),  # 4th → 8 %: 50 × 8 % = 4.00
        order(1, "100.00", day=date(2026, 10, 1)),  # 1st → 5 %: 5.00
        order(3, "100.00", day=date(2026, 10, 5)),  # 3rd (on the bound 3) → 8 %: 8.00
        order(2, "100.00", day=date(2026, 10, 1)),  # 2nd (same day, higher id) → 5 %: 5.00
    ]
    lines = run(orders, book)
    assert by_order(lines) == {1: D("5.00"), 2: D("5.00"), 3: D("8.00"), 4: D("4.00")}
    assert [line.order_id for line in lines] == [4, 1, 3, 2]  # input order kept
    assert "order no. 3 of the period" in lines[2].explanation


def test_yen_rounds_to_whole_units() -> None:
    book = book_of(rule("order_amount", "whole", ("0", "7.5")))
    # 1234 × 7.5 % = 92.55 → 93 JPY; 1230 × 7.5 % = 92.25 → 92 JPY
    lines = run([order(1, "1234"), order(2, "1230")], book, currency="JPY")
    assert by_order(lines) == {1: D("93"), 2: D("92")}


def test_bonus_rules_sales_orders_and_conversion() -> None:
    from desktop_app.domain.commissions import BonusRule

    book = book_of(rule("order_amount", "whole", ("0", "10")))
    rules = [
        # sales 500.00 ≥ 500 (exactly on target): 25.00 fixed
        BonusRule(1, "Half k", "sales", D("500"), fixed=D("25")),
        # 2 orders < 3: nothing
        BonusRule(2, "Three orders", "orders", D("3"), fixed=D("10")),
        # conversion 2 orders / 80 clicks = 2.5 % ≥ 2.5: 1 % of 500.00 = 5.00
        BonusRule(3, "Converter", "conversion", D("2.5"), extra_rate=D("1")),
        # other partner type only
        BonusRule(4, "Type 2 only", "sales", D("0"), fixed=D("99"), partner_type_id=2),
    ]
    orders = [order(1, "200.00"), order(2, "300.00")]
    lines = run(orders, book, [PartnerInput(10, 1, None, clicks=80)], bonus_rules=rules)
    bonuses = [line for line in lines if line.kind == "bonus"]
    assert [(b.plan_name, b.commission) for b in bonuses] == [
        ("Half k", D("25.00")),
        ("Converter", D("5.00")),
    ]
    assert bonuses[1].order_id is None
    # the line is named after its rule (issue 21: not "sales ≥ 500"); the target is explained
    assert [b.tier for b in bonuses] == ["Half k", "Converter"]
    assert "reached the target 500" in bonuses[0].explanation
    assert "conversion 2.50 % (2 orders / 80 clicks)" in bonuses[1].explanation
    # without clicks the conversion is unknown: no conversion bonus
    lines = run(orders, book, [PartnerInput(10, 1, None, clicks=0)], bonus_rules=rules)
    assert [b.plan_name for b in lines if b.kind == "bonus"] == ["Half k"]


def test_fixed_part_per_order_under_period_bases() -> None:
    volume = (("0", "5"), ("1000", "8", "1.00"))  # 1000.00 and over: 8 % + 1.00 per order
    counts = (("0", "5"), ("3", "8", "0.50"))  # 3 orders and over: 8 % + 0.50 per order
    two = [order(1, "400.00"), order(2, "600.00")]  # V = 1000.00, on the bound
    three = [order(1, "400.00"), order(2, "600.00"), order(3, "500.00")]  # V = 1500.00
    hundreds = [order(n, "100.00", day=date(2026, 10, n)) for n in (1, 2, 3)]
    # whole by volume: 400 × 8 % + 1.00 = 33.00; 600 × 8 % + 1.00 = 49.00
    assert by_order(run(two, book_of(rule("period_volume", "whole", *volume)))) == {
        1: D("33.00"),
        2: D("49.00"),
    }
    # marginal by volume: 1000 × 5 % + 500 × 8 % = 90.00 split 24/36/30, + 1.00 each
    assert by_order(run(three, book_of(rule("period_volume", "marginal", *volume)))) == {
        1: D("25.00"),
        2: D("37.00"),
        3: D("31.00"),
    }
    # whole by count: 3 orders reach 8 % + 0.50: 100 × 8 % + 0.50 = 8.50 each
    assert by_order(run(hundreds, book_of(rule("period_orders", "whole", *counts)))) == {
        1: D("8.50"),
        2: D("8.50"),
        3: D("8.50"),
    }
    # marginal by count: orders no. 1 and 2 at 5 % = 5.00; no. 3 at 8 % + 0.50 = 8.50
    assert by_order(run(hundreds, book_of(rule("period_orders", "marginal", *counts)))) == {
        1: D("5.00"),
        2: D("5.00"),
        3: D("8.50"),
    }


def test_marginal_volume_shared_between_a_category_rule_and_the_general_rule() -> None:
    from desktop_app.domain.commissions import PlanRule, TierBasis, TierMode
    from tests.unit.commission_helpers import tiers

    general = rule("period_volume", "marginal", ("0", "5"), ("1000", "8"))
    books = PlanRule(
        TierBasis.PERIOD_VOLUME, TierMode.MARGINAL, tiers(("0", "2"), ("1000", "4")), "Books"
    )
    orders = [order(1, "600.00"), order(2, "400.00"), order(3, "500.00", category="Books")]
    lines = run(orders, book_of(general, books))
    # V = 600 + 400 + 500 = 1500.00 (all categories count towards the partner's volume)
    # general: 1000 × 5 % + 500 × 8 % = 90.00; its orders are 1000.00 of 1500.00
    #          → 90.00 × 1000 / 1500 = 60.00, split 600:400 → 36.00 and 24.00
    # Books:   1000 × 2 % + 500 × 4 % = 40.00; its order is 500.00 of 1500.00
    #          → 40.00 × 500 / 1500 = 13.333… → 13.33
    assert by_order(lines) == {1: D("36.00"), 2: D("24.00"), 3: D("13.33")}
    assert "this rule's orders are 500.00 of it, so they share 13.33" in lines[2].explanation


def test_every_line_names_plan_version_tier_and_rate() -> None:
    # one order of 120.00, the partner's only order in the period
    cases = {
        # 120.00 is in [50, 200): 7 % = 8.40
        ("order_amount", "whole"): (AMOUNT_TIERS, "50.00 – 200.00", D(7), D("8.40")),
        # 50 × 5 % + 70 × 7 % = 2.50 + 4.90 = 7.40
        ("order_amount", "marginal"): (
            AMOUNT_TIERS,
            "50.00 – 200.00 (marginal)",
            D(7),
            D("7.40"),
        ),
        # period sales 120.00 are in [0, 1000): 5 % = 6.00
        ("period_volume", "whole"): (VOLUME_TIERS, "0.00 – 1000.00", D(5), D("6.00")),
        ("period_volume", "marginal"): (
            VOLUME_TIERS,
            "0.00 – 1000.00 (marginal)",
            D(5),
            D("6.00"),
        ),
        # 1 order is in [0, 3): 5 % = 6.00
        ("period_orders", "whole"): (COUNT_TIERS, "0 – 3 orders", D(5), D("6.00")),
        ("period_orders", "marginal"): (COUNT_TIERS, "0 – 3 orders (marginal)", D(5), D("6.00")),
    }
    for (basis, mode), (spec, tier, rate, earned) in cases.items():
        (line,) = run([order(1, "120.00")], book_of(rule(basis, mode, *spec), name="Gold"))
        assert (line.plan_name, line.plan_version, line.tier) == ("Gold", 1, tier)
        assert (line.rate, line.commission) == (rate, earned)
        assert line.explanation.startswith("plan 'Gold' v1: ")
        assert f"{rate} %" in line.explanation
