"""How fast the pure commission engine is: 100k orders, 500 partners, mixed plans.

Run: `.venv/bin/python -m benchmarks.bench_commissions [orders]` (default 100,000).
Plans cover every basis × mode (order_amount, period_volume, period_orders × whole, marginal),
with a category rule, fixed parts, two plan versions in the month, per-partner overrides and
bonus rules. Prints the engine's best-of-7 time, a bare Decimal multiply-and-round loop over
the same amounts (the floor for exact Decimal math) and an integer minor-unit loop, and the
ratios. Target on the 2-core reference machine: engine ≤ 0.3 s per 100k orders.
Storing the lines is measured by benchmarks/bench_run_store.py (payout runs).

The engine pauses Python's cyclic garbage collector while it runs. A caller that keeps the
lines (a payout run does) would pay for a collection of them at its next allocation if they
were left young (0.04 s per 100k here); the engine hands a big run's lines over in the
collector's oldest generation instead. That collection is timed too, in the same runs, and
printed beside the engine's own time, so neither can hide the other.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.commissions import (
    BonusRule,
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
CENT = D("0.01")
START = date(2026, 10, 1)
CATEGORIES = ("", "", "", "Books", "Toys", "Garden")


def _rule(basis: TierBasis, mode: TierMode, category: str | None = None) -> PlanRule:
    if basis is TierBasis.PERIOD_ORDERS:
        tiers = (Tier(D(0), D(4)), Tier(D(50), D(6), D("0.50")), Tier(D(150), D("7.5")))
    elif basis is TierBasis.PERIOD_VOLUME:
        tiers = (Tier(D(0), D(5)), Tier(D(5000), D(7)), Tier(D(20000), D(9)))
    else:
        tiers = (Tier(D(0), D(5)), Tier(D(50), D("7.5"), D("1.00")), Tier(D(200), D(10)))
    return PlanRule(basis, mode, tiers, category)


def build_book() -> tuple[PlanBook, list[BonusRule]]:
    plans: dict[int, Plan] = {}
    plan_id = 0
    for basis in TierBasis:
        for mode in TierMode:
            plan_id += 1
            name = f"{basis.value}/{mode.value}"
            books = PlanRule(TierBasis.ORDER_AMOUNT, TierMode.WHOLE, (Tier(D(0), D(12)),), "Books")
            v1 = PlanVersion(plan_id, name, 1, date(2026, 1, 1), (_rule(basis, mode), books))
            v2 = PlanVersion(plan_id, name, 2, START + timedelta(days=15), (_rule(basis, mode),))
            plans[plan_id] = Plan(plan_id, name, (v1, v2))
    by_type = {type_id: type_id for type_id in range(1, 7)}
    by_partner = {pid: (pid % 6) + 1 for pid in range(1, 501, 10)}  # every 10th: own plan
    bonuses = [
        BonusRule(1, "Sales 20k", "sales", D(20000), fixed=D(100)),
        BonusRule(2, "300 orders", "orders", D(300), extra_rate=D("0.5")),
        BonusRule(3, "Converter", "conversion", D(3), fixed=D(25), partner_type_id=2),
    ]
    return PlanBook(plans, by_type, by_partner), bonuses


def build_input(count: int) -> tuple[list[OrderInput], list[PartnerInput]]:
    rng = random.Random(7)
    partners = [
        PartnerInput(
            pid,
            (pid % 6) + 1,
            START + timedelta(days=20) if pid % 97 == 0 else None,
            clicks=rng.randint(0, 20000),
        )
        for pid in range(1, 501)
    ]
    orders = []
    for n in range(1, count + 1):
        pid, day = rng.randint(1, 500), START + timedelta(days=rng.randrange(31))
        cents = rng.randint(500, 50_000)
        category = rng.choice(CATEGORIES)
        # as a payout run gives them: the amount, and its minor units (OrderInput.minor)
        orders.append(OrderInput(n, f"B-{n}", pid, day, D(cents) * CENT, category, cents))
    return orders, partners


def best_of(runs: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def engine_and_collection(runs: int, fn: Callable[[], object]) -> tuple[float, float]:
    """Best call time with the result kept, and best time of the young-generation collection
    that follows (the one a caller's next allocation would trigger)."""
    best_call = best_collect = float("inf")
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        kept = fn()
        called = time.perf_counter()
        gc.collect(0)
        best_call = min(best_call, called - started)
        best_collect = min(best_collect, time.perf_counter() - called)
        del kept
    return best_call, best_collect


def main(count: int) -> None:
    book, bonuses = build_book()
    orders, partners = build_input(count)
    cent = D("0.01")
    rate = D("0.075")
    minor = [int(o.amount * 100) for o in orders]

    def bare_decimal() -> None:
        [(o.amount * rate).quantize(cent, rounding=ROUND_HALF_UP) for o in orders]

    def bare_minor() -> None:
        [(m * 75 + 500) // 1000 for m in minor]

    lines = calculate(orders, partners, book, bonuses, currency="USD")
    t_engine, t_collect = engine_and_collection(
        7, lambda: calculate(orders, partners, book, bonuses, currency="USD")
    )
    t_decimal = best_of(7, bare_decimal)
    t_minor = best_of(5, bare_minor)
    scale = 100_000 / count
    bonus_count = sum(1 for line in lines if line.kind == "bonus")
    print(f"orders {count}, partners {len(partners)}, plans {len(book.plans)}")
    print(f"lines {len(lines)} ({bonus_count} bonus lines)")
    with_gc = t_engine + t_collect
    print(f"engine:              {t_engine:6.3f} s  ({t_engine * scale:.3f} s per 100k)")
    print(f"+ collecting lines:  {t_collect:6.3f} s  (kept lines, at the caller's next allocation)")
    print(f"engine + collection: {with_gc:6.3f} s  ({with_gc * scale:.3f} s per 100k)")
    print(f"bare Decimal loop:   {t_decimal:6.3f} s  ({t_decimal * scale:.3f} s per 100k)")
    print(f"integer minor loop:  {t_minor:6.3f} s  ({t_minor * scale:.3f} s per 100k)")
    print(f"engine / bare Decimal: {t_engine / t_decimal:.2f}x")
    print(f"engine / integer:      {t_engine / t_minor:.2f}x")
    for what, took in (("engine", t_engine), ("engine + collection", with_gc)):
        verdict = "met" if took * scale <= 0.3 else "MISSED"
        print(f"target ≤ 0.300 s per 100k orders, {what}: {verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
