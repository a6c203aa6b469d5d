"""Backups with SQLite's online backup API: round trip, refusals, automatic copies, the CLI."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from desktop_app.cli import main
from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import NotFoundError, StoreError
from desktop_app.services import backup, partners, stores
from desktop_app.store.database import Store, alembic_config, head_revision, open_store


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    """Always a SQLite file, even when the suite runs against PostgreSQL."""
    opened = open_store(f"sqlite:///{tmp_path / 'shop.sqlite'}")
    yield opened
    opened.close()


def _add(store: Store, name: str, code: str) -> None:
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name, (code,)))


def _codes(store: Store) -> list[str]:
    with store.transaction() as session:
        return sorted(c for p in partners.list_partners(session) for c in p.codes)


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_backup_and_restore_round_trip(file_store: Store, tmp_path: Path) -> None:
    _add(file_store, "Before Backup", "KEEP")
    copy = backup.backup_to(file_store, tmp_path / "copy.sqlite")
    _add(file_store, "After Backup", "LOSE")  # written while the store stays open (WAL)
    assert _codes(file_store) == ["KEEP", "LOSE"]
    assert _integrity(copy) == "ok"

    file_store.close()
    safety = backup.restore_from(file_store.url, copy)
    reopened = open_store(file_store.url)
    try:
        assert _codes(reopened) == ["KEEP"]
        with reopened.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        reopened.close()
    # The store as it was before the restore is kept, and restoring it undoes the restore.
    assert safety is not None and safety.parent == backup.store_backups_dir(file_store)
    backup.restore_from(file_store.url, safety)
    again = open_store(file_store.url)
    try:
        assert _codes(again) == ["KEEP", "LOSE"]
    finally:
        again.close()


def test_a_backup_is_one_self_contained_file(file_store: Store, tmp_path: Path) -> None:
    _add(file_store, "Only In Wal", "WAL1")  # the open store's data may still sit in the -wal file
    copy = backup.backup_to(file_store, tmp_path / "single.sqlite")
    assert not Path(f"{copy}-wal").exists()
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT code FROM partner_codes").fetchall() == [("WAL1",)]


def test_a_corrupt_backup_is_refused_and_the_store_untouched(
    file_store: Store, tmp_path: Path
) -> None:
    _add(file_store, "Precious", "GOLD")
    copy = backup.backup_to(file_store, tmp_path / "copy.sqlite")
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(page * 2, len(data) - page, page):  # scribble over every page but the first
        data[offset + 8 : offset + 200] = b"\xa5" * 192
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(bytes(data))
    file_store.close()
    before = Path(file_store.url.removeprefix("sqlite:///")).read_bytes()

    with pytest.raises(StoreError, match=r"broken\.sqlite (is damaged|is not a Payout Desk)"):
        backup.restore_from(file_store.url, broken)

    assert Path(file_store.url.removeprefix("sqlite:///")).read_bytes() == before
    assert not list(backup.backups_dir().rglob("*.sqlite"))  # refused before any copy was made
    reopened = open_store(file_store.url)
    assert _codes(reopened) == ["GOLD"]
    reopened.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"order_id,amount\n1,2.50\n", "is not a Payout Desk store or is damaged"),
        (b"PK\x03\x04" + b"\x00" * 100, "is not a Payout Desk store or is damaged"),
    ],
)
def test_files_that_are_not_databases_are_refused(
    file_store: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        backup.restore_from(file_store.url, bogus)


def test_another_sqlite_database_is_refused(file_store: Store, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(StoreError, match=r"is not a Payout Desk store \(no alembic_version"):
        backup.restore_from(file_store.url, other)


def test_a_backup_from_a_newer_version_is_refused(file_store: Store, tmp_path: Path) -> None:
    copy = backup.backup_to(file_store, tmp_path / "copy.sqlite")
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError, match="newer version of Payout Desk"):
        backup.restore_from(file_store.url, copy)


def test_a_missing_backup_file_is_refused(file_store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        backup.restore_from(file_store.url, tmp_path / "nope.sqlite")


def test_a_backup_cannot_overwrite_the_store_itself(file_store: Store) -> None:
    with pytest.raises(StoreError, match="cannot replace the store itself"):
        backup.backup_to(file_store, file_store.url.removeprefix("sqlite:///"))


def test_automatic_backups_keep_the_last_n(
    file_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(backup.KEEP_ENV, "3")
    made = [backup.auto_backup(file_store, f"step {n}") for n in range(5)]
    kept = backup.list_backups(file_store)
    assert [b.path for b in kept] == made[-3:]
    assert [b.reason for b in kept] == ["step 2", "step 3", "step 4"]
    assert all(b.size > 0 for b in kept)
    assert not made[0].exists()  # type: ignore[union-attr]


def test_pruning_leaves_other_stores_and_other_files_alone(
    file_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(backup.KEEP_ENV, "1")
    other = open_store(f"sqlite:///{tmp_path / 'other-shop.sqlite'}")
    other_copy = backup.auto_backup(other, "mine")
    other.close()
    manual = backup.store_backups_dir(file_store) / "my own copy.sqlite"
    manual.write_bytes(b"x")
    for n in range(3):
        backup.auto_backup(file_store, f"step {n}")
    assert other_copy is not None and other_copy.exists()
    assert manual.exists()
    assert len(backup.list_backups(file_store)) == 1


def test_opening_an_older_store_backs_it_up_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()

    store = stores.open_store(f"sqlite:///{path}")  # as the program opens it
    store.close()

    [made] = backup.list_backups(f"sqlite:///{path}")
    assert made.reason == "before migrating from 0001"
    with sqlite3.connect(made.path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )


def test_a_new_or_current_store_makes_no_automatic_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    stores.open_store(url).close()  # created
    stores.open_store(url).close()  # already at head
    assert backup.list_backups(url) == []


def test_postgresql_stores_are_not_backed_up_here() -> None:
    url = "postgresql+psycopg://user@db.example/shop"
    assert backup.auto_backup(url, "before locking run 1") is None
    with pytest.raises(StoreError, match="pg_dump"):
        backup.backup_to(url, "/tmp/x.sqlite")
    with pytest.raises(StoreError, match="pg_dump"):
        backup.restore_from(url, "/tmp/x.sqlite")


# CLI ---------------------------------------------------------------------------------------


def test_cli_backup_list_and_restore(
    file_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(file_store, "Kept", "KEPT")
    file_store.close()
    out = tmp_path / "cli-copy.sqlite"
    assert main(["backup", "--database", file_store.url, "--out", str(out)]) == 0
    assert f"to {out}" in capsys.readouterr().out

    assert main(["backup", "--database", file_store.url]) == 0  # into the backups folder
    assert "backups" in capsys.readouterr().out
    assert main(["backup", "--list", "--format", "csv", "--database", file_store.url]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0] == '"created","reason","size","path"' and "manual" in listing[1]

    reopened = open_store(file_store.url)
    with reopened.transaction() as session:
        partners.create_partner(session, PartnerInput("Dropped", ("DROP",)))
    reopened.close()
    assert main(["restore", str(out), "--database", file_store.url]) == 0
    assert "restored" in capsys.readouterr().out
    final = open_store(file_store.url)
    with final.transaction() as session:
        with pytest.raises(NotFoundError):
            partners.find_by_code(session, "DROP")
        assert partners.find_by_code(session, "KEPT").name == "Kept"
    final.close()


def test_cli_restore_refuses_a_bad_file_with_one_line(
    file_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello\n" * 100)
    assert main(["restore", str(bogus), "--database", file_store.url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("payout-desk: error:") and "is not a Payout Desk store" in err
    assert err.count("\n") == 1


def test_cli_backup_of_postgres_explains_pg_dump(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://user@db.example/shop"
    assert main(["backup", "--database", url]) == 2
    assert "pg_dump" in capsys.readouterr().err


def test_integrity_is_checked_on_the_copy_written(file_store: Store, tmp_path: Path) -> None:
    with file_store.transaction() as session:
        session.execute(text("UPDATE merchant SET name = 'Shop' WHERE id = 1"))
    copy = backup.backup_to(file_store, tmp_path / "nested" / "dir" / "c.sqlite")
    assert backup.check_backup_file(copy) == head_revision()
