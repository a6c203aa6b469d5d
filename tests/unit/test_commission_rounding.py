"""Commission rules in one place each (issue 19): every rounding point in rounding.py, named and
listed there; one function picks a tier; one helper makes a line.

Known answers sit on a half of the minor unit, where half-up decides."""

from __future__ import annotations

import ast
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.commissions import rounding
from desktop_app.domain.commissions.rounding import (
    bonus_extra,
    clawback_left,
    fixed_part,
    group_total,
    line_value,
    refund_reduced,
)
from desktop_app.domain.payouts import clawback_all, clawback_due, reduce_for_refunds

D = Decimal
CENT = D("0.01")
YEN = D("1")
ROOT = Path(__file__).resolve().parents[2] / "desktop_app"
COMMISSIONS = ROOT / "domain" / "commissions"


def test_point_1_a_fixed_part_is_rounded_on_its_own() -> None:
    assert fixed_part(D("1.005"), CENT) == D("1.01")
    assert fixed_part(D("1.004"), CENT) == D("1.00")
    assert fixed_part(D("2.5"), YEN) == D("3")
    assert str(fixed_part(D("1"), CENT)) == "1.00"


def test_point_2_a_line_value_rounds_half_up_to_the_minor_unit() -> None:
    assert line_value(D("0.125"), CENT) == D("0.13")
    assert line_value(D("0.1249999"), CENT) == D("0.12")
    assert line_value(D("-0.125"), CENT) == D("-0.13")  # half away from zero
    assert line_value(D("12.5"), YEN) == D("13")
    assert str(line_value(D(0), CENT)) == "0.00"


@given(
    st.decimals(min_value="-1000000000", max_value="1000000000", allow_nan=False, places=6),
    st.sampled_from([CENT, YEN, D("0.001")]),
)
def test_line_value_is_decimal_quantize_half_up(raw: Decimal, exp: Decimal) -> None:
    expected = raw.quantize(exp, rounding=ROUND_HALF_UP)
    got = line_value(raw, exp)
    assert got == expected and str(got) == str(expected)


def test_point_3_a_marginal_period_total_is_rounded_once_for_the_rules_share() -> None:
    assert group_total(D("100.005"), D("50"), D("50"), CENT) == D("100.01")
    assert group_total(D("10.01"), D("25"), D("50"), CENT) == D("5.01")  # 5.005
    assert group_total(D("10.00"), D("0"), D("0"), CENT) == D("10.00")  # all of nothing
    assert str(group_total(D("0"), D("5"), D("0"), CENT)) == "0.00"


def test_point_4_a_bonus_extra_rate_on_period_sales() -> None:
    assert bonus_extra(D("1001.00"), D("0.5"), CENT) == D("5.01")  # 5.005
    assert bonus_extra(D("1000.50"), D("0.5"), CENT) == D("5.00")  # 5.0025


def test_point_5_a_refund_before_payment_scales_the_commission() -> None:
    assert refund_reduced(D("1.00"), D("1"), D("8"), "USD") == D("0.13")  # 0.125
    assert reduce_for_refunds(D("80.00"), D("1.00"), D("70.00"), "USD") == (D("10.00"), D("0.13"))
    assert reduce_for_refunds(D("80.00"), D("1.00"), D("80.00"), "USD") == (D("0"), D("0"))


def test_point_6_a_clawback_never_takes_more_than_was_paid() -> None:
    assert clawback_left(D("5.00"), D("-2.00"), "USD") == D("-3.00")
    assert clawback_left(D("5.00"), D("-6.00"), "USD") == D("0.00")  # never positive
    # refund of 10.00 of a 80.00 order that paid 1.00: 0.125 -> 0.13 to claw back
    assert clawback_due(D("80.00"), D("1.00"), D("10.00"), D("0"), "USD") == D("-0.13")
    assert clawback_due(D("80.00"), D("1.00"), D("10.00"), D("-0.13"), "USD") == D("0.00")
    # fraud or a cancellation after payment: all of it, less what was already taken
    assert clawback_all(D("6.40"), D("-0.13"), "USD") == D("-6.27")
    assert clawback_all(D("6.40"), D("-6.40"), "USD") == D("0.00")


def test_the_docstring_lists_every_rounding_point() -> None:
    doc = rounding.__doc__ or ""
    for name in rounding.__all__:
        assert f"`{name}`" in doc, name


# Rounding that is not commission money, each to its own named places (rounding.py says where),
# and amounts said in words (tiers.bound_text).
NOT_COMMISSION_MONEY = {"EFFECTIVE_RATE_PLACES", "CONVERSION_PLACES"}


def _roundings(path: Path) -> list[str]:
    """Every `x.quantize(…)` and `quantize(…)` call in the module's code, but a zero's."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name != "quantize":
            continue
        said = ast.unparse(node)
        if any(places in said for places in NOT_COMMISSION_MONEY) or "quantize(ZERO," in said:
            continue
        if path.name == "tiers.py" and said == "quantize(value, currency)":
            continue
        found.append(f"{path.name}:{node.lineno} {said}")
    return found


@pytest.mark.parametrize(
    "path",
    [*sorted(COMMISSIONS.glob("*.py")), ROOT / "domain" / "payouts" / "refunds.py"],
    ids=lambda p: p.name,
)
def test_no_other_commission_module_rounds_money(path: Path) -> None:
    if path.name != "rounding.py":
        assert _roundings(path) == []


def test_the_scan_sees_a_rounding() -> None:
    assert _roundings(COMMISSIONS / "rounding.py")


def test_one_function_picks_a_tier() -> None:
    for path in COMMISSIONS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = text.count("bisect_right")
        if path.name == "plans.py":
            # the import, tiers_reached (bisect_right itself, which tier_at asks), and
            # Plan.version_on (which picks a plan version by date, not a tier)
            assert found == 3 and "return tiers_reached(lowers, value) - 1" in text
            assert "= bisect_right\n" in text
        else:
            assert found == 0, path.name


def test_one_helper_makes_a_line() -> None:
    """types.commission_line; batches.py inlines it where it makes one line per order."""
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.parent == COMMISSIONS and path.name in ("types.py", "batches.py"):
            continue
        assert "CommissionLine((" not in text and "line((" not in text, path
    batches = (COMMISSIONS / "batches.py").read_text(encoding="utf-8")
    assert batches.count("line(  # commission_line inlined (INLINED_LINE)") == 1
