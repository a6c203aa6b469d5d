import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from desktop_app.domain.partners import PartnerInput
from desktop_app.errors import StoreError
from desktop_app.services import partners
from desktop_app.store.database import alembic_config, head_revision, open_store
from desktop_app.store.models import Base


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return rev


def test_a_new_file_is_created_and_migrated_to_head(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite"
    store = open_store(f"sqlite:///{path}")
    store.close()
    assert path.exists()
    assert _revision(f"sqlite:///{path}") == head_revision()


@pytest.mark.sqlite_only
def test_sqlite_store_uses_wal_and_enforces_foreign_keys(store) -> None:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(Exception, match="FOREIGN KEY"), store.transaction() as session:
        session.execute(
            text(
                "INSERT INTO partner_codes (partner_id, code, code_key, position) "
                "VALUES (999, 'X', 'x', 0)"
            )
        )


def test_an_older_store_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO partners (name, email, country, status, status_date, payout_method, "
                "payout_details, tax_id, join_date, notes, created_at, updated_at) VALUES "
                "('Old Partner', '', '', 'active', '2026-01-01', 'bank', '', '', '2026-01-01', '', "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO partner_codes (partner_id, code, code_key, position) "
                "VALUES (1, 'OLD1', 'old1', 0)"
            )
        )
    engine.dispose()
    assert _revision(url) == "0001"

    store = open_store(url)
    with store.transaction() as session:
        found = partners.find_by_code(session, "old1")
    store.close()
    assert found.name == "Old Partner"
    assert _revision(url) == head_revision()


def test_order_statuses_of_an_older_store_become_order_states(tmp_path: Path) -> None:
    """Migration 0010: completed and partially refunded orders are confirmed (a partial refund
    stays a refund of a confirmed order), refunded and cancelled keep their names."""
    url = f"sqlite:///{tmp_path / 'statuses.sqlite'}"
    engine = create_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0009")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO partners (name, email, country, status, status_date, payout_method, "
                "payout_details, tax_id, join_date, notes, created_at, updated_at, "
                "statement_locale) VALUES ('Old Partner', '', '', 'active', '2026-01-01', "
                "'bank', '', '', '2026-01-01', '', '2026-01-01 00:00:00', "
                "'2026-01-01 00:00:00', '')"
            )
        )
        for number, status in enumerate(
            ("completed", "partially_refunded", "refunded", "cancelled"), start=1
        ):
            conn.execute(
                text(
                    "INSERT INTO orders (source, external_id, order_date, partner_id, "
                    "partner_code, amount_minor, currency, category, sku, status, historical) "
                    "VALUES ('shop', :id, '2026-10-01', 1, 'OLD1', 1000, 'USD', '', '', "
                    ":status, 0)"
                ),
                {"id": f"O-{number}", "status": status},
            )
    engine.dispose()

    store = open_store(url)
    with store.transaction() as session:
        found = dict(session.execute(text("SELECT external_id, status FROM orders")).all())
    store.close()
    assert found == {
        "O-1": "confirmed",
        "O-2": "confirmed",
        "O-3": "refunded",
        "O-4": "cancelled",
    }
    assert _revision(url) == head_revision()


def test_a_store_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    open_store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match=r"newer version of Payout Desk \(schema 9999_future\)"):
        open_store(f"sqlite:///{path}")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="not a Payout Desk store"):
        open_store(f"sqlite:///{path}")


def test_a_file_that_is_not_a_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(f"sqlite:///{path}")


def test_migrations_match_the_models(store) -> None:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.mark.sqlite_only
def test_money_is_stored_as_integer_minor_units(store) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from desktop_app.services import merchant

    with store.transaction() as session:
        merchant.save_profile(session, merchant.MerchantProfile(minimum_payout=Decimal("75.25")))
    with store.engine.connect() as conn:
        raw = conn.exec_driver_sql(
            "SELECT minimum_payout_minor, typeof(minimum_payout_minor) FROM merchant"
        ).one()
    assert tuple(raw) == (7525, "integer")
    with store.transaction() as session:
        assert merchant.get_profile(session).minimum_payout == Decimal("75.25")


def test_partner_created_in_a_failed_transaction_is_not_kept(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), store.transaction() as session:
        partners.create_partner(session, PartnerInput("Temp", ("TEMP",)))
        raise RuntimeError("boom")
    with store.transaction() as session:
        assert partners.list_partners(session) == []


def test_the_head_revision_is_known_without_alembic_and_is_alembics() -> None:
    """store/revisions.py reads the migration files' revision lines so that opening a store at
    the head needs no Alembic (issue 20): the answer is Alembic's own, for every migration."""
    from alembic.script import ScriptDirectory

    from desktop_app.store import revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    assert revisions.head_revision() == scripts.get_current_head()
    expected = {s.revision: s.down_revision for s in scripts.walk_revisions()}
    assert revisions.revisions() == expected


def test_opening_a_store_at_the_head_does_not_load_alembic(tmp_path: Path) -> None:
    """A store already at the head costs one SELECT on alembic_version (issue 20); a store to
    create or migrate still goes through Alembic (the tests above)."""
    import json
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'at-head.sqlite'}"
    open_store(url).close()
    script = (
        "import sys, json\n"
        "from desktop_app.services.stores import open_store\n"
        f"open_store({url!r}).close()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []
