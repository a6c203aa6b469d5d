"""Property test on a real store: whatever the orders, refunds and settings, every stored
statement adds up to its lines and the run adds up to its statements."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.services import payouts
from desktop_app.services.payouts.types import TOTAL_FIELDS
from desktop_app.store.database import open_store
from tests.payout_fixture import make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)

orders = st.lists(
    st.tuples(
        st.booleans(),  # alpha or beta
        st.integers(0, 30),  # day offset in October
        st.integers(1, 200_000),  # amount in cents
        st.one_of(st.none(), st.integers(1, 100)),  # refunded percentage
    ),
    max_size=25,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders, st.integers(0, 40), st.integers(0, 10_000))
def test_statements_sum_to_lines_and_run_to_statements(
    items: list[tuple[bool, int, int, int | None]], holding: int, minimum_cents: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 's.sqlite'}")
        try:
            shop = make_shop(store, holding_days=holding, minimum=str(D(minimum_cents) / 100))
            for is_alpha, offset, cents, refund_pct in items:
                day = OCT1 + timedelta(days=offset)
                amount = D(cents).scaleb(-2)
                order = shop.order(shop.alpha if is_alpha else shop.beta, day, str(amount))
                if refund_pct:
                    shop.refund(order, day, str((amount * refund_pct / 100).quantize(D("0.01"))))
            run = make_run(store, OCT1, OCT31)
            with store.transaction() as session:
                summary = payouts.run_summary(session, run)
                lines = payouts.run_lines(session, run)
            for p in summary.partners:
                mine = [x for x in lines if x.partner_id == p.partner_id]
                for status, figure in (
                    ("payable", p.payable),
                    ("held", p.held),
                    ("withheld", p.withheld),
                    ("carried", p.carried_out),
                ):
                    assert figure == sum((x.commission for x in mine if x.status == status), D(0))
                assert p.commission == sum(
                    (x.commission for x in mine if x.kind == "commission"), D(0)
                )
                assert p.payable == 0 or p.payable >= summary.run.minimum_payout
            for name in TOTAL_FIELDS:
                assert getattr(summary.totals, name) == sum(
                    (getattr(p, name) for p in summary.partners), D(0)
                )
            with store.transaction() as session:
                listed = payouts.list_runs(session)[0].totals
            assert listed == summary.totals
            # re-running the draft with the same input gives exactly the same lines and totals
            payouts.recalculate(store, run)
            with store.transaction() as session:
                again = payouts.run_lines(session, run)
                assert payouts.run_summary(session, run).partners == summary.partners
            strip = [(x.order_id, x.kind, x.commission, x.status, x.reason) for x in lines]
            assert [(x.order_id, x.kind, x.commission, x.status, x.reason) for x in again] == strip
        finally:
            store.close()
