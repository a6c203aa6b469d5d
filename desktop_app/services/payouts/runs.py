"""Creating and recalculating payout runs: settle the candidate lines and store every line.

Runs follow each other: a new run starts after the last run's period and only when no draft is
open, so each run knows exactly what the previous one held back and carried over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, minor_digits, quantize, to_minor
from desktop_app.domain.payouts import Policy, settle
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.domain.payouts.totals import TOTAL_FIELDS, Totals
from desktop_app.errors import Cancelled, NotFoundError, ValidationError
from desktop_app.services import audit, merchant
from desktop_app.services.numbers import next_run_number
from desktop_app.services.payouts import candidates, freshness, inputs, periods
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
CHUNK = 10_000


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
) -> int:
    """Create and calculate a draft run for [start, end]. The cut-off defaults to the period's
    end plus the holding period, or today if sooner; one after today is refused (periods.py)."""
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
        return run.id


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
        changes = freshness.line_changes(
            before, stored_lines(session, run.id), (was, run.currency), partner_labels(session)
        )
        audit.record(
            session,
            actor=actor,
            action="run.recalculate",
            entity="payout_run",
            entity_id=run.id,
            details={"lines": count, "changed": len(changes)},
            reason=reason,
        )
        return Recalculated(count, changes)


def partner_labels(session: Session) -> dict[int, str]:
    return {pid: name for pid, (_code, name) in inputs.partner_names(session).items()}


@dataclass(frozen=True)
class Calculation:
    """A run's lines and partner totals as they would be stored (rows for Core inserts)."""

    lines: list[dict[str, Any]]
    totals: list[dict[str, Any]]


@dataclass(frozen=True)
class Recalculated:
    lines: int
    changes: list[str]  # how the new lines differ from the previous calculation


def compute(
    session: Session, run: PayoutRunRow, cancelled: CancelCheck | None = None
) -> Calculation:
    """Calculate `run` from what the store holds now, without storing anything."""
    found = candidates.build(session, run)
    if cancelled is not None and cancelled():
        raise Cancelled()
    policy = Policy(
        currency=run.currency,
        cutoff=run.cutoff,
        holding_days=run.holding_days,
        minimum=from_minor(run.minimum_payout_minor, run.currency),
    )
    result = settle([c.line for c in found], policy, inputs.partner_states(session))
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
    return Calculation(line_rows(run, found, result.lines), totals)


def apply_settings(session: Session, run: PayoutRunRow) -> None:
    """Copy the merchant's current settings into a draft (what a recalculation uses)."""
    profile = merchant.get_profile(session)
    run.currency = profile.base_currency
    run.holding_days = profile.holding_days
    run.minimum_payout_minor = to_minor(profile.minimum_payout, profile.base_currency)


def stored_lines(session: Session, run_id: int) -> list[dict[str, Any]]:
    """A run's stored lines as the rows `compute` makes, in their order."""
    table = cast(Table, PayoutLineRow.__table__)
    columns = [c for c in table.columns if c.name not in ("id", "locked_order_id")]
    query = select(*columns).where(table.c.run_id == run_id).order_by(table.c.position)
    return [dict(row._mapping) for row in session.execute(query)]


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
    calculation = compute(session, run, cancelled)
    store_lines(session, calculation.lines, progress, cancelled)
    if calculation.totals:
        session.execute(insert(PayoutPartnerRow), calculation.totals)
    run.line_count = len(calculation.lines)
    run.calculated_at = utcnow()
    run.inputs_seen = freshness.latest_audit_id(session)
    session.flush()
    return len(calculation.lines)


def _fields(totals: Totals) -> dict[str, Decimal]:
    return {n: getattr(totals, n) for n in TOTAL_FIELDS}


def _minor(amount: Decimal, currency: str) -> int:
    return to_minor(quantize(amount, currency), currency)


def _exact_minor(currency: str) -> Callable[[Decimal], int]:
    """Fast Decimal → minor units for values that must already be exact to the minor unit."""
    digits = minor_digits(currency)
    exponent = Decimal(1).scaleb(-digits)

    def convert(value: Decimal) -> int:
        rounded = value.quantize(exponent)
        if rounded != value:
            raise ValueError(f"{value} has more decimals than {currency} allows")
        return int(rounded.scaleb(digits))

    return convert


def line_rows(run: PayoutRunRow, found: list[Any], settled: list[Any]) -> list[dict[str, Any]]:
    cur = run.currency
    exact = _exact_minor(cur)
    rows: list[dict[str, Any]] = []
    for position, (cand, item) in enumerate(zip(found, settled, strict=True)):
        line = item.line
        rows.append(
            {
                "run_id": run.id,
                "partner_id": line.partner_id,
                "position": position,
                "kind": line.kind.value,
                "status": item.status.value,
                "reason": item.reason,
                "reason_code": item.why.code if item.why else "",
                "reason_args": item.why.stored()[1] if item.why else "",
                "order_id": line.order_id,
                "external_id": line.external_id,
                "order_date": line.order_date,
                "original_amount_minor": cand.original_amount_minor,
                "original_currency": cand.original_currency,
                "exchange_rate": cand.exchange_rate,
                "amount_minor": exact(line.amount) if line.amount else 0,
                "refunded_minor": exact(cand.refunded) if cand.refunded else 0,
                "commission_minor": exact(line.value),
                "plan_name": cand.plan_name,
                "plan_version": cand.plan_version,
                "tier": cand.tier,
                "rate": str(cand.rate),
                "fixed_minor": _minor(cand.fixed, cur) if cand.fixed else 0,
                "explanation": line.explanation,
                "release_on": line.release_on,
                "hold_days": line.hold_days,
                "in_period": line.in_period,
                "from_run_id": cand.from_run_id,
                "settles": False,  # set when the run is locked
            }
        )
    return rows


def store_lines(
    session: Session,
    rows: list[dict[str, Any]],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Insert lines through Core executemany, in chunks so progress and cancel stay live.

    On SQLite the INSERT compiled by SQLAlchemy runs through `exec_driver_sql` with plain tuples
    (dates as ISO text, booleans as 0/1 — exactly what SQLAlchemy's own SQLite types write), which
    skips the per-row parameter processing that otherwise costs more than the insert itself.
    """
    connection = session.connection()
    table = cast(Table, PayoutLineRow.__table__)
    total = len(rows)
    to_params: Callable[[list[dict[str, Any]]], Any] = lambda chunk: chunk  # noqa: E731
    sql: Any = insert(table)
    if connection.dialect.name == "sqlite" and total:
        keys = list(rows[0])
        compiled = (
            insert(table)
            .values({k: bindparam(k) for k in keys})
            .compile(dialect=connection.dialect)
        )
        order = list(compiled.positiontup or keys)
        sql = str(compiled)
        to_params = _sqlite_tuples(order)
    for begin in range(0, total, CHUNK):
        if cancelled is not None and cancelled():
            raise Cancelled()
        params = to_params(rows[begin : begin + CHUNK])
        if isinstance(sql, str):
            connection.exec_driver_sql(sql, params)
        else:
            connection.execute(sql, params)
        if progress is not None:
            progress(min(begin + CHUNK, total), total)
    if progress is not None and not total:
        progress(0, 0)


def _sqlite_tuples(order: list[str]) -> Callable[[list[dict[str, Any]]], list[tuple[Any, ...]]]:
    """Rows → parameter tuples in `order`, dates as ISO text, booleans as 0/1 and exact
    decimals as their text (what ExactDecimal writes)."""
    getter = itemgetter(*order)
    dates = [i for i, k in enumerate(order) if k in ("order_date", "release_on")]
    flags = [i for i, k in enumerate(order) if k in ("in_period", "settles")]
    decimals = [i for i, k in enumerate(order) if k == "exchange_rate"]

    def convert(chunk: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        out = []
        for row in chunk:
            values = list(getter(row))
            for i in dates:
                if values[i] is not None:
                    values[i] = values[i].isoformat()
            for i in flags:
                values[i] = int(values[i])
            for i in decimals:
                if values[i] is not None:
                    values[i] = str(values[i])
            out.append(tuple(values))
        return out

    return convert
