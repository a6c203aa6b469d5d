"""Opening a store as the program does: checked, created or migrated, and backed up before its
schema changes (the store layer takes the backup as a hook, so it never imports services)."""

from __future__ import annotations

from desktop_app.store.database import Store
from desktop_app.store.database import open_store as open_plain_store


def backup_before_migration(url: str, current: str, store_id: str | None) -> None:
    """An automatic copy of an existing SQLite store before its schema changes; a store that
    cannot be backed up is not migrated."""
    from desktop_app.services.backup import auto_backup

    auto_backup(url, f"before migrating from {current}", store_id=store_id)


def open_store(url: str, *, check: bool = True) -> Store:
    return open_plain_store(url, check=check, before_migrate=backup_before_migration)
