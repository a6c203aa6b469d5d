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


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


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
