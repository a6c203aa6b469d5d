"""`payout-desk backup [--out FILE]`, `payout-desk backup --list` and `payout-desk restore FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.common import add_format, store_url
from desktop_app.cli.output import emit
from desktop_app.errors import StoreError


def register(subparsers: Any) -> None:

    parser = subparsers.add_parser(
        "backup",
        help="copy the whole store to a file (default: the backups folder)",
        description="Copy a consistent snapshot of the store with SQLite's online backup API; "
        "safe while the app is open. Without --out the copy goes to the backups folder in the "
        "data folder.",
    )
    parser.add_argument("--out", metavar="FILE", type=Path, help="file to write")
    parser.add_argument("--list", action="store_true", help="list this store's backups instead")
    add_format(parser)
    parser.set_defaults(handler=_backup)

    restore = subparsers.add_parser(
        "restore",
        help="replace the store with a backup copy",
        description="Replace the store with the backup FILE after checking that it is a sound "
        "Payout Desk store (PRAGMA integrity_check). The store as it was is first copied to "
        "its backups folder. A backup of another store is refused unless --force is given. "
        "Close the app before restoring.",
    )
    restore.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    restore.add_argument(
        "--force",
        action="store_true",
        help="restore even a backup of another store (its data replaces this store's; this "
        "store keeps its own id and backups folder)",
    )
    restore.set_defaults(handler=_restore)


def _backup(args: argparse.Namespace) -> None:
    from desktop_app.config import describe_url
    from desktop_app.services import backup
    from desktop_app.services.output_files import cannot_write

    url = store_url(args, driver=False)  # PostgreSQL: the service explains pg_dump
    if args.list:
        rows = [
            {
                "created": b.created.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "reason": b.reason,
                "size": b.size,
                "path": str(b.path),
            }
            for b in backup.list_backups(url)
        ]
        emit(rows, args.format, ["created", "reason", "size", "path"])
        return
    try:
        if args.out is None:
            written = backup.auto_backup(url, "manual")
            if written is None:
                written = backup.backup_to(url, backup.backups_dir())  # raises the clear message
        else:
            written = backup.backup_to(url, args.out)
    except OSError as exc:  # the copy is written to a temporary file: nothing half-written
        field = "out" if args.out is not None else "backup"
        raise cannot_write(field, args.out or Path(backup.BACKUP_DIR), exc) from None
    print(f"backed up {describe_url(url)} to {written}")


def _restore(args: argparse.Namespace) -> None:
    from desktop_app.config import describe_url
    from desktop_app.services import backup

    url = store_url(args, driver=False)  # PostgreSQL: the service explains pg_dump
    try:
        safety = backup.restore_from(url, args.file, force=args.force)
    except OSError as exc:  # reading the file or preparing the store's folder: nothing changed
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(args.file) else ""
        raise StoreError(
            f"cannot restore from {args.file}: {exc.strerror or exc}{where}; nothing was changed"
        ) from None
    kept = f" (the store as it was: {safety})" if safety else ""
    print(f"restored {describe_url(url)} from {args.file}{kept}")
