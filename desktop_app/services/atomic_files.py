"""Writing files the user asked for (statements, payout files, backups) so that a failure
leaves nothing behind: data goes to `.<name>.part` and is renamed into place, and on any
failure (a full disk, a read-only folder) the `.part` file is removed and the failure is
said in one line instead of an internal error."""

from __future__ import annotations

import errno
from pathlib import Path

from desktop_app.errors import UserError

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def write_file_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary `.part` file renamed into place."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(write_failure(exc, path)) from exc
    return path


def write_failure(exc: BaseException, path: Path) -> str:
    """Why `path` could not be written, in words (OSError or a SQLite error's text)."""
    code = getattr(exc, "errno", None)
    text = " ".join(str(getattr(exc, "strerror", None) or exc).split())
    lowered = text.lower()
    if code in _FULL or "disk is full" in lowered or "no space left" in lowered:
        return f"the disk is full: could not write {path}; nothing was written there"
    if code in _READ_ONLY or "read-only" in lowered or "readonly" in lowered:
        return f"cannot write {path}: its folder is read-only or you may not write there ({text})"
    return f"could not write {path} ({text})"
