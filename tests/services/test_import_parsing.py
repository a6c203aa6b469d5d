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


def test_number_columns_read_at_once_match_each_cell_read_alone() -> None:
    from desktop_app.services.imports.parsing import float_amount_minor, float_amounts_minor

    rng = random.Random(13)
    for digits in (0, 2, 3):
        for _ in range(300):
            values = [round(rng.uniform(0.01, 1e5), rng.randint(0, 4)) for _ in range(20)]
            if rng.random() < 0.3:
                values[rng.randrange(20)] = rng.choice(
                    [0.0, -1.0, float("nan"), float("inf"), 1e300, 0.125, 1e-9]
                )
            alone = [float_amount_minor(v, digits) for v in values]
            at_once = float_amounts_minor(values, digits)
            assert at_once == (None if None in alone else alone), values


def _order_parser(columns: dict[str, int], **options: object) -> object:
    from desktop_app.services.imports.model import ImportKind, ImportOptions
    from desktop_app.services.imports.records import RowParser

    return RowParser(
        kind=ImportKind.ORDERS, columns=columns, headers=[f"H{i}" for i in range(9)],
        file="f.csv", sheet="", options=ImportOptions(**options), base_currency="EUR",
    )  # fmt: skip


def _odd_cell(rng: random.Random, field: str) -> object:
    return rng.choice({
        "order_id": ["", None, " X-1 ", "X\x07", 12345.0, 7, "A  B"],
        "date": ["", "31/31/2026", 45931, "2026-10-05T10:00:00Z", True],
        "partner_code": ["", None, "p\t1", " P1", 3.0],
        "amount": ["1,500", "-3", "", "12.345", True, 0, "0", 5, 2.5, "US $4", float("nan")],
        "currency": ["JPY", "", "usd", "XXX", 7],
        "category": [None, 4.0, " Toys ", "a\nb", ""],
        "status": ["cancelled", "Pending", "???", ""],
    }[field])  # fmt: skip


@pytest.mark.parametrize("seed", range(12))
def test_a_chunk_read_column_by_column_gives_the_records_of_each_row(seed: int) -> None:
    """RowParser.parse_chunk makes exactly the records `parse` makes of each row, or hands the
    chunk back (None) to be read row by row; a chunk of ordinary rows is read at once."""
    from desktop_app.services.imports.records import OrderColumns

    rng = random.Random(seed)
    fields = ["order_id", "date", "partner_code", "amount", "currency", "category", "status"]
    present = [f for f in fields if f in ("order_id", "date", "partner_code", "amount")
               or rng.random() < 0.7]  # fmt: skip
    rng.shuffle(present)
    columns = {field: at for at, field in enumerate(present)}
    amount_kind = rng.choice(["text", "float", "int"])
    currency = rng.choice(["USD", "JPY", "KWD", ""])

    def row(n: int) -> list[object]:
        amount: object = round(rng.uniform(1, 900), 2 if currency != "JPY" else 0)
        amount = {"text": f"{amount:.2f}" if currency != "JPY" else f"{amount:.0f}",
                  "float": amount, "int": int(amount) or 1}[amount_kind]  # fmt: skip
        values = {
            "order_id": f"O-{n}", "date": f"2026-10-{1 + n % 28:02d}",
            "partner_code": rng.choice(["P1", "p2", "P3", ""]), "amount": amount,
            "currency": currency, "category": rng.choice(["Books", "", "Toys"]),
            "status": rng.choice(["confirmed", "pending", ""]),
        }  # fmt: skip
        return [values[f] for f in present]

    accepted = 0
    for chunk_at in range(40):
        rows = [row(chunk_at * 50 + n) for n in range(50)]
        if chunk_at % 2:  # every other chunk has an odd cell somewhere
            field = rng.choice(present)
            rows[rng.randrange(50)][columns[field]] = _odd_cell(rng, field)
        fast, careful = _order_parser(columns), _order_parser(columns)
        first = 2 + chunk_at * 50
        got = fast.parse_chunk(first, [list(r) for r in rows])  # type: ignore[attr-defined]
        want = [careful.parse(first + n, list(r)) for n, r in enumerate(rows)]  # type: ignore[attr-defined]
        if got is None:
            continue
        accepted += 1
        assert isinstance(got, OrderColumns)
        assert got.records() == want
    assert accepted >= 20  # every ordinary chunk at least
