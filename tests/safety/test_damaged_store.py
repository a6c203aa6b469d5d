"""Issue 16.9: a damaged store is refused when it is opened, with one clear line giving the way
out (restore from a backup), instead of accepting an import into a corrupt file or failing with
an internal error. `PRAGMA quick_check` runs when a SQLite store is opened (its cost on a
million orders: benchmarks/bench_open_check.py); a flipped byte in the schema gives the same
clear message; and restoring from a backup, the way out, works on the damaged store."""

from __future__ import annotations

import contextlib
import io
import random
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert

from desktop_app.cli import main
from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import StoreError
from desktop_app.services import backup, partners
from desktop_app.store.database import open_store
from desktop_app.store.models import OrderRow
from tests.safety.cli_process import assert_refused, file_digest, run_cli

PAGE = 4096
WAY_OUT = ("is damaged", "payout-desk restore", "File → Restore from backup")


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A closed store with 3,000 orders (many data pages) and a backup of it."""
    path = tmp_path / "shop" / "payout-desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as session:
        partner = partners.create_partner(session, PartnerInput("Tech Blog", ("TB1",)))
    rows = [
        {
            "source": "shop",
            "external_id": f"R-{n:05d}",
            "order_date": date(2026, 10, 1),
            "partner_id": partner.id,
            "partner_code": "TB1",
            "amount_minor": 1000 + n,
            "currency": "USD",
        }
        for n in range(3000)
    ]
    with store.engine.begin() as conn:
        conn.execute(insert(OrderRow), rows)
    copy = backup.auto_backup(store, "manual")
    store.close()
    assert copy is not None
    yield path, copy


def _damage_a_data_page(path: Path) -> None:
    """Scribble over the cells of the orders page that holds order R-01500."""
    data = bytearray(path.read_bytes())
    page = data.index(b"R-01500") // PAGE
    assert page > 0
    start = page * PAGE
    data[start + 8 : start + 400] = b"\xa5" * 392
    path.write_bytes(bytes(data))


def _orders_csv(path: Path) -> Path:
    path.write_text(
        "Order ID,Order Date,Partner Code,Amount,Currency\n"
        + "".join(f"NEW-{n},2026-10-02,TB1,12.50,USD\n" for n in range(50)),
        encoding="utf-8",
    )
    return path


def test_an_import_into_a_store_with_a_damaged_data_page_is_refused(
    shop: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = shop
    _damage_a_data_page(path)
    before = file_digest(path)
    csv = _orders_csv(tmp_path / "more.csv")

    done = run_cli(["import", "orders", str(csv), "--database", str(path)], tmp_path / "data")
    line = assert_refused(done, *WAY_OUT)
    assert str(path) in line
    assert file_digest(path) == before  # nothing written into the corrupt file

    with pytest.raises(StoreError, match="is damaged"):
        open_store(f"sqlite:///{path}")
    assert file_digest(path) == before


def _flip(path: Path, offset: int, value: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] = value
    path.write_bytes(bytes(data))


def test_a_flipped_byte_in_a_schema_name_is_a_clear_message_not_an_internal_error(
    shop: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = shop
    data = path.read_bytes()
    at = data.index(b"sqlite_autoindex_alembic_version_1")
    _flip(path, at + 13, 0xEE)  # a byte that is not UTF-8: SQLite's message cannot be decoded
    done = run_cli(["partners", "list", "--database", str(path)], tmp_path / "data")
    assert_refused(done, *WAY_OUT)


def test_a_flipped_byte_in_a_table_definition_is_a_clear_message(
    shop: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = shop
    data = path.read_bytes()
    at = data.index(b"status_date", data.index(b"CREATE TABLE partners"))
    _flip(path, at, ord("("))
    done = run_cli(
        ["partners", "add", "--name", "X", "--code", "X1", "--database", str(path)],
        tmp_path / "data",
    )
    assert_refused(done, *WAY_OUT)


def test_random_flips_in_the_schema_never_give_an_internal_error(
    shop: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = shop
    pristine = path.read_bytes()
    schema_pages = [0] + [
        p for p in range(len(pristine) // PAGE) if b"CREATE " in pristine[p * PAGE : (p + 1) * PAGE]
    ]
    rng = random.Random(16)
    outcomes: dict[int, int] = {}
    for n in range(60):
        page = rng.choice(schema_pages)
        offset = page * PAGE + rng.randrange(100 if page == 0 else 0, PAGE)
        data = bytearray(pristine)
        data[offset] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        for journal in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            journal.unlink(missing_ok=True)
        code = main(
            ["partners", "add", "--name", f"P{n}", "--code", f"P{n}", "--database", str(path)]
        )
        err = capsys.readouterr().err
        assert "internal error" not in err and "Traceback" not in err, (offset, err)
        assert code in (0, 2), (offset, err)
        if code == 2:
            assert err.count("\n") == 1, err
        outcomes[code] = outcomes.get(code, 0) + 1
    assert outcomes.get(2, 0) > 10  # many flips are caught, none is an internal error


def test_restoring_a_backup_is_the_way_out(shop: tuple[Path, Path], tmp_path: Path) -> None:
    path, copy = shop
    _damage_a_data_page(path)
    damaged = path.read_bytes()
    done = run_cli(["restore", str(copy), "--database", str(path)], tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stdout
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM orders").fetchone() == (3000,)
    # The damaged store is kept as it was (not as a backup to restore: it is damaged).
    kept = [
        p for p in backup.store_backups_dir(f"sqlite:///{path}").iterdir() if "damaged" in p.name
    ]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert str(kept[0]) in done.stdout
    assert backup.check_backup_file(copy)  # the copy restored from is untouched
    listed = run_cli(["partners", "list", "--database", str(path)], tmp_path / "data")
    assert listed.returncode == 0 and "TB1" in listed.stdout


def test_restoring_over_a_damaged_schema_works_too(shop: tuple[Path, Path], tmp_path: Path) -> None:
    path, copy = shop
    data = path.read_bytes()
    _flip(path, data.index(b"status_date", data.index(b"CREATE TABLE partners")), ord("("))
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["restore", str(copy), "--database", str(path)]) == 0
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as session:
        assert partners.find_by_code(session, "TB1").name == "Tech Blog"
    store.close()
