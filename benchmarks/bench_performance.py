"""How long the Dashboard's figures take on a large store, and how that grows with size.

Run: `.venv/bin/python -m benchmarks.bench_performance [orders]` (default 1,000,000 orders over
12 months, 200 partners, 3 currencies). Prints seconds per call and the ratio between the
large store and one ten times smaller (a ratio near 10 means linear in the orders scanned).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

from desktop_app.config import sqlite_url
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import merchant, partners, performance
from desktop_app.services.performance_overview import month_overview
from desktop_app.store.database import Store, open_store
from desktop_app.store.models import ClickRow, ExchangeRateRow, OrderRow

START = date(2025, 11, 1)


def build(folder: Path, orders: int) -> Store:
    store = open_store(sqlite_url(folder / f"bench-{orders}.sqlite"))
    rng = random.Random(7)
    with store.transaction() as session:
        merchant.save_profile(session, merchant.MerchantProfile(name="Bench"))
        ids = [
            partners.create_partner(
                session,
                PartnerInput(f"Partner {i}", (f"P{i}",), partner_type=f"Type {i % 4}"),
            ).id
            for i in range(200)
        ]
        for m in range(13):
            month = date(
                START.year + (START.month - 1 + m) // 12, (START.month - 1 + m) % 12 + 1, 1
            )
            for currency, rate in (("EUR", "1.08"), ("GBP", "1.27")):
                session.add(ExchangeRateRow(currency=currency, month=month, rate=Decimal(rate)))
    batch = 50_000
    with store.engine.begin() as conn:
        for first in range(0, orders, batch):
            rows = [
                {
                    "source": "bench",
                    "external_id": f"B-{n}",
                    "order_date": START + timedelta(days=rng.randrange(365)),
                    "partner_id": rng.choice(ids),
                    "partner_code": "P",
                    "amount_minor": rng.randint(500, 50_000),
                    "currency": rng.choice(("USD", "USD", "USD", "EUR", "GBP")),
                    "category": "",
                    "sku": "",
                    "status": "confirmed",
                    "historical": False,
                }
                for n in range(first, min(first + batch, orders))
            ]
            conn.execute(insert(OrderRow), rows)
        conn.execute(
            insert(ClickRow),
            [
                {
                    "source": "bench",
                    "partner_id": pid,
                    "day": START + timedelta(days=d),
                    "clicks": 40,
                }
                for pid in ids
                for d in range(365)
            ],
        )
    return store


def measure_separately(store: Store) -> float:
    period = performance.Period.month(2026, 6)
    began = time.perf_counter()
    with store.transaction() as session:
        performance.kpis(session, period)
        performance.kpis(session, period.previous())
        performance.earnings_by_month(session, period.start)
        performance.sales_by_type(session, period)
        performance.partner_performance(session, period)
    return time.perf_counter() - began


def measure(store: Store) -> float:
    """What the Dashboard does for one month (on its worker thread)."""
    began = time.perf_counter()
    with store.transaction() as session:
        month_overview(session, performance.Period.month(2026, 6))
    return time.perf_counter() - began


def main() -> None:
    orders = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        small = build(Path(folder), orders // 10)
        large = build(Path(folder), orders)
        t_small = min(measure(small) for _ in range(3))
        t_large = min(measure(large) for _ in range(3))
        t_separate = min(measure_separately(large) for _ in range(3))
        small.close()
        large.close()
    print(f"dashboard month overview, {orders // 10:,} orders: {t_small:.3f} s")
    print(f"dashboard month overview, {orders:,} orders: {t_large:.3f} s")
    print(f"ratio large/small: {t_large / t_small:.1f} (orders ratio 10)")
    print(f"separate queries / one-pass overview on the large store: {t_separate / t_large:.2f}")


if __name__ == "__main__":
    main()
