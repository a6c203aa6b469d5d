"""`python -m benchmarks`: every speed figure of issue 20 in one run, each as a ratio to its
floor measured in the same run (this machine's speed drifts by a third from minute to minute,
so absolute times from different runs do not compare).

Each measure runs in a fresh interpreter (benchmarks/steps.py), with Python's bytecode cache
allowed (as an installed program has it) and Qt's offscreen platform; start-up figures are the
best of several tries, and the imports the best of 2-3, taken in turn with their floor so a slow
moment slows both alike. `run create` is the service call (payouts.create_run) with its engine
and storing timed inside the same run; its command's start-up is the `run list` row's.

    python -m benchmarks            # the issue's sizes (under 5 minutes on 2 cores)
    python -m benchmarks --quick    # a tenth of the sizes, to check the command itself
    python -m benchmarks --only version,run-list
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its .pyc files
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


ENV: dict[str, str] = {}


def _payout_desk() -> list[str]:
    script = Path(sys.executable).with_name("payout-desk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop_app"]


def _wall(command: list[str], **kwargs: Any) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, env=ENV, stdout=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - began


def _step(*args: Any, timeout: float = 600) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.steps", *map(str, args)],
        check=False,
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"step {args[0]} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _in_turn(
    tries: int, measure: Callable[[], float], floor: Callable[[], float]
) -> tuple[float, float]:
    measured, floors = [], []
    for _ in range(tries):
        measured.append(measure())
        floors.append(floor())
    return min(measured), min(floors)


@dataclass
class Row:
    measure: str
    seconds: float
    floor_name: str
    floor: float
    target: str
    met: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor if self.floor else float("inf")


@dataclass
class Sizes:
    orders: int = 100_000
    csv_rows: int = 1_000_000
    xlsx_rows: int = 100_000
    statements: int = 500


class Bench:
    def __init__(self, folder: Path, sizes: Sizes) -> None:
        self.folder = folder
        self.sizes = sizes
        self._demo: str | None = None
        self._files: tuple[Path, Path] | None = None

    def demo(self) -> str:
        if self._demo is None:
            path = self.folder / "demo.sqlite"
            subprocess.run(
                [*_payout_desk(), "demo", "--database", str(path)],
                check=True,
                env=ENV,
                capture_output=True,
            )
            self._demo = str(path)
        return self._demo

    def files(self) -> tuple[Path, Path]:
        if self._files is None:
            from benchmarks.bench_import import make_files

            self._files = make_files(self.folder, self.sizes.xlsx_rows, self.sizes.csv_rows)
        return self._files

    def version(self) -> Row:
        cli = [*_payout_desk(), "--version"]
        _wall(cli)  # the bytecode cache written once
        seconds, floor = _in_turn(
            7, lambda: _wall(cli), lambda: _wall([sys.executable, "-c", "pass"])
        )
        met = seconds <= 0.15 or seconds <= 4 * floor
        return Row("`payout-desk --version`", seconds, "`python -c pass`", floor,
                   "≤ 0.15 s or ≤ 4×", met)  # fmt: skip

    def run_list(self) -> Row:
        demo = self.demo()
        cli = [*_payout_desk(), "run", "list", "--database", demo]
        query = (
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('SELECT * FROM payout_runs').fetchall()"
        )
        _wall(cli)
        seconds, floor = _in_turn(
            5, lambda: _wall(cli), lambda: _wall([sys.executable, "-c", query, demo])
        )
        return Row("`payout-desk run list`, demo store", seconds,
                   "`import sqlite3` + one query", floor, "≤ 0.4 s", seconds <= 0.4)  # fmt: skip

    def gui(self) -> Row:
        demo = self.demo()
        config = self.folder / "config"  # the app's settings: a first start, each time

        def launch(*step: str) -> Callable[[], float]:
            def run() -> float:
                shutil.rmtree(config, ignore_errors=True)
                began = time.time()
                painted = _step(*step)["painted_at"]
                return float(painted) - began

            return run

        ENV["XDG_CONFIG_HOME"] = str(config)
        try:
            launch("gui", demo)()  # bytecode cache
            seconds, floor = _in_turn(3, launch("gui", demo), launch("bare-window"))
        finally:
            ENV.pop("XDG_CONFIG_HOME", None)
        return Row("app launch → first painted window, demo store", seconds,
                   "bare PySide6 QMainWindow shown", floor, "≤ 2×",
                   seconds <= 2 * floor)  # fmt: skip

    def run_create(self) -> Row:
        runs = [_step("run-create", self.folder, self.sizes.orders) for _ in range(2)]
        best = min(runs, key=lambda run: run["seconds"] / (run["engine"] + run["store"]))
        floor = best["engine"] + best["store"]
        return Row(f"`run create`, {self.sizes.orders:,} orders / 500 partners",
                   best["seconds"], "engine + storing the lines", floor, "≤ 2×",
                   best["seconds"] <= 2 * floor,
                   f"engine {best['engine']:.2f} s, store {best['store']:.2f} s; "
                   "the better of 2 runs")  # fmt: skip

    def csv_import(self) -> Row:
        _, big = self.files()
        fulls, floors = [], []
        for _ in range(2):  # in turn, so a slow minute slows both alike; the best of each
            fulls.append(_step("import", big, self.folder))
            floors.append(_step("insert-prepared", big, self.folder))
        seconds = min(run["seconds"] for run in fulls)
        floor = min(run["seconds"] for run in floors)
        peak = max(run["peak_mb"] for run in fulls)
        met = seconds <= 1.5 * floor and peak < 300
        return Row(f"{self.sizes.csv_rows:,}-row CSV import", seconds,
                   "prepared rows inserted + indexed", floor,
                   "≤ 1.5×, peak < 300 MB", met, f"peak {peak:.0f} MB")  # fmt: skip

    def xlsx_import(self) -> Row:
        xlsx, _ = self.files()
        fulls, floors = [], []
        for _ in range(3):  # in turn; the best of each
            floors.append(_step("calamine", xlsx)["seconds"])
            fulls.append(_step("import", xlsx, self.folder)["seconds"])
        seconds, floor = min(fulls), min(floors)
        return Row(f"{self.sizes.xlsx_rows:,}-row .xlsx import", seconds,
                   "bare python-calamine iteration", floor, "≤ 3×",
                   seconds <= 3 * floor)  # fmt: skip

    def engine(self) -> Row:
        found = _step("engine", self.sizes.orders)
        return Row(f"engine, {self.sizes.orders:,} orders", found["seconds"],
                   "bare Decimal multiply-and-round", found["floor"], "≤ 6×",
                   found["seconds"] <= 6 * found["floor"])  # fmt: skip

    def statements(self) -> Row:
        found = _step("statements", self.folder, self.sizes.statements)
        return Row(f"{self.sizes.statements} statements (pool ×{found['cores']})",
                   found["seconds"], "bare one-process reportlab loop", found["floor"],
                   "< 1×", found["seconds"] < found["floor"],
                   f"{found['pages']} pages (bare {found['bare_pages']})")  # fmt: skip


MEASURES = {
    "version": Bench.version,
    "run-list": Bench.run_list,
    "gui": Bench.gui,
    "run-create": Bench.run_create,
    "csv": Bench.csv_import,
    "xlsx": Bench.xlsx_import,
    "engine": Bench.engine,
    "statements": Bench.statements,
}


def table(rows: list[Row]) -> str:
    lines = [
        "| measure | time | floor | floor time | ratio | target | met |",
        "|---|---:|---|---:|---:|---|---|",
    ]
    for row in rows:
        note = f" ({row.note})" if row.note else ""
        lines.append(
            f"| {row.measure}{note} | {row.seconds:.3f} s | {row.floor_name} | "
            f"{row.floor:.3f} s | {row.ratio:.2f}× | {row.target} | "
            f"{'yes' if row.met else '**no**'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--only", default="", help=f"comma-separated: {', '.join(MEASURES)}")
    args = parser.parse_args(argv)
    ENV.clear()
    ENV.update(_env())
    sizes = Sizes(10_000, 100_000, 10_000, 50) if args.quick else Sizes()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(MEASURES)
    unknown = [name for name in chosen if name not in MEASURES]
    if unknown:
        parser.error(f"unknown measure(s): {', '.join(unknown)}")
    began = time.perf_counter()
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="payout-desk-bench-") as tmp:
        bench = Bench(Path(tmp), sizes)
        for name in chosen:
            started = time.perf_counter()
            row = MEASURES[name](bench)
            rows.append(row)
            print(
                f"{name}: {row.seconds:.3f} s, floor {row.floor:.3f} s "
                f"({time.perf_counter() - started:.0f} s to measure)",
                file=sys.stderr,
                flush=True,
            )
    print(table(rows))
    print(
        f"\n{os.cpu_count()} core(s), Python {sys.version.split()[0]}; load average before "
        f"{load}, after {' '.join(f'{v:.2f}' for v in os.getloadavg())}; "
        f"whole run {time.perf_counter() - began:.0f} s"
    )
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
