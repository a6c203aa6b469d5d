"""One cut-off rule for the app and the command line (issue 17.6): the default lets the period's
holding pass (end + holding days, or today if sooner), a cut-off after today is refused with the
reason, and the period proposed next is the oldest complete month no run covers."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.cli import main
from desktop_app.errors import ValidationError
from desktop_app.services import payouts
from desktop_app.services.payouts import periods
from desktop_app.store.database import Store
from tests.payout_fixture import make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)


@pytest.mark.parametrize(
    ("end", "today", "holding", "expected"),
    [
        (OCT31, date(2026, 12, 1), 30, date(2026, 11, 30)),  # October's holding has passed
        (date(2026, 11, 30), date(2026, 12, 1), 30, date(2026, 12, 1)),  # not yet: today
        (OCT31, date(2026, 12, 1), 0, OCT31),  # no holding period: the period's end
    ],
)
def test_the_default_cut_off_lets_the_holding_period_pass(
    end: date, today: date, holding: int, expected: date
) -> None:
    assert periods.suggested_cutoff(end, today, holding) == expected


def test_create_run_uses_the_default_cut_off_and_refuses_a_future_one(store: Store) -> None:
    shop = make_shop(store, holding_days=30, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 20), "600.00")  # released 11-19
    today = date(2026, 12, 1)
    with pytest.raises(ValidationError) as future:
        payouts.create_run(store, OCT1, OCT31, date(2026, 12, 2), today=today)
    assert str(future.value) == (
        "cutoff: the cut-off (2026-12-02) is after today (2026-12-01): a cut-off in the future "
        "would pay commission whose holding period has not passed; choose 2026-10-31 to "
        "2026-12-01"
    )
    with pytest.raises(ValidationError, match=r"^to: the period ends on 2026-12-31, after today"):
        payouts.create_run(store, date(2026, 12, 1), date(2026, 12, 31), today=today)
    run = payouts.create_run(store, OCT1, OCT31, today=today).value  # default: 10-31 + 30 days
    with store.transaction() as session:
        info = payouts.get_run(session, run)
    assert info.cutoff == date(2026, 11, 30) and info.totals.payable == 60


def test_the_proposed_month_is_the_oldest_complete_month_without_a_run(store: Store) -> None:
    today = date(2026, 12, 3)
    with store.transaction() as session:
        assert periods.proposed_month(session, today) == date(2026, 11, 1)  # no orders yet
    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.alpha, date(2026, 9, 14), "10.00")
    with store.transaction() as session:
        assert periods.proposed_month(session, today) == date(2026, 9, 1)  # the first order's
    payouts.create_run(store, date(2026, 9, 1), date(2026, 9, 30), today=today)
    with store.transaction() as session:
        assert periods.proposed_month(session, today) == date(2026, 10, 1)
    assert periods.proposed_from(date(2026, 11, 30), None, today) == date(2026, 12, 1)
    assert not periods.is_complete(date(2026, 12, 1), today)


def test_the_cli_says_how_much_is_held_and_until_when(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    from desktop_app.store.database import open_store

    store = open_store(db_url)
    shop = make_shop(store, holding_days=30, minimum="0.00")
    shop.order(shop.alpha, date(2026, 10, 20), "1000.00")  # released 11-19
    store.close()
    create = ["--database", db_url, "run", "create", "--from", "2026-10-01", "--to", "2026-10-31"]
    assert main([*create, "--cutoff", "2099-01-01"]) == 2
    assert "is after today" in capsys.readouterr().err
    assert main([*create, "--cutoff", "2026-10-31"]) == 0
    out = capsys.readouterr().out
    assert "100.00 USD is held back (holding period) until 2026-11-19 at the latest" in out
    assert main(["--database", db_url, "run", "discard", "1", "--reason", "cut-off"]) == 0
    capsys.readouterr()
    assert main([*create, "--format", "json"]) == 0  # default: 10-31 + 30 days
    created = json.loads(capsys.readouterr().out)
    assert (created["cutoff"], created["held"], created["payable"]) == (
        "2026-11-30",
        "0.00",
        "100.00",
    )
