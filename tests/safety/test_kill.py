"""Kill tests: a process killed with SIGKILL in the middle of an import, a payout-run calculation
or a statement export leaves a store that opens, passes integrity_check and holds exactly what
it held before, and no half-written PDF under a final name. A second writer meanwhile is told
"the store is busy, try again" instead of hanging or corrupting anything.

The child (tests/safety/kill_child.py) reports progress on stdout and, at a chosen point, pauses
inside its transaction; the test kills it there, so "midway" is certain, not a guess.
"""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import StoreError
from desktop_app.services import partners
from desktop_app.store.database import BUSY_MESSAGE, Store, open_store
from desktop_app.store.models import OrderRow
from tests.payout_fixture import Shop

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROOT = Path(__file__).resolve().parents[2]
SAFETY_NET_SECONDS = 300  # only so a broken child cannot hang the suite; never a measurement


class Child:
    def __init__(self, mode: str, url: str, arg: str, pause_at: int, data_dir: Path) -> None:
        env = {**os.environ, "PAYOUT_DESK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.safety.kill_child", mode, url, arg, str(pause_at)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._buffer = b""
        self.lines: list[str] = []

    def _lines(self) -> Iterator[str]:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                self.lines.append(line.decode())
                yield self.lines[-1]
            ready, _, _ = select.select([fd], [], [], SAFETY_NET_SECONDS)
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                return
            self._buffer += chunk

    def wait_for(self, wanted: str) -> None:
        for line in self._lines():
            if line.startswith(wanted):
                return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        assert self.process.stderr is not None
        errors = self.process.stderr.read().decode(errors="replace")[-3000:]
        self.kill()
        pytest.fail(f"child ended before {wanted!r}: {self.lines}\n{errors}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _assert_store_as_before(url: str, path: Path, before: list[str]) -> None:
    reopened = open_store(url)  # opens (and would migrate) as the app does
    with reopened.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    reopened.close()
    assert _dump(path) == before


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    path = tmp_path / "shop.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Tech Blog", ("TB1",)))
    yield store, path
    store.close()


def _orders_csv(path: Path, rows: int, code: str = "TB1") -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Order ID,Order Date,Partner Code,Amount,Currency\n")
        for n in range(rows):
            handle.write(f"K-{n},2026-10-{n % 28 + 1:02d},{code},{n % 900 + 10}.25,USD\n")
    return path


def october_orders(store: Store, shop: Shop, count: int) -> None:
    """`count` October orders split between the shop's two partners, inserted in bulk."""
    rows = [
        {
            "source": "shop",
            "external_id": f"R-{n}",
            "order_date": date(2026, 10, n % 28 + 1),
            "partner_id": shop.alpha if n % 2 else shop.beta,
            "partner_code": "ALPHA" if n % 2 else "BETA",
            "amount_minor": 1000 + n,
            "currency": "USD",
        }
        for n in range(count)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(OrderRow), rows)


def test_import_killed_midway_leaves_the_store_as_it_was(
    shop: tuple[Store, Path], tmp_path: Path
) -> None:
    store, path = shop
    big = _orders_csv(tmp_path / "big.csv", 40_000)
    store.close()
    before = _dump(path)

    child = Child("import", store.url, str(big), 20_000, tmp_path / "data")
    child.wait_for("paused")  # 20,000 rows written inside the open transaction
    child.kill()

    assert child.process.returncode == -signal.SIGKILL
    assert any(line.startswith("progress 20000") for line in child.lines)
    _assert_store_as_before(store.url, path, before)


def test_a_second_writer_during_an_import_is_told_the_store_is_busy(
    shop: tuple[Store, Path], tmp_path: Path
) -> None:
    store, path = shop
    big = _orders_csv(tmp_path / "big.csv", 20_000)
    child = Child("import", store.url, str(big), 5_000, tmp_path / "data")
    try:
        child.wait_for("paused")
        with store.transaction() as session:  # reading goes on while the import runs (WAL)
            assert [p.name for p in partners.list_partners(session)] == ["Tech Blog"]
        with pytest.raises(StoreError) as busy, store.transaction() as session:
            partners.create_partner(session, PartnerInput("Second Writer", ("SW1",)))
        assert str(busy.value) == BUSY_MESSAGE
        assert str(busy.value).startswith("the store is busy, try again")
    finally:
        child.kill()
    with store.transaction() as session:  # the lock died with the importer: try again works
        partners.create_partner(session, PartnerInput("Second Writer", ("SW1",)))
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM orders").fetchone() == (0,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_run_calculation_killed_midway_leaves_no_run(tmp_path: Path) -> None:
    from tests.payout_fixture import make_shop

    path = tmp_path / "runs.sqlite"
    store = open_store(f"sqlite:///{path}")
    october_orders(store, make_shop(store, holding_days=0), 30_000)
    store.close()
    before = _dump(path)

    child = Child("run", store.url, "2026-10-01:2026-10-31", 10_000, tmp_path / "data")
    child.wait_for("paused")  # 10,000 run lines written inside the open transaction
    child.kill()

    assert child.process.returncode == -signal.SIGKILL
    _assert_store_as_before(store.url, path, before)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The demo store and a locked run with statements for many partners."""
    from sqlalchemy import func, select

    from desktop_app.services import payouts
    from desktop_app.services.demo import seed_demo

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite"
    with pytest.MonkeyPatch.context() as patch:  # its automatic backups stay in this folder
        patch.setenv("PAYOUT_DESK_DATA_DIR", str(folder / "data"))
        store = open_store(f"sqlite:///{path}")
        seed_demo(store)
        with store.transaction() as session:
            runs = [r for r in payouts.list_runs(session) if r.state != "draft"]
            first = session.scalar(select(func.min(OrderRow.order_date)))
        if runs:
            run_id = runs[0].id
        else:  # a demo without payout runs: calculate and lock its first month
            assert first is not None
            start = first.replace(day=1)
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            run_id = payouts.create_run(store, start, end, actor="kill-test").value
            payouts.lock_run(store, run_id, actor="kill-test")
        store.close()
    return path, run_id


def _complete_pdfs(folder: Path) -> list[Path]:
    from pypdf import PdfReader

    pdfs = sorted(folder.glob("*.pdf"))
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), pdf.name
        assert len(PdfReader(pdf).pages) >= 1
    return pdfs


@pytest.mark.parametrize("pause_at", [5, 0], ids=["paused-after-5", "killed-while-rendering"])
def test_statement_export_killed_leaves_only_complete_pdfs(
    demo_store: tuple[Path, int], tmp_path: Path, pause_at: int
) -> None:
    path, run_id = demo_store
    url = f"sqlite:///{path}"
    before = _dump(path)
    out = tmp_path / "statements"
    child = Child("export", url, f"{run_id}:{out}", pause_at, tmp_path / "data")
    child.wait_for("paused" if pause_at else "progress 1 ")
    child.kill()

    assert child.process.returncode == -signal.SIGKILL
    written = _complete_pdfs(out)  # whatever exists under a final name is a whole PDF
    assert len(written) >= (5 if pause_at else 1)
    if pause_at:
        assert len(written) == pause_at  # it really was killed before the end
    _assert_store_as_before(url, path, before)
