"""Issue 16.11: a read-only store file or folder and a full disk end in one clear line and exit
code 2, with the store unchanged; reading a read-only store leaves no read-only -shm file that
would keep it unwritable after `chmod u+w`; a full disk leaves no `.part` or temporary files.

Permissions are checked in a child process that cannot override them: as an ordinary user that
is any child; as root (CI), the child drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its
capability bounding set before it starts, so root's "write anyway" is gone. The full disk is
a 2 MB tmpfs, mounted when running as root; both are skipped cleanly when they cannot be
arranged.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import partners
from desktop_app.store.database import open_store
from tests.safety.cli_process import assert_refused, dump, run_cli

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux permissions and tmpfs")

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _drop_root_overrides() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture(scope="module")
def unprivileged(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], None] | None:
    """A preexec_fn that makes a child obey file permissions (None when it already does)."""
    if os.geteuid() != 0:
        return None
    probe = tmp_path_factory.mktemp("probe") / "read-only"
    probe.write_text("x")
    probe.chmod(0o444)
    try:
        done = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}, 'a')"],
            preexec_fn=_drop_root_overrides,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot start a child without root's permission override: {exc}")
    if done.returncode == 0 or b"PermissionError" not in done.stderr:
        pytest.skip("a child cannot be made to obey file permissions here")
    return _drop_root_overrides


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop" / "payout-desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Tech Blog", ("TB1",)))
    store.close()
    return path


def _journals(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def _orders_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Order ID,Order Date,Partner Code,Amount,Currency\n")
        for n in range(rows):
            handle.write(f"F-{n:06d},2026-10-{n % 28 + 1:02d},TB1,{n % 900 + 10}.25,USD\n")
    return path


# Read-only ---------------------------------------------------------------------------------


def test_a_read_only_store_file_reads_refuses_writes_and_is_writable_again_after_chmod(
    shop: Path, tmp_path: Path, unprivileged: Callable[[], None] | None
) -> None:
    data = tmp_path / "data"
    before = dump(shop)
    shop.chmod(0o444)
    try:
        listed = run_cli(
            ["partners", "list", "--database", str(shop)], data, preexec_fn=unprivileged
        )
        assert listed.returncode == 0, listed.stderr
        assert "TB1" in listed.stdout
        assert _journals(shop) == []  # no -shm (or -wal) left behind, read-only or otherwise

        added = run_cli(
            ["partners", "add", "--name", "New", "--code", "NEW1", "--database", str(shop)],
            data,
            preexec_fn=unprivileged,
        )
        assert_refused(added, "is read-only", "nothing was changed", str(shop))
        csv = _orders_csv(tmp_path / "orders.csv", 100)
        imported = run_cli(
            ["import", "orders", str(csv), "--database", str(shop)], data, preexec_fn=unprivileged
        )
        assert_refused(imported, "is read-only", "nothing was changed")
        assert dump(shop) == before
        assert _journals(shop) == []
    finally:
        shop.chmod(0o644)

    added = run_cli(
        ["partners", "add", "--name", "New", "--code", "NEW1", "--database", str(shop)],
        data,
        preexec_fn=unprivileged,
    )
    assert added.returncode == 0, added.stderr


def test_read_only_journal_files_left_by_an_older_version_are_repaired(
    shop: Path, tmp_path: Path, unprivileged: Callable[[], None] | None
) -> None:
    shop.chmod(0o444)
    try:  # what a read-only session of an older version left behind: a read-only -shm
        reader = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sqlite3, sys; "
                "sqlite3.connect(sys.argv[1]).execute('SELECT 1 FROM merchant').fetchall()",
                str(shop),
            ],
            preexec_fn=unprivileged,
            capture_output=True,
            timeout=60,
        )
        assert reader.returncode == 0, reader.stderr
    finally:
        shop.chmod(0o644)
    shm = shop.with_name(shop.name + "-shm")
    if not shm.exists():
        shm.write_bytes(b"")
    shm.chmod(0o444)

    added = run_cli(
        ["partners", "add", "--name", "New", "--code", "NEW1", "--database", str(shop)],
        tmp_path / "data",
        preexec_fn=unprivileged,
    )
    assert added.returncode == 0, added.stderr


def test_a_read_only_folder_reads_and_refuses_writes_with_one_line(
    shop: Path, tmp_path: Path, unprivileged: Callable[[], None] | None
) -> None:
    data = tmp_path / "data"
    before = dump(shop)
    shop.parent.chmod(0o555)
    try:
        listed = run_cli(
            ["partners", "list", "--database", str(shop)], data, preexec_fn=unprivileged
        )
        assert listed.returncode == 0, listed.stderr
        added = run_cli(
            ["partners", "add", "--name", "New", "--code", "NEW1", "--database", str(shop)],
            data,
            preexec_fn=unprivileged,
        )
        assert_refused(added, "is read-only", "nothing was changed")
        elsewhere = tmp_path / "shop" / "sub" / "new.sqlite"
        created = run_cli(
            ["partners", "list", "--database", str(elsewhere)], data, preexec_fn=unprivileged
        )
        assert_refused(created, str(elsewhere.parent))
    finally:
        shop.parent.chmod(0o755)
    assert dump(shop) == before
    assert _journals(shop) == []


# Full disk ---------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (root only); unmounted afterwards."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(disk: Path, leave: int = 0) -> None:
    """Fill the disk, then free `leave` bytes again."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))


def test_an_import_onto_a_full_disk_changes_nothing(small_disk: Path, tmp_path: Path) -> None:
    store = small_disk / "payout-desk.sqlite"
    shutil.copyfile(_shop_file(tmp_path), store)
    before = dump(store)
    csv = _orders_csv(tmp_path / "orders.csv", 20_000)  # far more than the room left
    with closing(sqlite3.connect(store)) as keep_open:  # its -shm stays while the disk fills
        keep_open.execute("SELECT 1 FROM merchant").fetchall()
        _fill(small_disk)
        done = run_cli(["import", "orders", str(csv), "--database", str(store)], tmp_path / "data")
        assert_refused(done, "the disk is full", "nothing was changed")
        added = run_cli(
            ["partners", "add", "--name", "New", "--code", "NEW1", "--database", str(store)],
            tmp_path / "data",
        )
        assert added.returncode in (0, 2)  # a tiny write may still fit; if not, one line
        if added.returncode == 2:
            assert_refused(added, "the disk is full")
            assert dump(store) == before
    assert sorted(p.name for p in small_disk.iterdir() if p.name.startswith(".")) == []


def _shop_file(tmp_path: Path) -> Path:
    path = tmp_path / "source-shop" / "payout-desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Tech Blog", ("TB1",)))
    store.close()
    return path


def test_a_backup_onto_a_full_disk_leaves_no_temporary_file(
    small_disk: Path, tmp_path: Path
) -> None:
    store = _big_store(tmp_path)
    _fill(small_disk, leave=64 * 1024)
    done = run_cli(
        ["backup", "--out", str(small_disk / "copy.sqlite"), "--database", str(store)],
        tmp_path / "data",
    )
    assert_refused(done, "the disk is full")
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def _big_store(tmp_path: Path) -> Path:
    """A store of about 3 MB: more than the small disk holds."""
    from tests.payout_fixture import make_shop
    from tests.safety.test_kill import october_orders

    path = tmp_path / "big" / "payout-desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    october_orders(store, make_shop(store, holding_days=0), 20_000)
    store.close()
    return path


@pytest.fixture
def locked_run(tmp_path: Path) -> tuple[Path, int]:
    """A store with a locked run whose statements and payout file are to be written."""
    from desktop_app.services import payouts
    from tests.payout_fixture import make_shop

    path = tmp_path / "runs" / "payout-desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    shop = make_shop(store, holding_days=0)
    for n in range(40):
        shop.order(shop.alpha if n % 2 else shop.beta, date(2026, 10, n % 28 + 1), "900.00")
    run_id = payouts.create_run(store, date(2026, 10, 1), date(2026, 10, 31), actor="test").value
    payouts.lock_run(store, run_id, actor="test")
    store.close()
    return path, run_id


def test_statements_onto_a_full_disk_leave_no_part_files(
    small_disk: Path, tmp_path: Path, locked_run: tuple[Path, int]
) -> None:
    path, run_id = locked_run
    _fill(small_disk, leave=8 * 1024)
    out = small_disk / "statements"
    done = run_cli(
        [
            "statements",
            str(run_id),
            "--out",
            str(out),
            "--combined",
            str(small_disk / "all.pdf"),
            "--database",
            str(path),
        ],
        tmp_path / "data",
    )
    assert_refused(done, "the disk is full")
    leftovers = [p.name for p in small_disk.rglob("*") if p.is_file() and p.name != "filler"]
    assert leftovers == []


def test_a_payout_file_onto_a_full_disk_leaves_no_part_file(
    small_disk: Path, tmp_path: Path, locked_run: tuple[Path, int]
) -> None:
    path, run_id = locked_run
    _fill(small_disk)
    done = run_cli(
        [
            "export",
            "payouts",
            str(run_id),
            "--out",
            str(small_disk / "payouts.xlsx"),
            "--database",
            str(path),
        ],
        tmp_path / "data",
    )
    assert_refused(done, "the disk is full")
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_restore_into_a_read_only_store_is_refused_and_leaves_no_journal_files(
    shop: Path, tmp_path: Path, unprivileged: Callable[[], None] | None
) -> None:
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(shop, copy)
    with closing(sqlite3.connect(shop)) as conn, conn:
        conn.execute("UPDATE partner_codes SET code = 'LATER'")
    before = dump(shop)
    shop.chmod(0o444)
    try:
        done = run_cli(
            ["restore", str(copy), "--database", str(shop)],
            tmp_path / "data",
            preexec_fn=unprivileged,
        )
        assert_refused(done, "is read-only", "nothing was changed")
        assert _journals(shop) == []
    finally:
        shop.chmod(0o644)
    assert dump(shop) == before


def test_restore_onto_a_full_disk_changes_nothing(small_disk: Path, tmp_path: Path) -> None:
    big = _big_store(tmp_path)  # about 3 MB of orders: the restore cannot fit
    store = small_disk / "payout-desk.sqlite"
    shutil.copyfile(_shop_file(tmp_path), store)
    from desktop_app.store.identity import read_store_id

    with closing(sqlite3.connect(big)) as conn, conn:  # a backup of this very store
        conn.execute("UPDATE store_identity SET store_id = ?", (read_store_id(store),))
    before = dump(store)
    with closing(sqlite3.connect(store)) as keep_open:
        keep_open.execute("SELECT 1 FROM merchant").fetchall()
        _fill(small_disk)
        done = run_cli(["restore", str(big), "--database", str(store)], tmp_path / "data")
    assert_refused(done, "the disk is full", "nothing was changed")
    (small_disk / "filler").unlink()
    assert dump(store) == before
    assert [p.name for p in small_disk.iterdir() if p.name.startswith(".")] == []
