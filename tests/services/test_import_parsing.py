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
