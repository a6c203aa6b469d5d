"""Opening a SQLite store to read it without SQLAlchemy or Alembic (issue 20).

The store's checks that need neither live here: `check_store` (PRAGMA quick_check, which every
opening runs first) and what a busy store looks like. `reader` gives a command that only reads
a little (`payout-desk run list`) a plain read-only connection to a SQLite store that is already
at this program's schema revision, checked like any store opened; anything else (PostgreSQL, a
new file, a store to migrate) gets None and goes through store.database.open_store.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from desktop_app.config import describe_url
from desktop_app.errors import StoreError
from desktop_app.store.failures import (
    DamagedStoreError,
    damaged_message,
    error_text,
    store_error,
)
from desktop_app.store.revisions import head_revision
from desktop_app.store.sqlite_files import (
    connect_read_only,
    read_ahead,
    repair_journal_permissions,
    sqlite_path,
)

BUSY_MESSAGE = (
    "the store is busy, try again in a moment (another program or user is writing to it; "
    "nothing was changed)"
)
# PostgreSQL: lock_not_available, serialization_failure, deadlock_detected.
_BUSY_SQLSTATES = frozenset({"55P03", "40001", "40P01"})


def is_busy_error(exc: BaseException) -> bool:
    """A write that lost a race for the store's lock (SQLite busy/locked, PostgreSQL lock
    conflicts): safe to retry, nothing was written."""
    text = str(exc).lower()
    if "database is locked" in text or "database is busy" in text:
        return True
    return getattr(exc, "sqlstate", None) in _BUSY_SQLSTATES


def check_store(url: str) -> None:
    """Refuse a damaged SQLite store: `PRAGMA quick_check` reads every page (0.4-0.8 s per
    million orders, 218 MB, on the 2-core reference machine; benchmarks/bench_open_check.py)
    and finds damaged pages and a damaged schema, which an import would otherwise write into.
    The file is read ahead in one sequential pass first (a cold first start after a reboot:
    about 1 s instead of 3.5-7 s), and checked on a plain read-only connection (the engine's
    64 MB page cache only slows the check down)."""
    path = plain_sqlite_path(url) or sqlite_path(url)
    if path is None or not path.exists() or path.stat().st_size == 0:
        return
    where = describe_url(url)
    read_ahead(path)
    try:
        with closing(connect_read_only(path)) as conn:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(3)").fetchall()]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if is_busy_error(exc):
            raise StoreError(BUSY_MESSAGE) from None
        mapped = store_error(exc, where)
        if mapped is None:
            raise StoreError(f"cannot open the store {where}: {error_text(exc)}") from None
        raise mapped from None
    if rows != ["ok"]:
        raise DamagedStoreError(damaged_message(where, "; ".join(rows)))


def plain_sqlite_path(url: str) -> Path | None:
    """The file of a plain SQLite URL ("sqlite:///path", no query options); None otherwise."""
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    path = url.removeprefix("sqlite:///")
    return Path(path) if path and path != ":memory:" else None


def reader(url: str) -> sqlite3.Connection | None:
    """A read-only connection to the SQLite store at `url` when it exists and its schema is
    this program's head revision, after the check every opening runs (a damaged store is
    refused here as there); None when the store must be opened the full way."""
    path = plain_sqlite_path(url)
    try:
        if path is None or not path.is_file() or path.stat().st_size == 0:
            return None
    except (OSError, ValueError):  # a name the system refuses: said by the full way
        return None
    repair_journal_permissions(path)
    check_store(url)
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        found = []
    if [tuple(row) for row in found] != [(head_revision(),)]:
        conn.close()
        return None
    return conn
