"""Order statuses in payout runs, as the shop's exports bring them month after month: a pending
order waits and is paid once it is confirmed (exactly once), a refunded or cancelled order earns
nothing and says why, and a refund or cancellation after payment is clawed back in the next run.
Everything goes through real import files and a real store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.services import imports, payouts
from desktop_app.services.imports import ImportOptions
from desktop_app.store.database import Store
from desktop_app.store.models import PayoutLineRow
from tests.import_files import write_csv
from tests.payout_fixture import Shop, make_run, make_shop

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)
NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)
DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)
HEADER = ["Order ID", "Order Date", "Partner Code", "Amount", "Currency", "Status"]
PENDING = "pending: not confirmed by the shop yet"
REFUNDED = "refunded by the shop before payment: earns nothing"
CANCELLED = "cancelled by the shop: earns nothing"


@pytest.fixture
def shop(store: Store) -> Shop:
    return make_shop(store, holding_days=0, minimum="0.00")


class Exports:
    """The shop's monthly export files, imported as the merchant would."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self.count = 0

    def send(self, *rows: list[str]) -> imports.ImportReport:
        self.count += 1
        path = write_csv(self.folder / f"export-{self.count}.csv", [HEADER, *rows])
        report = imports.run_import(self.store, path, ImportOptions(source="shop"))
        assert report.applied and not report.errors, report.errors
        return report


def lines(store: Store, run_id: int) -> list[tuple[str, str, D, str, str]]:
    """(kind, order, commission, status, reason) of each line of a run."""
    with store.transaction() as session:
        return [
            (x.kind, x.external_id, x.commission, x.status, x.reason)
            for x in payouts.run_lines(session, run_id)
        ]


def settled_lines(store: Store, external_id: str) -> int:
    with store.transaction() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(PayoutLineRow)
                .where(
                    PayoutLineRow.external_id == external_id,
                    PayoutLineRow.locked_order_id.is_not(None),
                    PayoutLineRow.kind == "commission",
                    PayoutLineRow.settles.is_(True),
                )
            )
            or 0
        )


def test_a_refunded_order_earns_nothing_and_says_why(shop: Shop, tmp_path: Path) -> None:
    files = Exports(shop.store, tmp_path)
    files.send(
        ["A-1", "2026-10-03", "ALPHA", "100.00", "USD", "Completed"],
        ["A-2", "2026-10-04", "ALPHA", "200.00", "USD", "Refunded"],
        ["A-3", "2026-10-05", "ALPHA", "300.00", "USD", "Cancelled"],  # never seen: no line
    )
    run = make_run(shop.store, OCT1, OCT31)
    assert lines(shop.store, run) == [
        ("commission", "A-1", D("10.00"), "payable", ""),
        ("commission", "A-2", D("0.00"), "payable", REFUNDED),
    ]
    with shop.store.transaction() as session:
        alpha = payouts.run_summary(session, run).partner(shop.alpha)
    assert alpha is not None and (alpha.sales, alpha.payable) == (D("100.00"), D("10.00"))


def test_a_pending_order_waits_and_is_paid_exactly_once_after_confirmation(
    shop: Shop, tmp_path: Path
) -> None:
    store = shop.store
    files = Exports(store, tmp_path)
    files.send(
        ["P-1", "2026-10-20", "ALPHA", "300.00", "USD", "Pending"],
        ["P-2", "2026-10-21", "ALPHA", "100.00", "USD", "Completed"],
    )
    october = make_run(store, OCT1, OCT31)
    assert lines(store, october) == [
        ("commission", "P-1", D("0.00"), "held", PENDING),
        ("commission", "P-2", D("10.00"), "payable", ""),
    ]
    payouts.lock_run(store, october)
    locked = lines(store, october)

    # November's export still lists P-1 (now paid by the customer) and a new order
    files.send(
        ["P-1", "2026-10-20", "ALPHA", "300.00", "USD", "Paid"],
        ["P-3", "2026-11-02", "ALPHA", "50.00", "USD", "Shipped"],
    )
    assert lines(store, october) == locked  # a locked run never changes
    november = make_run(store, NOV1, NOV30)
    assert lines(store, november) == [
        ("commission", "P-3", D("5.00"), "payable", ""),  # November's own orders first
        ("commission", "P-1", D("30.00"), "payable", ""),
    ]
    payouts.lock_run(store, november)
    assert settled_lines(store, "P-1") == 1
    december = make_run(store, DEC1, DEC31)
    assert lines(store, december) == []  # paid once, never again
    with store.transaction() as session:
        summary = payouts.run_summary(session, november).partner(shop.alpha)
    assert summary is not None and summary.sales == D("50.00")  # P-1 is a sale of October


def test_a_pending_order_that_is_cancelled_says_so_once(shop: Shop, tmp_path: Path) -> None:
    store = shop.store
    files = Exports(store, tmp_path)
    files.send(["C-1", "2026-10-20", "ALPHA", "300.00", "USD", "on hold"])
    october = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, october)
    files.send(["C-1", "2026-10-20", "ALPHA", "300.00", "USD", "Failed"])
    november = make_run(store, NOV1, NOV30)
    assert lines(store, november) == [("commission", "C-1", D("0.00"), "payable", CANCELLED)]
    payouts.lock_run(store, november)
    assert lines(store, make_run(store, DEC1, DEC31)) == []


def test_pending_waits_whatever_else_applies(tmp_path: Path, store: Store) -> None:
    """A pending order is held even when a holding period has passed, the partner is below the
    minimum or flagged: it earns nothing until the shop confirms it."""
    shop = make_shop(store, holding_days=30, minimum="50.00")
    files = Exports(store, tmp_path)
    files.send(["H-1", "2026-09-01", "ALPHA", "20.00", "USD", "Awaiting payment"])
    files.send(["H-2", "2026-10-01", "BETA", "20.00", "USD", "Pending"])
    payouts.flag_partner(store, shop.beta, "chargebacks", on_date=date(2026, 10, 15))
    payouts.flag_order(store, store_order_id(store, "H-1"), "stolen card", on_date=OCT31)
    run = make_run(store, date(2026, 9, 1), OCT31)
    assert lines(store, run) == [
        ("commission", "H-1", D("0.00"), "held", PENDING),
        ("commission", "H-2", D("0.00"), "held", PENDING),
    ]


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("Refunded", "refund of 100.00 after the commission was paid in run {run}"),
        ("Cancelled", "order cancelled by the shop after the commission was paid in run {run}"),
    ],
)
def test_a_refund_or_cancellation_after_payment_is_clawed_back_once(
    shop: Shop, tmp_path: Path, word: str, why: str
) -> None:
    store = shop.store
    files = Exports(store, tmp_path)
    files.send(
        ["R-1", "2026-10-03", "ALPHA", "100.00", "USD", "Completed"],
        ["R-2", "2026-10-04", "ALPHA", "500.00", "USD", "Completed"],
    )
    october = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, october)
    locked = lines(store, october)
    report = files.send(
        ["R-1", "2026-10-03", "ALPHA", "100.00", "USD", word],
        ["R-2", "2026-10-04", "ALPHA", "500.00", "USD", "Completed"],
        ["R-3", "2026-11-04", "ALPHA", "200.00", "USD", "Completed"],
    )
    assert (report.added, report.updated, report.unchanged) == (1, 1, 1)
    assert lines(store, october) == locked
    november = make_run(store, NOV1, NOV30)
    assert lines(store, november) == [
        ("commission", "R-3", D("20.00"), "payable", ""),
        ("clawback", "R-1", D("-10.00"), "payable", ""),
    ]
    with store.transaction() as session:
        clawback = payouts.run_lines(session, november)[1]
        alpha = payouts.run_summary(session, november).partner(shop.alpha)
    assert clawback.explanation == why.format(run=october)
    assert alpha is not None and alpha.payable == D("10.00")
    payouts.lock_run(store, november)
    assert lines(store, make_run(store, DEC1, DEC31)) == []  # clawed back once


def test_a_partly_refunded_order_marked_refunded_later_claws_back_the_rest(
    shop: Shop, tmp_path: Path
) -> None:
    store = shop.store
    files = Exports(store, tmp_path)
    files.send(["F-1", "2026-10-03", "ALPHA", "100.00", "USD", "Completed"])
    order_id = store_order_id(store, "F-1")
    october = make_run(store, OCT1, OCT31)
    payouts.lock_run(store, october)
    shop.refund(order_id, date(2026, 11, 3), "40.00")
    shop.order(shop.alpha, date(2026, 11, 5), "100.00", external_id="F-2")
    november = make_run(store, NOV1, NOV30)
    assert [x[:3] for x in lines(store, november)] == [
        ("commission", "F-2", D("10.00")),
        ("clawback", "F-1", D("-4.00")),
    ]
    payouts.lock_run(store, november)
    files.send(["F-1", "2026-10-03", "ALPHA", "100.00", "USD", "refunded"])
    shop.order(shop.alpha, date(2026, 12, 5), "100.00", external_id="F-3")
    december = make_run(store, DEC1, DEC31)
    assert [x[:4] for x in lines(store, december)] == [
        ("commission", "F-3", D("10.00"), "payable"),
        ("clawback", "F-1", D("-6.00"), "payable"),  # the rest of what was paid
    ]


def store_order_id(store: Store, external_id: str) -> int:
    from desktop_app.store.models import OrderRow

    with store.transaction() as session:
        found = session.scalar(select(OrderRow.id).where(OrderRow.external_id == external_id))
    assert found is not None
    return found


def test_a_status_change_makes_a_draft_stale(shop: Shop, tmp_path: Path) -> None:
    store = shop.store
    files = Exports(store, tmp_path)
    files.send(["D-1", "2026-10-03", "ALPHA", "100.00", "USD", "Pending"])
    run = make_run(store, OCT1, OCT31)
    files.send(["D-1", "2026-10-03", "ALPHA", "100.00", "USD", "Completed"])
    with pytest.raises(payouts.StaleDraftError) as refused:
        payouts.lock_run(store, run)
    assert refused.value.changes == [
        "commission on order D-1: commission 0.00 → 10.00; held → payable"
    ]


def test_a_refund_can_be_taken_back_until_a_locked_run_claws_it_back(
    shop: Shop, tmp_path: Path
) -> None:
    store = shop.store
    files = Exports(store, tmp_path)
    files.send(["X-1", "2026-10-03", "ALPHA", "100.00", "USD", "Completed"])
    payouts.lock_run(store, make_run(store, OCT1, OCT31))
    files.send(
        ["X-1", "2026-10-03", "ALPHA", "100.00", "USD", "Refunded"],
        ["X-2", "2026-11-03", "ALPHA", "300.00", "USD", "Completed"],
    )
    november = make_run(store, NOV1, NOV30)
    assert [x[:3] for x in lines(store, november)][1] == ("clawback", "X-1", D("-10.00"))
    # the shop changes its mind while November is a draft: the draft follows
    files.send(["X-1", "2026-10-03", "ALPHA", "100.00", "USD", "Completed"])
    payouts.recalculate(store, november)
    assert [x[:3] for x in lines(store, november)] == [("commission", "X-2", D("30.00"))]
    files.send(["X-1", "2026-10-03", "ALPHA", "100.00", "USD", "Refunded"])
    payouts.recalculate(store, november)
    payouts.lock_run(store, november)
    # once a locked run clawed it back, nothing would pay it again: refused, and said so
    path = write_csv(
        tmp_path / "again.csv", [HEADER, ["X-1", "2026-10-03", "ALPHA", "100.00", "USD", "Paid"]]
    )
    report = imports.run_import(store, path, ImportOptions(source="shop"))
    assert report.refused and [str(e) for e in report.errors] == [
        f"again.csv, row 2, column F (Status): order 'X-1' was refunded, and locked payout run "
        f"{november} settled it so; it cannot become confirmed again by an import: pay the "
        "partner with an adjustment, and keep the status refunded in this file (or skip the row)"
    ]
