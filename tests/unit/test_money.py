from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.money import (
    allocate_largest_remainder,
    format_money,
    from_minor,
    minor_digits,
    money_text,
    parse_amount,
    quantize,
    to_minor,
)
from desktop_app.errors import ValidationError


def test_commission_rounding_is_half_up_to_the_cent() -> None:
    assert quantize(Decimal("2.345"), "USD") == Decimal("2.35")
    assert quantize(Decimal("2.344999"), "USD") == Decimal("2.34")
    assert quantize(Decimal("-2.345"), "USD") == Decimal("-2.35")  # half away from zero


def test_zero_decimal_currencies_round_to_whole_units() -> None:
    assert minor_digits("JPY") == 0
    assert quantize(Decimal("1234.5"), "JPY") == Decimal("1235")
    assert to_minor(Decimal("1235"), "JPY") == 1235


def test_minor_units_round_trip_exactly() -> None:
    assert to_minor(Decimal("12.50"), "EUR") == 1250
    assert from_minor(1250, "EUR") == Decimal("12.50")
    assert str(from_minor(5, "USD")) == "0.05"
    with pytest.raises(ValueError):
        to_minor(Decimal("0.001"), "USD")


def test_money_text_is_a_plain_decimal_string() -> None:
    assert money_text(Decimal("12.5"), "USD") == "12.50"
    assert money_text(Decimal("-3"), "EUR") == "-3.00"


def test_format_money_follows_the_locale() -> None:
    assert format_money(Decimal("1234.5"), "USD", "en_US") == "$1,234.50"
    assert format_money(Decimal("1234.5"), "EUR", "de_DE") == "1.234,50\xa0€"


def test_parse_amount_rejects_what_is_not_an_amount() -> None:
    assert parse_amount(" 12.5 ", "USD") == Decimal("12.50")
    with pytest.raises(ValidationError, match="not an amount"):
        parse_amount("twelve", "USD")
    with pytest.raises(ValidationError, match="more than 2 decimals"):
        parse_amount("1.234", "USD")
    with pytest.raises(ValidationError, match="not an amount"):
        parse_amount("NaN", "USD")


@pytest.mark.parametrize(
    "text",
    ["5e2", "1E3", "1e400", "Infinity", "-inf", "sNaN", "1,5", "1.2.3", "0x10", "½", "١٢", ".5",
     "5.", "+-5", "1 000", "", " ", "9999999999999.00"],
)  # fmt: skip
def test_parse_amount_has_one_strict_grammar(text: str) -> None:
    with pytest.raises(ValidationError, match=r"^amount: "):
        parse_amount(text, "USD")


def test_parse_amount_bound_fits_64_bit_minor_units() -> None:
    biggest = parse_amount("-999999999999.999", "KWD")  # 3 decimals: the finest minor unit
    assert biggest == Decimal("-999999999999.999")
    assert abs(to_minor(biggest, "KWD")) * 9_000 < 2**63  # thousands of them still add up
    assert parse_amount("+007.5", "EUR", field="minimum_payout") == Decimal("7.50")
    with pytest.raises(ValidationError, match=r"^minimum_payout: .* too large"):
        parse_amount("99999999999999999999", "USD", field="minimum_payout")


def test_largest_remainder_gives_leftover_cents_to_largest_fractions() -> None:
    # 100 cents over three equal parts: 33.33 each, one cent left → first part (tie → earliest).
    assert allocate_largest_remainder(100, [Decimal(1)] * 3) == [34, 33, 33]
    # 10 cents by weights 1:2:3 → exact shares 1.67, 3.33, 5.00 → floors 1, 3, 5; one cent left
    # goes to the largest remainder (0.67, the first part).
    assert allocate_largest_remainder(10, [Decimal(1), Decimal(2), Decimal(3)]) == [2, 3, 5]
    assert allocate_largest_remainder(-10, [Decimal(1), Decimal(2), Decimal(3)]) == [-2, -3, -5]
    assert allocate_largest_remainder(0, []) == []


@given(
    total=st.integers(min_value=-(10**9), max_value=10**9),
    weights=st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=40),
)
def test_allocation_always_sums_exactly_to_the_total(total: int, weights: list[Decimal]) -> None:
    parts = allocate_largest_remainder(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    if sum(weights) > 0:
        # Every part is within one minor unit of its exact proportional share.
        for part, weight in zip(parts, weights, strict=True):
            exact = Decimal(total) * weight / sum(weights)
            assert abs(Decimal(part) - exact) < 1
