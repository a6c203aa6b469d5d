"""`payout-desk init PATH`: create a new, empty store (other commands refuse a missing file)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.errors import StoreError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create a new, empty store file",
        description="Create a new store (a SQLite file) and bring it to the current schema. "
        "Then set the merchant profile (merchant set) and import partners and orders.",
    )
    parser.add_argument("path", metavar="PATH", help="the new store file, e.g. shop.sqlite")
    parser.set_defaults(handler=_init)


def _init(args: argparse.Namespace) -> None:
    from desktop_app.config import describe_url, sqlite_url
    from desktop_app.services.stores import open_store
    from desktop_app.store.database import check_store_url

    path = Path(args.path).expanduser()
    url = sqlite_url(path)
    check_store_url(url)  # first: it refuses names the system cannot hold, with the reason
    if path.exists():
        raise StoreError(f"{path} already exists; choose a new file name for a new store")
    open_store(url).close()
    print(f"store created: {describe_url(url)}")
