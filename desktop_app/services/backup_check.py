"""What makes a file a sound Payout Desk backup: SQLite's integrity check, a schema revision
this version knows (not a newer one), and the whole schema of that revision (every table and
every column, not merely the right table names), plus whose store it is (its store id)."""

from __future__ import annotations

import functools
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect

from desktop_app.errors import StoreError
from desktop_app.store.database import alembic_config, head_revision
from desktop_app.store.identity import store_id_of
from desktop_app.store.models import Base
from desktop_app.store.sqlite_files import connect_read_only

# Tables every Payout Desk store has had since the first schema: a file without them is not one.
REQUIRED_TABLES = frozenset({"alembic_version", "merchant", "partners", "partner_codes"})


@dataclass(frozen=True)
class BackupFacts:
    """What a sound backup file says about itself."""

    revision: str
    store_id: str | None  # None: taken before stores had ids (schema older than 0012)
    merchant: str


def check_integrity(conn: sqlite3.Connection, path: Path, schema: str = "main") -> None:
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {schema}.integrity_check(3)").fetchall()]
    if rows != ["ok"]:
        found = " ".join("; ".join(rows).split())  # SQLite's lines, on one line
        raise StoreError(f"{path} is damaged (integrity check: {found[:200]})")


def check_backup_file(path: Path | str) -> str:
    """Refuse a file that is not a sound Payout Desk store; return its schema revision."""
    return inspect_backup(path).revision


def inspect_backup(path: Path | str) -> BackupFacts:
    """Refuse a file that is not a sound Payout Desk store; say whose store it is."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise StoreError(f"{path} does not exist or is not a file")
    if path.stat().st_size == 0:
        raise StoreError(f"{path} is empty; it is not a Payout Desk backup")
    try:
        with closing(connect_read_only(path)) as conn:
            check_integrity(conn, path)
            tables = {
                str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = REQUIRED_TABLES - tables
            if missing:
                raise StoreError(
                    f"{path} is not a Payout Desk store (no {', '.join(sorted(missing))} table)"
                )
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None:
                raise StoreError(f"{path} is not a Payout Desk store (no schema version recorded)")
            revision = str(row[0])
            if not known_revision(revision):
                raise StoreError(
                    f"{path} was written by a newer version of Payout Desk (schema {revision}); "
                    "install the newer version to restore it"
                )
            check_schema(conn, path, revision)
            store_id = store_id_of(conn)
            name = conn.execute("SELECT name FROM merchant WHERE id = 1").fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path} is not a Payout Desk store or is damaged ({exc})") from None
    return BackupFacts(revision, store_id, str(name[0]) if name and name[0] else "")


def known_revision(revision: str) -> bool:
    """Whether this version of Payout Desk knows the schema revision (False: a newer one)."""
    from desktop_app.store.revisions import revisions

    if revision in revisions():  # known without loading Alembic (store/revisions.py)
        return True
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        return False
    return True


def check_schema(conn: sqlite3.Connection, path: Path, revision: str, schema: str = "main") -> None:
    """Every table and column the schema of `revision` has must be there: a file with only the
    right table names and revision would be accepted and then break every command."""
    problems = []
    for table, columns in sorted(expected_schema(revision).items()):
        found = {str(r[1]) for r in conn.execute(f'PRAGMA {schema}.table_info("{table}")')}
        if not found:
            problems.append(f"no {table} table")
            continue
        missing = sorted(columns - found)
        if missing:
            plural = "s" if len(missing) > 1 else ""
            problems.append(f"{table} lacks the column{plural} {', '.join(missing[:4])}")
    if problems:
        more = f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
        raise StoreError(
            f"{path} is not a complete Payout Desk store (schema {revision}): "
            f"{'; '.join(problems[:3])}{more}"
        )


@functools.cache
def expected_schema(revision: str) -> dict[str, frozenset[str]]:
    """Table → column names of a store at `revision`: the models for the current schema, the
    migrations run on an empty in-memory database for an older one."""
    if revision == head_revision():
        schema = {
            name: frozenset(str(c.name) for c in table.columns)
            for name, table in Base.metadata.tables.items()
        }
        return {**schema, "alembic_version": frozenset({"version_num"})}
    from alembic import command  # an older revision's schema: Alembic builds it

    cfg = alembic_config()
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
            found = inspect(connection)
            return {
                name: frozenset(str(c["name"]) for c in found.get_columns(name))
                for name in found.get_table_names()
            }
    finally:
        engine.dispose()


def revision_of(conn: sqlite3.Connection) -> str | None:
    """The schema revision recorded in an open store (None: none recorded)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if exists is None:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None
