"""The import's strict grammar for text amounts and text dates (issue 16, items 4 and 5):
what it reads, and the exact message for what it refuses instead of guessing."""

from __future__ import annotations

import contextlib
import random
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desktop_app.domain.money import minor_digits
from desktop_app.services.imports.model import DateOrder
from desktop_app.services.imports.parsing import (
    AmbiguousAmount,
    CellError,
    currency_of_amount,
    parse_amount,
    parse_date,
    read_amount_text,
)


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("12.50", "USD", "12.50"),
        ("1234", "USD", "1234.00"),
        ("12,5", "EUR", "12.50"),
        ("1,234.50", "USD", "1234.50"),
        ("1.234,50", "EUR", "1234.50"),
        ("1,234,567", "USD", "1234567.00"),
        ("1.234.567,89", "EUR", "1234567.89"),
        ("1 234,50", "EUR", "1234.50"),
        ("1\u00a0234,50", "EUR", "1234.50"),
        ("1'234.50", "CHF", "1234.50"),
        ("1,23,456.50", "INR", "123456.50"),  # Indian lakh grouping
        ("US $1,234.50", "USD", "1234.50"),
        ("$12.50 USD", "USD", "12.50"),
        ("USD 12.50", "USD", "12.50"),
        ("1.234,50 €", "EUR", "1234.50"),
        ("£ 7,5", "GBP", "7.50"),
        ("$12.50", "CAD", "12.50"),  # '$' is the sign of several dollars
        ("-12.50", "USD", "-12.50"),
        ("- $12.50", "USD", "-12.50"),
        ("$-12.50", "USD", "-12.50"),
        ("12.50-", "USD", "-12.50"),
        ("+12.50", "USD", "12.50"),
        ("(12.50)", "USD", "-12.50"),
        ("($1,234.50)", "USD", "-1234.50"),
        ("(12,50 €)", "EUR", "-12.50"),
        ("0,125", "KWD", "0.125"),  # a thousands group never starts with 0: a decimal comma
        ("0.50", "USD", "0.50"),
        ("1234.500", "USD", "1234.50"),  # four digits before the mark: not grouping
        ("¥1,500", "JPY", "1500"),  # no minor unit: a lone mark before 3 digits groups
        ("1.500 JPY", "JPY", "1500"),
        ("'12.50", "USD", "12.50"),  # Excel's keep-as-text mark
    ],
)
def test_the_grammar_reads_these_amounts(text: str, currency: str, expected: str) -> None:
    amount = parse_amount(text, currency)
    assert amount == Decimal(expected) and str(amount) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "12.5.3",
            "expected an amount like 12.50, found '12.5.3' (thousands are grouped in threes)",
        ),
        ("1.2.3", "expected an amount like 12.50, found '1.2.3' (thousands are grouped in threes)"),
        ("1,2.3", "expected an amount like 12.50, found '1,2.3' (thousands are grouped in threes)"),
        (
            "1.234,5,6",
            "expected an amount like 12.50, found '1.234,5,6' (more than one decimal mark)",
        ),
        ("10-20", "expected an amount like 12.50, found '10-20'"),
        ("(12.50", "expected an amount like 12.50, found '(12.50' (unbalanced parenthesis)"),
        ("12.50)", "expected an amount like 12.50, found '12.50)' (unbalanced parenthesis)"),
        ("-(12.50)", "expected an amount like 12.50, found '-(12.50)' (two signs)"),
        ("--12.50", "expected an amount like 12.50, found '--12.50' (two signs)"),
        ("12.", "expected an amount like 12.50, found '12.'"),
        (".50", "expected an amount like 12.50, found '.50'"),
        ("$", "expected an amount like 12.50, found '$'"),
        ("€12 $", "expected an amount like 12.50, found '€12 $' (two currencies: € and $)"),
        ("1 234,567.5", "expected an amount like 12.50, found '1 234,567.5' (mixed grouping)"),
        ("ten dollars", "expected an amount like 12.50, found 'ten dollars'"),
        ("NaN", "expected an amount like 12.50, found 'NaN'"),
        ("1E+400", "expected an amount like 12.50, found '1E+400'"),
    ],
)
def test_anything_else_is_refused_naming_the_value(text: str, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_amount(text, "USD")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("0,125", "USD", "amount 0,125 has more decimals than USD allows (2)"),
        ("12.345678901234", "USD", "amount 12.345678901234 has more decimals than USD allows (2)"),
        ("12.5", "JPY", "amount 12.5 has more decimals than JPY allows (0)"),
        ("1.2345", "KWD", "amount 1.2345 has more decimals than KWD allows (3)"),
    ],
)
def test_more_decimals_than_the_currency_has_is_an_error_not_rounding(
    text: str, currency: str, message: str
) -> None:
    with pytest.raises(CellError) as caught:
        parse_amount(text, currency)
    assert str(caught.value) == message


def test_any_text_is_an_amount_or_a_cell_error_never_a_crash() -> None:
    rng = random.Random(11)
    alphabet = "0123456789.,-+()$€ '\u00a0USDEKWabc٣"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        for currency in ("USD", "JPY", "KWD"):
            try:
                amount = parse_amount(text, currency)
            except CellError:
                continue
            assert amount == amount.quantize(Decimal(1).scaleb(-minor_digits(currency))), text


def test_any_text_is_a_date_or_a_cell_error_never_a_crash() -> None:
    rng = random.Random(13)
    alphabet = "0123456789-/.: TZ+APMOct,"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        for order in (None, DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST):
            with contextlib.suppress(CellError):
                parse_date(text, order=order, zone=ZoneInfo("Asia/Tokyo"))


def test_a_float_cell_keeps_its_binary_noise_rounding() -> None:
    """Numbers from .xlsx cells are binary floats: 12.299999999999999 is 12.30, as before."""
    assert parse_amount(12.299999999999999, "USD") == Decimal("12.30")
    assert parse_amount(1.5, "USD") == Decimal("1.50")
    assert parse_amount(1500.0, "JPY") == Decimal("1500")
    with pytest.raises(CellError, match="more decimals than USD allows"):
        parse_amount(10.005, "USD")


@pytest.mark.parametrize(
    ("text", "currency", "grouped", "decimal"),
    [
        ("1,500", "USD", "1500", "1.5"),
        ("1.500", "USD", "1500", "1.5"),
        ("12.345", "KWD", "12345", "12.345"),
        ("KWD 1,250", "KWD", "1250", "1.25"),
    ],
)
def test_a_lone_mark_before_three_digits_is_ambiguous(
    text: str, currency: str, grouped: str, decimal: str
) -> None:
    mark = "," if "," in text else "."
    with pytest.raises(AmbiguousAmount) as caught:
        parse_amount(text, currency)
    assert str(caught.value) == (
        f"amount {text!r} is ambiguous: {grouped} or {decimal}? Nothing else in this column "
        f"shows whether '{mark}' is the decimal mark; write the amount as {grouped} or {decimal}"
    )
    other = "." if mark == "," else ","
    assert parse_amount(text, currency, decimal_mark=mark) == Decimal(decimal)
    assert parse_amount(text, currency, decimal_mark=other) == Decimal(grouped)
    with pytest.raises(AmbiguousAmount, match=r"use both '\.' and ',' as the decimal mark"):
        parse_amount(text, currency, decimal_mark="both")


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("12.50", "."),
        ("1,234.50", "."),
        ("1,234,567", "."),
        ("1.234,50", ","),
        ("12,5", ","),
        ("0,125", ","),
        ("1 234,50", ","),
        ("1234", None),
        ("1 234", None),
        ("1,500", None),  # ambiguous: no evidence either way
    ],
)
def test_what_each_amount_shows_about_the_columns_decimal_mark(text: str, mark: str | None) -> None:
    assert read_amount_text(text).mark == mark


@pytest.mark.parametrize(
    ("text", "currency", "source", "message"),
    [
        (
            "12,50 €",
            "USD",
            "column",
            "amount '12,50 €' is in EUR, but its currency column says USD",
        ),
        (
            "12,50 €",
            "USD",
            "base",
            "amount '12,50 €' is in EUR, but the file has no currency column and the store's "
            "base currency is USD; choose the import's currency (--currency EUR)",
        ),
        (
            "EUR 12.50",
            "USD",
            "import",
            "amount 'EUR 12.50' is in EUR, but the file has no currency column and the import's "
            "currency is USD; choose the import's currency (--currency EUR)",
        ),
        (
            "$12.50",
            "EUR",
            "column",
            "amount '$12.50' is in $ (USD, CAD, AUD, NZD, SGD, HKD, MXN), but its currency "
            "column says EUR",
        ),
    ],
)
def test_a_currency_in_the_amount_must_match_the_rows_currency(
    text: str, currency: str, source: str, message: str
) -> None:
    with pytest.raises(CellError) as caught:
        parse_amount(text, currency, currency_from=source)
    assert str(caught.value) == message


def test_the_sign_names_the_currency_when_the_currency_cell_is_empty() -> None:
    assert currency_of_amount("1.234,50 €", "USD") == "EUR"
    assert currency_of_amount("£ 7,5", "USD") == "GBP"
    assert currency_of_amount("12.50", "USD") == "USD"
    assert currency_of_amount("$12.50", "CAD") == "CAD"  # the import's own dollar
    assert currency_of_amount("US$12.50", "CAD") == "USD"
    with pytest.raises(CellError) as caught:
        currency_of_amount("$12.50", "EUR")
    assert str(caught.value) == (
        "amount '$12.50' does not say which currency '$' is (USD, CAD, AUD, NZD, SGD, HKD, MXN) "
        "and the currency is empty; fill in the currency"
    )


# dates ----------------------------------------------------------------------------------------
TOKYO = ZoneInfo("Asia/Tokyo")
EXPECTED = "expected a date like 2026-10-31 or 31.10.2026"


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2026-10-31T23:30:00Z", TOKYO, date(2026, 11, 1)),  # 08:30 on 1 November in Tokyo
        ("2026-10-31T23:30:00Z", ZoneInfo("UTC"), date(2026, 10, 31)),
        ("2026-11-01T01:00:00+09:00", ZoneInfo("Europe/Paris"), date(2026, 10, 31)),
        ("2026-10-31 23:30:00 -0400", TOKYO, date(2026, 11, 1)),  # Shopify's format
        ("2026-10-31T23:30:00.123456+00:00", TOKYO, date(2026, 11, 1)),
        ("2026-10-31 23:30 UTC", TOKYO, date(2026, 11, 1)),
        ("2026-10-31T23:30:00", TOKYO, date(2026, 10, 31)),  # no offset: already local time
        ("2026-10-31 11:30 PM", TOKYO, date(2026, 10, 31)),
        ("31.10.2026 23:59:59", TOKYO, date(2026, 10, 31)),
        ("Oct 31, 2026", TOKYO, date(2026, 10, 31)),
        ("31 October 2026 10:00", TOKYO, date(2026, 10, 31)),
        ("2026/10/31", TOKYO, date(2026, 10, 31)),
    ],
)
def test_dates_with_an_offset_land_on_the_merchants_day(
    text: str, zone: ZoneInfo, expected: date
) -> None:
    assert parse_date(text, zone=zone) == expected


def test_date_and_datetime_cells_and_excel_serials_stay_as_they_are() -> None:
    assert parse_date(datetime(2026, 10, 31, 23, 30), zone=TOKYO) == date(2026, 10, 31)
    assert parse_date(date(2026, 10, 31), zone=TOKYO) == date(2026, 10, 31)
    assert parse_date(46300, zone=TOKYO) == date(2026, 10, 5)
    aware = datetime(2026, 10, 31, 23, 30, tzinfo=UTC)  # an aware cell is converted too
    assert parse_date(aware, zone=TOKYO) == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-10-31garbage", f"{EXPECTED}, found '2026-10-31garbage'"),
        ("2026-10-31T23:30:00Zjunk", f"{EXPECTED}, found '2026-10-31T23:30:00Zjunk'"),
        ("Oct 31, 2026 and more", f"{EXPECTED}, found 'Oct 31, 2026 and more'"),
        ("31.10.2026.", f"{EXPECTED}, found '31.10.2026.'"),
        ("03/04-2026", f"{EXPECTED}, found '03/04-2026'"),
        ("2026-10-31T25:99", f"{EXPECTED}; '2026-10-31T25:99' is not a real time of day"),
        ("2026-10-31T23:60", f"{EXPECTED}; '2026-10-31T23:60' is not a real time of day"),
        ("2026-10-31 13:00 PM", f"{EXPECTED}; '2026-10-31 13:00 PM' is not a real time of day"),
        (
            "2026-10-31T10:00+25:00",
            f"{EXPECTED}; '2026-10-31T10:00+25:00' is not a real time of day",
        ),
        ("2026-02-30", f"{EXPECTED}; '2026-02-30' is not a real calendar date"),
        ("31/31/2026", f"{EXPECTED}; '31/31/2026' is not a real calendar date"),
    ],
)
def test_junk_and_impossible_times_are_refused(text: str, message: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_date(text)
    assert str(caught.value) == message


CHOOSE = "choose day-first or month-first (--day-first / --month-first)"


def test_an_ambiguous_day_and_month_needs_the_import_to_say_which_comes_first() -> None:
    with pytest.raises(CellError) as caught:
        parse_date("03/04/2026")
    assert str(caught.value) == (
        f"date '03/04/2026' could be 3 April 2026 or 4 March 2026; {CHOOSE}"
    )
    assert parse_date("03/04/2026", order=DateOrder.DAY_FIRST) == date(2026, 4, 3)
    assert parse_date("03/04/2026", order=DateOrder.MONTH_FIRST) == date(2026, 3, 4)
    assert parse_date("03-04-26", order=DateOrder.MONTH_FIRST) == date(2026, 3, 4)
    assert parse_date("04/04/2026") == date(2026, 4, 4)  # either way the same day


def test_an_unambiguous_day_and_month_needs_no_setting() -> None:
    assert parse_date("13/04/2026") == date(2026, 4, 13)
    assert parse_date("04/13/2026") == date(2026, 4, 13)
    assert parse_date("13/04/2026", order=DateOrder.DAY_FIRST) == date(2026, 4, 13)
    assert parse_date("03.04.2026") == date(2026, 4, 3)  # dotted dates are always day first


def test_a_date_the_setting_cannot_read_names_the_other_setting() -> None:
    with pytest.raises(CellError) as caught:
        parse_date("13/04/2026", order=DateOrder.MONTH_FIRST)
    assert str(caught.value) == (
        f"date '13/04/2026' cannot be month-first (there is no month 13); {CHOOSE}"
    )
    with pytest.raises(CellError) as caught:
        parse_date("04/13/2026", order=DateOrder.DAY_FIRST)
    assert str(caught.value) == (
        f"date '04/13/2026' cannot be day-first (there is no month 13); {CHOOSE}"
    )


def test_a_converted_date_outside_the_years_says_where_it_came_from() -> None:
    with pytest.raises(CellError) as caught:
        parse_date("2100-12-31T23:30:00Z", zone=TOKYO)
    assert str(caught.value) == (
        "date 2101-01-01 ('2100-12-31T23:30:00Z' in Asia/Tokyo) is outside the years 1990–2100"
    )
