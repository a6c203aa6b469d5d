"""Writes the files of the README's "Your first month" walk-through (and its end-to-end test):
a shop's own exports as they really are, not the demo store's.

- shop-orders-2026-10.xlsx: October's export, 200 orders. Most have no coupon code (organic
  sales, not referred); the rest carry the codes of four partners set up by hand and of two new
  ones the import creates. A few are still "Pending", one was "Refunded", a dozen were paid in
  EUR. Two title lines sit above the header, as shop exports often have.
- shop-orders-2026-11.xlsx: November's export: November's orders, and October's pending orders
  again, now "Completed" (or "Cancelled").
- refunds-2026-11.csv: refunds made in November, two of them on October orders.
- eurofxref-hist.csv: the European Central Bank's reference rates (units per 1 EUR) for the
  business days of October and November 2026, in the ECB's own layout.

Run: `python resources/sample_data/first_month/make_first_month.py [FOLDER]` (default: this
folder). The output is the same on every run (fixed seed), so the figures in the README hold.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
KNOWN = ["TECHGURU", "OFERTAS", "MOMLIFE", "DEALHUB"]  # partners the merchant adds by hand
NEW = ["SNAPDEALS", "travelwithkai"]  # codes the import meets for the first time
CATEGORIES = ["Home", "Kitchen", "Garden", "Books"]
HEADER = ["Order ID", "Created at", "Coupon Code", "Order Total", "Currency", "Order Status"]
HEADER.append("Category")


def _month_days(first: date) -> list[date]:
    days = []
    day = first
    while day.month == first.month:
        days.append(day)
        day += timedelta(days=1)
    return days


def _orders(rng: random.Random, first: date, start_number: int, count: int) -> list[list[object]]:
    rows: list[list[object]] = []
    days = _month_days(first)
    for n in range(count):
        number = start_number + n
        day = rng.choice(days)
        moment = datetime(day.year, day.month, day.day, rng.randrange(8, 23), rng.randrange(60))
        roll = rng.random()
        code = ""
        if roll < 0.22:
            code = rng.choice(KNOWN)
        elif roll < 0.30:
            code = rng.choice(NEW)
        euro = rng.random() < 0.06
        amount = f"{rng.randrange(1500, 42000) / 100:.2f}"
        rows.append(
            [
                f"#{number}",
                moment.strftime("%Y-%m-%d %H:%M:%S"),
                code,
                amount,
                "EUR" if euro else "USD",
                "Completed",
                rng.choice(CATEGORIES),
            ]
        )
    return rows


def _write_xlsx(path: Path, title: str, rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Orders"
    sheet.append([title])
    sheet.append([f"Exported {datetime(2026, 12, 1, 9, 0):%Y-%m-%d %H:%M}"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _ecb(path: Path) -> None:
    """Daily reference rates, newest first as the ECB publishes them; 'N/A' where none."""
    rng = random.Random(7)
    usd, jpy, gbp = 1.0850, 162.40, 0.8420
    lines = []
    day = date(2026, 10, 1)
    while day <= date(2026, 11, 30):
        if day.weekday() < 5:
            usd += rng.uniform(-0.004, 0.004)
            jpy += rng.uniform(-0.6, 0.6)
            gbp += rng.uniform(-0.002, 0.002)
            lines.append([day.isoformat(), f"{usd:.4f}", f"{jpy:.2f}", f"{gbp:.5f}", "N/A"])
        day += timedelta(days=1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Date", "USD", "JPY", "GBP", "RUB"])
        writer.writerows(reversed(lines))


def make(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    october = _orders(rng, date(2026, 10, 1), 1001, 200)
    referred = [row for row in october if row[2]]
    pending = referred[3:8]  # five referred orders the shop has not confirmed yet
    for row in pending:
        row[5] = "Pending"
    for row in october[40:43]:  # and three organic ones
        if not row[2]:
            row[5] = "Pending"
    referred[10][5] = "Refunded"  # refunded in full before the first run
    _write_xlsx(folder / "shop-orders-2026-10.xlsx", "Lumen & Oak — orders, October 2026", october)

    november = _orders(rng, date(2026, 11, 1), 1201, 180)
    confirmed = [list(row) for row in pending]
    for row in confirmed[:4]:
        row[5] = "Completed"
    confirmed[4][5] = "Cancelled"
    _write_xlsx(
        folder / "shop-orders-2026-11.xlsx",
        "Lumen & Oak — orders, November 2026",
        november + confirmed,
    )

    late = [row for row in referred if row[5] == "Completed"][:2]
    with (folder / "refunds-2026-11.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Refund ID", "Order ID", "Refund Date", "Refund Amount", "Currency"])
        half = (Decimal(str(late[0][3])) / 2).quantize(Decimal("0.01"))
        writer.writerow(["R-5001", late[0][0], "2026-11-12", str(half)])
        writer.writerow(["R-5002", late[1][0], "2026-11-20", late[1][3]])
        # the currency column: the order's own
    _fix_refund_currencies(folder / "refunds-2026-11.csv", {str(r[0]): str(r[4]) for r in late})
    _ecb(folder / "eurofxref-hist.csv")


def _fix_refund_currencies(path: Path, currencies: dict[str, str]) -> None:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        row.append(currencies[row[1]])
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


if __name__ == "__main__":
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
