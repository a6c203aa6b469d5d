"""Demo plans and payout runs, so the Plans and Payout runs screens show something real.

Called by services/demo.py after the demo orders exist: one plan per partner type (covering
every tier basis and mode), a per-partner override, a sales bonus; then a locked-and-paid run
for the month before last and a draft run for last month with a manual bonus and a flagged order.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from desktop_app.domain.commissions import BonusRule
from desktop_app.domain.months import add_months, month_end
from desktop_app.services import plans
from desktop_app.services.payouts.actions import add_adjustment, lock_run, mark_paid
from desktop_app.services.payouts.fraud import flag_order
from desktop_app.services.payouts.runs import create_run
from desktop_app.store.database import Store
from desktop_app.store.models import (
    OrderRow,
    PartnerCodeRow,
    PartnerTypeRow,
    PayoutRunRow,
    PlanRow,
)

ACTOR = "demo"
D = Decimal

DEMO_PLANS = {
    # partner type: (plan name, basis, mode, tiers as (from, rate %, fixed))
    "Tech blog": (
        "Tech blogs – by order size",
        "order_amount",
        "whole",
        [(D(0), D("5"), D(0)), (D(50), D("7"), D(0)), (D(200), D("10"), D(0))],
    ),
    "Lifestyle media": (
        "Lifestyle – monthly volume, stepped",
        "period_volume",
        "marginal",
        [(D(0), D("6"), D(0)), (D(1000), D("8"), D(0)), (D(3000), D("10"), D(0))],
    ),
    "Coupon site": (
        "Coupon sites – flat plus fee",
        "order_amount",
        "whole",
        [(D(0), D("3"), D("0.50"))],
    ),
    "Review site": (
        "Review sites – by order count",
        "period_orders",
        "whole",
        [(D(0), D("5"), D(0)), (D(20), D("7.5"), D(0))],
    ),
}


def _seed_plans(store: Store, start: date) -> None:
    with store.write_transaction() as session:
        if session.scalar(select(func.count()).select_from(PlanRow)):
            return
        types = {
            name: tid
            for tid, name in session.execute(select(PartnerTypeRow.id, PartnerTypeRow.name))
        }
        for type_name, (plan_name, basis, mode, tiers) in DEMO_PLANS.items():
            if type_name not in types:
                continue
            plan_id = plans.create_plan(session, plan_name, actor=ACTOR)
            rule = plans.make_rule(basis, mode, tiers)
            plans.add_version(session, plan_id, start, [rule], "launch terms", actor=ACTOR)
            plans.assign_to_type(session, types[type_name], plan_id, actor=ACTOR)
        vip = plans.create_plan(session, "VIP partner – stepped by order size", actor=ACTOR)
        rule = plans.make_rule(
            "order_amount", "marginal", [(D(0), D("8"), D(0)), (D(100), D("12"), D(0))]
        )
        plans.add_version(session, vip, start, [rule], "negotiated terms", actor=ACTOR)
        partner_id = session.scalar(
            select(PartnerCodeRow.partner_id).where(PartnerCodeRow.code_key == "gadgetflow")
        )
        if partner_id is not None:
            plans.assign_to_partner(session, partner_id, vip, actor=ACTOR)
        plans.save_bonus_rule(
            session,
            BonusRule(
                rule_id=0,
                name="Monthly star: 3,000 in sales",
                metric="sales",
                threshold=D(3000),
                fixed=D(50),
            ),
            actor=ACTOR,
        )


def seed_demo_payouts(store: Store) -> None:
    with store.write_transaction() as session:
        if session.scalar(select(func.count()).select_from(PayoutRunRow)):
            return
        first = session.scalar(select(func.min(OrderRow.order_date)))
        last = session.scalar(select(func.max(OrderRow.order_date)))
    if first is None or last is None:
        return
    _seed_plans(store, first.replace(day=1))
    draft_start = add_months(last, -1)
    locked_start = add_months(draft_start, -1)
    if locked_start < first.replace(day=1):
        return
    locked = create_run(
        store, locked_start, month_end(locked_start), month_end(draft_start), actor=ACTOR
    ).value
    lock_run(store, locked, actor=ACTOR, reason="reviewed with the finance team")
    paid_on = month_end(draft_start) + timedelta(days=3)
    mark_paid(store, locked, paid_on, f"SEPA-{paid_on:%Y%m}-001", actor=ACTOR)

    with store.write_transaction() as session:
        partner_id = session.scalar(
            select(PartnerCodeRow.partner_id).where(PartnerCodeRow.code_key == "dealdrop")
        )
        suspicious = session.scalar(
            select(OrderRow.external_id)
            .where(
                OrderRow.order_date >= draft_start,
                OrderRow.order_date <= month_end(draft_start),
            )
            .order_by(OrderRow.amount_minor.desc())
            .limit(1)
        )
    if partner_id is not None:
        add_adjustment(
            store,
            partner_id,
            D("25.00"),
            "Black Friday banner placement",
            actor=ACTOR,
            kind="bonus",
        )
    draft = create_run(
        store,
        draft_start,
        month_end(draft_start),
        min(last, month_end(draft_start) + timedelta(days=30)),
        actor=ACTOR,
    ).value
    if suspicious is not None:
        flag_order(
            store,
            f"shopify:{suspicious}",
            "same card used on 14 orders within an hour",
            actor=ACTOR,
            on_date=last,
        )
    del draft
