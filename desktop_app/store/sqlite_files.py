"""A SQLite store as files on disk: the store, its -wal and -shm journal files, and whether this
process may write them.

SQLite creates the -wal and -shm files with the store file's permissions. Opening a read-only
store the ordinary way therefore leaves a read-only -shm behind, and that file keeps the store
unwritable even after `chmod u+w` on the store. So a store this process cannot write is read
with `mode=ro&immutable=1` (no journal files are made) when no unsaved write-ahead log is
waiting, and a writable store whose journal files were left read-only gets them repaired.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

BUSY_TIMEOUT_MS = 5000


def journal_files(path: Path) -> tuple[Path, Path]:
    """The store's -wal and -shm files."""
    return path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")


def wal_has_content(path: Path) -> bool:
    wal, _ = journal_files(path)
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def can_write(path: Path) -> bool:
    """Whether this process may change the store: the file itself, and the folder where SQLite
    makes the -wal and -shm files (unless both already exist and are writable)."""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    folder = path.parent
    if not folder.exists() or os.access(folder, os.W_OK):
        return True
    return all(j.exists() and os.access(j, os.W_OK) for j in journal_files(path))


def repair_journal_permissions(path: Path) -> None:
    """Give -wal/-shm files this process cannot write the store file's permissions, when the
    store itself is writable (left by a read-only session, e.g. of an older version)."""
    if not path.exists() or not os.access(path, os.W_OK):
        return
    mode = stat.S_IMODE(path.stat().st_mode)
    for journal in journal_files(path):
        if journal.exists() and not os.access(journal, os.W_OK):
            # Someone else's file stays as it is: writing then fails with the read-only message.
            with contextlib.suppress(OSError):
                os.chmod(journal, mode)


def read_only_uri(path: Path) -> str:
    """A URI that reads the store without writing anything next to it when it cannot be
    written: immutable (no -shm) unless a write-ahead log holds data not yet in the file."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not can_write(path) and not wal_has_content(path):
        uri += "&immutable=1"
    return uri


def connect_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for PostgreSQL or an in-memory database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def read_ahead(path: Path) -> None:
    """Read the file once from start to end, so that a check visiting its pages in tree order
    finds them in the OS cache: on a cold cache that is 3-5 times faster than letting SQLite
    seek page by page (1M orders: about 1 s instead of 3.5-7 s), and costs about 10 ms when
    the file is cached already."""
    buffer = bytearray(1 << 20)
    with contextlib.suppress(OSError), path.open("rb", buffering=0) as handle:
        while handle.readinto(buffer):
            pass
