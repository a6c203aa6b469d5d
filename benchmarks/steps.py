"""The measuring steps of `python -m benchmarks` (benchmarks/__main__.py), each run in a fresh
interpreter (`python -m benchmarks.steps STEP ARGS...`) that prints one JSON object last: what
it measured, in seconds (and peak memory where it matters). A measure and its floor are
separate steps, or two figures of one step, always taken in the same run of the command."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _peak_mb() -> float:
    # VmHWM: this process's own peak (ru_maxrss would include the parent's, kept across exec)
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def _best(runs: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - began)
    return best


# --- the app's first painted window, and a bare QMainWindow's ------------------------------


class _FirstPaint:
    """Prints the wall-clock time of the first paint of a window of class `name` (the app's own
    main window, not any window before it), then ends the process at once (nothing after the
    first paint is measured)."""

    def __init__(self, app: Any, name: str) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and type(watched).__name__ == name:
                    print(json.dumps({"painted_at": time.time()}), flush=True)
                    os._exit(0)
                return False

        self.filter = Filter()
        app.installEventFilter(self.filter)


def gui(database: str) -> None:
    from desktop_app.ui import app as gui_app

    watcher = _FirstPaint(gui_app.application(), "MainWindow")
    gui_app.run_gui(database=database)
    del watcher


def bare_window() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    watcher = _FirstPaint(app, "QMainWindow")
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    app.exec()
    del watcher


# --- the whole payout run ------------------------------------------------------------------


def run_create(folder: str, orders: int) -> dict[str, Any]:
    """A whole `run create` (payouts.create_run) on `orders` orders of 500 partners with a
    tiered default plan, and, timed inside that very run, the engine's calls and the storing
    of the lines (the floor)."""
    from dataclasses import replace
    from datetime import date, timedelta
    from decimal import Decimal as D

    from benchmarks.bench_run_store import add_partners_and_orders
    from desktop_app.config import sqlite_url
    from desktop_app.domain.commissions import PlanRule, Tier, TierBasis, TierMode
    from desktop_app.services import merchant, payouts, plans
    from desktop_app.services.payouts import candidates, runs
    from desktop_app.store.database import open_store

    start = date(2026, 10, 1)
    path = Path(folder) / "run-create.sqlite"
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    store = open_store(sqlite_url(path))
    with store.transaction() as session:
        merchant.save_profile(session, merchant.MerchantProfile(name="Bench", holding_days=10))
        plan = plans.create_plan(session, "Standard")
        tiers = (Tier(D(0), D(5)), Tier(D(5000), D(7)), Tier(D(20000), D(9)))
        rule = PlanRule(TierBasis.PERIOD_VOLUME, TierMode.WHOLE, tiers)
        plans.add_version(session, plan, date(2026, 1, 1), [rule])
        profile = replace(merchant.get_profile(session), default_plan="Standard")
        merchant.save_profile(session, profile)
    add_partners_and_orders(store, orders, start)
    spent = {"engine": 0.0, "store": 0.0}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - began

        return call

    candidates.calculate = timed("engine", candidates.calculate)  # type: ignore[attr-defined]
    runs.store_lines = timed("store", runs.store_lines)  # type: ignore[attr-defined]
    began = time.perf_counter()
    run_id = payouts.create_run(store, start, start + timedelta(days=30), actor="bench").value
    whole = time.perf_counter() - began
    with store.transaction() as session:
        lines = payouts.get_run(session, run_id).line_count
    store.close()
    return {"seconds": whole, "engine": spent["engine"], "store": spent["store"], "lines": lines}


# --- the engine ----------------------------------------------------------------------------


def engine(orders: int) -> dict[str, Any]:
    from decimal import ROUND_HALF_UP, Decimal

    from benchmarks.bench_commissions import build_book, build_input
    from desktop_app.domain.commissions import calculate

    book, bonuses = build_book()
    order_inputs, partner_inputs = build_input(orders)
    cent, rate = Decimal("0.01"), Decimal("0.075")

    def bare() -> None:
        [(o.amount * rate).quantize(cent, rounding=ROUND_HALF_UP) for o in order_inputs]

    def ours() -> None:
        calculate(order_inputs, partner_inputs, book, bonuses, currency="USD")

    ours()
    seconds, floor = [], []
    for _ in range(9):  # in turn, so a slow moment slows both alike; the best of each
        seconds.append(_best(1, ours))
        floor.append(_best(1, bare))
    return {"seconds": min(seconds), "floor": min(floor)}


# --- statements ----------------------------------------------------------------------------


def statements(folder: str, count: int) -> dict[str, Any]:
    """`count` two-page statements with the process pool over every core, and a bare
    one-process reportlab loop writing the same pages (benchmarks/bench_statements.py)."""
    from benchmarks.bench_statements import bare_loop, lines_for_pages, statement
    from desktop_app.services.statements.export import write_statements

    docs = [statement(i, lines_for_pages(2)) for i in range(count)]
    cores = os.cpu_count() or 1
    floor, pages = bare_loop(docs, Path(folder) / "bare")
    began = time.perf_counter()
    written = write_statements(docs, Path(folder) / "pool", workers=cores)
    seconds = time.perf_counter() - began
    ours = sum(path.read_bytes().count(b"/Type /Page\n") for path in written)
    return {"seconds": seconds, "floor": floor, "pages": ours, "bare_pages": pages, "cores": cores}


# --- imports -------------------------------------------------------------------------------


def _store_with_partners(path: Path) -> Any:
    from desktop_app.domain.partners import PartnerInput
    from desktop_app.services import partners
    from desktop_app.store.database import open_store

    path.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as session:
        for n in range(500):
            partners.create_partner(session, PartnerInput(f"Partner {n}", (f"P{n:04d}",)))
    return store


def import_file(path: str, folder: str) -> dict[str, Any]:
    """The whole import of a file (parse, validate, store) into a new store of 500 partners."""
    from desktop_app.services import imports

    # the modules are loaded before the clock starts, as the floors' own imports are
    run_import, options = imports.run_import, imports.ImportOptions()
    store = _store_with_partners(Path(folder) / "import.sqlite")
    began = time.perf_counter()
    report = run_import(store, Path(path), options)
    seconds = time.perf_counter() - began
    assert report.applied, report.refused
    store.close()
    return {"seconds": seconds, "rows": report.added, "peak_mb": _peak_mb()}


def calamine(path: str) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    began = time.perf_counter()
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0)
    rows = sum(1 for _ in sheet.iter_rows())
    return {"seconds": time.perf_counter() - began, "rows": rows, "peak_mb": _peak_mb()}


def insert_prepared(path: str, folder: str) -> dict[str, Any]:
    """The floor of a CSV import: the file's rows, already prepared as the tuples the import
    stores (no parsing, untimed), inserted into the same schema in one transaction and indexed
    (secondary indexes built after the rows, the fastest way SQLite has)."""
    import csv
    from decimal import Decimal
    from operator import itemgetter

    from desktop_app.services.imports.writer import ORDER_INSERT_COLUMNS

    store = _store_with_partners(Path(folder) / "floor.sqlite")
    with store.engine.connect() as conn:
        partner_ids = dict(
            conn.exec_driver_sql("SELECT code, partner_id FROM partner_codes").fetchall()
        )
    rows = []
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        # each row's values in the order of ORDER_INSERT_COLUMNS, taken by name
        order = itemgetter(*ORDER_INSERT_COLUMNS)
        for external_id, day, code, amount, currency, category in reader:
            minor = int(Decimal(amount).scaleb(2))
            rows.append(order({
                "source": "csv", "external_id": external_id, "order_date": day,
                "partner_id": partner_ids[code], "partner_code": code, "amount_minor": minor,
                "currency": currency, "category": category, "sku": "", "status": "confirmed",
                "batch_id": None, "historical": 0,
            }))  # fmt: skip
    assert len(ORDER_INSERT_COLUMNS) == len(rows[0])
    sql = (
        f"INSERT INTO orders ({', '.join(ORDER_INSERT_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in ORDER_INSERT_COLUMNS)})"
    )
    with store.engine.begin() as conn:
        driver: Any = conn.connection.driver_connection
        began = time.perf_counter()
        cursor = driver.cursor()
        indexes = cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        ).fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.executemany(sql, rows)
        for _name, index_sql in indexes:
            cursor.execute(index_sql)
        cursor.close()
    seconds = time.perf_counter() - began  # the commit included
    store.close()
    return {"seconds": seconds, "rows": len(rows)}


STEPS: dict[str, Callable[..., Any]] = {
    "gui": gui,
    "bare-window": bare_window,
    "run-create": run_create,
    "engine": engine,
    "statements": statements,
    "import": import_file,
    "calamine": calamine,
    "insert-prepared": insert_prepared,
}


def main(argv: list[str]) -> None:
    step, args = argv[0], argv[1:]
    fn = STEPS[step]
    typed = [int(a) if a.isdigit() else a for a in args]
    result = fn(*typed)
    if result is not None:
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
