"""Files and folders a user names for output (statements, payout files): made ready before the
work starts, or refused with the field named, instead of failing half-way with an OSError."""

from __future__ import annotations

from pathlib import Path

from desktop_app.errors import ValidationError


def cannot_write(field: str, path: Path, exc: OSError) -> ValidationError:
    """The one-line error for an operating-system refusal while writing `path`."""
    where = exc.filename if isinstance(exc.filename, str) and exc.filename else str(path)
    return ValidationError(field, f"cannot write {where}: {exc.strerror or exc}")


def ready_folder(path: Path, field: str) -> Path:
    """Create the folder `path` (and its parents) if needed; refuse a file or a place that
    cannot hold a folder."""
    try:
        if path.exists() and not path.is_dir():
            raise ValidationError(field, f"{path} is a file, not a folder")
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ValidationError(field, f"{path} cannot be created: a part of it is a file") from None
    except NotADirectoryError:
        raise ValidationError(field, f"{path} cannot be created: a part of it is a file") from None
    except OSError as exc:
        raise ValidationError(
            field, f"cannot create the folder {path}: {exc.strerror or exc}"
        ) from None
    return path


def ready_file(path: Path, field: str) -> Path:
    """Make sure `path` can be written as a file: it has a name, is not a folder, and its
    folder exists (created if needed)."""
    if path.name in ("", ".", ".."):
        raise ValidationError(field, f"'{path}' is not a file name")
    try:
        if path.is_dir():
            raise ValidationError(field, f"{path} is a folder; give a file name")
    except OSError as exc:
        raise cannot_write(field, path, exc) from None
    ready_folder(path.parent, field)
    return path
