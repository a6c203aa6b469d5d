"""Exchange rates entered by hand: set, list, delete, validated, audited; a run that misses one
says where to enter it; a rate change makes a draft stale; a locked run keeps its rates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from desktop_app.domain.payouts.conversion import MissingRateError
from desktop_app.errors import NotFoundError, UserError, ValidationError
from desktop_app.services import audit, payouts, rates
from desktop_app.services.statements.build import build_statements
from desktop_app.services.statements.render import render_statements
from desktop_app.store.database import Store
from tests.payout_fixture import Shop, make_run, make_shop

OCT1 = date(2026, 10, 1)
OCT31 = date(2026, 10, 31)


@pytest.fixture
def shop(store: Store) -> Shop:
    return make_shop(store, holding_days=0, minimum="0.00")


def test_a_missing_rate_names_the_screen_and_the_command(shop: Shop) -> None:
    shop.order(shop.alpha, date(2026, 10, 2), "120.00", "EUR")
    with pytest.raises(MissingRateError) as caught:
        make_run(shop.store, OCT1, OCT31)
    assert str(caught.value) == (
        "no exchange rate for EUR in 2026-10 (units of USD per EUR): enter it in "
        "Settings → Exchange rates or with payout-desk rates set EUR RATE --month 2026-10"
    )
    assert (caught.value.currency, caught.value.month) == ("EUR", OCT1)
    with shop.store.transaction() as session:
        assert payouts.list_runs(session) == []


def test_set_list_and_delete_rates(shop: Shop) -> None:
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "eur", "2026-10", "1.0825", actor="ana")
        rates.set_rate(session, "GBP", "2026-10", "1.27", actor="ana")
        rates.set_rate(session, "EUR", "2026-09", "1.0790", actor="ana")
    with shop.store.transaction() as session:
        listed = rates.list_rates(session)
    assert [(r.month, r.currency, r.rate) for r in listed] == [
        (date(2026, 9, 1), "EUR", D("1.0790")),
        (OCT1, "EUR", D("1.0825")),
        (OCT1, "GBP", D("1.27")),
    ]
    assert str(listed[0].rate) == "1.0790"  # exactly as entered, trailing zero kept

    with shop.store.write_transaction() as session:
        change = rates.set_rate(session, "EUR", "2026-10", "1.0830", actor="bo")
    assert (change.was, change.rate) == (D("1.0825"), D("1.0830"))
    with shop.store.write_transaction() as session:
        rates.delete_rate(session, "GBP", "2026-10", actor="bo")
    with shop.store.transaction() as session:
        assert [(r.currency, r.rate) for r in rates.list_rates(session) if r.month == OCT1] == [
            ("EUR", D("1.0830"))
        ]
        logged = [
            (e.action, e.actor, e.details["currency"], e.details["month"], e.details["rate"])
            for e in reversed(audit.entries(session, entity="exchange_rate"))
        ]
    assert logged == [
        ("rates.set", "ana", "EUR", "2026-10", "1.0825"),
        ("rates.set", "ana", "GBP", "2026-10", "1.27"),
        ("rates.set", "ana", "EUR", "2026-09", "1.0790"),
        ("rates.set", "bo", "EUR", "2026-10", "1.0830"),
        ("rates.delete", "bo", "GBP", "2026-10", "1.27"),
    ]


def test_setting_the_same_rate_again_changes_nothing(shop: Shop) -> None:
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.0825")
    with shop.store.write_transaction() as session:
        again = rates.set_rate(session, "EUR", "2026-10", "1.08250")
    assert not again.changed
    with shop.store.transaction() as session:
        assert len(audit.entries(session, entity="exchange_rate")) == 1


@pytest.mark.parametrize(
    ("currency", "month", "rate", "message"),
    [
        ("XYZ", "2026-10", "1.1", "currency: 'XYZ' is not an ISO 4217 currency code like EUR"),
        ("EURO", "2026-10", "1.1", "currency: 'EURO' is not an ISO 4217 currency code like EUR"),
        (
            "usd",
            "2026-10",
            "1.1",
            "currency: USD is the base currency: it always converts at 1",
        ),
        ("EUR", "2026-13", "1.1", "month: '2026-13' is not a month like 2026-10"),
        ("EUR", "10/2026", "1.1", "month: '10/2026' is not a month like 2026-10"),
        ("EUR", "2026-10-01", "1.1", "month: '2026-10-01' is not a month like 2026-10"),
        ("EUR", "9999-01", "1.1", "month: 9999-01 is outside the years 1990–2100"),
        ("EUR", "2026-10", "0", "rate: '0' is not a positive rate like 1.0825"),
        ("EUR", "2026-10", "-1.08", "rate: '-1.08' is not a positive rate like 1.0825"),
        ("EUR", "2026-10", "NaN", "rate: 'NaN' is not a positive rate like 1.0825"),
        ("EUR", "2026-10", "Infinity", "rate: 'Infinity' is not a positive rate like 1.0825"),
        ("EUR", "2026-10", "1,08", "rate: '1,08' is not a positive rate like 1.0825"),
        ("EUR", "2026-10", "abc", "rate: 'abc' is not a positive rate like 1.0825"),
        (
            "EUR",
            "2026-10",
            "1e30",
            "rate: '1e30' is implausible (a rate is between 0.000000000001 and 1000000000000)",
        ),
        (
            "EUR",
            "2026-10",
            "1.012345678901234567891",
            "rate: '1.012345678901234567891' has more than 20 significant digits",
        ),
    ],
)
def test_bad_rates_are_refused_and_nothing_changes(
    shop: Shop, currency: str, month: str, rate: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught, shop.store.write_transaction() as session:
        rates.set_rate(session, currency, month, rate)
    assert str(caught.value) == message
    with shop.store.transaction() as session:
        assert rates.list_rates(session) == []
        assert audit.entries(session, entity="exchange_rate") == []


def test_deleting_a_rate_that_is_not_there_says_so(shop: Shop) -> None:
    with (
        pytest.raises(NotFoundError, match="there is no EUR rate for 2026-10"),
        shop.store.write_transaction() as session,
    ):
        rates.delete_rate(session, "EUR", "2026-10")


def test_a_rate_lets_the_run_convert(shop: Shop) -> None:
    shop.order(shop.alpha, date(2026, 10, 2), "120.00", "EUR")
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.0825")
    run_id = make_run(shop.store, OCT1, OCT31)
    with shop.store.transaction() as session:
        (line,) = payouts.run_lines(session, run_id)
    # 120.00 EUR x 1.0825 = 129.90 USD; 10 % → 12.99
    assert (line.amount, line.commission) == (D("129.90"), D("12.99"))
    assert (line.original_amount, line.original_currency) == (D("120.00"), "EUR")
    assert line.exchange_rate == D("1.0825")


def test_missing_rates_lists_months_with_orders_but_no_rate(shop: Shop) -> None:
    shop.order(shop.alpha, date(2026, 10, 2), "120.00", "EUR")
    shop.order(shop.beta, date(2026, 10, 9), "20.00", "EUR")
    shop.order(shop.alpha, date(2026, 9, 2), "20.00", "GBP")
    shop.order(shop.alpha, date(2026, 9, 3), "30.00", "EUR")
    shop.order(shop.alpha, date(2026, 9, 4), "30.00")  # base currency: never needs a rate
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-09", "1.08")
    with shop.store.transaction() as session:
        missing = rates.missing_rates(session)
    assert [(m.currency, m.month, m.orders) for m in missing] == [
        ("GBP", date(2026, 9, 1), 1),
        ("EUR", OCT1, 2),
    ]


def test_a_rate_change_makes_a_draft_stale(shop: Shop) -> None:
    shop.order(shop.alpha, date(2026, 10, 2), "120.00", "EUR")
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.0825")
    run_id = make_run(shop.store, OCT1, OCT31)
    with shop.store.transaction() as session:
        assert not payouts.get_run(session, run_id).stale
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.10")
    with shop.store.transaction() as session:
        run = payouts.get_run(session, run_id)
    assert run.stale
    assert run.changes[0].startswith("rates.set (exchange_rate ")
    with pytest.raises(payouts.StaleDraftError):
        payouts.lock_run(shop.store, run_id)
    payouts.recalculate(shop.store, run_id)
    with shop.store.transaction() as session:
        (line,) = payouts.run_lines(session, run_id)
    assert (line.amount, line.exchange_rate) == (D("132.00"), D("1.10"))


def test_a_locked_run_keeps_the_rates_it_used(shop: Shop) -> None:
    shop.order(shop.alpha, date(2026, 10, 2), "120.00", "EUR", external_id="EU-1")
    shop.order(shop.alpha, date(2026, 10, 3), "500.00", external_id="US-1")
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.0825")
    run_id = make_run(shop.store, OCT1, OCT31)
    payouts.lock_run(shop.store, run_id)

    def snapshot() -> tuple[object, ...]:
        with shop.store.transaction() as session:
            lines = payouts.run_lines(session, run_id)
            summary = payouts.run_summary(session, run_id)
            pdf = render_statements(build_statements(session, run_id))
        return tuple(lines), summary.partners, pdf

    before = snapshot()
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.25")
    after_change = snapshot()
    with shop.store.write_transaction() as session:
        rates.delete_rate(session, "EUR", "2026-10")
    after_delete = snapshot()
    assert after_change == before
    assert after_delete == before
    eu = next(line for line in before[0] if line.external_id == "EU-1")  # type: ignore[attr-defined]
    assert (eu.amount, eu.exchange_rate) == (D("129.90"), D("1.0825"))


def test_rate_table_is_what_the_run_and_the_dashboard_read(shop: Shop) -> None:
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.0825")
    with shop.store.transaction() as session:
        table = rates.rate_table(session, "USD")
    assert table.rate("EUR", date(2026, 10, 17)) == D("1.0825")
    assert table.rate("USD", date(2026, 10, 17)) == D(1)
    with pytest.raises(UserError, match="no exchange rate for EUR in 2026-11"):
        table.rate("EUR", date(2026, 11, 1))


def test_an_orders_import_warns_about_months_without_a_rate(shop: Shop, tmp_path: Path) -> None:
    from desktop_app.services import imports
    from tests.import_files import HEADER, write_csv

    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-09", "1.08")
    path = write_csv(
        tmp_path / "oct.csv",
        [
            HEADER,
            ["W-1", "2026-10-03", "ALPHA", "10.00", "EUR"],
            ["W-2", "2026-10-04", "ALPHA", "12.00", "EUR"],
            ["W-3", "2026-09-30", "BETA", "5.00", "EUR"],  # September has its rate
            ["W-4", "2026-10-05", "BETA", "7.00", "USD"],  # the base currency needs none
            ["W-5", "2026-11-02", "BETA", "900", "JPY"],
        ],
    )
    options = imports.ImportOptions(kind=imports.ImportKind.ORDERS, source="shop-eu")
    expected = [
        "no exchange rate for EUR in 2026-10 (2 orders, units of USD per EUR): enter it in "
        "Settings → Exchange rates or with payout-desk rates set EUR RATE --month 2026-10 "
        "before the payout run",
        "no exchange rate for JPY in 2026-11 (1 order, units of USD per JPY): enter it in "
        "Settings → Exchange rates or with payout-desk rates set JPY RATE --month 2026-11 "
        "before the payout run",
    ]
    preview = imports.dry_run(shop.store, path, options)
    assert preview.warnings == expected
    report = imports.run_import(shop.store, path, options)
    assert report.applied and report.added == 5  # a warning, not a refusal
    assert report.warnings == expected
    assert report.as_dict()["warnings"] == expected

    # a re-import that changes an order into a currency without a rate warns about it too
    changed = write_csv(tmp_path / "oct2.csv", [HEADER, ["W-4", "2026-10-05", "BETA", "7", "GBP"]])
    again = imports.run_import(shop.store, changed, options)
    assert again.updated == 1
    assert [w.split(" (")[0] for w in again.warnings] == ["no exchange rate for GBP in 2026-10"]

    usd = write_csv(tmp_path / "usd.csv", [HEADER, ["U-1", "2026-10-05", "BETA", "7", "USD"]])
    assert imports.run_import(shop.store, usd, options).warnings == []

    # a first import of a file all in one other currency (its chunks read column by column)
    yen = [HEADER] + [[f"Y-{n}", "2026-10-05", "BETA", "700", "JPY"] for n in range(3)]
    first = imports.run_import(
        shop.store, write_csv(tmp_path / "jpy.csv", yen), replace(options, source="shop-jp")
    )
    assert [w.split(":")[0] for w in first.warnings] == [
        "no exchange rate for JPY in 2026-10 (3 orders, units of USD per JPY)"
    ]
