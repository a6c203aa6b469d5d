"""Issue 16.6: `restore` while an import is running. The import reported "added 100000", and
afterwards those orders were in neither the restored store nor the before-restore copy.

Now the restore takes the store's write lock before anything else, so it waits for a running
import (up to the busy timeout) and takes its before-restore copy inside that lock: an import
that commits first is in that copy; one still running after the timeout makes the restore
refuse ("busy … nothing was changed") and the import commits. Nothing committed is lost either
way, and the restore says which it did. The import is a real child process paused inside its
transaction (tests/safety/import_child.py), so "during" is certain, not a guess.
"""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import backup, partners
from desktop_app.store.database import open_store
from tests.safety.cli_process import ROOT, SAFETY_NET_SECONDS, assert_refused, run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX child processes")

ROWS = 100_000
PAUSE_AT = 95_000  # rows read (and written) inside the import's transaction when it pauses


class Lines:
    """A child process whose stdout lines are read as they come."""

    def __init__(self, args: list[str], data_dir: Path) -> None:
        env = {**os.environ, "PAYOUT_DESK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lines: list[str] = []
        self._buffer = b""

    def wait_for(self, wanted: str) -> str:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while True:
            while b"\n" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\n", 1)
                self.lines.append(raw.decode())
                if self.lines[-1].startswith(wanted):
                    return self.lines[-1]
            ready, _, _ = select.select([fd], [], [], SAFETY_NET_SECONDS)
            chunk = os.read(fd, 65536) if ready else b""
            if not chunk:
                self.stop()
                assert self.process.stderr is not None
                errors = self.process.stderr.read().decode(errors="replace")[-3000:]
                pytest.fail(f"child ended before {wanted!r}: {self.lines[-5:]}\n{errors}")
            self._buffer += chunk

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """A store with one partner, a backup of it (no orders yet) and a CSV of ROWS orders."""
    path = tmp_path / "shop" / "payout-desk.sqlite"
    url = f"sqlite:///{path}"
    store = open_store(url)
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Tech Blog", ("TB1",)))
    store.close()
    copy = backup.backup_to(url, tmp_path / "monday.sqlite")
    csv = tmp_path / "orders.csv"
    with csv.open("w", encoding="utf-8") as handle:
        handle.write("Order ID,Order Date,Partner Code,Amount,Currency\n")
        for n in range(ROWS):
            handle.write(f"R-{n},2026-10-{n % 28 + 1:02d},TB1,{n % 900 + 10}.25,USD\n")
    yield url, copy, csv


def _orders(path: Path) -> int:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM orders").fetchone()[0])


def _importer(url: str, csv: Path, go: Path, data_dir: Path) -> Lines:
    child = Lines(
        ["-m", "tests.safety.import_child", url, str(csv), str(PAUSE_AT), str(go)], data_dir
    )
    child.wait_for("paused")  # holding the write lock, 95,000 rows written, nothing committed
    return child


def _has_open(pid: int, path: Path) -> bool:
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return False
    return str(path.resolve()) in links


def test_restore_waits_for_a_running_import_whose_orders_go_to_the_before_restore_copy(
    shop: tuple[str, Path, Path], tmp_path: Path
) -> None:
    url, copy, csv = shop
    path = Path(url.removeprefix("sqlite:///"))
    data = tmp_path / "data"
    go = tmp_path / "go"
    importer = _importer(url, csv, go, data)
    try:
        restore = Lines(["-m", "desktop_app", "restore", str(copy), "--database", str(path)], data)
        deadline = time.monotonic() + SAFETY_NET_SECONDS
        while not _has_open(restore.process.pid, path) and time.monotonic() < deadline:
            if restore.process.poll() is not None or not Path("/proc").exists():
                break
            time.sleep(0.01)
        go.touch()  # the restore is now waiting for the import's lock
        assert importer.wait_for("finished") == f"finished added {ROWS}"
        said = restore.wait_for("restored")
        restore.process.wait(SAFETY_NET_SECONDS)
        assert restore.process.returncode == 0
    finally:
        importer.stop()

    assert _orders(path) == 0  # the backup, as asked
    [safety] = [b for b in backup.list_backups(url) if b.reason == "before restore"]
    assert _orders(safety.path) == ROWS  # the import's 100,000 orders, not lost
    assert str(safety.path) in said  # and the user is told where they are


def test_restore_refuses_when_an_import_holds_the_store_past_the_busy_timeout(
    shop: tuple[str, Path, Path], tmp_path: Path
) -> None:
    url, copy, csv = shop
    path = Path(url.removeprefix("sqlite:///"))
    data = tmp_path / "data"
    go = tmp_path / "go"
    importer = _importer(url, csv, go, data)
    try:
        done = run_cli(["restore", str(copy), "--database", str(path)], data)
        assert_refused(done, "busy", "nothing was changed")
        assert backup.list_backups(url) == []  # refused before any copy was taken
        go.touch()
        assert importer.wait_for("finished") == f"finished added {ROWS}"
    finally:
        importer.stop()
    assert _orders(path) == ROWS  # the import went on and committed

    again = run_cli(["restore", str(copy), "--database", str(path)], data)
    assert again.returncode == 0, again.stderr
    [safety] = backup.list_backups(url)
    assert _orders(safety.path) == ROWS
    assert _orders(path) == 0
