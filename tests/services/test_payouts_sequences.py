"""Random sequences of what a merchant does in a month — import, re-import with changes, undo,
refund, terminate a partner, create, recalculate and lock runs — on a real store and real
import files. After every lock, every locked line agrees with its order as it is at lock time,
and no order's commission is ever settled twice (issue 16: a lock after an undo or a re-import
used to pay the old lines, and the same orders again later).

Plan: flat 10 % (tests/payout_fixture.py), holding 0 days, no minimum: every line of a run is
payable, so each locked line can be checked against its order by hand.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func, select

from desktop_app.domain.payouts.lines import SETTLING
from desktop_app.errors import UserError
from desktop_app.services import imports, partners, payouts
from desktop_app.services.imports import ImportKind, ImportOptions
from desktop_app.store.database import Store, open_store
from desktop_app.store.models import (
    OrderRow,
    PartnerRow,
    PayoutLineRow,
    PayoutRunRow,
    RefundRow,
)
from tests.import_files import write_csv
from tests.payout_fixture import LATER, make_shop

MONTHS = [(date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 30))]
MONTHS += [(date(2026, 12, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 1, 31))]
CODES = ("ALPHA", "BETA")
SETTLED = tuple(SETTLING)  # paid or withheld: what settles an order
_TEMPLATE: dict[str, Path] = {}


def _template() -> Path:
    """One migrated store with the shop's partners and plan, copied for every example."""
    if "path" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="payout-sequences-"))
        store = open_store(f"sqlite:///{folder / 'template.sqlite'}")
        make_shop(store, holding_days=0, minimum="0.00")
        store.close()
        _TEMPLATE["path"] = folder / "template.sqlite"
    return _TEMPLATE["path"]


order_rows = st.lists(
    st.tuples(
        st.integers(1, 6),  # order number: re-imports change the same orders
        st.integers(0, 3),  # month
        st.sampled_from(CODES),
        st.sampled_from(["100.00", "250.00", "400.00"]),
        st.sampled_from(["completed", "completed", "cancelled"]),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda row: row[0],
)


class MonthlyRoutine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="payout-seq-"))
        shutil.copy(_template(), self.folder / "store.sqlite")
        self.store: Store = open_store(f"sqlite:///{self.folder / 'store.sqlite'}")
        self.files = 0
        self.batches: list[int] = []
        self.next_month = 0
        self.draft: int | None = None

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _write(self, rows: list[list[str]]) -> Path:
        self.files += 1
        return write_csv(self.folder / f"file{self.files}.csv", rows)

    @rule(rows=order_rows)
    def import_orders(self, rows: list[tuple[int, int, str, str, str]]) -> None:
        table = [["Order ID", "Order Date", "Partner Code", "Amount", "Currency", "Status"]]
        for number, month, code, amount, status in rows:
            day = MONTHS[month][0].replace(day=5 + number)
            table.append([f"S-{number}", day.isoformat(), code, amount, "USD", status])
        report = imports.run_import(self.store, self._write(table), ImportOptions(source="shop"))
        if report.batch_id is not None:
            self.batches.append(report.batch_id)

    @precondition(lambda self: self.batches)
    @rule()
    def undo_last_import(self) -> None:
        try:
            imports.undo_batch(self.store, self.batches[-1], actor="tester")
        except UserError:
            return  # orders in a locked run, or a later import changed them
        self.batches.pop()

    @rule(number=st.integers(1, 6), amount=st.sampled_from(["50.00", "100.00"]))
    def refund(self, number: int, amount: str) -> None:
        month = MONTHS[min(self.next_month, len(MONTHS) - 1)][0]
        table = [
            ["Order ID", "Refund Date", "Refund Amount"],
            [f"S-{number}", month.replace(day=20).isoformat(), amount],
        ]
        options = ImportOptions(kind=ImportKind.REFUNDS, source="shop", currency="USD")
        report = imports.run_import(self.store, self._write(table), options)
        if report.batch_id is not None:
            self.batches.append(report.batch_id)

    @rule(code=st.sampled_from(CODES), month=st.integers(0, 3))
    def terminate(self, code: str, month: int) -> None:
        try:
            with self.store.transaction() as session:
                partner = partners.find_by_code(session, code)
                partners.terminate_partner(
                    session, partner.id, on_date=MONTHS[month][0].replace(day=8)
                )
        except UserError:
            pass  # already terminated

    @precondition(lambda self: self.draft is None and self.next_month < len(MONTHS))
    @rule()
    def create_run(self) -> None:
        start, end = MONTHS[self.next_month]
        self.draft = payouts.create_run(
            self.store, start, end, end, actor="tester", today=LATER
        ).value
        self.next_month += 1

    @precondition(lambda self: self.draft is not None)
    @rule()
    def recalculate(self) -> None:
        assert self.draft is not None
        payouts.recalculate(self.store, self.draft, actor="tester")

    @precondition(lambda self: self.draft is not None)
    @rule()
    def lock(self) -> None:
        assert self.draft is not None
        run_id = self.draft
        try:
            payouts.lock_run(self.store, run_id, actor="tester")
        except UserError:
            return  # out of date: recalculate first
        self.draft = None
        self._check_locked_run(run_id)

    def _check_locked_run(self, run_id: int) -> None:
        """Every commission line of the run just locked agrees with its order as it is now."""
        with self.store.transaction() as session:
            run = session.get(PayoutRunRow, run_id)
            assert run is not None and run.state == "locked"
            lines = session.scalars(
                select(PayoutLineRow).where(
                    PayoutLineRow.run_id == run_id, PayoutLineRow.kind == "commission"
                )
            ).all()
            for line in lines:
                assert line.order_id is not None, f"{line.external_id}: paid without its order"
                order = session.get(OrderRow, line.order_id)
                assert order is not None
                assert order.partner_id == line.partner_id, f"{order.external_id}: wrong partner"
                assert order.status != "cancelled", f"{order.external_id}: cancelled but paid"
                refunded = session.scalar(
                    select(func.coalesce(func.sum(RefundRow.amount_minor), 0)).where(
                        RefundRow.order_id == order.id, RefundRow.refund_date <= run.cutoff
                    )
                )
                net = max(order.amount_minor - int(refunded or 0), 0)
                assert line.amount_minor == net, f"{order.external_id}: amount of another time"
                partner = session.get(PartnerRow, order.partner_id)
                assert partner is not None
                ended = partner.status == "terminated" and partner.status_date < order.order_date
                expected = 0 if ended else (net + 5) // 10  # 10 %, half up
                assert line.commission_minor == expected, f"{order.external_id}: commission"

    @invariant()
    def no_order_settled_twice(self) -> None:
        with self.store.transaction() as session:
            rows: list[Any] = session.execute(
                select(PayoutLineRow.external_id)
                .join(PayoutRunRow, PayoutRunRow.id == PayoutLineRow.run_id)
                .where(
                    PayoutRunRow.state.in_(("locked", "paid")),
                    PayoutLineRow.kind == "commission",
                    PayoutLineRow.status.in_(SETTLED),
                )
            ).all()
        twice = [ext for ext, count in Counter(r[0] for r in rows).items() if count > 1]
        assert not twice, f"settled twice: {twice}"


MonthlyRoutine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_monthly_routine_never_pays_wrong_or_twice = MonthlyRoutine.TestCase
