"""Changing runs: lock, mark paid, discard, manual adjustments, each in the audit log.

Adjustments (and fraud flags, see fraud.py) change what the open draft run would pay, so the
draft (if any) is recalculated in the same transaction; locked and paid runs are never touched.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, aliased

from desktop_app.domain.ids import parse_id
from desktop_app.domain.money import money_text, to_minor
from desktop_app.domain.payouts.lines import SETTLING
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.domain.text import check_text
from desktop_app.errors import NotFoundError, UserError, ValidationError
from desktop_app.services import audit, merchant
from desktop_app.services import partners as partner_service
from desktop_app.services.changes import Changed, Changes
from desktop_app.services.payouts import freshness
from desktop_app.services.payouts.freshness import StaleDraftError
from desktop_app.services.payouts.line_rows import stored_lines
from desktop_app.services.payouts.runs import (
    apply_settings,
    calculate_into,
    compute,
    ensure_draft,
    load_run,
    partner_labels,
)
from desktop_app.services.statements.heads import freeze_heads
from desktop_app.store.base import utcnow
from desktop_app.store.database import Store
from desktop_app.store.models import (
    AdjustmentRow,
    OrderRow,
    PayoutLineRow,
    PayoutPartnerRow,
    PayoutRunRow,
)

SETTLING_STATUSES = tuple(status.value for status in SETTLING)


def _auto_backup(store: Store, run_id: int) -> None:
    from desktop_app.services.backup import auto_backup  # only when a run is locked

    auto_backup(store, reason=f"before locking run {run_id}")


def lock_run(
    store: Store,
    run_id: int,
    *,
    actor: str | None = None,
    reason: str = "",
    allow_missing_details: bool = True,
) -> Changes:
    """Freeze a draft: its stored lines become the statements; nothing changes it afterwards.

    Only a draft that is exactly what the store would calculate now is locked: the draft is
    calculated again inside the lock's transaction, which holds the store's write lock, so no
    import, undo or other change can slip in between; any difference refuses the lock with the
    list of what changed (StaleDraftError).

    `allow_missing_details=False` refuses (MissingDetailsError) while a partner the run pays
    has missing or invalid payout details, so nobody is locked in without a way to pay them."""
    with store.transaction() as session:
        ensure_draft(load_run(session, run_id), "lock")
    _auto_backup(store, run_id)
    with store.write_transaction() as session:
        run = load_run(session, run_id)
        # Row lock (PostgreSQL): a second client locking at the same moment waits, then sees
        # "locked". SQLite has one writer at a time; the loser gets the store-busy message.
        session.refresh(run, with_for_update=True)
        ensure_draft(run, "lock")
        stored, was = stored_lines(session, run.id), run.currency
        apply_settings(session, run)
        fresh = compute(session, run)
        labels = partner_labels(session)
        changes = freshness.line_changes(stored, fresh.lines, (was, run.currency), labels)
        if changes:
            raise StaleDraftError(run.id, changes)
        _refuse_settled_twice(session, run.id)
        if not allow_missing_details:  # of the partners this draft (as it is now) pays
            refuse_missing_details(session, run.id)
        session.execute(delete(PayoutPartnerRow).where(PayoutPartnerRow.run_id == run.id))
        if fresh.totals:  # same money; partners' current names and codes
            session.execute(insert(PayoutPartnerRow), fresh.totals)
        session.execute(
            update(PayoutLineRow)
            .where(PayoutLineRow.run_id == run.id, PayoutLineRow.order_id.is_not(None))
            .values(locked_order_id=PayoutLineRow.order_id)
        )
        session.execute(
            update(PayoutLineRow)
            .where(
                PayoutLineRow.run_id == run.id,
                PayoutLineRow.order_id.is_not(None),
                PayoutLineRow.kind == "commission",
                PayoutLineRow.status.in_(SETTLING_STATUSES),
            )
            .values(settles=True)
        )
        actor = actor or audit.current_user()
        run.state = RunState.LOCKED
        run.locked_at = utcnow()
        run.locked_by = actor
        freeze_heads(session, run)
        audit.record(
            session,
            actor=actor,
            action="run.lock",
            entity="payout_run",
            entity_id=run.id,
            details={"lines": run.line_count},
            reason=reason,
        )
    return Changes.RUNS


class MissingDetailsError(UserError):
    """Payable partners whose payout details are missing or invalid (payees.Payee.problem)."""

    def __init__(self, run_id: int, problems: list[str]) -> None:
        super().__init__(
            f"run {run_id} was not locked: {len(problems)} partner(s) it pays have missing or "
            f"invalid payout details: {'; '.join(problems)}. Correct them (payout-desk partners "
            "update CODE --payout-method … --payout-details …), or lock anyway with "
            "--allow-missing-details"
        )
        self.problems = problems


def refuse_missing_details(session: Session, run_id: int) -> None:
    from desktop_app.services.payees import payout_details_problems, problem_lines

    problems = payout_details_problems(session, run_id)
    if problems:
        raise MissingDetailsError(run_id, problem_lines(problems))


def _refuse_settled_twice(session: Session, run_id: int) -> None:
    """The database refuses a second settled commission for an order (a unique index); this
    names the orders and runs first, in words."""
    mine = aliased(PayoutLineRow)
    earlier = aliased(PayoutLineRow)
    rows = session.execute(
        select(mine.external_id, earlier.run_id)
        .join(earlier, earlier.locked_order_id == mine.order_id)
        .where(
            mine.run_id == run_id,
            mine.kind == "commission",
            mine.status.in_(SETTLING_STATUSES),
            earlier.kind == "commission",
            earlier.settles.is_(True),
        )
        .limit(5)
    ).all()
    if rows:
        listed = ", ".join(f"order {ext} (run {other})" for ext, other in rows)
        raise UserError(
            f"run {run_id} was not locked: it would settle commission a second time for "
            f"{listed}; recalculate it"
        )


def discard_run(store: Store, run_id: int, *, reason: str, actor: str | None = None) -> Changes:
    """Delete a draft run (wrong period or cut-off) so another can be created; its manual
    adjustments are kept and go into the next run. Locked and paid runs are never deleted."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("reason", "say why the draft is discarded (kept in the audit log)")
    with store.write_transaction() as session:
        run = load_run(session, run_id)
        ensure_draft(run, "discard")
        period = f"{run.period_start} – {run.period_end}"
        kept = 0
        for adjustment in session.scalars(
            select(AdjustmentRow).where(AdjustmentRow.run_id == run.id)
        ):
            adjustment.run_id = None
            kept += 1
        session.flush()
        session.delete(run)  # its lines and partner totals go with it (ON DELETE CASCADE)
        audit.record(
            session,
            actor=actor,
            action="run.discard",
            entity="payout_run",
            entity_id=run_id,
            details={"period": period, "adjustments_kept": kept},
            reason=reason,
        )
    return Changes.RUNS


def mark_paid(
    store: Store,
    run_id: int,
    paid_on: date,
    reference: str,
    *,
    actor: str | None = None,
) -> Changes:
    """Record that a locked run was paid: payment date and bank/batch reference."""
    reference = reference.strip()
    if not reference:
        raise ValidationError("reference", "give the payment reference (bank or batch id)")
    check_text("reference", reference)
    with store.write_transaction() as session:
        run = load_run(session, run_id)
        if run.state == RunState.DRAFT:
            raise UserError(f"run {run_id} is a draft; lock it before marking it paid")
        if run.state == RunState.PAID:
            raise UserError(
                f"run {run_id} was already marked paid on {run.paid_on} ({run.paid_reference})"
            )
        run.state = RunState.PAID
        run.paid_on = paid_on
        run.paid_reference = reference
        audit.record(
            session,
            actor=actor,
            action="run.paid",
            entity="payout_run",
            entity_id=run.id,
            details={"paid_on": paid_on, "reference": reference},
        )
    return Changes.RUNS


def open_draft(session: Session) -> PayoutRunRow | None:
    return session.scalar(select(PayoutRunRow).where(PayoutRunRow.state == RunState.DRAFT).limit(1))


def add_adjustment(
    store: Store,
    partner_id: int,
    amount: Decimal,
    reason: str,
    *,
    actor: str | None = None,
    run_id: int | None = None,
    kind: str = "adjustment",
) -> Changed[int]:
    """A manual adjustment (or bonus, kind="bonus") with its reason. With `run_id` it goes into
    that draft run; without, into the open draft, or the next run created."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("reason", "say why (the partner sees it on the statement)")
    if kind not in ("adjustment", "bonus"):
        raise ValidationError("kind", "adjustment or bonus")
    if amount == 0:
        raise ValidationError("amount", "an adjustment of 0 changes nothing")
    actor = actor or audit.current_user()
    with store.write_transaction() as session:
        partner = partner_service.get_partner(session, partner_id)
        currency = merchant.get_profile(session).base_currency
        run = load_run(session, run_id) if run_id is not None else open_draft(session)
        if run is not None:
            ensure_draft(run, f"add {kind}")
            currency = run.currency
        row = AdjustmentRow(
            run_id=run.id if run is not None else None,
            partner_id=partner.id,
            kind=kind,
            amount_minor=to_minor(amount, currency),
            currency=currency,
            reason=reason,
            actor=actor,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action=f"payout.{kind}",
            entity="payout_adjustment",
            entity_id=row.id,
            partner_id=partner.id,
            details={
                "amount": money_text(amount, currency),
                "currency": currency,
                "run": run.id if run is not None else None,
            },
            reason=reason,
        )
        if run is not None:
            calculate_into(session, run)
        return Changed(row.id, Changes.RUNS)


def find_order(session: Session, ref: str) -> OrderRow:
    """An order by `SOURCE:EXTERNAL_ID`, by external id alone when unambiguous, or by id."""
    ref = ref.strip()
    query = select(OrderRow)
    if ":" in ref:
        source, external = ref.split(":", 1)
        found = list(
            session.scalars(
                query.where(OrderRow.source == source, OrderRow.external_id == external)
            )
        )
    else:
        found = list(session.scalars(query.where(OrderRow.external_id == ref)))
        order_id = parse_id(ref)
        if not found and order_id is not None:
            by_id = session.get(OrderRow, order_id)
            found = [by_id] if by_id is not None else []
    if not found:
        raise NotFoundError(f"no order '{ref}' (use SOURCE:ORDER_ID or the order's number)")
    if len(found) > 1:
        sources = ", ".join(sorted(o.source for o in found))
        raise UserError(f"order '{ref}' exists in several sources ({sources}); use SOURCE:{ref}")
    return found[0]
