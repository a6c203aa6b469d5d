"""Statements built from a payout run's stored figures (run_summary / run_lines), never
recomputed: a locked run gives the same statement every time.

The sender and addressee blocks are those frozen into the run when it was locked (heads.py).
Dates come from the run itself (the day it was locked, in the merchant's time zone), never
from the clock, so exports of a locked run are byte-identical.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from desktop_app.domain.commissions.breakdown import how_paid
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.domain.reasons import from_text
from desktop_app.errors import NotFoundError
from desktop_app.services.payouts import run_lines, run_summary
from desktop_app.services.payouts.types import PartnerTotals, RunInfo, RunLine
from desktop_app.services.statements.document import (
    StatementDocument,
    StatementLine,
    StatementSummary,
    statement_number,
)
from desktop_app.services.statements.heads import heads_of
from desktop_app.services.statements.wording import Wording, language_of

if TYPE_CHECKING:
    from desktop_app.store.database import Store

ENGLISH = Wording("en")

KIND_LABELS = {
    "bonus": "Bonus",
    "clawback": "Refund clawback",
    "adjustment": "Adjustment",
    "carried_in": "Carried in",
}


def build_statement(session: Session, run_id: int, partner_id: int) -> StatementDocument:
    """One partner's statement for a run (the partner must be in the run)."""
    statements = build_statements(session, run_id, [partner_id])
    if not statements:
        raise NotFoundError(f"partner {partner_id} has no lines in payout run {run_id}")
    return statements[0]


def load_statement(store: Store, run_id: int, partner_id: int) -> StatementDocument:
    """`build_statement` in its own transaction."""
    with store.transaction() as session:
        return build_statement(session, run_id, partner_id)


def load_statements(
    store: Store, run_id: int, partner_ids: Sequence[int] | None = None
) -> list[StatementDocument]:
    """`build_statements` in its own transaction."""
    with store.transaction() as session:
        return build_statements(session, run_id, partner_ids)


def build_statements(
    session: Session, run_id: int, partner_ids: Sequence[int] | None = None
) -> list[StatementDocument]:
    """Statements of a run's partners (all of them when `partner_ids` is None), by name."""
    summary = run_summary(session, run_id)
    run = summary.run
    wanted = set(partner_ids) if partner_ids is not None else None
    totals = [p for p in summary.partners if wanted is None or p.partner_id in wanted]
    if not totals:
        return []
    header, blocks = heads_of(session, run_id, [(t.partner_id, t.code, t.name) for t in totals])
    issued = issue_date(run, header.timezone)
    words = {
        pid: Wording(language_of(block.locale or header.locale)) for pid, block in blocks.items()
    }
    if len(totals) == 1:
        found = run_lines(session, run_id, partner_id=totals[0].partner_id)
    else:
        found = run_lines(session, run_id)
    lines = _lines_by_partner(found, run.end, words)
    statements = [
        StatementDocument(
            merchant=header,
            partner=blocks[t.partner_id],
            number=statement_number(run_id, t.partner_id, run.start),
            period_start=run.start,
            period_end=run.end,
            issued_on=issued,
            currency=run.currency,
            summary=summary_of(t),
            lines=tuple(lines.get(t.partner_id, ())),
            run_id=run_id,
            partner_id=t.partner_id,
            draft=run.state == RunState.DRAFT,
            paid_on=run.paid_on,
            paid_reference=run.paid_reference,
            sales=t.sales,
        )
        for t in totals
    ]
    statements.sort(key=lambda s: (s.partner.name.casefold(), s.partner_id))
    return statements


def issue_date(run: RunInfo, timezone: str) -> date:
    """The day the run was locked (or last calculated, for a draft) in the merchant's zone."""
    moment: datetime | None = run.locked_at or run.calculated_at or run.created_at
    if moment is None:
        return run.end
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(zone).date()


def summary_of(totals: PartnerTotals) -> StatementSummary:
    """Signed rows: what was earned, minus what is not paid in this run, equals the payable."""
    return StatementSummary(
        carried_in=totals.carried_in,
        commissions=totals.commission,
        bonuses=totals.bonus,
        clawbacks=totals.clawback,
        adjustments=totals.adjustments,
        withheld=-totals.withheld,
        held=-totals.held,
        carried_out=-totals.carried_out,
        payable=totals.payable,
    )


def statement_line(line: RunLine, fallback_date: date, words: Wording = ENGLISH) -> StatementLine:
    label = words(KIND_LABELS.get(line.kind, line.kind.replace("_", " ").capitalize()))
    reference = line.external_id or label
    tier = line.tier
    if line.kind != "commission":
        reference = f"{label}: {line.external_id}" if line.external_id else label
        tier = line.tier or line.explanation or line.reason
    reason = line.reason
    if not reason and line.kind == "commission" and not line.commission and not line.tier:
        reason = (
            line.explanation
        )  # e.g. "partner terminated on …: orders after that date earn nothing"
    return StatementLine(
        reference=reference,
        line_date=line.order_date or fallback_date,
        amount=line.amount,
        tier=tier,
        rate=line.rate,
        commission=line.commission,
        kind=line.kind,
        status=line.status,
        reason=reason,
        why=line.why if line.reason else from_text(reason),
        fixed=line.fixed,
        **_conversion(line),
        how=how_paid(line.tier, line.amount, line.explanation)
        if line.kind == "commission"
        else None,
    )


def _conversion(line: RunLine) -> dict[str, Any]:
    """What a line converted from another currency prints under its amount; nothing for a
    line in the run's currency or one stored before rates were kept with the lines."""
    if line.exchange_rate is None or not line.original_currency:
        return {}
    if line.original_currency == line.currency:
        return {}
    return {
        "original_amount": line.original_amount,
        "original_currency": line.original_currency,
        "exchange_rate": line.exchange_rate,
    }


def _lines_by_partner(
    lines: Iterable[RunLine], run_end: date, words: dict[int, Wording]
) -> dict[int, list[StatementLine]]:
    """Non-order lines (bonuses, adjustments) are dated at the end of the period; each
    partner's lines in the language of that partner's statement."""
    grouped: dict[int, list[StatementLine]] = defaultdict(list)
    for line in lines:
        said = words.get(line.partner_id, ENGLISH)
        grouped[line.partner_id].append(statement_line(line, run_end, said))
    return grouped
