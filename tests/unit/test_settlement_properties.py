"""Property tests: a settlement always adds up, line by line, partner by partner, run total."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.payouts import (
    LineKind,
    LineStatus,
    PartnerState,
    Policy,
    SettlementLine,
    clawback_due,
    settle,
)

CUTOFF = date(2026, 10, 31)
cents = st.integers(min_value=-50_000, max_value=500_000).map(lambda c: D(c).scaleb(-2))


@st.composite
def lines(draw: st.DrawFn) -> SettlementLine:
    kind = draw(st.sampled_from(list(LineKind)))
    day = CUTOFF - timedelta(days=draw(st.integers(0, 90)))
    value = draw(cents)
    if kind is LineKind.COMMISSION:
        value = abs(value)
    return SettlementLine(
        partner_id=draw(st.integers(1, 5)),
        kind=kind,
        value=value,
        amount=abs(value) * 10,
        order_date=day if kind is LineKind.COMMISSION else None,
        release_on=day + timedelta(days=30) if kind is LineKind.COMMISSION else None,
        hold_days=30,
        order_flagged_on=CUTOFF if draw(st.integers(0, 9)) == 0 else None,
        in_period=draw(st.booleans()),
    )


states = st.dictionaries(
    st.integers(1, 5),
    st.builds(
        PartnerState,
        paused=st.booleans(),
        fraud_flagged_on=st.one_of(st.none(), st.just(CUTOFF)),
    ),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(lines(), max_size=40), states, cents.map(abs))
def test_settlement_adds_up(items: list[SettlementLine], state, minimum: D) -> None:  # type: ignore[no-untyped-def]
    policy = Policy("USD", CUTOFF, 30, minimum)
    result = settle(items, policy, state)
    assert [s.line for s in result.lines] == items
    for pid, t in result.partners.items():
        mine = [s for s in result.lines if s.line.partner_id == pid]
        # statement total = sum of its payable lines; every line is accounted exactly once
        assert t.payable == sum(
            (s.line.value for s in mine if s.status is LineStatus.PAYABLE), D(0)
        )
        assert t.carried_in + t.commission + t.bonus + t.clawback + t.adjustments == (
            t.payable + t.carried_out + t.withheld + t.held
        )
        # a partner is either paid at least the minimum, or nothing and the balance carried
        assert t.payable == 0 or t.payable >= minimum
        assert t.payable == 0 or t.carried_out == 0
        assert all(s.reason for s in mine if s.status is not LineStatus.PAYABLE)
    # run total = sum of the partners' statements
    assert result.total("payable") == sum(
        (s.line.value for s in result.lines if s.status is LineStatus.PAYABLE), D(0)
    )


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 10**7).map(lambda c: D(c).scaleb(-2)),
    st.integers(0, 10**6).map(lambda c: D(c).scaleb(-2)),
    st.lists(st.integers(1, 10**7).map(lambda c: D(c).scaleb(-2)), max_size=6),
)
def test_clawbacks_in_steps_sum_to_one_clawback(amount: D, value: D, refunds: list[D]) -> None:
    clawed = D(0)
    refunded = D(0)
    for refund in refunds:
        refunded += refund
        clawed += clawback_due(amount, value, refunded, clawed, "USD")
    assert clawed == clawback_due(amount, value, refunded, D(0), "USD")
    assert -value <= clawed <= 0
