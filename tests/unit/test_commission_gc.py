"""How the engine treats Python's cyclic garbage collector: paused during a run and back on
after it; a big run's lines handed over in the oldest generation (the collector need not walk
them twice more); a small run, or a process that has frozen objects, left as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from desktop_app.domain.commissions import engine
from tests.unit.commission_helpers import book_of, order, rule, run

BOOK = book_of(rule("order_amount", "whole", ("0", "5")))


def _orders(count: int) -> list[engine.OrderInput]:
    return [order(n, "10.00", partner_id=1 + n % 7) for n in range(1, count + 1)]


def _young_ids() -> set[int]:
    return {id(o) for o in gc.get_objects(generation=0)}


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_a_big_runs_lines_are_in_the_oldest_generation_and_the_collector_is_back_on() -> None:
    lines = run(_orders(engine.PROMOTE_FROM), BOOK)
    assert gc.isenabled()
    assert len(lines) == engine.PROMOTE_FROM
    young = _young_ids()
    assert not any(id(line) in young for line in lines)
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(line) in oldest for line in lines[:: len(lines) // 50])


@pytest.mark.usefixtures("collector_on")
def test_a_small_runs_lines_stay_young() -> None:
    thresholds = gc.get_threshold()
    gc.set_threshold(1_000_000)  # no ordinary collection may promote them before we look
    try:
        gc.collect()
        lines = run(_orders(50), BOOK)
        young = _young_ids()
    finally:
        gc.set_threshold(*thresholds)
    assert all(id(line) in young for line in lines)


@pytest.mark.usefixtures("collector_on")
def test_objects_someone_else_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        lines = run(_orders(engine.PROMOTE_FROM), BOOK)
        assert gc.get_freeze_count() == frozen
        assert any(id(line) in _young_ids() for line in lines)
    finally:
        gc.unfreeze()


def test_a_caller_that_paused_the_collector_finds_it_paused() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        lines = run(_orders(engine.PROMOTE_FROM), BOOK)
        assert not gc.isenabled()
        assert any(id(line) in _young_ids() for line in lines)
    finally:
        if was:
            gc.enable()
