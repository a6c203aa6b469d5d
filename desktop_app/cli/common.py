"""Helpers shared by the CLI command modules: opening the store, parsing dates and formats."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from desktop_app.cli.output import FORMATS
from desktop_app.config import resolve_database_url
from desktop_app.domain.ids import id_problem, parse_id
from desktop_app.errors import ValidationError
from desktop_app.store.database import Store, check_store_url, open_store


def store_url(args: argparse.Namespace, *, driver: bool = True) -> str:
    """The store's URL from --database (or the environment, or the default), refused at once
    with the reason when it cannot name a store (`driver`: see check_store_url)."""
    url = resolve_database_url(getattr(args, "database", None))
    check_store_url(url, driver=driver)
    return url


@contextmanager
def cli_store(args: argparse.Namespace) -> Iterator[Store]:
    store = open_store(store_url(args))
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
