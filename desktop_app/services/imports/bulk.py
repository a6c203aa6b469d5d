"""The fast bulk path: rows go to the driver's `executemany` as plain tuples.

SQLAlchemy Core still processes every parameter of every row (type conversion, naming), which
costs more than SQLite's own insert. Here the import hands over values already in the driver's
shape (dates as ISO text for SQLite), inside the session's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

# Dates go to SQLite as ISO text, the very format SQLAlchemy's Date type stores, converted in
# the driver's C code (Python 3.12 deprecates the built-in default adapter, so say it here).
sqlite3.register_adapter(date, date.isoformat)


def bulk_insert(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(marker for _ in columns)})"
    )
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def select_in(
    session: Session, sql: str, first: Any, column: str, keys: Sequence[Any], chunk: int = 900
) -> list[tuple[Any, ...]]:
    """Rows of `sql` + "? AND column IN (...)" for all `keys`, `chunk` keys per statement
    (SQLite's bound-parameter limit), through the driver's cursor. `sql` ends with the
    first condition's operator, e.g. "SELECT ... FROM orders WHERE source = "."""
    if not keys:
        return []
    connection = session.connection()
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
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
    constraints stay: they are what catches a duplicate key."""

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
