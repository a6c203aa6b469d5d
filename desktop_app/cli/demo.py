"""`payout-desk demo`: create a store filled with believable sample data."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop_app.cli.common import store_url


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a demo store (default: the demo file in the data folder)",
        description="Create a store with a sample merchant, 40 partners, six months of orders, "
        "clicks and refunds, plans and payout runs. The target store must hold no partners yet.",
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> None:
    from desktop_app.config import demo_database_url, describe_url
    from desktop_app.services.demo import seed_demo
    from desktop_app.services.stores import open_store

    url = store_url(args) if args.database else demo_database_url()
    store = open_store(url)
    try:
        seed_demo(store, progress=lambda msg: print(f"adding {msg}…", file=sys.stderr))
    finally:
        store.close()
    print(f"demo store ready: {describe_url(url)}")
