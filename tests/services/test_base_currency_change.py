"""Changing the base currency never relabels money (issue 16, problem 3): refused while the
store holds money in the old currency, unless converted at a stated rate, and then what was
carried over, held back or pending is converted, and the audit log says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from desktop_app.errors import ValidationError
from desktop_app.services import audit, merchant, payouts
from desktop_app.store.database import Store
from desktop_app.store.models import AdjustmentRow, ExchangeRateRow
from tests.payout_fixture import Shop, make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)


def _set_currency(store: Store, currency: str, rate: D | None = None) -> None:
    with store.transaction() as session:
        profile = replace(merchant.get_profile(session), base_currency=currency)
        merchant.save_profile(session, profile, convert_at=rate, actor="tester")


def _locked_october(store: Store) -> tuple[Shop, int]:
    """A locked USD run with 34.00 carried over (Beta: an order's 32.00, which the next run
    prices again, and a 2.00 adjustment, carried as a balance) and 32.00 held (Alpha)."""
    shop = make_shop(store, holding_days=30, minimum="50.00")
    shop.order(shop.beta, date(2026, 10, 5), "320.00")  # released 11-04: 32.00 < 50.00, carried
    shop.order(shop.alpha, date(2026, 10, 20), "320.00")  # released 11-19: held
    run = make_run(store, OCT1, OCT31, date(2026, 11, 10), actor="tester")
    payouts.add_adjustment(store, shop.beta, D("2.00"), "sample fee", run_id=run, actor="tester")
    payouts.lock_run(store, run, actor="tester")
    with store.transaction() as session:
        summary = payouts.run_summary(session, run)
    beta, alpha = summary.partner(shop.beta), summary.partner(shop.alpha)
    assert beta is not None and alpha is not None
    assert (beta.carried_out, alpha.held) == (D("34.00"), D("32.00"))
    return shop, run


def test_a_new_store_changes_currency_freely(store: Store) -> None:
    _set_currency(store, "JPY")
    with store.transaction() as session:
        assert merchant.get_profile(session).base_currency == "JPY"


def test_the_change_is_refused_while_money_is_held_and_nothing_changes(store: Store) -> None:
    _locked_october(store)
    with pytest.raises(ValidationError) as refused:
        _set_currency(store, "JPY")
    message = str(refused.value)
    assert message.startswith("base_currency: cannot change from USD to JPY while the store holds")
    assert "2 order(s), 1 payout run(s)" in message
    assert "--convert-at" in message
    with store.transaction() as session:
        assert merchant.get_profile(session).base_currency == "USD"


def test_converted_at_a_stated_rate_the_next_run_pays_the_converted_balances(
    store: Store,
) -> None:
    shop, october = _locked_october(store)
    payouts.add_adjustment(store, shop.beta, D("1.50"), "late bonus", actor="tester")
    _set_currency(store, "JPY", D("150"))

    with store.transaction() as session:
        adjustment = session.scalars(
            select(AdjustmentRow).where(AdjustmentRow.run_id.is_(None))  # pending, not October's
        ).one()
        assert (adjustment.amount_minor, adjustment.currency) == (225, "JPY")
        rates = {(r.currency, r.month): r.rate for r in session.scalars(select(ExchangeRateRow))}
        assert rates == {("USD", OCT1): D("150")}  # unpaid USD orders convert at the same rate
        change = [e for e in audit.entries(session) if e.action == "merchant.base_currency"]
    assert change and change[0].details["rate"] == "150" and change[0].details["from"] == "USD"

    november = make_run(store, NOV1, NOV30, actor="tester")
    with store.transaction() as session:
        summary = payouts.run_summary(session, november)
        lines = payouts.run_lines(session, november)
    assert summary.run.currency == "JPY"
    beta, alpha = summary.partner(shop.beta), summary.partner(shop.alpha)
    assert beta is not None and alpha is not None
    assert beta.carried_in == D("300")  # the 2.00 USD balance x 150, not 2 JPY
    assert beta.adjustments == D("225")
    [carried] = [line for line in lines if line.kind == "carried_in"]
    assert "converted from USD at 150 JPY per USD" in carried.explanation
    # October's orders (one held, one carried below the minimum) are priced again from their USD
    # orders at the stated rate: 320.00 x 150 = 48,000, commission 4,800 (not 3,200 or 32)
    again = [
        (line.partner_id, line.amount, line.commission, line.original_currency)
        for line in lines
        if line.kind == "commission"
    ]
    assert sorted(again) == [
        (shop.alpha, D("48000"), D("4800"), "USD"),
        (shop.beta, D("48000"), D("4800"), "USD"),
    ]
    assert (alpha.payable, beta.payable) == (D("4800"), D("5325"))  # 4,800 + 300 + 225
    payouts.lock_run(store, november, actor="tester")
    # the locked October run is untouched: still 32.00 USD
    with store.transaction() as session:
        old = payouts.run_summary(session, october)
    assert old.run.currency == "USD"
    kept = old.partner(shop.beta)
    assert kept is not None and kept.carried_out == D("34.00")


def test_a_refund_after_payment_claws_back_in_the_new_currency(store: Store) -> None:
    shop = make_shop(store, holding_days=0, minimum="0.00")
    order = shop.order(shop.alpha, date(2026, 10, 5), "100.00")  # 10.00 USD paid in October
    october = make_run(store, OCT1, OCT31, actor="tester")
    payouts.lock_run(store, october, actor="tester")
    _set_currency(store, "EUR", D("0.9"))
    shop.refund(order, date(2026, 11, 3), "50.00", currency="USD")  # half refunded
    november = make_run(store, NOV1, NOV30, actor="tester")
    with store.transaction() as session:
        claws = [x for x in payouts.run_lines(session, november) if x.kind == "clawback"]
    assert [(c.commission, c.amount) for c in claws] == [(D("-4.50"), D("45.00"))]


def test_a_bad_conversion_rate_is_refused(store: Store) -> None:
    _locked_october(store)
    for rate in (D("0"), D("-1"), D("NaN")):
        with pytest.raises(ValidationError, match="convert_at"):
            _set_currency(store, "JPY", rate)
