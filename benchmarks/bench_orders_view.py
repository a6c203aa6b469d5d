"""How fast the Orders screen's lazy model is on a million orders.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.bench_orders_view [orders]`
(default 1,000,000). Fills a SQLite store through Core executemany, then measures, in one run:
the first paint (model reset: count + the first page of 200 rows read for 40 visible rows),
a re-sort by amount, by partner and by order id, filters (a partner, a month and the month
sorted by amount, a search by order id and by partner code, a status every order has) and
jumping to the last page. Target on the 2-core reference machine: first paint and each re-sort
under 100 ms.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # runs without a display

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import partners
from desktop_app.services.orders_query import OrderFilter
from desktop_app.store.database import open_store
from desktop_app.store.models import OrderRow
from desktop_app.ui.models.orders_model import OrdersTableModel

VISIBLE_ROWS = 40


def fill(store_path: Path, count: int) -> None:
    store = open_store(f"sqlite:///{store_path}")
    with store.transaction() as session:
        ids = [
            partners.create_partner(
                session, PartnerInput(name=f"Partner {n}", codes=(f"P{n:04d}",))
            ).id
            for n in range(500)
        ]
    rng = random.Random(3)
    start = date(2025, 1, 1)
    with store.engine.begin() as conn:
        for begin in range(0, count, 50_000):
            rows = []
            for n in range(begin, min(count, begin + 50_000)):
                partner = rng.randrange(500)
                rows.append(
                    {
                        "source": "shop",
                        "external_id": f"ORD-{n:08d}",
                        "order_date": start + timedelta(days=n % 600),
                        "partner_id": ids[partner],
                        "partner_code": f"P{partner:04d}",
                        "amount_minor": rng.randrange(100, 50_000),
                        "currency": "USD",
                        "category": "",
                        "sku": "",
                        "status": "completed",
                        "historical": False,
                    }
                )
            conn.execute(insert(OrderRow), rows)
    store.close()


def paint(model: OrdersTableModel) -> None:
    for row in range(min(VISIBLE_ROWS, model.rowCount())):
        for column in range(model.columnCount()):
            model.index(row, column).data()


def timed(label: str, action: object) -> float:
    began = time.perf_counter()
    action()  # type: ignore[operator]
    ms = (time.perf_counter() - began) * 1000
    print(f"{label:<34} {ms:8.1f} ms")
    return ms


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.sqlite"
        began = time.perf_counter()
        fill(path, count)
        print(f"filled {count:,} orders in {time.perf_counter() - began:.1f} s")
        store = open_store(f"sqlite:///{path}")
        model = OrdersTableModel(store)
        results = {
            "first paint (count + first page)": timed(
                "first paint (count + first page)",
                lambda: (model.reload(OrderFilter()), paint(model)),
            )
        }
        for column, name in ((4, "amount"), (2, "partner"), (1, "order id"), (0, "date")):
            label = f"re-sort by {name}"
            results[label] = timed(
                label, lambda c=column: (model.sort(c, Qt.SortOrder.AscendingOrder), paint(model))
            )
        timed("filter one partner", lambda: (model.reload(OrderFilter(partner_id=7)), paint(model)))
        march = OrderFilter(start=date(2025, 3, 1), end=date(2025, 3, 31))
        timed("filter one month", lambda: (model.reload(march), paint(model)))
        timed("  and sort it by amount", lambda: (model.sort(4), paint(model)))
        timed(
            "search 'ord-0001' (10k matches)",
            lambda: (model.reload(OrderFilter(search="ord-0001")), paint(model)),
        )
        timed(
            "search partner code 'p0007'",
            lambda: (model.reload(OrderFilter(search="p0007")), paint(model)),
        )
        timed(
            "filter status (all rows match)",
            lambda: (model.reload(OrderFilter(status="completed")), paint(model)),
        )
        model.sort(0, Qt.SortOrder.DescendingOrder)
        model.reload(OrderFilter())
        timed("jump to the last row", lambda: model.index(model.rowCount() - 1, 1).data())
        slowest = max(results.values())
        print(f"slowest of first paint and re-sorts: {slowest:.1f} ms (target < 100 ms)")
        store.close()


if __name__ == "__main__":
    main()
