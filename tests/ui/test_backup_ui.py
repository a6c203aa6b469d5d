"""File → Back up store / Restore from backup, driven through the real menu actions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import backup, partners
from desktop_app.store.database import Store, open_store
from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path, qsettings: QSettings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'shop.sqlite'}")
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Original", ("ORIG",)))
    win = MainWindow(store, qsettings)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.store.close()


def _codes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return sorted(r[0] for r in conn.execute("SELECT code FROM partner_codes"))


def _store_file(store: Store) -> Path:
    return Path(store.url.removeprefix("sqlite:///"))


def test_backup_now_writes_the_file_chosen(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "chosen.sqlite"
    asked: list[str] = []

    def save_dialog(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.actions["backup"].trigger()
    assert _codes(target) == ["ORIG"]
    assert Path(asked[0]).parent == backup.backups_dir()  # suggests the backups folder
    assert str(target) in window.statusBar().currentMessage()


def test_backup_cancelled_in_the_dialog_writes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    window.actions["backup"].trigger()
    assert not list(backup.backups_dir().iterdir())


def test_restore_asks_then_replaces_the_store_and_reopens_it(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    copy = backup.backup_to(window.store, tmp_path / "copy.sqlite")
    with window.store.transaction() as session:
        partners.create_partner(session, PartnerInput("Later", ("LATER",)))
    questions: list[str] = []

    def question(_parent, _title, text, _buttons, default):  # type: ignore[no-untyped-def]
        questions.append(text)
        assert default == QMessageBox.StandardButton.Cancel  # the safe default
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(copy), ""))
    monkeypatch.setattr(QMessageBox, "question", question)
    with qtbot.waitSignal(window.open_store_requested) as reopened:
        window.actions["restore"].trigger()
    assert reopened.args == [window.store.url]
    assert "copy.sqlite" in questions[0]
    assert _codes(_store_file(window.store)) == ["ORIG"]
    [safety] = backup.list_backups(window.store)
    assert safety.reason == "before restore"
    assert _codes(safety.path) == ["LATER", "ORIG"]


def test_restore_declined_changes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = backup.backup_to(window.store, tmp_path / "copy.sqlite")
    with window.store.transaction() as session:
        partners.create_partner(session, PartnerInput("Later", ("LATER",)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(copy), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Cancel)
    window.actions["restore"].trigger()
    window.store.close()
    assert _codes(_store_file(window.store)) == ["LATER", "ORIG"]


def test_restore_of_a_non_store_shows_why_and_asks_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "orders.csv"
    bogus.write_text("order,amount\n1,2\n")
    warnings: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(bogus), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a: pytest.fail("must not ask to restore a bad file")
    )
    window.actions["restore"].trigger()
    assert "is not a Payout Desk store" in warnings[0]
    assert _codes(_store_file(window.store)) == ["ORIG"]
