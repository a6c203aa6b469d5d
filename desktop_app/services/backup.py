"""Copies of a SQLite store made with SQLite's online backup API, and restoring from them.

The backup API copies a consistent snapshot page by page while other connections keep working
(WAL content included), so a backup taken while the app is open is never half-written. Every
copy is written to a temporary file and renamed, and checked with `PRAGMA integrity_check`.
Automatic copies go to `<data folder>/backups/<store id>/` (a folder per store, keyed by the
random id written into the store, see desktop_app.store.identity), newest last, keeping the
last `keep_last()`. A PostgreSQL store is backed up by its administrator with `pg_dump`; here
that is a no-op with a message saying so.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from desktop_app.config import data_dir, describe_url
from desktop_app.errors import StoreError
from desktop_app.store.database import Store, alembic_config, head_revision
from desktop_app.store.identity import (
    IDENTITY_TABLE,
    StoreIdentityRow,
    read_store_id,
    store_id_of,
)
from desktop_app.store.models import Base
from desktop_app.store.sqlite_files import connect_read_only

log = logging.getLogger("payout_desk.backup")

BACKUP_DIR = "backups"
STORE_NOTE = "store.txt"
KEEP_ENV = "PAYOUT_DESK_BACKUPS_KEEP"
DEFAULT_KEEP = 10
# Tables every Payout Desk store has had since the first schema: a file without them is not one.
REQUIRED_TABLES = frozenset({"alembic_version", "merchant", "partners", "partner_codes"})
POSTGRES_MESSAGE = (
    "{where} is a PostgreSQL store: Payout Desk backs up SQLite files only. Ask whoever runs the "
    "database server to back it up with pg_dump (and restore with pg_restore)."
)
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int


def keep_last() -> int:
    """How many automatic backups of each store are kept (PAYOUT_DESK_BACKUPS_KEEP, default 10)."""
    try:
        return max(1, int(os.environ.get(KEEP_ENV, DEFAULT_KEEP)))
    except ValueError:
        return DEFAULT_KEEP


def backups_dir() -> Path:
    """The folder holding every store's backup folder."""
    path = data_dir() / BACKUP_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_backups_dir(
    store: Store | str, *, store_id: str | None = None, create: bool = True
) -> Path:
    """The backups folder of one store: `backups/<store id>`. A store from before store ids
    (not yet opened by this version) gets a folder keyed by its path until it is migrated."""
    source = _require_file(_url(store))
    key = store_id or read_store_id(source)
    if not key:
        key = "unidentified-" + hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    path = backups_dir() / key
    if create:
        path.mkdir(parents=True, exist_ok=True)
        note = path / STORE_NOTE
        text = f"Backups of the Payout Desk store last seen at {source.resolve()}\n"
        try:
            if not note.exists() or note.read_text(encoding="utf-8") != text:
                note.write_text(text, encoding="utf-8")
        except OSError:
            pass  # only a note for people browsing the folder
    return path


def _url(store: Store | str) -> str:
    return store.url if isinstance(store, Store) else store


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _require_file(url: str) -> Path:
    path = sqlite_file(url)
    if path is None:
        raise StoreError(POSTGRES_MESSAGE.format(where=describe_url(url)))
    return path


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.casefold()).strip("-")[:60] or "backup"


@contextmanager
def _connect(path: Path, *, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(path)
    conn.execute("PRAGMA busy_timeout=5000")
    with closing(conn):
        yield conn


def _copy(source: Path, target: Path) -> None:
    """Snapshot `source` into `target` (a temp file renamed into place), as one self-contained
    file (rollback journal, no -wal needed) that passes integrity_check."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    try:
        with _connect(source) as src, _connect(temp) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            _check_integrity(dst, temp)
        os.replace(temp, target)
    except sqlite3.Error as exc:
        raise StoreError(f"could not back up {source}: {exc}") from exc
    finally:
        temp.unlink(missing_ok=True)


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        raise StoreError(f"{path} is damaged (integrity check: {'; '.join(rows[:3])})")


def backup_to(store: Store | str, path: Path | str) -> Path:
    """Copy the whole store to `path` (overwriting it); returns the path written."""
    url = _url(store)
    source = _require_file(url)
    target = Path(path).expanduser()
    if not source.exists():
        raise StoreError(f"there is no store at {source} to back up")
    if target.exists() and target.resolve() == source.resolve():
        raise StoreError("a backup cannot replace the store itself; choose another file")
    if target.is_dir():
        target = target / default_backup_name(source, "manual")
    _copy(source, target)
    log.info("backed up %s to %s", source, target)
    return target


def default_backup_name(source: Path, reason: str) -> str:
    return f"{source.stem}-{datetime.now(UTC).strftime(_STAMP)}-{_slug(reason)}.sqlite"


def auto_backup(store: Store | str, reason: str, *, store_id: str | None = None) -> Path | None:
    """A backup into the store's backups folder before a risky step (migration, locking a run,
    restore), pruning older automatic copies of the same store. None when there is nothing to
    back up (PostgreSQL, in-memory, a file not created yet). `store_id` names the folder of a
    store that has no id yet (the migration about to give it one)."""
    url = _url(store)
    source = sqlite_file(url)
    if source is None:
        log.info("no automatic backup (%s): %s", reason, describe_url(url))
        return None
    if not source.exists() or source.stat().st_size == 0:
        return None
    folder = store_backups_dir(url, store_id=store_id)
    target = folder / default_backup_name(source, reason)
    _copy(source, target)
    _prune(folder)
    return target


def _prune(folder: Path) -> None:
    for old in _backups_in(folder)[: -keep_last()]:
        old.path.unlink(missing_ok=True)


_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z0-9-]+)\.sqlite$")


def _backups_in(folder: Path) -> list[BackupInfo]:
    """The automatic (and default-named) copies in one store's folder, oldest first."""
    found = []
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None:
            continue
        created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        reason = match["reason"].replace("-", " ")
        found.append(BackupInfo(path, created, reason, path.stat().st_size))
    return sorted(found, key=lambda b: (b.created, b.path.name))


def list_backups(store: Store | str) -> list[BackupInfo]:
    """The backups of `store` in its own backups folder, oldest first (none for PostgreSQL)."""
    url = _url(store)
    if sqlite_file(url) is None:
        return []
    return _backups_in(store_backups_dir(url, create=False))


@dataclass(frozen=True)
class BackupFacts:
    """What a sound backup file says about itself."""

    revision: str
    store_id: str | None  # None: taken before stores had ids (schema older than 0010)
    merchant: str


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
        with _connect(path, readonly=True) as conn:
            _check_integrity(conn, path)
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
            _check_schema(conn, path, revision)
            store_id = store_id_of(conn)
            name = conn.execute("SELECT name FROM merchant WHERE id = 1").fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path} is not a Payout Desk store or is damaged ({exc})") from None
    return BackupFacts(revision, store_id, str(name[0]) if name and name[0] else "")


def known_revision(revision: str) -> bool:
    """Whether this version of Payout Desk knows the schema revision (False: a newer one)."""
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        return False
    return True


def _check_schema(conn: sqlite3.Connection, path: Path, revision: str) -> None:
    """Every table and column the schema of `revision` has must be there: a file with only the
    right table names and revision would be accepted and then break every command."""
    problems = []
    for table, columns in sorted(expected_schema(revision).items()):
        found = {str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')}
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


def other_store(url: str, path: Path | str, facts: BackupFacts | None = None) -> str | None:
    """Why restoring `path` into the store at `url` needs forcing: the backup was taken from
    another store (another id). None when it is this store's, or either has no id."""
    target = _require_file(url)
    facts = facts or inspect_backup(path)
    target_id = read_store_id(target)
    if not facts.store_id or not target_id or facts.store_id == target_id:
        return None
    whose = f"'{facts.merchant}', " if facts.merchant else ""
    return (
        f"{Path(path).expanduser()} is a backup of another store ({whose}store id "
        f"{facts.store_id[:8]}), not of {describe_url(url)} (store id {target_id[:8]}): restoring "
        "it would replace this store's data with the other store's. Nothing was changed; if "
        f"that is what you want, run `payout-desk restore {path} --force` (File → Restore "
        "from backup asks first)"
    )


def _identity_row(path: Path) -> tuple[object, ...] | None:
    """The store's identity row as stored (kept across a restore of another store's data)."""
    if read_store_id(path) is None:
        return None
    with closing(connect_read_only(path)) as conn:
        row = conn.execute(f"SELECT id, store_id, created_at FROM {IDENTITY_TABLE}").fetchone()
    return tuple(row) if row else None


def _put_identity(conn: sqlite3.Connection, row: tuple[object, ...]) -> None:
    """Give the restored data the replaced store's identity (creating the table in a backup
    from before store ids; migration 0010 then keeps it)."""
    if store_id_of(conn) == row[1]:
        return
    conn.execute(f"CREATE TABLE IF NOT EXISTS {IDENTITY_TABLE} ({_identity_columns()})")
    conn.execute(f"DELETE FROM {IDENTITY_TABLE}")
    conn.execute(f"INSERT INTO {IDENTITY_TABLE} (id, store_id, created_at) VALUES (?, ?, ?)", row)


def _identity_columns() -> str:
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    table = StoreIdentityRow.metadata.tables[IDENTITY_TABLE]
    ddl = str(CreateTable(table).compile(dialect=sqlite.dialect()))
    return ddl[ddl.index("(") + 1 : ddl.rindex(")")].strip()


def store_revision(path: Path) -> str | None:
    """The schema revision recorded in the store file (None: none, or it cannot be read)."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        with closing(connect_read_only(path)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    return str(row[0]) if row else None


def _refuse_newer_store(url: str, target: Path) -> None:
    revision = store_revision(target)
    if revision is not None and not known_revision(revision):
        raise StoreError(
            f"{describe_url(url)} was written by a newer version of Payout Desk (schema "
            f"{revision}); this older version will not replace it (nothing was changed): install "
            "the newer version and restore with that"
        )


def restore_from(url: str, path: Path | str, *, force: bool = False) -> Path | None:
    """Replace the store at `url` with the backup at `path`, after checking the backup and
    making an automatic backup of the current store (returned, None if there was no store).
    A backup of another store (another store id) is refused unless `force`; the store keeps
    its own identity either way. Close every connection to the store first; open it again
    afterwards (an older backup is migrated on opening)."""
    target = _require_file(url)
    source = Path(path).expanduser()
    facts = inspect_backup(source)
    if target.exists() and source.resolve() == target.resolve():
        raise StoreError("that file is the store itself; choose a backup copy")
    _refuse_newer_store(url, target)
    refusal = other_store(url, source, facts)
    if refusal and not force:
        raise StoreError(refusal)
    identity = _identity_row(target) if target.exists() else None
    safety = auto_backup(url, "before restore")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _connect(source, readonly=True) as src, _connect(target) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
            if identity is not None:
                with dst:
                    _put_identity(dst, identity)
            _check_integrity(dst, target)
    except sqlite3.Error as exc:
        kept = f"; the store as it was is in {safety}" if safety else ""
        raise StoreError(f"could not restore into {target}: {exc}{kept}") from exc
    log.info("restored %s from %s (previous copy: %s)", target, source, safety)
    return safety
