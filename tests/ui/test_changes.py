"""Announced changes (ui/events.py): a screen reads its data again only for the kinds it
listens to, never for its own announcement; a mutation job announces its command's changes
once it succeeded, a query job nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import desktop_app.ui
from desktop_app.services.changes import Changed, Changes
from desktop_app.ui.events import announce, data_events
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.partners import PartnersScreen
from desktop_app.ui.workers import start_mutation, start_query


def test_a_screen_on_show_refreshes_for_the_changes_it_listens_to(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    main_window.show()
    screen = main_window.show_screen_of(PartnersScreen)
    calls: list[str] = []
    monkeypatch.setattr(screen, "refresh", lambda: calls.append("refresh"))
    announce(Changes.RATES)  # not shown on the Partners screen
    assert calls == []
    announce(Changes.PLANS | Changes.RATES)  # the plan in force is
    assert calls == ["refresh"]
    announce(Changes.PARTNERS, screen)  # its own announcement: it refreshed itself already
    assert calls == ["refresh"]
    announce(Changes.NONE)
    assert calls == ["refresh"]


def test_a_mutation_job_announces_what_its_command_says_it_changed_and_a_query_nothing(
    qtbot, main_window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    heard: list[Changes] = []

    def hear(changes: Changes, _source: object) -> None:
        heard.append(changes)

    data_events().changed.connect(hear)
    try:
        results: list[object] = []
        start_query(main_window, "Read", lambda _p, _c: 1, results.append)
        qtbot.waitUntil(lambda: results == [1])
        start_mutation(
            main_window, "Write", lambda _p, _c: Changed(2, Changes.ORDERS), results.append
        )
        qtbot.waitUntil(lambda: len(results) == 2)
        assert results[1] == Changed(2, Changes.ORDERS)
        start_mutation(main_window, "Lock", lambda _p, _c: Changes.RUNS, results.append)
        qtbot.waitUntil(lambda: len(results) == 3)
        assert heard == [Changes.ORDERS, Changes.RUNS]
    finally:
        data_events().changed.disconnect(hear)


def test_the_ui_never_decides_what_a_command_changed() -> None:
    """Only the commands say what they changed (services/changes.py): no screen, dialog or
    action announces a kind of its own choosing (but events.notify_data_changed: "anything may
    have changed")."""
    ui = Path(desktop_app.ui.__file__).parent
    chosen = re.compile(r"announce\(\s*Changes\.|changes=Changes\.")
    found = [
        f"{path.relative_to(ui)}:{number}"
        for path in sorted(ui.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if chosen.search(line) and path.name != "events.py"
    ]
    assert found == []
