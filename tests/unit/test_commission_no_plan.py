"""A partner no plan covers earns nothing, and its line says why in its own words: the reason
names the partner's own type, whichever partner without a plan the engine met first that day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.commissions import calculate
from desktop_app.domain.commissions.plans import PlanBook
from desktop_app.domain.commissions.types import OrderInput, PartnerInput

DAY = date(2026, 10, 2)


def test_each_partner_without_a_plan_is_told_its_own_type() -> None:
    book = PlanBook(plans={}, by_type={}, by_partner={}, type_names={1: "Coupons", 2: "Blogs"})
    partners = [PartnerInput(10, 1, None), PartnerInput(20, 2, None), PartnerInput(30, None, None)]
    orders = [
        OrderInput(1, "A-1", 10, DAY, Decimal("100.00"), "shoes"),
        OrderInput(2, "A-2", 20, DAY, Decimal("50.00"), "shoes"),  # same day and category
        OrderInput(3, "A-3", 30, DAY, Decimal("20.00"), "shoes"),
        OrderInput(4, "A-4", 20, DAY, Decimal("10.00"), "hats"),
    ]
    lines = calculate(orders, partners, book, currency="USD")
    said = {line.order_id: line.explanation for line in lines}
    assert said == {
        1: "no commission plan covers partner type 'Coupons'",
        2: "no commission plan covers partner type 'Blogs'",
        3: "no commission plan: the partner has no type and no plan of its own",
        4: "no commission plan covers partner type 'Blogs'",
    }
    assert all(line.commission == 0 for line in lines)
