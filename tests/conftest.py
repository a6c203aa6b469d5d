"""Shared fixtures: a real, migrated store in a temporary folder, and a private data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never try to open a real display in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.store.database import Store, open_store


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user's data folder and settings."""
    folder = tmp_path / "data"
    monkeypatch.setenv("PAYOUT_DESK_DATA_DIR", str(folder))
    monkeypatch.delenv("PAYOUT_DESK_DATABASE", raising=False)
    return folder


# PostgreSQL: when PAYOUT_DESK_TEST_DATABASE_URL names a server (a database on it the test user
# may connect to, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres), tests marked
# `postgres` get a fresh database on it instead of a SQLite file (dropped afterwards). The store,
# import and payout-run suites are marked by path below; a test can also opt in with the marker.
TEST_DATABASE_ENV = "PAYOUT_DESK_TEST_DATABASE_URL"
POSTGRES_SUITES = (
    "tests/services/test_store.py",
    "tests/services/test_partners.py",
    "tests/services/test_import",
    "tests/services/imports/",
    "tests/services/test_payout",
    "tests/services/test_plans",
    "tests/services/payouts/",
    "tests/services/test_fraud_lifts",
    "tests/services/test_rates",
    "tests/services/test_statement_heads",
    "tests/services/test_statement_mailing",
    "tests/safety/test_postgres",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(str(config.rootpath))
    for item in items:
        where = Path(str(item.path)).relative_to(root).as_posix()
        if where.startswith(POSTGRES_SUITES):
            item.add_marker(pytest.mark.postgres)


def postgres_server_url() -> str | None:
    return os.environ.get(TEST_DATABASE_ENV) or None


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    server = postgres_server_url()
    marked = request.node.get_closest_marker
    if server is None or marked("postgres") is None or marked("sqlite_only") is not None:
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    yield from _fresh_postgres_database(server, request.getfixturevalue("postgres_template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A database the migrations bring to the head once per test session; each test's database
    is a copy of it (CREATE DATABASE … TEMPLATE: about 0.03 s, where migrating a new one took
    0.25–0.5 s of every PostgreSQL test). Building it runs every migration on PostgreSQL, and
    test_store.test_migrations_match_the_models checks the schema they make."""
    from sqlalchemy.engine import make_url

    server = postgres_server_url()
    assert server is not None
    for url in _fresh_postgres_database(server, "template0"):
        open_store(url).close()  # no connection stays open: a template must have none
        yield str(make_url(url).database)


def _fresh_postgres_database(server: str, template: str) -> Iterator[str]:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"payout_desk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def qsettings(tmp_path: Path) -> Iterator[object]:
    """QSettings in a temporary INI file, so window-layout tests never touch the user's."""
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield settings
    settings.sync()


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests with Qt collect garbage as the app does (desktop_app/ui/collector.py): only on
    the UI thread, never in a worker job that happens to cross a threshold. Other tests keep
    Python's automatic collection."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    import gc
    import weakref

    from desktop_app.ui.collector import collect_on_ui_thread

    was_enabled = gc.isenabled()
    collector = collect_on_ui_thread(request.getfixturevalue("qapp"))
    yield
    collector.timer.stop()
    collector.timer.timeout.disconnect(collector.collect_due)  # no cycle back to it
    collector.setParent(None)  # the next test installs its own
    # Destroyed here (its last reference), while automatic collection is still off: a
    # collection that an allocation starts inside QObject's destructor destroys other Qt objects
    # there, which wait for the mutex that destructor holds (a test run hung so). A full
    # collection here as well doubled the Qt tests' time.
    gone = weakref.ref(collector)
    del collector
    assert gone() is None, "the collector outlived its test"
    if was_enabled:
        gc.enable()
