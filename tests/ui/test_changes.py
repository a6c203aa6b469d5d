"""Announced changes (ui/events.py): a screen reads its data again only for the kinds it
listens to, never for its own announcement; a mutation job announces its command's changes
once it succeeded, a query job nothing."""

from __future__ import annotations

import pytest

from desktop_app.services.changes import Changes
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


def test_a_mutation_job_announces_its_changes_and_a_query_job_nothing(
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
            main_window, "Write", lambda _p, _c: 2, results.append, changes=Changes.ORDERS
        )
        qtbot.waitUntil(lambda: results == [1, 2])
        assert heard == [Changes.ORDERS]
    finally:
        data_events().changed.disconnect(hear)
