"""Where the store lives and how a database URL is chosen.

Order of precedence: `--database URL` on the command line, then the `PAYOUT_DESK_DATABASE`
environment variable, then the default SQLite file in the user's data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop_app import APP_NAME, ORG_NAME

DATABASE_ENV = "PAYOUT_DESK_DATABASE"
STORE_FILE = "payout-desk.sqlite"
DEMO_STORE_FILE = "payout-desk-demo.sqlite"


def data_dir() -> Path:
    """The per-user data folder (e.g. ~/.local/share/Payout Desk on Linux)."""
    override = os.environ.get("PAYOUT_DESK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs  # here: the app's window paints before a store needs the folder

        path = Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def default_database_url() -> str:
    return os.environ.get(DATABASE_ENV) or sqlite_url(data_dir() / STORE_FILE)


def demo_database_url() -> str:
    return sqlite_url(data_dir() / DEMO_STORE_FILE)


def resolve_database_url(value: str | None) -> str:
    """Accept a full SQLAlchemy URL or a plain file path (the friendlier form for a user)."""
    if not value:
        return default_database_url()
    if "://" in value:
        return value
    return sqlite_url(Path(value).expanduser())


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite store URL (None for other databases and in-memory stores)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def describe_url(url: str) -> str:
    """A short, password-free description of a store for status bars and messages."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    head, sep, tail = url.partition("@")
    if sep:
        scheme = head.split("://", 1)[0]
        return f"{scheme}://…@{tail}"
    return url
