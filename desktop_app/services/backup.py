"""Copies of a SQLite store made with SQLite's online backup API, and restoring from them.

The backup API copies a consistent snapshot page by page while other connections keep working
(WAL content included), so a backup taken while the app is open is never half-written. Every
copy is written to a temporary file and renamed, and checked with `PRAGMA integrity_check`.
Automatic copies go to `<data folder>/backups`, newest last, keeping the last `keep_last()`.
A PostgreSQL store is backed up by its administrator with `pg_dump`; here that is a no-op
with a message saying so.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url

from desktop_app.config import data_dir, describe_url
from desktop_app.errors import StoreError
from desktop_app.store.database import Store, alembic_config

log = logging.getLogger("payout_desk.backup")

BACKUP_DIR = "backups"
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
    path = data_dir() / BACKUP_DIR
    path.mkdir(parents=True, exist_ok=True)
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


def auto_backup(store: Store | str, reason: str) -> Path | None:
    """A backup into the backups folder before a risky step (migration, locking a run, restore),
    pruning older automatic copies of the same store. None when there is nothing to back up
    (PostgreSQL, in-memory, a file not created yet)."""
    url = _url(store)
    source = sqlite_file(url)
    if source is None:
        log.info("no automatic backup (%s): %s", reason, describe_url(url))
        return None
    if not source.exists() or source.stat().st_size == 0:
        return None
    target = backups_dir() / default_backup_name(source, reason)
    _copy(source, target)
    _prune(source.stem)
    return target


def _prune(stem: str) -> None:
    for old in _own_backups(stem)[: -keep_last()]:
        old.unlink(missing_ok=True)


def _own_backups(stem: str) -> list[Path]:
    pattern = re.compile(rf"^{re.escape(stem)}-(\d{{8}}T\d{{12}}Z)-[a-z0-9-]+\.sqlite$")
    folder = backups_dir()
    return sorted(p for p in folder.iterdir() if pattern.match(p.name))


def list_backups(store: Store | str | None = None) -> list[BackupInfo]:
    """Backups in the backups folder, oldest first (only those of `store` when given)."""
    stem = None
    if store is not None:
        source = sqlite_file(_url(store))
        if source is None:
            return []
        stem = source.stem
    found = []
    pattern = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z0-9-]+)\.sqlite$")
    for path in backups_dir().iterdir():
        match = pattern.match(path.name)
        if match is None or (stem is not None and match["stem"] != stem):
            continue
        created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        reason = match["reason"].replace("-", " ")
        found.append(BackupInfo(path, created, reason, path.stat().st_size))
    return sorted(found, key=lambda b: b.created)


def check_backup_file(path: Path | str) -> str:
    """Refuse a file that is not a sound Payout Desk store; return its schema revision."""
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
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a Payout Desk store or is damaged ({exc})") from None
    if row is None:
        raise StoreError(f"{path} is not a Payout Desk store (no schema version recorded)")
    revision = str(row[0])
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        raise StoreError(
            f"{path} was written by a newer version of Payout Desk (schema {revision}); "
            "install the newer version to restore it"
        ) from None
    return revision


def restore_from(url: str, path: Path | str) -> Path | None:
    """Replace the store at `url` with the backup at `path`, after checking the backup and
    making an automatic backup of the current store (returned, None if there was no store).
    Close every connection to the store first; open it again afterwards (an older backup is
    migrated on opening)."""
    target = _require_file(url)
    source = Path(path).expanduser()
    check_backup_file(source)
    if target.exists() and source.resolve() == target.resolve():
        raise StoreError("that file is the store itself; choose a backup copy")
    safety = auto_backup(url, "before restore")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _connect(source, readonly=True) as src, _connect(target) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
            _check_integrity(dst, target)
    except sqlite3.Error as exc:
        kept = f"; the store as it was is in {safety}" if safety else ""
        raise StoreError(f"could not restore into {target}: {exc}{kept}") from exc
    log.info("restored %s from %s (previous copy: %s)", target, source, safety)
    return safety
