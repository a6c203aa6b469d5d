"""The fast bulk path: rows go to the driver's `executemany` as plain tuples.

SQLAlchemy Core still processes every parameter of every row (type conversion, naming), which
costs more than SQLite's own insert. Here the import hands over values already in the driver's
shape (dates as ISO text for SQLite), inside the session's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session


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
    if dialect.name == "sqlite":
        rows = [tuple(v.isoformat() if isinstance(v, date) else v for v in row) for row in rows]
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()
