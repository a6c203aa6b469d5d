"""Faster payout runs store exactly the lines they always did (issue 20).

A varied store (the demo's paid and draft runs, then a pending, a cancelled and a late order, a
refund after payment, a base-currency change, a partner flagged as fraud, a negative adjustment,
three more runs locked in turn) is played through the services, and every stored line and
partner total is compared, value by value, with a digest taken before the run calculation was
rewritten for speed. Same digest on SQLite and PostgreSQL (values are compared as text).

The lines' `reason` column is left out of the digest: reasons are the settlement's wording,
pinned by their own tests, and may be reworded without any line changing otherwise. If a change
of the money rules is meant to change lines, run this test and paste the digests it prints.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from typing import Any

from sqlalchemy import select

from desktop_app.domain.partners import PartnerStatus
from desktop_app.services import merchant, partners, payouts
from desktop_app.services.demo import seed_demo
from desktop_app.store.database import Store
from desktop_app.store.models import (
    OrderRow,
    PartnerCodeRow,
    PayoutLineRow,
    PayoutPartnerRow,
    PayoutRunRow,
    RefundRow,
)

ACTOR = "tester"
LATER = date(2027, 12, 31)  # runs may not end after "today"
LINE_COLUMNS = (
    "run_id", "partner_id", "position", "kind", "status", "order_id", "external_id",
    "order_date", "original_amount_minor", "original_currency", "exchange_rate", "amount_minor",
    "refunded_minor", "commission_minor", "plan_name", "plan_version", "tier", "rate",
    "fixed_minor", "explanation", "release_on", "hold_days", "in_period", "from_run_id",
    "locked_order_id", "settles",
)  # fmt: skip
TOTAL_COLUMNS = (
    "run_id", "partner_id", "code", "name", "sales_minor", "commission_minor", "bonus_minor",
    "clawback_minor", "adjustments_minor", "carried_in_minor", "withheld_minor", "held_minor",
    "carried_out_minor", "payable_minor",
)  # fmt: skip

# Taken with the calculation as it was before issue 20 (commit 054109d).
EXPECTED = {
    "lines": "d473afb1af03d30c25f288db708de71a3be00d6c7541a30cb7c721fd6fb4c6c9",
    "totals": "98d05aed8b24711d361060ffbd4c1b58d04f4e76874fd501871357d5bac78b21",
}


def _text(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _digest(store: Store, table: Any, columns: tuple[str, ...], order: tuple[str, ...]) -> str:
    picked = [table.c[name] for name in columns]
    digest = hashlib.sha256()
    with store.transaction() as session:
        rows = session.execute(select(*picked).order_by(*(table.c[name] for name in order)))
        for row in rows:
            digest.update("\x1f".join(_text(v) for v in row).encode())
            digest.update(b"\x1e")
    return digest.hexdigest()


def _partner(store: Store, code: str) -> int:
    with store.transaction() as session:
        found = session.scalar(
            select(PartnerCodeRow.partner_id).where(PartnerCodeRow.code_key == code.lower())
        )
    assert found is not None
    return found


def _order(store: Store, partner_id: int, day: date, minor: int, currency: str, **kw: Any) -> int:
    with store.transaction() as session:
        row = OrderRow(
            source="shopify",
            external_id=kw.pop("external_id"),
            order_date=day,
            partner_id=partner_id,
            partner_code="X",
            amount_minor=minor,
            currency=currency,
            category=kw.pop("category", "Kitchen"),
            status=kw.pop("status", "confirmed"),
        )
        session.add(row)
        session.flush()
        return row.id


def _play(store: Store) -> list[int]:
    """The varied store: returns the runs' ids."""
    seed_demo(store, today=date(2026, 11, 25))  # run 1 (September) paid, run 2 (October) draft
    with store.transaction() as session:
        (draft,) = session.scalars(select(PayoutRunRow.id).where(PayoutRunRow.state == "draft"))
        paid_line = session.scalars(
            select(PayoutLineRow)
            .where(PayoutLineRow.run_id == 1, PayoutLineRow.status == "payable")
            .where(PayoutLineRow.kind == "commission", PayoutLineRow.commission_minor > 500)
            .order_by(PayoutLineRow.position)
        ).first()
        assert paid_line is not None and paid_line.order_id is not None
        paid_order, paid_amount = paid_line.order_id, paid_line.original_amount_minor
        paid_currency = paid_line.original_currency
    tech, coupon = _partner(store, "GADGETFLOW"), _partner(store, "DEALDROP")
    review, paused = _partner(store, "VERDICT"), _partner(store, "URBANJUNGLE")
    pending, cancelled = {"status": "pending"}, {"status": "cancelled"}
    _order(store, tech, date(2026, 10, 12), 45_000, "USD", external_id="X-PENDING", **pending)
    _order(store, coupon, date(2026, 10, 13), 9_900, "EUR", external_id="X-CANCEL", **cancelled)
    _order(store, review, date(2026, 9, 28), 12_345, "GBP", external_id="X-LATE")
    _order(store, tech, date(2026, 10, 30), 250_00, "USD", external_id="X-BIG", category="")
    with store.transaction() as session:
        session.add(
            RefundRow(
                source="shopify",
                external_id="R-AFTER-PAY",
                order_id=paid_order,
                refund_date=date(2026, 10, 20),
                amount_minor=paid_amount // 3,
                currency=paid_currency,
            )
        )
    payouts.recalculate(store, draft, actor=ACTOR, reason="late orders")
    payouts.lock_run(store, draft, actor=ACTOR)
    payouts.mark_paid(store, draft, date(2026, 11, 28), "PAID-OCT", actor=ACTOR)

    with store.transaction() as session:
        profile = replace(merchant.get_profile(session), base_currency="EUR")
        merchant.save_profile(session, profile, convert_at=D("0.92"), actor=ACTOR)
    payouts.flag_partner(store, review, "bought clicks", actor=ACTOR, on_date=date(2026, 11, 10))
    payouts.add_adjustment(store, coupon, D("-7.50"), "returned samples", actor=ACTOR)
    november = payouts.create_run(
        store, date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 30), actor=ACTOR, today=LATER
    ).value
    with store.transaction() as session:
        carried = session.scalars(
            select(PayoutLineRow.partner_id)
            .where(PayoutLineRow.run_id == november, PayoutLineRow.status == "carried")
            .order_by(PayoutLineRow.position)
        ).first()
    assert carried is not None  # a balance below the minimum: its bonus is carried in next
    payouts.add_adjustment(store, carried, D("3.00"), "thank you", actor=ACTOR, kind="bonus")
    payouts.recalculate(store, november, actor=ACTOR)
    payouts.lock_run(store, november, actor=ACTOR)
    with store.transaction() as session:
        partners.set_status(
            session, paused, PartnerStatus.ACTIVE, on_date=date(2026, 12, 1), reason="back"
        )
    december = payouts.create_run(
        store, date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 2), actor=ACTOR, today=LATER
    ).value
    return [1, draft, november, december]


def test_runs_store_the_lines_they_always_did(store: Store) -> None:
    runs = _play(store)
    with store.transaction() as session:
        states = [session.get(PayoutRunRow, run_id).state for run_id in runs]  # type: ignore[union-attr]
        counts = [len(payouts.run_lines(session, run_id)) for run_id in runs]
    assert states == ["paid", "paid", "locked", "draft"]
    assert all(counts), counts
    line_table: Any = PayoutLineRow.__table__
    total_table: Any = PayoutPartnerRow.__table__
    found = {
        "lines": _digest(store, line_table, LINE_COLUMNS, ("run_id", "position")),
        "totals": _digest(store, total_table, TOTAL_COLUMNS, ("run_id", "partner_id")),
    }
    assert found == EXPECTED, f"lines per run {counts}; digests now {found}"
