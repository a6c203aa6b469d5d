"""Reading stored runs: the run list, a run's per-partner summary and its lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.domain.reasons import from_text, loaded
from desktop_app.services.payouts.freshness import input_changes
from desktop_app.services.payouts.runs import load_run
from desktop_app.services.payouts.types import (
    TOTAL_FIELDS,
    PartnerTotals,
    RunInfo,
    RunLine,
    RunSummary,
    RunTotals,
)
from desktop_app.store.models import PayoutLineRow, PayoutPartnerRow, PayoutRunRow

ZERO = Decimal(0)


def _info(session: Session, run: PayoutRunRow, totals: RunTotals) -> RunInfo:
    return RunInfo(
        id=run.id,
        start=run.period_start,
        end=run.period_end,
        cutoff=run.cutoff,
        state=RunState(run.state),
        currency=run.currency,
        totals=totals,
        holding_days=run.holding_days,
        minimum_payout=from_minor(run.minimum_payout_minor, run.currency),
        created_at=run.created_at,
        created_by=run.created_by,
        calculated_at=run.calculated_at,
        locked_at=run.locked_at,
        locked_by=run.locked_by,
        paid_on=run.paid_on,
        paid_reference=run.paid_reference,
        line_count=run.line_count,
        changes=tuple(input_changes(session, run)),
    )


def _run_totals(session: Session, run_ids: list[int]) -> dict[int, RunTotals]:
    if not run_ids:
        return {}
    columns = [func.sum(getattr(PayoutPartnerRow, f"{f}_minor")) for f in TOTAL_FIELDS]
    payable_partners = func.sum(case((PayoutPartnerRow.payable_minor > 0, 1), else_=0))
    rows = session.execute(
        select(PayoutPartnerRow.run_id, func.count(), payable_partners, *columns)
        .where(PayoutPartnerRow.run_id.in_(run_ids))
        .group_by(PayoutPartnerRow.run_id)
    )
    found: dict[int, tuple[int, int, list[int]]] = {
        row[0]: (int(row[1]), int(row[2] or 0), [int(v or 0) for v in row[3:]]) for row in rows
    }
    currencies = {
        k: v
        for k, v in session.execute(
            select(PayoutRunRow.id, PayoutRunRow.currency).where(PayoutRunRow.id.in_(run_ids))
        )
    }
    result: dict[int, RunTotals] = {}
    for run_id in run_ids:
        cur = currencies[run_id]
        count, payable_count, sums = found.get(run_id, (0, 0, [0] * len(TOTAL_FIELDS)))
        values = {f: from_minor(v, cur) for f, v in zip(TOTAL_FIELDS, sums, strict=True)}
        result[run_id] = RunTotals(**values, partners=count, payable_partners=payable_count)
    return result


def list_runs(session: Session) -> list[RunInfo]:
    """All runs, newest period first."""
    runs = list(session.scalars(select(PayoutRunRow).order_by(PayoutRunRow.period_end.desc())))
    totals = _run_totals(session, [r.id for r in runs])
    return [_info(session, run, totals[run.id]) for run in runs]


def get_run(session: Session, run_id: int) -> RunInfo:
    run = load_run(session, run_id)
    return _info(session, run, _run_totals(session, [run.id])[run.id])


def run_summary(session: Session, run_id: int) -> RunSummary:
    """Per-partner totals as stored (sorted by partner name); run totals are their sums."""
    run = load_run(session, run_id)
    cur = run.currency
    partners = [
        PartnerTotals(
            partner_id=row.partner_id,
            code=row.code,
            name=row.name,
            **{f: from_minor(getattr(row, f"{f}_minor"), cur) for f in TOTAL_FIELDS},
        )
        for row in session.scalars(
            select(PayoutPartnerRow)
            .where(PayoutPartnerRow.run_id == run_id)
            .order_by(func.lower(PayoutPartnerRow.name), PayoutPartnerRow.partner_id)
        )
    ]
    totals = RunTotals(
        **{f: sum((getattr(p, f) for p in partners), from_minor(0, cur)) for f in TOTAL_FIELDS},
        partners=len(partners),
        payable_partners=sum(1 for p in partners if p.payable > 0),
    )
    return RunSummary(run=_info(session, run, totals), partners=partners)


def run_lines(session: Session, run_id: int, partner_id: int | None = None) -> list[RunLine]:
    """Stored lines of a run in calculation order (optionally one partner's)."""
    run = load_run(session, run_id)
    cur = run.currency
    query = select(PayoutLineRow).where(PayoutLineRow.run_id == run_id)
    if partner_id is not None:
        query = query.where(PayoutLineRow.partner_id == partner_id)
    lines: list[RunLine] = []
    for row in session.scalars(query.order_by(PayoutLineRow.position)):
        original_cur = row.original_currency or cur
        lines.append(
            RunLine(
                order_id=row.order_id,
                external_id=row.external_id,
                order_date=row.order_date,
                amount=from_minor(row.amount_minor, cur),
                currency=cur,
                tier=row.tier,
                rate=Decimal(row.rate),
                fixed=from_minor(row.fixed_minor, cur),
                commission=from_minor(row.commission_minor, cur),
                kind=row.kind,
                status=row.status,
                reason=row.reason,
                partner_id=row.partner_id,
                line_id=row.id,
                original_amount=from_minor(row.original_amount_minor, original_cur),
                original_currency=row.original_currency,
                exchange_rate=row.exchange_rate,
                plan_name=row.plan_name,
                plan_version=row.plan_version,
                explanation=row.explanation,
                refunded=from_minor(row.refunded_minor, cur),
                why=loaded(row.reason_code, row.reason_args) or from_text(row.reason),
            )
        )
    return lines


def held_until(session: Session, run_id: int) -> date | None:
    """The last day money of the run is held back to (its holding period's end), if any
    (a held 0.00 line, such as a pending order's, holds no money)."""
    return session.scalar(
        select(func.max(PayoutLineRow.release_on)).where(
            PayoutLineRow.run_id == run_id,
            PayoutLineRow.status == "held",
            PayoutLineRow.commission_minor != 0,
        )
    )
