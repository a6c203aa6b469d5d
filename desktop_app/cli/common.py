"""Helpers shared by the CLI command modules: opening the store, parsing dates and formats.

Command modules are imported to build the parser for every call, `--version` and `--help`
included, so they and this module import no services, SQLAlchemy or Alembic at the top: a
handler imports what it needs when it runs (tests/cli/test_cli_startup.py).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

from desktop_app.cli.output import FORMATS
from desktop_app.domain.ids import id_problem, parse_id
from desktop_app.errors import StoreError, ValidationError

if TYPE_CHECKING:
    from desktop_app.store.database import Store


def store_url(args: argparse.Namespace, *, driver: bool = True) -> str:
    """The store's URL from --database (or the environment, or the default), refused at once
    with the reason when it cannot name a store (`driver`: see check_store_url)."""
    from desktop_app.config import resolve_database_url
    from desktop_app.store.database import check_store_url

    url = resolve_database_url(getattr(args, "database", None))
    check_store_url(url, driver=driver)
    return url


def existing_store_url(args: argparse.Namespace) -> str:
    """store_url, refusing a named SQLite file that does not exist: a mistyped --database must
    not silently create an empty store (and `run list` answer "none"). The default store in the
    data folder is created on first use, as the app does; `payout-desk init PATH` creates one."""
    from desktop_app.config import DATABASE_ENV, sqlite_path

    url = store_url(args)
    named = getattr(args, "database", None) or os.environ.get(DATABASE_ENV)
    path = sqlite_path(url)
    if named and path is not None and not path.exists():
        raise StoreError(
            f"there is no store at {path} (a mistyped path?); to create one there: "
            f"payout-desk init {path}"
        )
    return url


@contextmanager
def quick_reader(args: argparse.Namespace) -> Iterator[sqlite3.Connection | None]:
    """A plain read-only connection to the store when it is a SQLite file already at this
    program's schema, checked as any store opened (store.quick.reader); None otherwise, and the
    command opens the store the full way (cli_store)."""
    from desktop_app.config import resolve_database_url
    from desktop_app.store.quick import reader

    conn = reader(resolve_database_url(getattr(args, "database", None)))
    try:
        yield conn
    finally:
        if conn is not None:
            conn.close()


@contextmanager
def cli_store(args: argparse.Namespace) -> Iterator[Store]:
    from desktop_app.services.stores import open_store

    store = open_store(existing_store_url(args))
    try:
        yield store
    finally:
        store.close()


def add_format(parser: argparse.ArgumentParser, default: str = "table") -> None:
    parser.add_argument("--format", choices=FORMATS, default=default, help="output format")


def parse_date(text: str, field: str = "date") -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, f"'{text}' is not a date like 2026-10-31") from None


def date_arg(text: str) -> date:
    """argparse `type=` for ISO dates, reported as a one-line usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-10-31") from None


def id_arg(text: str) -> int:
    """argparse `type=` for record ids (runs, batches): 1 to 2**63 - 1, the one check for all."""
    value = parse_id(text)
    if value is None:
        raise argparse.ArgumentTypeError(id_problem(text))
    return value
