"""Issue 16.7: two stores with the same file name (two shops, each `payout-desk.sqlite` in its
own folder) keep their backups apart. Backups live in a folder per store, keyed by the store's
identity (a random id written into the store once), never by its file name; listing, pruning
and restoring see only that store's copies, and a backup of another store is refused unless
forced."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from desktop_app.cli import main
from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import StoreError
from desktop_app.services import backup, partners, stores
from desktop_app.store.database import Store, alembic_config, open_store
from desktop_app.store.identity import read_store_id


def _shop(folder: Path, code: str) -> Store:
    store = open_store(f"sqlite:///{folder / 'payout-desk.sqlite'}")
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(f"Partner of {folder.name}", (code,)))
    return store


@pytest.fixture
def two_shops(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    shop_a = _shop(tmp_path / "shop-a", "AAA")
    shop_b = _shop(tmp_path / "shop-b", "BBB")
    yield shop_a, shop_b
    shop_a.close()
    shop_b.close()


def _codes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(str(r[0]) for r in conn.execute("SELECT code FROM partner_codes"))


def _file(store: Store) -> Path:
    path = backup.sqlite_file(store.url)
    assert path is not None
    return path


def test_every_store_has_its_own_random_identity(two_shops: tuple[Store, Store]) -> None:
    shop_a, shop_b = two_shops
    id_a, id_b = read_store_id(_file(shop_a)), read_store_id(_file(shop_b))
    assert id_a and id_b and id_a != id_b
    shop_a.close()
    assert read_store_id(_file(shop_a)) == id_a  # written once, kept on reopening
    open_store(shop_a.url).close()
    assert read_store_id(_file(shop_a)) == id_a


def test_same_file_names_do_not_prune_each_others_backups(
    two_shops: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    shop_a, shop_b = two_shops
    monkeypatch.setenv(backup.KEEP_ENV, "2")
    made_a = [backup.auto_backup(shop_a, f"a step {n}") for n in range(2)]
    made_b = [backup.auto_backup(shop_b, f"b step {n}") for n in range(3)]
    assert all(p is not None and p.exists() for p in made_a)  # B's copies pruned only B's
    assert [b.path for b in backup.list_backups(shop_a)] == made_a
    assert [b.path for b in backup.list_backups(shop_b)] == made_b[-2:]
    assert backup.store_backups_dir(shop_a) != backup.store_backups_dir(shop_b)
    for path in made_a:
        assert path is not None and path.parent == backup.store_backups_dir(shop_a)
        assert _codes(path) == ["AAA"]


def test_a_backup_of_another_store_is_refused_unless_forced(
    two_shops: tuple[Store, Store],
) -> None:
    shop_a, shop_b = two_shops
    copy_b = backup.auto_backup(shop_b, "manual")
    assert copy_b is not None
    shop_a.close()
    before = _file(shop_a).read_bytes()
    with pytest.raises(StoreError) as refused:
        backup.restore_from(shop_a.url, copy_b)
    message = str(refused.value)
    assert "backup of another store" in message and "--force" in message
    assert "\n" not in message
    assert _file(shop_a).read_bytes() == before
    assert backup.list_backups(shop_a) == []  # refused before any copy was made

    safety = backup.restore_from(shop_a.url, copy_b, force=True)
    assert _codes(_file(shop_a)) == ["BBB"]
    assert safety is not None and _codes(safety) == ["AAA"]
    # The shop keeps its own identity: its backups stay in its own folder, apart from B's.
    assert safety.parent == backup.store_backups_dir(shop_a.url)
    assert read_store_id(_file(shop_a)) != read_store_id(_file(shop_b))


def test_a_backup_of_the_same_store_is_restored_without_asking(
    two_shops: tuple[Store, Store],
) -> None:
    shop_a, _ = two_shops
    copy = backup.auto_backup(shop_a, "manual")
    with shop_a.transaction() as session:
        partners.create_partner(session, PartnerInput("Later", ("LATER",)))
    shop_a.close()
    assert copy is not None
    backup.restore_from(shop_a.url, copy)
    assert _codes(_file(shop_a)) == ["AAA"]


def test_the_backup_before_migrating_goes_to_the_migrated_stores_folder(tmp_path: Path) -> None:
    path = tmp_path / "old" / "payout-desk.sqlite"
    path.parent.mkdir()
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
    engine.dispose()
    assert read_store_id(path) is None

    stores.open_store(f"sqlite:///{path}").close()  # as the program opens it
    store_id = read_store_id(path)
    assert store_id
    [made] = backup.list_backups(f"sqlite:///{path}")
    assert made.reason == "before migrating from 0008"
    assert made.path.parent == backup.store_backups_dir(f"sqlite:///{path}")
    assert store_id in made.path.parent.name
    # The pre-migration copy has no identity of its own; restoring it keeps the store's.
    backup.restore_from(f"sqlite:///{path}", made.path)
    assert read_store_id(path) == store_id
    open_store(f"sqlite:///{path}").close()  # migrated again
    assert read_store_id(path) == store_id


def test_cli_lists_only_this_stores_backups_and_refuses_the_other_shops(
    two_shops: tuple[Store, Store], capsys: pytest.CaptureFixture[str]
) -> None:
    shop_a, shop_b = two_shops
    copy_b = backup.auto_backup(shop_b, "manual")
    shop_a.close()
    shop_b.close()
    assert main(["backup", "--list", "--format", "csv", "--database", str(_file(shop_a))]) == 0
    assert capsys.readouterr().out.splitlines() == ['"created","reason","size","path"']  # no rows

    assert main(["restore", str(copy_b), "--database", str(_file(shop_a))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("payout-desk: error:") and err.count("\n") == 1
    assert "backup of another store" in err and "--force" in err
    assert _codes(_file(shop_a)) == ["AAA"]

    assert main(["restore", str(copy_b), "--force", "--database", str(_file(shop_a))]) == 0
    assert _codes(_file(shop_a)) == ["BBB"]


def test_cli_process_refuses_the_other_shops_backup_with_one_line(
    two_shops: tuple[Store, Store], tmp_path: Path
) -> None:
    from tests.safety.cli_process import assert_refused, dump, run_cli

    shop_a, shop_b = two_shops
    copy_b = backup.auto_backup(shop_b, "manual")
    shop_a.close()
    shop_b.close()
    before = dump(_file(shop_a))
    data = tmp_path / "data"  # the same data folder as this test's: both shops' backups
    listed = run_cli(
        ["backup", "--list", "--format", "csv", "--database", str(_file(shop_a))], data
    )
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == ['"created","reason","size","path"']  # no rows
    done = run_cli(["restore", str(copy_b), "--database", str(_file(shop_a))], data)
    assert_refused(done, "backup of another store", "--force", "Nothing was changed")
    assert dump(_file(shop_a)) == before
