"""What checking a store when it is opened costs (`PRAGMA quick_check`, issue 16.9).

Run: `.venv/bin/python -m benchmarks.bench_open_check [orders] [--cold]` (default 1,000,000).
Fills a SQLite store through Core executemany, then measures, in one run and with the file in
the OS cache: opening the store without the check, opening it as the app does (with the check,
after reading the file ahead), and the bare check alone; prints the ratio. `--cold` (Linux,
root) also drops the OS cache before one more open, as on the first start after a reboot.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from desktop_app.config import sqlite_url
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import partners
from desktop_app.store.database import open_store
from desktop_app.store.models import OrderRow

ROUNDS = 3


def fill(path: Path, count: int) -> None:
    store = open_store(sqlite_url(path))
    with store.transaction() as session:
        ids = [
            partners.create_partner(session, PartnerInput(f"Partner {n}", (f"P{n:04d}",))).id
            for n in range(500)
        ]
    rng = random.Random(5)
    start = date(2025, 1, 1)
    with store.engine.begin() as conn:
        for begin in range(0, count, 50_000):
            conn.execute(
                insert(OrderRow),
                [
                    {
                        "source": "shop",
                        "external_id": f"ORD-{n:08d}",
                        "order_date": start + timedelta(days=n % 600),
                        "partner_id": ids[n % 500],
                        "partner_code": f"P{n % 500:04d}",
                        "amount_minor": rng.randrange(100, 50_000),
                        "currency": "USD",
                    }
                    for n in range(begin, min(count, begin + 50_000))
                ],
            )
    store.close()


def best(step: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return min(times)


def drop_os_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def main() -> None:
    numbers = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(numbers[0]) if numbers else 1_000_000
    cold: float | None = None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench-open.sqlite"
        fill(path, count)
        url = sqlite_url(path)
        size = path.stat().st_size / 2**20

        def check_alone() -> None:
            import sqlite3

            with sqlite3.connect(path) as conn:
                assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)

        check_alone()  # the file into the OS cache, as after any earlier use
        plain = best(lambda: open_store(url, check=False).close())
        checked = best(lambda: open_store(url).close())
        alone = best(check_alone)
        if "--cold" in sys.argv and drop_os_cache():
            began = time.perf_counter()
            open_store(url).close()
            cold = time.perf_counter() - began
    print(f"orders {count} ({size:.0f} MB)")
    print(f"open without check:      {plain:.3f} s")
    print(f"open with quick_check:   {checked:.3f} s")
    print(f"quick_check alone:       {alone:.3f} s")
    print(f"ratio with/without:      {checked / plain:.1f}")
    if cold is not None:
        print(f"open with check, cold:   {cold:.3f} s")


if __name__ == "__main__":
    main()
