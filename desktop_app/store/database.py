"""Opening a store: engine, SQLite pragmas, sessions and automatic migration.

A store is a SQLite file (WAL journal, foreign keys on) or a PostgreSQL database. Opening one
creates it if needed and brings its schema to the version this program knows, in one
transaction; a store written by a newer Payout Desk is refused rather than damaged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.config import describe_url
from desktop_app.errors import StoreError
from desktop_app.store.failures import (
    CANNOT_OPEN_MESSAGE,
    store_error,
)
from desktop_app.store.identity import IDENTITY_TABLE, new_store_id
from desktop_app.store.quick import BUSY_MESSAGE as BUSY_MESSAGE
from desktop_app.store.quick import check_store as check_store
from desktop_app.store.quick import is_busy_error as is_busy_error
from desktop_app.store.revisions import head_revision as head_revision
from desktop_app.store.sqlite_files import (
    can_write,
    read_only_uri,
    repair_journal_permissions,
    sqlite_path,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SQLITE_BUSY_TIMEOUT_MS = 5000
# Keys per `IN (...)` of one statement: well under SQLite's limit of bound parameters (999 in
# older builds); a longer list is read in chunks of this many.
IN_LIST_LIMIT = 900
# PostgreSQL advisory lock key of a store's single writer (any constant; "PAYD" in ASCII).
WRITE_LOCK_KEY = 0x50415944


@dataclass
class Store:
    """An open store. Use `transaction()` for work that must be all-or-nothing."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def description(self) -> str:
        return describe_url(self.url)

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any exception.

        For reading, and for small writes that cannot race; anything that must not interleave
        with another writer (imports, payout runs, restore) uses `write_transaction()`."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def write_transaction(self) -> Iterator[Session]:
        """A transaction that holds the store's write lock from its first statement.

        SQLite: `BEGIN IMMEDIATE`, so a second writer waits up to the busy timeout at the start
        instead of failing at once when a read transaction tries to upgrade (WAL snapshots cannot
        be upgraded once another writer committed). PostgreSQL: a transaction-scoped advisory
        lock, so two writers on a shared store run one after the other just as on SQLite (and
        a lock and an import can never interleave their reads and writes)."""
        with self.sessions.begin() as session:
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            else:
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            yield session

    def close(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("desktop_app.store") / "migrations"))
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    """The migration scripts, read once per process (alembic compiles every revision file
    each time a ScriptDirectory is made, ~15 ms on each store opened)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def _read_only_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)


def _install_sqlite_pragmas(engine: Engine, url: str, *, read_only: bool = False) -> None:
    where = describe_url(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (not the sqlite3 module) decide when transactions start, so that DDL in
        # migrations and multi-statement imports are truly atomic.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-65536")  # 64 MB: bulk imports keep indexes in memory
            cursor.execute("PRAGMA temp_store=MEMORY")
        except UnicodeDecodeError as exc:  # a damaged schema quoted in SQLite's message
            mapped = store_error(exc, where)
            if mapped is None:
                raise
            raise mapped from None
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def _install_error_messages(engine: Engine, url: str) -> None:
    """Driver errors the user can act on (busy, damaged, read-only, disk full …) become one
    clear StoreError instead of an internal error."""
    where = describe_url(url)

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> BaseException | None:
        if is_busy_error(context.original_exception):
            return StoreError(BUSY_MESSAGE)
        return store_error(context.original_exception, where)


SUPPORTED_BACKENDS = ("sqlite", "postgresql")
POSTGRES_DRIVER_HINT = (
    "Payout Desk talks to PostgreSQL through psycopg 3: install it with "
    "pip install 'payout-desk[postgres]' and write the URL as postgresql+psycopg://user@host/db"
)


def check_store_url(url: str, *, driver: bool = True) -> URL:
    """Refuse, with a sentence saying why, a URL that cannot name a store of this program: not a
    URL at all, another kind of database, a PostgreSQL driver that is missing or asyncio-only
    (unless `driver` is False: backups, which never connect to PostgreSQL), or a SQLite file
    that is a folder or whose name the system refuses."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"'{describe_url(url)}' is neither a file path nor a database URL like "
            "sqlite:///path/to/store.sqlite or postgresql+psycopg://user@host/db"
        ) from None
    where = describe_url(url)
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise StoreError(
            f"{where}: Payout Desk keeps its store in a SQLite file or a PostgreSQL database, "
            f"not in {backend}"
        )
    if backend == "sqlite":
        _check_sqlite_file(parsed.database or "")
    if not driver:
        return parsed
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise StoreError(
            f"{where}: unknown driver '{parsed.drivername}'; {POSTGRES_DRIVER_HINT}"
        ) from None
    if dialect.is_async:
        raise StoreError(
            f"{where}: '{parsed.drivername}' is an asyncio driver; {POSTGRES_DRIVER_HINT}"
        )
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        raise StoreError(
            f"{where}: the database driver {exc.name or parsed.drivername} is not installed; "
            f"{POSTGRES_DRIVER_HINT}"
        ) from None
    return parsed


def _check_sqlite_file(database: str) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        if path.is_dir():
            raise StoreError(f"{path} is a folder; give the name of the store's file")
        for folder in path.parents:  # the nearest folder that exists must be a folder
            if folder.exists():
                if not folder.is_dir():
                    raise StoreError(f"cannot keep a store in {path}: {folder} is a file")
                break
    except OSError as exc:
        raise StoreError(f"cannot use {path} as a store: {exc.strerror or exc}") from None


def create_store_engine(url: str) -> Engine:
    parsed = check_store_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        read_only = False
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                raise StoreError(CANNOT_OPEN_MESSAGE.format(where=describe_url(url))) from None
            read_only = path.exists() and not can_write(path)
        if path is not None and read_only:
            # Reads work; a write gets "the store … is read-only". No -shm is made, which
            # would stay read-only and keep the store unwritable after chmod u+w.
            engine = create_engine(url, creator=lambda: _read_only_connection(path))
        else:
            engine = create_engine(url)
        _install_sqlite_pragmas(engine, url, read_only=read_only)
    else:
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "postgresql" and "options" not in parsed.query:
            # Wait for another writer's locks as long as SQLite does, then say "busy".
            connect_args["options"] = f"-c lock_timeout={SQLITE_BUSY_TIMEOUT_MS}"
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    _install_error_messages(engine, url)
    return engine


# Called before an existing store's schema changes, with the store's URL, its revision and the id
# it is about to get (None: it has one): the services' automatic backup (services/stores.py
# passes it; the store layer knows nothing of backups). A hook that raises stops the migration.
BeforeMigrate = Callable[[str, str, str | None], None]


def stored_revision(engine: Engine) -> str | None:
    """The store's schema revision: one SELECT on alembic_version (None: no such table, or no
    row, as in a new store)."""
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except DBAPIError as exc:
        if "alembic_version" not in str(exc.orig):  # not the missing table of a new store
            raise
        return None
    return None if found is None else str(found[0])


def migrate(engine: Engine, url: str, before_migrate: BeforeMigrate | None = None) -> None:
    """Bring the schema to this program's head revision in one transaction, or refuse.

    A store already at the head costs one SELECT; Alembic is loaded only to migrate (or to
    create a new store, or to refuse one written by a newer version)."""
    if stored_revision(engine) == head_revision():
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.util.exc import CommandError

    cfg = alembic_config()
    script = _scripts()
    head = script.get_current_head()
    where = describe_url(url)
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current is None:
            foreign = set(inspect(connection).get_table_names()) - {"alembic_version"}
            if foreign:
                raise StoreError(
                    f"{where} is not a Payout Desk store (it already holds other tables: "
                    f"{', '.join(sorted(foreign)[:5])}). Choose an empty or new file."
                )
        else:
            try:
                script.get_revision(current)
            except CommandError:
                raise StoreError(
                    f"{where} was written by a newer version of Payout Desk (schema {current}); "
                    "install the newer version to open it. The file was not changed."
                ) from None
        if current != head:
            if current is not None:
                store_id = None
                if IDENTITY_TABLE not in inspect(connection).get_table_names():
                    # Chosen now so that the copy taken before migrating lands in the folder
                    # of the store the migration is about to name (migration 0012).
                    store_id = cfg.attributes["store_id"] = new_store_id()
                if before_migrate is not None:
                    before_migrate(url, current, store_id)
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")


def open_store(
    url: str,
    *,
    migrate_schema: bool = True,
    check: bool = True,
    before_migrate: BeforeMigrate | None = None,
) -> Store:
    """Open (creating and migrating if needed) the store at `url`. A SQLite store is checked
    first (`PRAGMA quick_check`): a damaged one is refused before anything is written to it.
    Programs open stores through services.stores.open_store, which backs a store up before
    migrating it."""
    path = sqlite_path(url)
    if path is not None:
        repair_journal_permissions(path)
    engine = create_store_engine(url)
    try:
        if check:
            check_store(url)
        if migrate_schema:
            migrate(engine, url, before_migrate)
    except DatabaseError as exc:
        engine.dispose()
        where = describe_url(url)
        mapped = store_error(exc.orig or exc, where)
        raise mapped or StoreError(f"cannot open the store {where}: {exc.orig}") from exc
    except BaseException:
        engine.dispose()
        raise
    return Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
