"""Orders given in minor units (OrderInput.minor) are priced in integers: the lines must be the
very lines the Decimal path makes, value and exponent (compared by repr), for every basis and
mode, fixed parts, currencies of 0, 2 and 3 decimals, and orders with and without it mixed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.commissions import (
    BonusRule,
    OrderInput,
    PartnerInput,
    PlanRule,
    Tier,
    TierBasis,
    TierMode,
    calculate,
)
from desktop_app.domain.commissions.rounding import line_value, line_value_minor
from desktop_app.domain.money import minor_digits
from tests.unit.commission_helpers import book_of
from tests.unit.test_commission_properties import any_rules

START = date(2026, 10, 1)
CURRENCIES = ("USD", "JPY", "BHD")  # 2, 0 and 3 decimals
BONUSES = (
    BonusRule(1, "Sales", "sales", Decimal(100), extra_rate=Decimal("1.5")),
    BonusRule(2, "Orders", "orders", Decimal(3), fixed=Decimal(5)),
)


@given(
    st.integers(0, 10**9),
    st.decimals("0", "100", places=4),
    st.decimals("-1000", "1000", places=6),
    st.sampled_from(CURRENCIES),
    st.integers(0, 10**4),
)
def test_line_value_minor_is_line_value_in_integers(
    minor: int, rate: Decimal, offset: Decimal, currency: str, plus: int
) -> None:
    digits = minor_digits(currency)
    exp = Decimal(1).scaleb(-digits)
    factor = rate / 100
    raw = Decimal(minor) * exp * factor + offset
    if raw < 0:  # a line value is never negative (rates are not; a tier's offset keeps it so)
        offset = -Decimal(minor) * exp * factor
        raw = Decimal(minor) * exp * factor + offset
    num, add, den = line_value_minor(factor, offset, exp, plus)
    assert (minor * num + add) // den == int(line_value(raw, exp).scaleb(digits)) + plus
    # on a half of the minor unit, where half-up decides: raw = (k + ½) units
    half = (int(raw / exp) + Decimal("0.5")) * exp
    num, add, den = line_value_minor(factor, half - Decimal(minor) * exp * factor, exp)
    assert (minor * num + add) // den == int(line_value(half, exp).scaleb(digits))


def test_half_a_minor_unit_rounds_up_in_integers_too() -> None:
    cent = Decimal("0.01")
    num, add, den = line_value_minor(Decimal("0.05"), Decimal(0), cent)
    assert (10 * num + add) // den == 1  # 0.10 × 5 % = 0.005 -> 0.01
    assert (9 * num + add) // den == 0  # 0.0045 -> 0.00


def test_lines_on_a_half_cent_are_rounded_up_in_both_paths() -> None:
    """5 % of an odd number of cents ends on half a cent: half-up pays the next cent."""
    rules = [PlanRule(TierBasis.ORDER_AMOUNT, TierMode.WHOLE, (Tier(Decimal(0), Decimal(5)),))]
    rows = [(1, cents, 0, "", True) for cents in (10, 30, 50, 12350)]
    for given_minor in (True, False):
        lines = [eval_line(text) for text in _lines(rules, "USD", rows, given_minor)[:4]]
        assert lines == [Decimal("0.01"), Decimal("0.02"), Decimal("0.03"), Decimal("6.18")]


def eval_line(text: str) -> Decimal:
    """A line's commission, read back from its repr."""
    return Decimal(text.split("commission=Decimal('")[1].split("'")[0])


@st.composite
def orders_in(draw: st.DrawFn, currency: str) -> list[tuple[int, int, int, str, bool]]:
    """(partner, minor units, day, category, given in minor units) per order."""
    top = 10 ** (minor_digits(currency) + 5)
    return draw(
        st.lists(
            st.tuples(
                st.integers(1, 4),
                st.integers(1, top),
                st.integers(0, 30),
                st.sampled_from(("", "Books")),
                st.booleans(),
            ),
            min_size=1,
            max_size=40,
        )
    )


def _lines(
    rules: list[PlanRule],
    currency: str,
    rows: list[tuple[int, int, int, str, bool]],
    given_minor: bool,
) -> list[str]:
    exp = Decimal(1).scaleb(-minor_digits(currency))
    orders = [
        OrderInput(
            n,
            f"E{n}",
            pid,
            START + timedelta(days=day),
            Decimal(minor) * exp,
            category,
            minor if given_minor and use else 0,
        )
        for n, (pid, minor, day, category, use) in enumerate(rows, start=1)
    ]
    partners = [
        PartnerInput(pid, 1, START + timedelta(days=20) if pid == 4 else None, 40)
        for pid in range(1, 5)
    ]
    lines = calculate(orders, partners, book_of(*rules), BONUSES, currency=currency)
    return [repr(line) for line in lines]


@settings(max_examples=150)
@given(st.data(), st.sampled_from(list(TierBasis)), st.sampled_from(CURRENCIES))
def test_orders_in_minor_units_get_the_decimal_paths_lines(
    data: st.DataObject, basis: TierBasis, currency: str
) -> None:
    rule = data.draw(any_rules(basis))
    books = data.draw(any_rules(TierBasis.ORDER_AMOUNT))
    rules = [rule, PlanRule(books.basis, books.mode, books.tiers, "Books")]
    rows = data.draw(orders_in(currency))
    assert _lines(rules, currency, rows, True) == _lines(rules, currency, rows, False)
