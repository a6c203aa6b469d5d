"""How long storing a payout run's lines takes (Core executemany into SQLite, WAL).

Run: `.venv/bin/python -m benchmarks.bench_run_store [lines]` (default 100,000 lines over 500
partners). Target on the 2-core reference machine: ≤ 1.5 s per 100k lines. Also prints the time
for a tenth of the lines and the ratio (near 10 means linear), and a whole `create_run` on the
same orders (engine + settlement + storing) for context.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from desktop_app.config import sqlite_url
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import merchant, partners, payouts
from desktop_app.services.payouts.line_rows import LINE_COLUMNS, LineRow, store_lines
from desktop_app.store.database import Store, open_store
from desktop_app.store.models import OrderRow, PayoutRunRow

START = date(2026, 10, 1)


def add_partners_and_orders(store: Store, orders: int, start: date = START) -> list[int]:
    """500 partners and `orders` confirmed USD orders spread over the month from `start` (the
    same seeded data for every benchmark of a payout run); the partners' ids."""
    rng = random.Random(11)
    with store.transaction() as session:
        ids = [
            partners.create_partner(session, PartnerInput(f"Partner {i}", (f"P{i}",))).id
            for i in range(500)
        ]
    with store.engine.begin() as conn:
        conn.execute(
            insert(OrderRow),
            [
                {
                    "source": "bench",
                    "external_id": f"B-{n}",
                    "order_date": start + timedelta(days=rng.randrange(31)),
                    "partner_id": rng.choice(ids),
                    "partner_code": "P",
                    "amount_minor": rng.randint(500, 50_000),
                    "currency": "USD",
                    "category": "",
                    "sku": "",
                    "status": "confirmed",
                    "historical": False,
                }
                for n in range(orders)
            ],
        )
    return ids


def build(folder: Path, lines: int) -> tuple[Store, list[int], list[int]]:
    store = open_store(sqlite_url(folder / f"bench-{lines}.sqlite"))
    with store.transaction() as session:
        merchant.save_profile(session, merchant.MerchantProfile(name="Bench", holding_days=10))
    ids = add_partners_and_orders(store, lines)
    with store.engine.connect() as conn:
        order_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM orders ORDER BY id")]
    return store, ids, order_ids


def line_rows(run_id: int, partner_ids: list[int], order_ids: list[int]) -> list[LineRow]:
    """Rows as a run stores them on SQLite (line_rows.Encoding: ISO dates, 0/1 flags)."""
    rng = random.Random(3)
    rows = []
    for position, order_id in enumerate(order_ids):
        amount = rng.randint(500, 50_000)
        row = {
            "run_id": run_id,
            "partner_id": partner_ids[position % len(partner_ids)],
            "position": position,
            "kind": "commission",
            "status": "payable",
            "reason": "",
            "reason_code": "",
            "reason_args": "",
            "order_id": order_id,
            "external_id": f"B-{position}",
            "order_date": START.isoformat(),
            "original_amount_minor": amount,
            "original_currency": "USD",
            "amount_minor": amount,
            "refunded_minor": 0,
            "commission_minor": amount // 10,
            "plan_name": "Standard",
            "plan_version": 1,
            "tier": "50 and over",
            "rate": "7.5",
            "fixed_minor": 0,
            "explanation": "7.5 % of 123.45",
            "release_on": (START + timedelta(days=30)).isoformat(),
            "hold_days": 30,
            "in_period": 1,
            "from_run_id": None,
            "exchange_rate": None,
            "settles": 0,
        }
        rows.append(tuple(row[name] for name in LINE_COLUMNS))
    return rows


def time_store(store: Store, rows: list[LineRow], run_id: int) -> float:
    with store.transaction() as session:
        started = time.perf_counter()
        store_lines(session, rows)
        session.flush()
        elapsed = time.perf_counter() - started
        session.rollback()
    return elapsed


def main(lines: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store, partner_ids, order_ids = build(Path(tmp), lines)
        try:
            with store.transaction() as session:
                run = PayoutRunRow(
                    period_start=START,
                    period_end=START + timedelta(days=30),
                    cutoff=START + timedelta(days=30),
                    currency="USD",
                    holding_days=0,
                    minimum_payout_minor=0,
                    created_by="bench",
                )
                session.add(run)
                session.flush()
                run_id = run.id
            rows = line_rows(run_id, partner_ids, order_ids)
            small = time_store(store, rows[: lines // 10], run_id)
            big = min(time_store(store, rows, run_id) for _ in range(3))
            print(f"store {lines // 10:>7} lines: {small:6.3f} s")
            print(f"store {lines:>7} lines: {big:6.3f} s  (target ≤ 1.5 s per 100k)")
            print(f"ratio {big / small:5.1f} for 10x the lines")
            with store.transaction() as session:
                session.delete(session.get(PayoutRunRow, run_id))
            started = time.perf_counter()
            payouts.create_run(store, START, START + timedelta(days=30), actor="bench")
            whole = time.perf_counter() - started
            print(f"create_run on {lines} orders (read, engine, settle, store): {whole:6.3f} s")
            print(f"per 100k lines: store {big * 100_000 / lines:.3f} s")
        finally:
            store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
