"""A store's identity: a random id written into the store once (migration 0012).

Backups are kept in a folder per store keyed by this id, not by the file's name, so two shops
that both keep a `payout-desk.sqlite` (in different folders) never see, prune or restore each
other's copies. The id travels with the data: a backup carries the id of the store it was taken
from, which is how a restore recognises a copy of another store.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.base import Base, UTCDateTime, utcnow
from desktop_app.store.sqlite_files import connect_read_only

IDENTITY_TABLE = "store_identity"


class StoreIdentityRow(Base):
    """The store's one identity row (id 1)."""

    __tablename__ = IDENTITY_TABLE

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def new_store_id() -> str:
    return uuid.uuid4().hex


def store_id_of(conn: sqlite3.Connection, schema: str = "main") -> str | None:
    """The id recorded in an open SQLite database (None when it has none: an older schema)."""
    found = conn.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?",
        (IDENTITY_TABLE,),
    ).fetchone()
    if found is None:
        return None
    row = conn.execute(f"SELECT store_id FROM {schema}.{IDENTITY_TABLE} WHERE id = 1").fetchone()
    return str(row[0]) if row and row[0] else None


def read_store_id(path: Path) -> str | None:
    """The id of the SQLite store file at `path`; None if it has none or cannot be read."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        with closing(connect_read_only(path)) as conn:
            return store_id_of(conn)
    except (sqlite3.Error, UnicodeDecodeError):
        return None
