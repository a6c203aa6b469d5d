"""What a failed store operation means for the user, in one line.

SQLite (and PostgreSQL) report a damaged file, a read-only file or folder, a full disk or a
failing disk as driver errors; without this they reach the user as "internal error" with a
traceback in the log. Each becomes a StoreError (printed as one line, exit code 2, by the CLI;
shown in a message box by the app) that says what happened, that nothing was changed, and
what to do. SQLite rolls back the statement and the transaction that hit the error, so
"nothing was changed" is true when these are raised.
"""

from __future__ import annotations

from desktop_app.errors import StoreError

RESTORE_HINT = (
    "Restore it from a backup: `payout-desk restore BACKUP` (`payout-desk backup --list` lists "
    "its copies) or File → Restore from backup in the app"
)
READ_ONLY_MESSAGE = (
    "the store {where} is read-only ({why}); nothing was changed. Make the file and its folder "
    "writable (e.g. chmod u+w) or copy the store to a folder you may write, then try again"
)
DISK_FULL_MESSAGE = "the disk is full ({where}); nothing was changed. Free some space and try again"
CANNOT_OPEN_MESSAGE = (
    "cannot open the store {where}: unable to open the database file (does its folder exist, "
    "and may it be written?); nothing was changed"
)
IO_MESSAGE = (
    "the store {where} could not be read or written (disk I/O error: is the disk full, "
    "removed or failing?); nothing was changed"
)

_DAMAGED = ("malformed", "file is not a database", "database corrupt")
_READ_ONLY = ("readonly database", "read-only file system", "read only file system")
_FULL = ("database or disk is full", "no space left on device")
_CANNOT_OPEN = ("unable to open database file",)
_IO = ("disk i/o error",)
# PostgreSQL SQLSTATEs: disk_full, read_only_sql_transaction, data_corrupted, index_corrupted.
_PG_FULL, _PG_READ_ONLY, _PG_DAMAGED = "53100", "25006", ("XX001", "XX002")


class DamagedStoreError(StoreError):
    """The store file is damaged: only restoring a backup helps."""


def error_text(exc: BaseException) -> str:
    """The driver's message on one line. SQLite may quote damaged bytes that are not UTF-8 in
    its message, and Python then raises UnicodeDecodeError instead of the error itself."""
    if isinstance(exc, UnicodeDecodeError) and isinstance(exc.object, bytes):
        text = exc.object.decode("utf-8", "replace")
    else:
        text = str(getattr(exc, "orig", None) or exc)
    return " ".join(text.split())


def damaged_message(where: str, detail: str) -> str:
    detail = " ".join(detail.replace("*** in database main ***", "").split())
    if len(detail) > 160:
        detail = detail[:157] + "…"
    if "file is not a database" in detail:
        return (
            f"cannot open the store {where}: it is not a SQLite database or is damaged "
            f"({detail}); nothing was written to it. {RESTORE_HINT}"
        )
    return f"the store {where} is damaged ({detail}); nothing was written to it. {RESTORE_HINT}"


def store_error(exc: BaseException, where: str) -> StoreError | None:
    """The one-line StoreError for a driver error that is about the store's file or disk
    (None for anything else, which stays a bug to report)."""
    if isinstance(exc, StoreError):
        return exc
    text = error_text(exc)
    lowered = text.lower()
    sqlstate = getattr(exc, "sqlstate", None)
    if isinstance(exc, UnicodeDecodeError) and not any(m in lowered for m in _DAMAGED):
        return None
    if any(m in lowered for m in _DAMAGED) or sqlstate in _PG_DAMAGED:
        return DamagedStoreError(damaged_message(where, text))
    if any(m in lowered for m in _READ_ONLY) or sqlstate == _PG_READ_ONLY:
        return StoreError(READ_ONLY_MESSAGE.format(where=where, why=_read_only_why(lowered)))
    if any(m in lowered for m in _FULL) or sqlstate == _PG_FULL:
        return StoreError(DISK_FULL_MESSAGE.format(where=where))
    if any(m in lowered for m in _CANNOT_OPEN):
        return StoreError(CANNOT_OPEN_MESSAGE.format(where=where))
    if any(m in lowered for m in _IO):
        return StoreError(IO_MESSAGE.format(where=where))
    return None


def _read_only_why(lowered: str) -> str:
    if "file system" in lowered:
        return "it is on a read-only disk or mount"
    return "this program may not write the file or its folder"
