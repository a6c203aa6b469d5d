"""Known-answer tests of the pure settlement rules (holding, minimum, fraud, refunds, rates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from desktop_app.domain.payouts import (
    LineKind,
    LineStatus,
    PartnerState,
    Policy,
    RateTable,
    SettlementLine,
    clawback_due,
    convert,
    reduce_for_refunds,
    settle,
)
from desktop_app.domain.payouts.conversion import MissingRateError

POLICY = Policy(currency="USD", cutoff=date(2026, 10, 31), holding_days=30, minimum=D("50.00"))


def order_line(
    partner: int, value: str, day: date, *, amount: str = "100.00", **kw: object
) -> SettlementLine:
    return SettlementLine(
        partner_id=partner,
        kind=LineKind.COMMISSION,
        value=D(value),
        amount=D(amount),
        order_id=kw.pop("order_id", None),  # type: ignore[arg-type]
        order_date=day,
        release_on=date.fromordinal(day.toordinal() + 30),
        hold_days=30,
        **kw,  # type: ignore[arg-type]
    )


def test_holding_period_boundary() -> None:
    # Released on the cut-off day itself → payable; one day later → held, with the date in words.
    on_time = order_line(1, "60.00", date(2026, 10, 1))  # 10-01 + 30 days = 10-31 = cutoff
    late = order_line(1, "5.00", date(2026, 10, 2))  # released 11-01 > cutoff
    result = settle([on_time, late], POLICY)
    assert [s.status for s in result.lines] == [LineStatus.PAYABLE, LineStatus.HELD]
    assert result.lines[1].reason == "held until 2026-11-01 (30-day holding period)"
    totals = result.partners[1]
    assert totals.payable == D("60.00")
    assert totals.held == D("5.00")
    assert totals.commission == D("65.00")
    assert totals.sales == D("200.00")


def test_minimum_payout_boundary_and_carry() -> None:
    exactly = order_line(1, "50.00", date(2026, 9, 1))
    below = order_line(2, "49.99", date(2026, 9, 1))
    result = settle([exactly, below], POLICY)
    assert result.lines[0].status is LineStatus.PAYABLE
    assert result.lines[1].status is LineStatus.CARRIED
    assert result.lines[1].reason == "below the 50.00 minimum, carried over"
    assert result.partners[2].carried_out == D("49.99")
    assert result.partners[2].payable == D("0.00")


def test_carried_in_balance_reaches_minimum() -> None:
    carried_in = SettlementLine(partner_id=1, kind=LineKind.CARRIED_IN, value=D("30.00"))
    new = order_line(1, "20.00", date(2026, 9, 15))
    result = settle([carried_in, new], POLICY)
    assert {s.status for s in result.lines} == {LineStatus.PAYABLE}
    t = result.partners[1]
    assert (t.carried_in, t.commission, t.payable, t.carried_out) == (
        D("30.00"),
        D("20.00"),
        D("50.00"),
        D("0.00"),
    )


def test_fraud_order_and_partner_withheld() -> None:
    flagged = order_line(1, "80.00", date(2026, 9, 1), order_flagged_on=date(2026, 10, 12))
    clean = order_line(1, "70.00", date(2026, 9, 2))
    partner_line = order_line(2, "90.00", date(2026, 9, 3))
    clawback = SettlementLine(partner_id=2, kind=LineKind.CLAWBACK, value=D("-4.00"))
    states = {2: PartnerState(fraud_flagged_on=date(2026, 10, 20))}
    result = settle([flagged, clean, partner_line, clawback], POLICY, states)
    assert result.lines[0].reason == "withheld: order flagged as fraud on 2026-10-12"
    assert result.lines[1].status is LineStatus.PAYABLE
    assert result.lines[2].reason == "withheld: partner flagged as fraud on 2026-10-20"
    # The partner still owes the clawback: it is carried over as a negative balance.
    assert result.lines[3].status is LineStatus.CARRIED
    assert result.partners[1].withheld == D("80.00")
    assert result.partners[1].payable == D("70.00")
    assert result.partners[2].withheld == D("90.00")
    assert result.partners[2].carried_out == D("-4.00")


def test_paused_partner_is_held_but_fraud_wins() -> None:
    line = order_line(1, "70.00", date(2026, 9, 2))
    result = settle([line], POLICY, {1: PartnerState(paused=True)})
    assert (result.lines[0].status, result.lines[0].reason) == (LineStatus.HELD, "partner paused")


def test_negative_balance_is_carried() -> None:
    clawback = SettlementLine(partner_id=1, kind=LineKind.CLAWBACK, value=D("-12.00"))
    result = settle([clawback], POLICY)
    assert result.partners[1].carried_out == D("-12.00")
    assert result.partners[1].clawback == D("-12.00")


def test_sales_count_only_orders_of_the_period() -> None:
    old = order_line(1, "10.00", date(2026, 8, 1), amount="500.00", in_period=False)
    new = order_line(1, "50.00", date(2026, 9, 1), amount="300.00")
    assert settle([old, new], POLICY).partners[1].sales == D("300.00")


def test_a_pending_order_is_held_before_every_other_rule_and_is_no_sale() -> None:
    from desktop_app.domain.payouts.settlement import PENDING_REASON, REFUNDED_REASON

    old = date(2026, 9, 1)  # its holding period is over
    pending = order_line(1, "0.00", old, order_flagged_on=old, held_because=PENDING_REASON)
    refunded = order_line(1, "0.00", old, amount="0.00", nothing_because=REFUNDED_REASON)
    paid = order_line(1, "60.00", old)
    result = settle([pending, refunded, paid], POLICY, {1: PartnerState(paused=True)})
    assert [(s.status, s.reason) for s in result.lines] == [
        (LineStatus.HELD, PENDING_REASON),  # not withheld (order flag), not "partner paused"
        (LineStatus.PAYABLE, REFUNDED_REASON),
        (LineStatus.HELD, "partner paused"),
    ]
    assert result.partners[1].sales == D("100.00")  # the pending order is no sale yet


def test_reduce_for_refunds_proportional_and_full() -> None:
    # 40.00 refunded of 160.00: base 120.00; commission 12.00 x 120/160 = 9.00
    assert reduce_for_refunds(D("160.00"), D("12.00"), D("40.00"), "USD") == (
        D("120.00"),
        D("9.00"),
    )
    # one third refunded: 10.00 x 2/3 = 6.666… → 6.67 (half-up)
    assert reduce_for_refunds(D("90.00"), D("10.00"), D("30.00"), "USD")[1] == D("6.67")
    assert reduce_for_refunds(D("90.00"), D("10.00"), D("95.00"), "USD") == (D("0.00"), D("0.00"))
    assert reduce_for_refunds(D("90.00"), D("10.00"), D("0"), "USD") == (D("90.00"), D("10.00"))


def test_clawback_cumulative_never_exceeds_paid() -> None:
    # paid 10.00 on 90.00; 30.00 refunded → 10 x 30/90 = 3.33
    first = clawback_due(D("90.00"), D("10.00"), D("30.00"), D("0"), "USD")
    assert first == D("-3.33")
    # another 30.00 (cumulative 60.00): target 6.67, already -3.33 → -3.34 more
    second = clawback_due(D("90.00"), D("10.00"), D("60.00"), first, "USD")
    assert second == D("-3.34")
    # refunded more than the order (cumulative 200.00): target 10.00 → the last -3.33
    third = clawback_due(D("90.00"), D("10.00"), D("200.00"), first + second, "USD")
    assert first + second + third == D("-10.00")
    assert clawback_due(D("90.00"), D("10.00"), D("200.00"), D("-10.00"), "USD") == D("0.00")


def test_conversion_rounding_and_missing_rate() -> None:
    table = RateTable(
        "USD", {("EUR", date(2026, 10, 1)): D("1.0815"), ("EUR", date(2026, 9, 1)): D("1.0825")}
    )
    # 19.99 EUR x 1.0815 = 21.619185 → 21.62 USD (half-up)
    assert convert(D("19.99"), "EUR", date(2026, 10, 17), table) == D("21.62")
    # September rate: 10.00 x 1.0825 = 10.825 → 10.83 (half-up; banker's rounding would give 10.82)
    assert convert(D("10.00"), "EUR", date(2026, 9, 30), table) == D("10.83")
    assert convert(D("5.00"), "usd", date(2026, 10, 3), table) == D("5.00")
    with pytest.raises(MissingRateError, match=r"GBP in 2026-10"):
        convert(D("1.00"), "GBP", date(2026, 10, 3), table)
    with pytest.raises(MissingRateError, match=r"EUR in 2026-11"):
        convert(D("1.00"), "EUR", date(2026, 11, 3), table)
