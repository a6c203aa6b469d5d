"""The fast bulk path: rows go straight to the driver as plain tuples.

SQLAlchemy Core still processes every parameter of every row (type conversion, naming), which
costs more than SQLite's own insert. Here the import hands over values already in the driver's
shape (dates as ISO text for SQLite), inside the session's transaction.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from desktop_app.store.database import IN_LIST_LIMIT

# Dates go to SQLite as ISO text, the very format SQLAlchemy's Date type stores, converted in
# the driver's C code (Python 3.12 deprecates the built-in default adapter, so say it here).
sqlite3.register_adapter(date, date.isoformat)


def _marker(connection: Connection) -> str:
    """The driver's bound-parameter marker: "?" for sqlite3, "%s" for psycopg."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def _values_sql(table: str, columns: Sequence[str], marker: str, rows: int) -> str:
    row = f"({', '.join(marker for _ in columns)})"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * rows)}"


def bulk_insert(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    connection = session.connection()
    sql = _values_sql(table, columns, _marker(connection), 1)
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


# Rows per multi-row INSERT: bounded by the driver's limit on bound parameters (SQLite's
# SQLITE_LIMIT_VARIABLE_NUMBER, 32766 in most builds; PostgreSQL's protocol allows 65535).
MAX_ROWS_PER_STATEMENT = 5000
POSTGRES_MAX_PARAMETERS = 65535


class _QuickSwitching:
    """The process's switch interval is 0.5 ms while any BackgroundInserts thread lives, and
    its own value again once the last one is gone."""

    INTERVAL = 0.0005

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._before = 0.0

    def enter(self) -> None:
        with self._lock:
            if self._users == 0:
                self._before = sys.getswitchinterval()
                sys.setswitchinterval(min(self._before, self.INTERVAL))
            self._users += 1

    def leave(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                sys.setswitchinterval(self._before)


_quick_switching = _QuickSwitching()


def _all_equal(values: Sequence[Any]) -> bool:
    first = values[0]
    return (
        type(first) in (str, int)
        and values[-1] == first  # (an order id column fails here, not after a whole count)
        and values.count(first) == len(values)
    )


def _iso_dates(days: Sequence[Any]) -> list[Any]:
    """Dates as the ISO text SQLite stores (the adapter above), each distinct one written
    once: the insert thread would call the adapter for every row, holding the GIL."""
    texts = {day: day.isoformat() if isinstance(day, date) else day for day in set(days)}
    return list(map(texts.__getitem__, days))


def _rows_per_statement(count: int, most: int) -> int:
    """Rows per INSERT for `count` rows, at most `most`: equal statements (a chunk of 5000
    rows in two of 2500, not 3640 + 1360), so every chunk's statements are the same text."""
    most = max(1, min(MAX_ROWS_PER_STATEMENT, most))
    return -(-count // -(-count // most))


class BackgroundInserts:
    """Inserts one chunk of rows on a second thread while the caller parses the next chunk.

    Parsing is Python and holds the GIL; the database does its work with the GIL released,
    so the two overlap on two cores. Each chunk goes as a few multi-row INSERT statements: a
    statement hands the GIL back once, where `executemany` would wait for it after every row
    while the parser runs (measured slower than no thread at all). One insert runs at a time
    and the session is not used meanwhile: every other statement on the session must come
    after `wait()`, which also raises the insert's error, if any, in the caller's thread.

    While the thread lives, the interpreter's switch interval is 0.5 ms instead of 5 ms: a
    finished statement waits that long for the parser to hand the GIL back (measured: the
    200k-row import waited 0.9 s on inserts with 5 ms, 0.1 s with 0.5 ms)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._thread: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None

    def insert(
        self,
        table: str,
        names: Sequence[str],
        columns: Sequence[Sequence[Any]],
        same: Sequence[tuple[str, Any]] = (),
    ) -> None:
        """Start inserting rows given column by column (`columns[k]` holds the values of
        `names[k]`, one per row) after the previous insert has finished, and return.
        `same`: (name, value) of further columns every row has the same value in. On SQLite
        such values, and a given column's when all its values are equal (a file in one
        currency), are bound once per statement (a numbered parameter each row names again):
        binding holds the GIL, which the parser is waiting for."""
        self.wait()
        count = len(columns[0]) if columns else 0
        if not count:
            return
        connection = self.session.connection()
        driver = connection.connection.driver_connection
        assert driver is not None
        marker = _marker(connection)
        given = list(zip(names, columns, strict=True))
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            limit = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            constant = [(name, values) for name, values in given if _all_equal(values)]
            if count > 1 and len(constant) < len(given):  # a row of its own keeps one
                same = [*same, *((name, values[0]) for name, values in constant)]
                bound = {name for name, _ in constant}
                given = [(name, values) for name, values in given if name not in bound]
            first = [value for _, value in same]
            markers = [f"?{n}" for n in range(1, len(same) + 1)] + [marker] * len(given)
            names = [*(name for name, _ in same), *(name for name, _ in given)]
        else:  # psycopg has no numbered parameters: every row carries the values
            limit = POSTGRES_MAX_PARAMETERS
            given = [*((name, [value] * count) for name, value in same), *given]
            first, markers, names = [], [marker] * len(given), [name for name, _ in given]
        width = len(given)
        values: list[Any] = [None] * (count * width)  # row after row, as the VALUES list
        for at, (_, column) in enumerate(given):
            if sqlite and type(column[0]) is date:
                column = _iso_dates(column)
            values[at::width] = column
        per = _rows_per_statement(count, (limit - len(first)) // width)
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="payout-desk-insert")
            _quick_switching.enter()
        head = f"INSERT INTO {table} ({', '.join(names)}) VALUES "
        self._pending = self._thread.submit(
            self._run, driver, head, f"({', '.join(markers)})", first, width, per, values
        )

    @staticmethod
    def _run(
        driver: Any,
        head: str,
        row_sql: str,
        first: list[Any],
        width: int,
        per: int,
        values: list[Any],
    ) -> None:
        """`values` (`width` per row) in statements of `per` rows (the last may have fewer):
        the same statement text again and again, which the driver's cache prepares once."""
        cursor = driver.cursor()
        try:
            step = per * width
            for begin in range(0, len(values), step):
                part = values[begin : begin + step]
                cursor.execute(head + ", ".join([row_sql] * (len(part) // width)), first + part)
        finally:
            cursor.close()

    def wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Let a running insert finish, then stop the thread; called on every way out, before
        the transaction ends. Only an import that is failing or cancelled still has an insert
        running here (a finished one has waited): its transaction is rolled back, and the
        insert's own error, if any, gives way to the one already on its way to the user."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.exception()  # waits; the outcome no longer matters
        if self._thread is not None:
            self._thread.shutdown()
            self._thread = None
            _quick_switching.leave()


def select_in(
    session: Session,
    sql: str,
    first: Any,
    column: str,
    keys: Sequence[Any],
    chunk: int = IN_LIST_LIMIT,
) -> list[tuple[Any, ...]]:
    """Rows of `sql` + "? AND column IN (...)" for all `keys`, `chunk` keys per statement
    (SQLite's bound-parameter limit), through the driver's cursor. `sql` ends with the
    first condition's operator, e.g. "SELECT ... FROM orders WHERE source = "."""
    if not keys:
        return []
    connection = session.connection()
    marker = _marker(connection)
    cursor = connection.connection.cursor()
    rows: list[tuple[Any, ...]] = []
    try:
        for begin in range(0, len(keys), chunk):
            part = list(keys[begin : begin + chunk])
            cursor.execute(
                f"{sql}{marker} AND {column} IN ({', '.join(marker for _ in part)})",
                [first, *part],
            )
            rows.extend(tuple(row) for row in cursor.fetchall())
    finally:
        cursor.close()
    return rows


class DeferredIndexes:
    """A big insert into a small SQLite table: drop the table's secondary indexes and build
    them again at the end (one sort per index instead of one B-tree insert per row and index;
    about a third faster from a few tens of thousands of rows on). DDL is transactional in
    SQLite, so a rolled-back import gets its indexes back untouched. The definitions are read
    from the database itself, so the rebuilt indexes are exactly the migrated ones. Unique
    constraints stay: they are what catches a duplicate key. (Keeping the indexes whose keys
    arrive in order, on the insert thread while the parser works, measured slower: 1.51-1.56×
    the import's floor against 1.21-1.52× dropping them all.)"""

    def __init__(self, session: Session, table: str) -> None:
        self.session = session
        self.table = table
        self.dropped: list[tuple[str, str]] = []

    @staticmethod
    def possible(session: Session) -> bool:
        return session.connection().dialect.name == "sqlite"

    def drop(self) -> None:
        cursor = self.session.connection().connection.cursor()
        try:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                (self.table,),
            )
            for name, sql in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                self.dropped.append((name, sql))
        finally:
            cursor.close()

    def rebuild(self) -> None:
        cursor = self.session.connection().connection.cursor()
        try:
            for _name, sql in self.dropped:
                cursor.execute(sql)
        finally:
            cursor.close()
        self.dropped = []
