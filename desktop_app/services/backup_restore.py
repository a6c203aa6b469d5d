"""Putting a backup in place of a SQLite store, under the store's write lock.

The restore takes the same lock every writer takes (`BEGIN IMMEDIATE`, see
Store.write_transaction): a running import finishes first (the restore waits up to the busy
timeout, then refuses with "busy … nothing was changed"), and nobody can commit between the
before-restore copy and the replacement, so everything committed before the restore is in that
copy. The replacement happens inside the same transaction, table by table from the attached
backup: all or nothing, and other programs that have the store open simply see the new
contents afterwards (replacing the file under them would send their writes to a deleted file).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

from desktop_app.config import describe_url
from desktop_app.errors import StoreError
from desktop_app.services.backup import (
    auto_backup,
    copy_file,
    default_backup_name,
    known_store_id,
    require_file,
    store_backups_dir,
)
from desktop_app.services.backup_check import (
    BackupFacts,
    inspect_backup,
    known_revision,
    revision_of,
)
from desktop_app.store.database import is_busy_error
from desktop_app.store.failures import (
    READ_ONLY_MESSAGE,
    DamagedStoreError,
    error_text,
    store_error,
)
from desktop_app.store.identity import IDENTITY_TABLE, StoreIdentityRow, store_id_of
from desktop_app.store.sqlite_files import (
    BUSY_TIMEOUT_MS,
    can_write,
    journal_files,
    read_only_uri,
    wal_has_content,
)

log = logging.getLogger("payout_desk.backup")

RESTORE_BUSY = (
    "the store is busy: an import or another program is writing to it, and the restore waited "
    "{seconds} seconds for it to finish; nothing was changed. Try again when it has finished"
)


def restore(url: str, path: Path | str, *, force: bool = False) -> Path | None:
    """Replace the store at `url` with the backup at `path`, after checking the backup; returns
    the automatic copy of the store as it was (None if there was no store). A backup of
    another store (another store id) is refused unless `force`; the store keeps its own
    identity either way. An older backup is migrated when the store is next opened."""
    target = require_file(url)
    source = Path(path).expanduser()
    facts = inspect_backup(source)
    if target.exists() and source.resolve() == target.resolve():
        raise StoreError("that file is the store itself; choose a backup copy")
    if target.exists() and not can_write(target):
        why = "this program may not write the file or its folder"
        raise StoreError(READ_ONLY_MESSAGE.format(where=describe_url(url), why=why))
    if not target.exists() or target.stat().st_size == 0:
        _install(source, target)
        log.info("restored %s from %s (there was no store)", target, source)
        return None
    with _write_locked(target, source) as (conn, damage):
        if damage is not None:
            return _replace_damaged(url, target, source, facts, conn, force=force)
        _refuse_newer_store(conn, url)
        refusal = other_store(url, source, facts, target_id=store_id_of(conn))
        if refusal and not force:
            raise StoreError(refusal)
        identity = _identity_row(conn)
        # Inside the lock: nothing can commit between this copy and the replacement.
        safety = auto_backup(url, "before restore")
        try:
            _replace_contents(conn, identity)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            mapped = store_error(exc, describe_url(url))
            detail = str(mapped) if mapped else f"{error_text(exc)}; nothing was changed"
            kept = f" (the store as it was is also in {safety})" if safety else ""
            raise StoreError(f"could not restore into {describe_url(url)}: {detail}{kept}") from exc
    _checkpoint(target)
    log.info("restored %s from %s (previous copy: %s)", target, source, safety)
    return safety


def other_store(
    url: str,
    path: Path | str,
    facts: BackupFacts | None = None,
    *,
    target_id: str | None = None,
) -> str | None:
    """Why restoring `path` into the store at `url` needs forcing: the backup was taken from
    another store (another id). None when it is this store's, or either has no id."""
    from desktop_app.store.identity import read_store_id

    facts = facts or inspect_backup(path)
    target_id = target_id or read_store_id(require_file(url))
    if not facts.store_id or not target_id or facts.store_id == target_id:
        return None
    return _other_store_message(url, Path(path), facts, target_id)


def _other_store_message(url: str, path: Path, facts: BackupFacts, target_id: str) -> str:
    assert facts.store_id is not None
    whose = f"'{facts.merchant}', " if facts.merchant else ""
    return (
        f"{Path(path).expanduser()} is a backup of another store ({whose}store id "
        f"{facts.store_id[:8]}), not of {describe_url(url)} (store id {target_id[:8]}): restoring "
        "it would replace this store's data with the other store's. Nothing was changed; if "
        f"that is what you want, run `payout-desk restore {path} --force` (File → Restore "
        "from backup asks first)"
    )


def _damage(conn: sqlite3.Connection, where: str) -> str | None:
    """What is wrong with the store (None: it passes `PRAGMA quick_check`)."""
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA main.quick_check(3)").fetchall()]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if is_busy_error(exc):
            raise
        mapped = store_error(exc, where)
        if mapped is not None and not isinstance(mapped, DamagedStoreError):
            raise mapped from None
        return error_text(exc)
    return None if rows == ["ok"] else " ".join("; ".join(rows).split())


def _replace_damaged(
    url: str,
    target: Path,
    source: Path,
    facts: BackupFacts,
    conn: sqlite3.Connection,
    *,
    force: bool,
) -> Path:
    """A damaged store cannot be rebuilt table by table (its schema or pages cannot be read),
    so the file is replaced: the damaged file (and its -wal) is kept byte for byte next to
    the store's backups, and the backup is copied into place. Nobody else can have it open
    for writing: opening a damaged store is refused. Returns the kept damaged copy."""
    store_id = _readable_store_id(conn) or known_store_id(target)
    if facts.store_id and store_id and facts.store_id != store_id and not force:
        raise StoreError(_other_store_message(url, source, facts, store_id))
    folder = store_backups_dir(url, store_id=store_id)
    kept = folder / (default_backup_name(target, "damaged before restore") + ".damaged")
    fresh = target.with_name(f".{target.name}.{os.getpid()}.restoring")
    try:
        shutil.copyfile(target, kept)
        if wal_has_content(target):
            shutil.copyfile(journal_files(target)[0], journal_files(kept)[0])
        copy_file(source, fresh, journal_mode="WAL", action="restore")
        if store_id and store_id != facts.store_id:
            with closing(sqlite3.connect(fresh, isolation_level=None)) as new:
                new.execute("BEGIN IMMEDIATE")
                _put_identity(new, (1, store_id, _now()))
                new.execute("COMMIT")
        conn.close()  # the lock (if it was taken) is released only now, as the file is replaced
        for journal in journal_files(target):
            journal.unlink(missing_ok=True)  # the damaged store's log must not be replayed
        os.replace(fresh, target)
    except OSError as exc:
        raise StoreError(
            f"could not restore into {describe_url(url)} ({exc}); the damaged store is unchanged"
        ) from exc
    finally:
        fresh.unlink(missing_ok=True)
    log.warning("replaced the damaged store %s by %s (damaged copy kept: %s)", target, source, kept)
    return kept


def _readable_store_id(conn: sqlite3.Connection) -> str | None:
    try:
        return store_id_of(conn)
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return None


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@contextmanager
def _write_locked(target: Path, source: Path) -> Iterator[tuple[sqlite3.Connection, str | None]]:
    """A connection to the store holding its write lock, with the backup attached read-only
    as `restored`, and what is wrong with the store (None when it passes `quick_check`). A
    store too damaged to attach to or begin a transaction on comes back unlocked, with the
    damage said. Rolled back unless the caller commits."""
    conn = sqlite3.connect(target.resolve().as_uri(), uri=True, isolation_level=None)
    with closing(conn):
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=OFF")  # tables are replaced in any order
        try:
            # ATTACH reads the store's schema, and cannot be done inside a transaction.
            conn.execute("ATTACH DATABASE ? AS restored", (read_only_uri(source),))
            conn.execute("BEGIN IMMEDIATE")
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            if is_busy_error(exc):
                seconds = BUSY_TIMEOUT_MS // 1000
                raise StoreError(RESTORE_BUSY.format(seconds=seconds)) from None
            mapped = store_error(exc, str(target))
            if mapped is not None and not isinstance(mapped, DamagedStoreError):
                raise mapped from None  # read-only, disk full …: not a reason to replace it
            damage: str | None = error_text(exc)
        else:
            damage = _damage(conn, str(target))
        try:
            yield conn, damage
        finally:
            with suppress(sqlite3.ProgrammingError):  # (closed by a file replacement)
                if conn.in_transaction:
                    conn.execute("ROLLBACK")


def _refuse_newer_store(conn: sqlite3.Connection, url: str) -> None:
    revision = revision_of(conn)
    if revision is not None and not known_revision(revision):
        raise StoreError(
            f"{describe_url(url)} was written by a newer version of Payout Desk (schema "
            f"{revision}); this older version will not replace it (nothing was changed): install "
            "the newer version and restore with that"
        )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _replace_contents(conn: sqlite3.Connection, identity: tuple[object, ...] | None) -> None:
    """Drop every table, index, trigger and view of the store and rebuild them from the
    attached backup, in the caller's transaction."""
    old = conn.execute(
        "SELECT type, name FROM main.sqlite_master "
        "WHERE type IN ('view', 'trigger', 'table') AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    ).fetchall()
    for kind in ("view", "trigger", "table"):
        for found, name in old:
            if found == kind:
                conn.execute(f"DROP {kind.upper()} IF EXISTS main.{_quote(name)}")
    new = conn.execute(
        "SELECT type, name, sql FROM restored.sqlite_master "
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    ).fetchall()
    tables = [(name, sql) for kind, name, sql in new if kind == "table"]
    for _, sql in tables:
        conn.execute(sql)
    for name, sql in tables:
        _copy_rows(conn, name, sql)
    _copy_internal(conn, "sqlite_sequence")
    for kind in ("index", "trigger", "view"):
        for found, _, sql in new:
            if found == kind:
                conn.execute(sql)
    if identity is not None:
        _put_identity(conn, identity)
    problems = [str(r[0]) for r in conn.execute("PRAGMA main.quick_check").fetchall()]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError(f"the restored store fails its check: {problems[0]}")


def _copy_rows(conn: sqlite3.Connection, table: str, sql: str) -> None:
    """All rows, rowids included (they are what other rows refer to, when not an id column)."""
    info = conn.execute(f"PRAGMA restored.table_info({_quote(table)})").fetchall()
    columns = [_quote(str(c[1])) for c in info]
    keys = [c for c in info if c[5]]
    rowid_alias = len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER"
    if not rowid_alias and "WITHOUT ROWID" not in sql.upper():
        columns.insert(0, "rowid")
    names = ", ".join(columns)
    conn.execute(
        f"INSERT INTO main.{_quote(table)} ({names}) SELECT {names} FROM restored.{_quote(table)}"
    )


def _copy_internal(conn: sqlite3.Connection, table: str) -> None:
    def exists(schema: str) -> bool:
        found = conn.execute(
            f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        return found is not None

    if exists("main"):
        conn.execute(f"DELETE FROM main.{table}")
        if exists("restored"):
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM restored.{table}")


def _identity_row(conn: sqlite3.Connection) -> tuple[object, ...] | None:
    """The store's identity row as stored (kept across a restore of another store's data)."""
    if store_id_of(conn) is None:
        return None
    row = conn.execute(f"SELECT id, store_id, created_at FROM main.{IDENTITY_TABLE}").fetchone()
    return tuple(row) if row else None


def _put_identity(conn: sqlite3.Connection, row: tuple[object, ...]) -> None:
    """Give the restored data the replaced store's identity (creating the table in a backup
    from before store ids; migration 0012 then keeps it)."""
    if store_id_of(conn) == row[1]:
        return
    conn.execute(f"CREATE TABLE IF NOT EXISTS main.{IDENTITY_TABLE} ({_identity_columns()})")
    conn.execute(f"DELETE FROM main.{IDENTITY_TABLE}")
    conn.execute(
        f"INSERT INTO main.{IDENTITY_TABLE} (id, store_id, created_at) VALUES (?, ?, ?)", row
    )


def _identity_columns() -> str:
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    table = StoreIdentityRow.metadata.tables[IDENTITY_TABLE]
    ddl = str(CreateTable(table).compile(dialect=sqlite.dialect()))
    return ddl[ddl.index("(") + 1 : ddl.rindex(")")].strip()


def _install(source: Path, target: Path) -> None:
    """No store yet: the backup becomes the store (a copy renamed into place, in WAL mode)."""
    for journal in journal_files(target):
        journal.unlink(missing_ok=True)  # leftovers of a deleted store must not be replayed
    copy_file(source, target, journal_mode="WAL", action="restore")


def _checkpoint(target: Path) -> None:
    """Fold the restore's write-ahead log into the file (best effort: others may be reading)."""
    try:
        with closing(sqlite3.connect(target)) as conn:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        log.info("no checkpoint after restoring %s: %s", target, exc)
