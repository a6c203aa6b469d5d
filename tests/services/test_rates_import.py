"""Importing exchange rates from the European Central Bank's reference-rate CSV (the history
file and the one-day file) and from a plain month,currency,rate CSV: the monthly rule, cross
rates to the base currency, one transaction, one clear line for bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.errors import UserError
from desktop_app.services import audit, merchant, rates
from desktop_app.store.database import Store
from tests.payout_fixture import Shop, make_shop

SEP1, OCT1 = date(2026, 9, 1), date(2026, 10, 1)

# The layout of https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.csv: newest day first,
# units of each currency per 1 EUR, N/A where the ECB published none, a comma after every row.
HIST = (
    "Date,USD,JPY,CYP,GBP,RUB,\n"
    "2026-10-30,1.10,160,N/A,0.88,N/A,\n"
    "2026-10-29,1.12,175,N/A,0.80,N/A,\n"
    "2026-10-28,1.11,N/A,N/A,N/A,N/A,\n"
    "2026-09-30,1.0837,162.71,N/A,0.8461,N/A,\n"
)
# The one-day file eurofxref.csv: spaces after the commas, the date spelled out.
ONE_DAY = (
    "Date, USD, JPY, BGN, CZK, DKK, GBP, \n"
    "16 October 2026, 1.0855, 168.85, 1.9558, 24.682, 7.4613, 0.85680, \n"
)


@pytest.fixture
def shop(store: Store) -> Shop:
    shop = make_shop(store)
    shop.order(shop.alpha, date(2026, 9, 3), "10.00", "EUR")
    shop.order(shop.alpha, date(2026, 10, 3), "10.00", "EUR")
    shop.order(shop.alpha, date(2026, 10, 4), "10.00", "GBP")
    shop.order(shop.beta, date(2026, 10, 5), "1000", "JPY")
    return shop


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored(store: Store) -> dict[tuple[str, date], str]:
    with store.transaction() as session:
        return {(r.currency, r.month): str(r.rate) for r in rates.list_rates(session)}


def test_the_ecb_history_file_gives_monthly_averages_cross_rated_to_the_base(
    shop: Shop, tmp_path: Path
) -> None:
    result = rates.import_rates(shop.store, write(tmp_path, "eurofxref-hist.csv", HIST))
    # Monthly rule: the mean of the month's daily cross rates rate(EUR→USD) / rate(EUR→CUR),
    # over the days on which both were published, rounded half-up to 6 significant digits.
    assert stored(shop.store) == {
        ("EUR", SEP1): "1.0837",  # one day in the file: 1.0837 USD per EUR
        ("GBP", SEP1): "1.28082",  # 1.0837 / 0.8461 = 1.2808178…
        ("JPY", SEP1): "0.00666032",  # 1.0837 / 162.71 = 0.0066603158…
        ("EUR", OCT1): "1.11",  # (1.10 + 1.12 + 1.11) / 3
        ("GBP", OCT1): "1.325",  # (1.10/0.88 + 1.12/0.80) / 2; 10-28 has no GBP
        ("JPY", OCT1): "0.0066375",  # (1.10/160 + 1.12/175) / 2
    }
    assert (result.layout, result.added, result.changed, result.unchanged) == ("ecb", 6, 0, 0)
    assert result.currencies == ("EUR", "GBP", "JPY")  # those the store has orders in
    assert result.notes == ()  # 30 October 2026 is the month's last weekday: October is whole
    with shop.store.transaction() as session:
        (entry,) = audit.entries(session, entity="exchange_rate")
    assert entry.action == "rates.import"
    assert entry.details["file"] == "eurofxref-hist.csv"
    assert (entry.details["added"], entry.details["changed"]) == (6, 0)


def test_importing_the_same_file_again_changes_nothing(shop: Shop, tmp_path: Path) -> None:
    path = write(tmp_path, "eurofxref-hist.csv", HIST)
    rates.import_rates(shop.store, path)
    again = rates.import_rates(shop.store, path)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 6)
    with shop.store.transaction() as session:
        assert len(audit.entries(session, entity="exchange_rate")) == 1  # no second entry


def test_an_import_replaces_rates_entered_by_hand_and_says_so(shop: Shop, tmp_path: Path) -> None:
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-10", "1.05")
    result = rates.import_rates(shop.store, write(tmp_path, "eurofxref-hist.csv", HIST))
    assert (result.added, result.changed) == (5, 1)
    assert stored(shop.store)[("EUR", OCT1)] == "1.11"


def test_chosen_currencies_and_a_euro_base(store: Store, tmp_path: Path) -> None:
    with store.transaction() as session:
        merchant.save_profile(session, merchant.MerchantProfile(base_currency="EUR"))
    path = write(tmp_path, "eurofxref-hist.csv", HIST)
    result = rates.import_rates(store, path, currencies=["usd", "GBP"])
    got = stored(store)
    # With the euro as base: rate(CUR→EUR) = 1 / rate(EUR→CUR), averaged over the month's days
    assert got[("USD", OCT1)] == "0.90095"  # (1/1.10 + 1/1.12 + 1/1.11) / 3 = 0.9009496…
    assert got[("GBP", OCT1)] == "1.19318"  # (1/0.88 + 1/0.80) / 2 = 1.1931818…
    assert got[("USD", SEP1)] == "0.922765"  # 1 / 1.0837 = 0.92276460…
    assert set(got) == {(c, m) for c in ("USD", "GBP") for m in (SEP1, OCT1)}
    assert result.currencies == ("GBP", "USD")


def test_a_pound_base_cross_rates_through_the_euro(store: Store, tmp_path: Path) -> None:
    with store.transaction() as session:
        merchant.save_profile(session, merchant.MerchantProfile(base_currency="GBP"))
    rates.import_rates(
        store, write(tmp_path, "eurofxref-hist.csv", HIST), currencies=["EUR", "USD"]
    )
    got = stored(store)
    assert got[("EUR", OCT1)] == "0.84"  # (0.88 + 0.80) / 2: 10-28 has no GBP
    assert got[("USD", OCT1)] == "0.757143"  # (0.88/1.10 + 0.80/1.12) / 2 = 0.7571428…


def test_the_one_day_file_gives_its_month_that_days_rate_and_says_it_is_partial(
    shop: Shop, tmp_path: Path
) -> None:
    result = rates.import_rates(
        shop.store, write(tmp_path, "eurofxref.csv", ONE_DAY), currencies=["GBP"]
    )
    assert stored(shop.store) == {("GBP", OCT1): "1.26692"}  # 1.0855 / 0.85680 = 1.2669234…
    assert result.notes == (
        "2026-10: the file ends on 2026-10-16, before the month's last weekday: the rate is "
        "the average of the 1 day(s) published so far; import a later file to complete it",
    )


def test_a_currency_the_ecb_does_not_publish_is_named(shop: Shop, tmp_path: Path) -> None:
    shop.order(shop.alpha, date(2026, 10, 6), "10.00", "AED")
    result = rates.import_rates(shop.store, write(tmp_path, "eurofxref-hist.csv", HIST))
    assert "AED: not in the ECB file; enter its rates by hand" in result.notes
    with pytest.raises(UserError) as caught:
        rates.import_rates(
            shop.store, write(tmp_path, "eurofxref-hist.csv", HIST), currencies=["AED"]
        )
    assert str(caught.value) == (
        "eurofxref-hist.csv: the ECB file has no AED column; enter AED rates by hand "
        "(payout-desk rates set AED RATE --month YYYY-MM)"
    )


def test_a_month_without_any_published_rate_is_named(shop: Shop, tmp_path: Path) -> None:
    result = rates.import_rates(
        shop.store, write(tmp_path, "eurofxref-hist.csv", HIST), currencies=["RUB"]
    )
    assert result.added == 0
    assert result.notes == ("RUB: the ECB published no rate in 2026-09, 2026-10",)


def test_the_plain_layout(shop: Shop, tmp_path: Path) -> None:
    text = "month,currency,rate\n2026-10,EUR,1.0825\n2026-10,GBP,1.27\n2026-09,eur,1.0790\n"
    result = rates.import_rates(shop.store, write(tmp_path, "rates.csv", text))
    assert stored(shop.store) == {
        ("EUR", OCT1): "1.0825",
        ("GBP", OCT1): "1.27",
        ("EUR", SEP1): "1.0790",
    }
    assert (result.layout, result.added) == ("plain", 3)


def test_the_plain_layout_from_a_european_spreadsheet(shop: Shop, tmp_path: Path) -> None:
    text = "\ufeffMonth;Currency;Rate\r\n2026-10;EUR;1,0825\r\n\r\n"
    rates.import_rates(shop.store, write(tmp_path, "rates.csv", text))
    assert stored(shop.store) == {("EUR", OCT1): "1.0825"}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("empty.csv", "", "empty.csv: the file is empty (0 bytes)"),
        (
            "other.csv",
            "Foo,Bar\n1,2\n",
            "other.csv, row 1: neither the ECB reference-rate layout (Date,USD,JPY,…) nor "
            "month,currency,rate; found 'Foo', 'Bar'",
        ),
        (
            "hist.csv",
            "Date,USD,GBP,\n2026-10-30,1.10,0.88,\n2026-13-01,1.10,0.88,\n",
            "hist.csv, row 3, column A (Date): expected a date like 2026-10-30 or "
            "30 October 2026, found '2026-13-01'",
        ),
        (
            "hist.csv",
            "Date,USD,GBP,\n2026-10-30,1.10,0.88,\n2026-10-29,1.10,-0.88,\n",
            "hist.csv, row 3, column C (GBP): expected a positive rate like 1.0825 or N/A, "
            "found '-0.88'",
        ),
        (
            "hist.csv",
            "Date,USD,GBP,\n2026-10-30,1.10,0.88,\n2026-10-29,0,0.88,\n",
            "hist.csv, row 3, column B (USD): expected a positive rate like 1.0825 or N/A, "
            "found '0'",
        ),
        (
            "hist.csv",
            "Date,USD,XYZ,\n2026-10-30,1.10,0.88,\n",
            "hist.csv, row 1, column C: unknown currency code 'XYZ' (expected an ISO 4217 code "
            "like EUR, USD)",
        ),
        (
            "hist.csv",
            "Date,USD,GBP,\n2026-10-30,1.10,0.88,\n2026-10-30,1.11,0.88,\n",
            "hist.csv, row 3, column A (Date): 2026-10-30 also appears on row 2",
        ),
        (
            "hist.csv",
            "Date,USD,GBP,\n2026-10-30,1.10,0.88,\n2026-10-29,1.10\n",
            "hist.csv, row 3: 1 rate(s) under a header of 2 currencies",
        ),
        ("hist.csv", "Date,USD,GBP,\n", "hist.csv: no rates in the file"),
        (
            "plain.csv",
            "month,currency,rate\n2026-10,EUR,1.08\n2026-10,GBP,0\n",
            "plain.csv, row 3, column C (rate): '0' is not a positive rate like 1.0825",
        ),
        (
            "plain.csv",
            "month,currency,rate\n2026-10,EUR,1.08\n2026-10,GBP,-1.27\n",
            "plain.csv, row 3, column C (rate): '-1.27' is not a positive rate like 1.0825",
        ),
        (
            "plain.csv",
            "month,currency,rate\n2026-10,EUR,1.08\n2026-10,XYZ,1.27\n",
            "plain.csv, row 3, column B (currency): 'XYZ' is not an ISO 4217 currency code "
            "like EUR",
        ),
        (
            "plain.csv",
            "month,currency,rate\n2026-10,EUR,1.08\n2026-10,USD,1\n",
            "plain.csv, row 3, column B (currency): USD is the base currency: it always "
            "converts at 1",
        ),
        (
            "plain.csv",
            "month,currency,rate\n2026-10,EUR,1.08\n31.10.2026,GBP,1.27\n",
            "plain.csv, row 3, column A (month): '31.10.2026' is not a month like 2026-10",
        ),
        (
            "plain.csv",
            "month,currency,rate\n2026-10,EUR,1.08\n2026-09,GBP,1.27\n2026-10,eur,1.09\n",
            "plain.csv, row 4, column A (month): EUR 2026-10 also appears on row 2",
        ),
        (
            "plain.csv",
            "month,currency,rate\n2026-10,EUR\n",
            "plain.csv, row 2: expected 3 values (month, currency, rate), found 2",
        ),
    ],
)
def test_bad_input_refuses_the_whole_file_and_changes_nothing(
    shop: Shop, tmp_path: Path, name: str, text: str, message: str
) -> None:
    with shop.store.write_transaction() as session:
        rates.set_rate(session, "EUR", "2026-08", "1.07")
    before = stored(shop.store)
    with pytest.raises(UserError) as caught:
        rates.import_rates(shop.store, write(tmp_path, name, text))
    assert str(caught.value) == message
    assert stored(shop.store) == before
    with shop.store.transaction() as session:
        assert [e.action for e in audit.entries(session, entity="exchange_rate")] == ["rates.set"]


def test_files_that_are_not_text_are_refused(shop: Shop, tmp_path: Path) -> None:
    zipped = tmp_path / "eurofxref-hist.zip"
    zipped.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("month,currency,rate\n2026-10,EUR,1.08 ¤\n".encode("latin-1"))
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"month,currency,rate\x00\n")
    messages = []
    for path in (zipped, latin, nul):
        with pytest.raises(UserError) as caught:
            rates.import_rates(shop.store, path)
        messages.append(str(caught.value))
    assert messages == [
        "eurofxref-hist.zip: is a zip archive; unzip it and import the eurofxref-hist.csv inside",
        "latin.csv: is not UTF-8 text; save it as CSV UTF-8",
        "nul.csv: contains NUL bytes: it is not a CSV text file",
    ]


def test_nothing_to_import_when_the_store_uses_one_currency(store: Store, tmp_path: Path) -> None:
    make_shop(store)
    with pytest.raises(UserError) as caught:
        rates.import_rates(store, write(tmp_path, "eurofxref-hist.csv", HIST))
    assert str(caught.value) == (
        "eurofxref-hist.csv: the store has no orders in a currency other than USD and no "
        "rates yet; name the currencies to import (payout-desk rates import FILE --currency EUR)"
    )
