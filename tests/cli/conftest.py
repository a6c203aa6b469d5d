"""CLI tests work on a store that exists (`payout-desk init` made it), as a merchant's would:
commands refuse a --database file that does not exist."""

from __future__ import annotations

import pytest

from desktop_app.store.database import open_store


@pytest.fixture
def db_url(db_url: str) -> str:
    open_store(db_url).close()
    return db_url
