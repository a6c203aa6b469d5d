"""Reading and writing many rows at driver speed, for the payout run's 100,000-line paths.

SQLAlchemy's result processing (and the ORM's) costs more than SQLite itself on a big read: on
SQLite a query's rows are fetched straight from the driver's cursor, values as SQLite gives them
(dates as ISO text, booleans as 0/1, exact decimals as their text: what SQLAlchemy's own types
wrote). PostgreSQL's driver already hands back dates and booleans, and goes through Core.
`Days` turns either kind of date into a `date`, once per distinct day.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql import Select

from desktop_app.config import describe_url
from desktop_app.errors import StoreError
from desktop_app.store.database import BUSY_MESSAGE, is_busy_error
from desktop_app.store.failures import store_error


def is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def driver_rows(connection: Connection, query: Select[Any]) -> Sequence[Sequence[Any]]:
    """The rows of a Core select, as tuples of driver values (see the module's note). The
    query's parameters are rendered into its SQL: give it only numbers, dates and fixed words."""
    if not is_sqlite(connection):
        return connection.execute(query).all()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        return cursor.execute(sql).fetchall()  # type: ignore[no-any-return]
    except sqlite3.Error as exc:
        raise _mapped(connection, exc) from None
    finally:
        cursor.close()


def driver_executemany(connection: Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """`sql` (an INSERT compiled for SQLite, qmark parameters) for each row of driver values."""
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    except sqlite3.Error as exc:
        raise _mapped(connection, exc) from None
    finally:
        cursor.close()


def _mapped(connection: Connection, exc: sqlite3.Error) -> BaseException:
    """The one-line StoreError the engine's error handler would give (database.py)."""
    if is_busy_error(exc):
        return StoreError(BUSY_MESSAGE)
    where = describe_url(connection.engine.url.render_as_string(hide_password=True))
    return store_error(exc, where) or exc


class Days(dict[Any, date | None]):
    """Driver date → `date` (ISO text on SQLite, a date already on PostgreSQL; None stays
    None), decoded once per distinct day."""

    def __missing__(self, value: Any) -> date | None:
        day = value if value is None or isinstance(value, date) else date.fromisoformat(value)
        self[value] = day
        return day
