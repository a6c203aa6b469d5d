"""Copies of a SQLite store made with SQLite's online backup API, and where they are kept.

The backup API copies a consistent snapshot page by page while other connections keep working
(WAL content included), so a backup taken while the app is open is never half-written. Every
copy is written to a temporary file and renamed, and checked with `PRAGMA integrity_check`.
Automatic copies go to `<data folder>/backups/<store id>/` (a folder per store, keyed by the
random id written into the store, see desktop_app.store.identity), newest last, keeping the
last `keep_last()`. A PostgreSQL store is backed up by its administrator with `pg_dump`; here
that is a no-op with a message saying so. What makes a file a sound backup is in backup_check;
putting one in place of the store is backup_restore (called through `restore_from` here).
"""

from __future__ import annotations

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

from desktop_app.config import data_dir, describe_url
from desktop_app.errors import StoreError
from desktop_app.services.atomic_files import write_failure
from desktop_app.services.backup_check import (
    BackupFacts,
    check_backup_file,
    check_integrity,
    inspect_backup,
)
from desktop_app.store.database import Store
from desktop_app.store.identity import read_store_id
from desktop_app.store.sqlite_files import (
    BUSY_TIMEOUT_MS,
    connect_read_only,
    journal_files,
    sqlite_path,
)

__all__ = [
    "BackupFacts",
    "BackupInfo",
    "auto_backup",
    "backup_to",
    "backups_dir",
    "check_backup_file",
    "inspect_backup",
    "list_backups",
    "other_store",
    "restore_from",
    "sqlite_file",
    "store_backups_dir",
]

log = logging.getLogger("payout_desk.backup")

BACKUP_DIR = "backups"
STORE_NOTE = "store.txt"
KEEP_ENV = "PAYOUT_DESK_BACKUPS_KEEP"
DEFAULT_KEEP = 10
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
    (not yet opened by this version) gets a folder keyed by its path until it is migrated;
    a store too damaged to read its id, the folder whose note names its path."""
    source = require_file(_url(store))
    key = store_id or read_store_id(source) or known_store_id(source)
    if not key:
        key = "unidentified-" + hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    path = backups_dir() / key
    if create:
        path.mkdir(parents=True, exist_ok=True)
        note = path / STORE_NOTE
        text = _note_text(source)
        try:
            if not note.exists() or note.read_text(encoding="utf-8") != text:
                note.write_text(text, encoding="utf-8")
        except OSError:
            pass  # only a note for people browsing the folder
    return path


def _note_text(source: Path) -> str:
    return f"Backups of the Payout Desk store last seen at {source.resolve()}\n"


def known_store_id(source: Path) -> str | None:
    """The id of the store last seen at `source` according to the backups folders' notes:
    for a store too damaged to read its own id."""
    text = _note_text(source)
    for note in backups_dir().glob(f"*/{STORE_NOTE}"):
        try:
            if note.read_text(encoding="utf-8") == text and len(note.parent.name) == 32:
                return note.parent.name
        except OSError:
            continue
    return None


def _url(store: Store | str) -> str:
    return store.url if isinstance(store, Store) else store


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL; None for PostgreSQL or an in-memory database."""
    return sqlite_path(url)


def require_file(url: str) -> Path:
    path = sqlite_file(url)
    if path is None:
        raise StoreError(POSTGRES_MESSAGE.format(where=describe_url(url)))
    return path


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.casefold()).strip("-")[:60] or "backup"


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    with closing(conn):
        yield conn


def copy_file(
    source: Path, target: Path, *, journal_mode: str = "DELETE", action: str = "back up"
) -> None:
    """Snapshot `source` into `target` (a temp file renamed into place), as one self-contained
    file (rollback journal, no -wal needed) that passes integrity_check. The store is read
    without writing next to it (a read-only store gets no -shm file)."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.unlink(missing_ok=True)
        with closing(connect_read_only(source)) as src, _connect(temp) as dst:
            src.backup(dst)
            dst.execute(f"PRAGMA journal_mode={journal_mode}")
            check_integrity(dst, temp)
        os.replace(temp, target)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"could not {action} {source}: {write_failure(exc, target)}") from exc
    finally:
        for leftover in (temp, *journal_files(temp), temp.with_name(f"{temp.name}-journal")):
            leftover.unlink(missing_ok=True)


def backup_to(store: Store | str, path: Path | str) -> Path:
    """Copy the whole store to `path` (overwriting it); returns the path written."""
    url = _url(store)
    source = require_file(url)
    target = Path(path).expanduser()
    if not source.exists():
        raise StoreError(f"there is no store at {source} to back up")
    if target.exists() and target.resolve() == source.resolve():
        raise StoreError("a backup cannot replace the store itself; choose another file")
    if target.is_dir():
        target = target / default_backup_name(source, "manual")
    copy_file(source, target)
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
    copy_file(source, target)
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


def other_store(url: str, path: Path | str, facts: BackupFacts | None = None) -> str | None:
    """Why restoring `path` into the store at `url` needs forcing (a backup of another store),
    or None. See desktop_app.services.backup_restore."""
    from desktop_app.services.backup_restore import other_store as why

    return why(url, path, facts)


def restore_from(url: str, path: Path | str, *, force: bool = False) -> Path | None:
    """Replace the store at `url` with the backup at `path`; returns the copy of the store as
    it was (None if there was none). See desktop_app.services.backup_restore."""
    from desktop_app.services.backup_restore import restore

    return restore(url, path, force=force)
