"""Issue 16.8: restore refuses what it cannot safely put in place. A store written by a newer
version is never overwritten, and a backup must hold the whole schema of its version (every
table and every column), not merely the right table names and revision: a stub file that only
looks like a store would leave a store on which every command fails."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import StoreError
from desktop_app.services import backup, partners
from desktop_app.store.database import Store, alembic_config, head_revision, open_store
from desktop_app.store.models import Base
from tests.safety.cli_process import assert_refused, dump, run_cli


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[Store, Path]]:
    path = tmp_path / "shop" / "payout-desk.sqlite"
    store = open_store(f"sqlite:///{path}")
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Kept Partner", ("KEPT",)))
    store.close()
    yield store, path


def _stub(path: Path, revision: str, tables: list[str]) -> Path:
    """A SQLite file with the right table names and revision but one column per table."""
    with sqlite3.connect(path) as conn:
        for table in tables:
            if table == "alembic_version":
                conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
                conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
            else:
                conn.execute(f'CREATE TABLE "{table}" (id INTEGER PRIMARY KEY)')
    return path


def _tables_at(revision: str, folder: Path) -> tuple[Path, list[str]]:
    path = folder / f"real-{revision}.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return path, names


def test_a_store_written_by_a_newer_version_is_not_overwritten(
    shop: tuple[Store, Path], tmp_path: Path
) -> None:
    store, path = shop
    copy = backup.backup_to(store.url, tmp_path / "copy.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = dump(path)
    with pytest.raises(StoreError, match=r"written by a newer version of Payout Desk") as refused:
        backup.restore_from(store.url, copy)
    assert "9999_future" in str(refused.value) and "nothing was changed" in str(refused.value)
    assert dump(path) == before
    assert backup.list_backups(store.url) == []

    done = run_cli(["restore", str(copy), "--database", str(path)], tmp_path / "data")
    assert_refused(done, "newer version of Payout Desk", "9999_future")
    assert dump(path) == before


def test_a_stub_with_the_right_table_names_and_revision_is_refused(
    shop: tuple[Store, Path], tmp_path: Path
) -> None:
    store, path = shop
    names = ["alembic_version", *sorted(Base.metadata.tables)]
    stub = _stub(tmp_path / "stub.sqlite", head_revision(), names)
    before = dump(path)
    with pytest.raises(StoreError, match=r"stub\.sqlite is not a complete Payout Desk store"):
        backup.check_backup_file(stub)
    with pytest.raises(StoreError, match=r"lacks the columns? "):
        backup.restore_from(store.url, stub)
    assert dump(path) == before

    done = run_cli(["restore", str(stub), "--database", str(path)], tmp_path / "data")
    assert_refused(done, "is not a complete Payout Desk store")
    assert dump(path) == before
    listed = run_cli(["partners", "list", "--database", str(path)], tmp_path / "data")
    assert listed.returncode == 0 and "KEPT" in listed.stdout


def test_a_stub_of_an_older_revision_is_checked_against_that_revisions_schema(
    shop: tuple[Store, Path], tmp_path: Path
) -> None:
    store, _ = shop
    real, names = _tables_at("0003", tmp_path)
    stub = _stub(tmp_path / "old-stub.sqlite", "0003", names)
    with pytest.raises(StoreError, match="is not a complete Payout Desk store"):
        backup.restore_from(store.url, stub)
    assert backup.check_backup_file(real) == "0003"  # the genuine article is accepted


def test_a_missing_table_is_named(shop: tuple[Store, Path], tmp_path: Path) -> None:
    store, _ = shop
    copy = backup.backup_to(store.url, tmp_path / "copy.sqlite")
    with sqlite3.connect(copy) as conn:
        conn.execute("DROP TABLE payout_lines")
    with pytest.raises(StoreError, match=r"no payout_lines table"):
        backup.check_backup_file(copy)


def test_a_missing_column_is_named(shop: tuple[Store, Path], tmp_path: Path) -> None:
    store, _ = shop
    copy = backup.backup_to(store.url, tmp_path / "copy.sqlite")
    with sqlite3.connect(copy) as conn:
        conn.execute("ALTER TABLE orders DROP COLUMN sku")
    with pytest.raises(StoreError, match=r"orders lacks the column sku"):
        backup.check_backup_file(copy)
