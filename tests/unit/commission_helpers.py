"""Small builders for commission engine tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from desktop_app.domain.commissions import (
    CommissionLine,
    OrderInput,
    PartnerInput,
    Plan,
    PlanBook,
    PlanRule,
    PlanVersion,
    Tier,
    TierBasis,
    TierMode,
    calculate,
)

D = Decimal
DAY = date(2026, 10, 1)


def tiers(*spec: tuple[str, str] | tuple[str, str, str]) -> tuple[Tier, ...]:
    return tuple(Tier(D(s[0]), D(s[1]), D(s[2]) if len(s) > 2 else D(0)) for s in spec)


def rule(basis: str, mode: str, *spec: tuple[str, str] | tuple[str, str, str]) -> PlanRule:
    return PlanRule(TierBasis(basis), TierMode(mode), tiers(*spec))


def book_of(*rules: PlanRule, name: str = "Standard", start: date = date(2026, 1, 1)) -> PlanBook:
    """One plan (id 1) with one version holding `rules`, assigned to partner type 1."""
    version = PlanVersion(1, name, 1, start, tuple(rules))
    return PlanBook({1: Plan(1, name, (version,))}, {1: 1}, {})


def order(
    order_id: int, amount: str, partner_id: int = 10, day: date = DAY, category: str = ""
) -> OrderInput:
    return OrderInput(order_id, f"EXT-{order_id}", partner_id, day, D(amount), category)


def run(
    orders: Sequence[OrderInput],
    book: PlanBook,
    partners: Sequence[PartnerInput] | None = None,
    currency: str = "USD",
    **kw: object,
) -> list[CommissionLine]:
    if partners is None:
        ids = sorted({o.partner_id for o in orders})
        partners = [PartnerInput(pid, 1, None) for pid in ids]
    return calculate(orders, partners, book, currency=currency, **kw)  # type: ignore[arg-type]


def by_order(lines: Sequence[CommissionLine]) -> dict[int, Decimal]:
    return {line.order_id: line.commission for line in lines if line.order_id is not None}
