"""The import's integer fast path for plain amounts agrees with the exact Decimal parser, and
leaves everything else (signs, separators, '1.500' which could be 1500) to it."""

from __future__ import annotations

import random

import pytest

from desktop_app.domain.money import minor_digits, to_minor
from desktop_app.services.imports.parsing import (
    CellError,
    is_plain_amount,
    parse_amount,
    plain_amount_minor,
)


def _exact(text: str, currency: str) -> int | None:
    try:
        amount = parse_amount(text, currency)
    except CellError:
        return None
    return to_minor(amount, currency) if amount >= 0 else None


@pytest.mark.parametrize("currency", ["USD", "JPY", "KWD"])
def test_plain_amounts_match_the_decimal_rounding(currency: str) -> None:
    rng = random.Random(3)
    texts = ["0", "7", "1.5", "1.25", "1.255", "1.245", "2.5", "0.005", "0.0049", "999999999.9999"]
    texts += [
        f"{rng.randrange(10**9)}.{rng.randrange(10**4):0{rng.randint(1, 4)}d}" for _ in range(2000)
    ]
    for text in texts:
        fast = plain_amount_minor(text, minor_digits(currency))
        exact = _exact(text, currency)
        if is_plain_amount(text):
            assert fast == exact, text
        else:  # '1.255' (1255 or 1.255?): only the full parser, which sees the column, decides
            assert fast is None, text


@pytest.mark.parametrize(
    "text",
    ["", "-1.00", "1,234.50", "US $5", "1.2.3", "1.23456", "1000000000", " 5", "1e5", "1.500"],
)
def test_anything_else_goes_to_the_full_parser(text: str) -> None:
    assert plain_amount_minor(text, 2) is None


def test_the_fast_check_accepts_exactly_the_plain_amount_pattern() -> None:
    rng = random.Random(5)
    alphabet = "0123456789.٣ -\n,"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        if not is_plain_amount(text):
            assert plain_amount_minor(text, 2) is None, repr(text)
        elif not text.partition(".")[2][2:].strip("0"):  # not more decimals than USD has
            assert plain_amount_minor(text, 2) is not None, repr(text)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (10**400, "is implausibly large"),  # an int too big for a float: a message, not a crash
        (float("inf"), "expected a whole number"),
        (2.5, "expected a whole number"),
    ],
)
def test_click_counts_that_are_not_counts(value: object, message: str) -> None:
    from desktop_app.services.imports.parsing import parse_count

    with pytest.raises(CellError, match=message):
        parse_count(value)


@pytest.mark.parametrize("currency", ["USD", "JPY", "KWD"])
def test_number_cells_read_by_float_arithmetic_match_the_exact_parser(currency: str) -> None:
    """float_amount_minor (numbers from .xlsx cells) gives the exact parser's minor units or
    leaves the cell to it (None): never another value."""
    from desktop_app.services.imports.parsing import float_amount_minor

    rng = random.Random(11)
    digits = minor_digits(currency)
    values = [0.0, -0.0, -1.5, 1e-05, 0.1, 0.3, 1.005, 2.675, 12.5, 1e9, 999999999.99, 1e300]
    values += [float("nan"), float("inf"), 5e-324, 1.125, 123456.789]
    values += [
        round(rng.uniform(0, 10 ** rng.randint(0, 9)), rng.randint(0, 5)) for _ in range(5000)
    ]
    values += [rng.uniform(0, 1e6) for _ in range(500)]
    accepted = 0
    for value in values:
        fast = float_amount_minor(value, digits)
        if fast is None:
            continue
        accepted += 1
        assert fast == to_minor(parse_amount(value, currency), currency), value
        assert fast == plain_amount_minor(repr(value), digits) or digits == 3, value
    assert accepted > 500


def test_the_fast_row_path_gives_the_full_parsers_records() -> None:
    """RowParser.parse (the fast path, with its caches) and RowParser._parse (the careful one)
    make the same record of every row the fast path accepts; the others it hands over."""
    from desktop_app.services.imports.model import ImportKind, ImportOptions
    from desktop_app.services.imports.records import OrderRecord, RowParser

    header = ["Order ID", "Date", "Partner code", "Amount", "Currency", "Category", "SKU"]
    columns = {f: i for i, f in enumerate(
        ["order_id", "date", "partner_code", "amount", "currency", "category", "sku"]
    )}  # fmt: skip

    def parser() -> RowParser:
        return RowParser(
            kind=ImportKind.ORDERS, columns=columns, headers=header, file="f.xlsx", sheet="S",
            options=ImportOptions(), base_currency="EUR",
        )  # fmt: skip

    rng = random.Random(2)
    cells = [
        [" A-1 ", "2026-10-01", "P1", "12.50", "usd", " Books ", ""],
        ["A-2", "2026-10-01", "P1", 12.5, "USD", 7, None],
        ["A-3", 45931, None, 3, "", "", 1234.0],
        ["A-4", "2026-10-02", "P2", "12.50", "JPY", "Toys", "X"],  # 12.50 yen: the full parser
        ["A-5", "2026-10-02", "P2", "1,500", "USD", "", ""],  # ambiguous: kept aside
        ["A-6", "2026-10-02", "P2", True, "USD", "", ""],
        ["A-7", "2026-10-02", "P\x07", "1", "USD", "", ""],
        ["A-8", "2026-10-02", "P2", "1", "USD", "a\tb", ""],
        ["", "2026-10-02", "P2", "1", "USD", "", ""],
        ["A-9", "2026-10-02", "P2", "1"],  # a short row
    ]
    cells += [
        [f"R-{n}", f"2026-10-{1 + n % 28:02d}", f"P{n % 5}", rng.choice(["3.10", 3.1, "7", 7]),
         rng.choice(["USD", "EUR", "", "KWD"]), rng.choice(["Books", "", " Toys"]), f"S{n % 3}"]
        for n in range(300)
    ]  # fmt: skip
    fast, careful = parser(), parser()
    for number, row in enumerate(cells, start=2):
        got = fast.parse(number, list(row))
        try:
            want = careful._parse(number, list(row))
        except Exception:  # the ambiguous amount: kept aside by both
            assert got is None
            continue
        if isinstance(got, OrderRecord):
            assert got == want, row
        else:
            assert got == want or got is None, row
