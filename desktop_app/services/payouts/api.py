"""The payout runs' reads for the screens, each in its own transaction, as values.

The commands (create, recalculate, lock, pay, adjust, flag) take the `Store` already; these
are the queries beside them that the Payout runs and Partners screens ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_app.domain.payouts.run_state import RunState
from desktop_app.services import merchant
from desktop_app.services.payouts import periods
from desktop_app.services.payouts.coverage import Uncovered, uncovered_partners
from desktop_app.services.payouts.fraud import FraudFlag, list_flags, order_flagged
from desktop_app.services.payouts.fraud_releases import partner_flagged
from desktop_app.services.payouts.queries import (
    get_run,
    held_until,
    list_runs,
    run_lines,
    run_summary,
)
from desktop_app.services.payouts.types import RunInfo, RunLine, RunSummary
from desktop_app.store.models import PayoutRunRow

if TYPE_CHECKING:
    from desktop_app.store.database import Store


@dataclass(frozen=True)
class RunList:
    """Every payout run, newest period first, with the merchant profile they are shown in."""

    profile: merchant.MerchantProfile
    runs: list[RunInfo]


def load_runs(store: Store) -> RunList:
    with store.transaction() as session:
        return RunList(merchant.get_profile(session), list_runs(session))


@dataclass(frozen=True)
class RunDetail:
    summary: RunSummary
    held_until: date | None  # the latest date an order of the run is held until


def load_run(store: Store, run_id: int) -> RunDetail:
    with store.transaction() as session:
        return RunDetail(run_summary(session, run_id), held_until(session, run_id))


def load_run_summary(store: Store, run_id: int) -> RunSummary:
    with store.transaction() as session:
        return run_summary(session, run_id)


def load_run_lines(store: Store, run_id: int, partner_id: int | None = None) -> list[RunLine]:
    with store.transaction() as session:
        return run_lines(session, run_id, partner_id)


@dataclass(frozen=True)
class NewRunFacts:
    """What the New payout run dialog proposes its period from."""

    holding_days: int
    covered_until: date | None
    oldest_order: date | None


def new_run_facts(store: Store) -> NewRunFacts:
    with store.transaction() as session:
        return NewRunFacts(
            merchant.get_profile(session).holding_days,
            periods.covered_until(session),
            periods.oldest_order(session),
        )


def uncovered(store: Store, start: date, end: date) -> list[str]:
    """A sentence for each active partner no plan covers in the period."""
    with store.transaction() as session:
        return [u.sentence() for u in uncovered_partners(session, start, end)]


def details_problems(store: Store, run_id: int, limit: int | None = None) -> list[str]:
    """ "Name (CODE): why" for each payable partner whose payout details are missing or bad."""
    from desktop_app.services.payees import payout_details_problems, problem_lines

    with store.transaction() as session:
        return problem_lines(payout_details_problems(session, run_id), limit=limit)


def is_partner_flagged(store: Store, partner_id: int) -> bool:
    with store.transaction() as session:
        return partner_flagged(session, partner_id)


def is_order_flagged(store: Store, order_id: int) -> bool:
    """Whether the order has an active fraud flag (the Runs screen offers to lift it)."""
    with store.transaction() as session:
        return bool(order_flagged(session, order_id))


def load_flags(store: Store, *, include_lifted: bool = False) -> list[FraudFlag]:
    """Fraud flags, newest first (see `fraud.list_flags`)."""
    with store.transaction() as session:
        return list_flags(session, include_lifted=include_lifted)


def draft_run_ids(store: Store) -> list[int]:
    """The ids of the draft runs (a rate change leaves each out of date)."""
    with store.transaction() as session:
        query = select(PayoutRunRow.id).where(PayoutRunRow.state == RunState.DRAFT)
        return list(session.scalars(query))


@dataclass(frozen=True)
class CreatedRun:
    """A run just created, what it holds back until when, and who no plan covers in it."""

    run: RunInfo
    held_until: date | None
    uncovered: list[Uncovered]


def load_created_run(store: Store, run_id: int, start: date, end: date) -> CreatedRun:
    with store.transaction() as session:
        return CreatedRun(
            get_run(session, run_id),
            held_until(session, run_id),
            uncovered_partners(session, start, end),
        )
