"""Creating and recalculating payout runs: settle the candidate lines and store every line.

Runs follow each other: a new run starts after the last run's period and only when no draft is
open, so each run knows exactly what the previous one held back and carried over.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, to_minor
from desktop_app.domain.payouts import Policy, settle
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.domain.payouts.totals import TOTAL_FIELDS, Totals
from desktop_app.errors import Cancelled, NotFoundError, ValidationError
from desktop_app.services import audit, merchant
from desktop_app.services.changes import Changed, Changes
from desktop_app.services.numbers import next_run_number
from desktop_app.services.payouts import candidates, freshness, inputs, periods
from desktop_app.services.payouts.line_rows import (
    LineRow,
    line_rows,
    store_lines,
    stored_lines,
)
from desktop_app.services.payouts.types import LockedRunError
from desktop_app.store.base import utcnow
from desktop_app.store.database import Store
from desktop_app.store.models import (
    AdjustmentRow,
    PayoutLineRow,
    PayoutPartnerRow,
    PayoutRunRow,
)

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


def load_run(session: Session, run_id: int) -> PayoutRunRow:
    run = session.get(PayoutRunRow, run_id)
    if run is None:
        raise NotFoundError(f"there is no payout run {run_id}")
    return run


def ensure_draft(run: PayoutRunRow, attempted: str) -> None:
    if run.state != RunState.DRAFT:
        raise LockedRunError(run.id, run.state, attempted)


def _check_period(session: Session, start: date, end: date, cutoff: date, today: date) -> None:
    if end < start:
        raise ValidationError("to", f"the period ends ({end}) before it starts ({start})")
    periods.check_cutoff(end, cutoff, today)
    draft = session.scalar(
        select(PayoutRunRow).where(PayoutRunRow.state == RunState.DRAFT).limit(1)
    )
    if draft is not None:
        raise ValidationError(
            "from",
            f"run {draft.id} ({draft.period_start} – {draft.period_end}) is still a draft; "
            "lock it before creating the next run",
        )
    last = session.scalar(select(PayoutRunRow).order_by(PayoutRunRow.period_end.desc()).limit(1))
    if last is not None and start <= last.period_end:
        raise ValidationError(
            "from",
            f"run {last.id} already covers up to {last.period_end}; "
            "the next run must start after that",
        )


def create_run(
    store: Store,
    start: date,
    end: date,
    cutoff: date | None = None,
    *,
    actor: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    today: date | None = None,
) -> Changed[int]:
    """Create and calculate a draft run for [start, end]: its number, beside what changed. The
    cut-off defaults to the period's end plus the holding period, or today if sooner; one after
    today is refused (periods.py)."""
    today = today or date.today()
    actor = actor or audit.current_user()
    with store.write_transaction() as session:
        profile = merchant.get_profile(session)
        cutoff = cutoff or periods.suggested_cutoff(end, today, profile.holding_days)
        _check_period(session, start, end, cutoff, today)
        run = PayoutRunRow(
            id=next_run_number(session),
            period_start=start,
            period_end=end,
            cutoff=cutoff,
            state=RunState.DRAFT,
            currency=profile.base_currency,
            holding_days=profile.holding_days,
            minimum_payout_minor=to_minor(profile.minimum_payout, profile.base_currency),
            created_by=actor,
        )
        session.add(run)
        session.flush()
        session.execute(
            update(AdjustmentRow).where(AdjustmentRow.run_id.is_(None)).values(run_id=run.id)
        )
        count = calculate_into(session, run, progress, cancelled)
        audit.record(
            session,
            actor=actor,
            action="run.create",
            entity="payout_run",
            entity_id=run.id,
            details={"start": start, "end": end, "cutoff": cutoff, "lines": count},
        )
        return Changed(run.id, Changes.RUNS)


def recalculate(
    store: Store,
    run_id: int,
    *,
    actor: str | None = None,
    reason: str = "",
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Recalculated:
    """Recalculate a draft with today's orders, plans and settings; a locked run refuses."""
    with store.write_transaction() as session:
        run = load_run(session, run_id)
        ensure_draft(run, "recalculate")
        before, was = stored_lines(session, run.id), run.currency
        apply_settings(session, run)
        count = calculate_into(session, run, progress, cancelled)
        differences = freshness.line_changes(
            before, stored_lines(session, run.id), (was, run.currency), partner_labels(session)
        )
        audit.record(
            session,
            actor=actor,
            action="run.recalculate",
            entity="payout_run",
            entity_id=run.id,
            details={"lines": count, "changed": len(differences)},
            reason=reason,
        )
        return Recalculated(count, differences)


def partner_labels(session: Session) -> dict[int, str]:
    return {pid: name for pid, (_code, name) in inputs.partner_names(session).items()}


@dataclass(frozen=True)
class Calculation:
    """A run's lines (line_rows.LINE_COLUMNS) and partner totals as they would be stored."""

    lines: list[LineRow]
    totals: list[dict[str, Any]]


@dataclass(frozen=True)
class Recalculated:
    lines: int
    differences: list[str]  # how the new lines differ from the previous calculation

    @property
    def changes(self) -> Changes:
        return Changes.RUNS


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector waits while a run is calculated and stored: the
    calculation makes several objects per order, none in a cycle, and each collection would
    walk them all again (a third of the time of a 100,000-order run). What is left when the
    run is stored is freed by reference counting as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute(
    session: Session, run: PayoutRunRow, cancelled: CancelCheck | None = None
) -> Calculation:
    """Calculate `run` from what the store holds now, without storing anything."""
    with collector_paused():
        found = candidates.build(session, run)
        if cancelled is not None and cancelled():
            raise Cancelled()
        policy = Policy(
            currency=run.currency,
            cutoff=run.cutoff,
            holding_days=run.holding_days,
            minimum=from_minor(run.minimum_payout_minor, run.currency),
        )
        result = settle(found.lines, policy, inputs.partner_states(session))
        names = inputs.partner_names(session)
        totals = [
            {
                "run_id": run.id,
                "partner_id": pid,
                "code": names.get(pid, ("", ""))[0],
                "name": names.get(pid, ("", ""))[1],
                **{f"{k}_minor": to_minor(v, run.currency) for k, v in _fields(t).items()},
            }
            for pid, t in result.partners.items()
        ]
        return Calculation(line_rows(run.id, result, found.rows), totals)


def apply_settings(session: Session, run: PayoutRunRow) -> None:
    """Copy the merchant's current settings into a draft (what a recalculation uses)."""
    profile = merchant.get_profile(session)
    run.currency = profile.base_currency
    run.holding_days = profile.holding_days
    run.minimum_payout_minor = to_minor(profile.minimum_payout, profile.base_currency)


def calculate_into(
    session: Session,
    run: PayoutRunRow,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Replace a draft run's lines and partner totals with a fresh calculation."""
    ensure_draft(run, "recalculate")
    if progress is not None:
        progress(0, 0)  # busy: reading and calculating; storing then counts the lines
    session.execute(delete(PayoutLineRow).where(PayoutLineRow.run_id == run.id))
    session.execute(delete(PayoutPartnerRow).where(PayoutPartnerRow.run_id == run.id))
    with collector_paused():
        calculation = compute(session, run, cancelled)
        store_lines(session, calculation.lines, progress, cancelled)
        count, totals = len(calculation.lines), calculation.totals
        # the lines are freed here, while the collector still waits: alive when it resumes,
        # they would all be walked by the first collection (each is a new tracked tuple)
        del calculation
    if totals:
        session.execute(insert(PayoutPartnerRow), totals)
    run.line_count = count
    run.calculated_at = utcnow()
    run.inputs_seen = freshness.latest_audit_id(session)
    session.flush()
    return count


def _fields(totals: Totals) -> dict[str, Decimal]:
    return {n: getattr(totals, n) for n in TOTAL_FIELDS}
