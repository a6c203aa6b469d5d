"""The run list read straight from a SQLite store's file, without SQLAlchemy (issue 20).

`payout-desk run list` is what a script calls most, and loading SQLAlchemy and the models takes
longer than the whole answer. On a SQLite store already at this program's schema (store.quick
.reader) the list is read here with three plain queries: the same runs, totals and out-of-date
answers as queries.list_runs (tests/services/test_quick_run_list.py compares the two on a
varied store). Anything else goes the full way.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from desktop_app.domain.money import from_minor
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.services.payouts.types import NOT_INPUTS, TOTAL_FIELDS, RunInfo, RunTotals

_RUNS = (
    "SELECT id, period_start, period_end, cutoff, state, currency, holding_days, "
    "minimum_payout_minor, created_at, created_by, calculated_at, locked_at, locked_by, "
    "paid_on, paid_reference, line_count, inputs_seen FROM payout_runs "
    "ORDER BY period_end DESC"
)
_TOTALS = (
    "SELECT run_id, count(*), sum(CASE WHEN payable_minor > 0 THEN 1 ELSE 0 END), "
    + ", ".join(f"sum({field}_minor)" for field in TOTAL_FIELDS)
    + " FROM payout_run_partners GROUP BY run_id"
)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _moment(text: str | None) -> datetime | None:
    """A UTCDateTime column as SQLAlchemy's SQLite type reads it: naive text, in UTC."""
    if text is None:
        return None
    found = datetime.fromisoformat(text)
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def _changes(
    conn: sqlite3.Connection, inputs_seen: int | None, calculated_at: Any
) -> tuple[str, ...]:
    """freshness.input_changes of a draft: what the audit log records since its calculation."""
    if inputs_seen is not None:
        query = "SELECT action, entity, entity_id FROM audit_log WHERE id > ? ORDER BY id"
        rows = conn.execute(query, (inputs_seen,))
    else:  # calculated before inputs_seen was kept: compare with its calculation time
        query = "SELECT action, entity, entity_id FROM audit_log WHERE at > ? ORDER BY id"
        rows = conn.execute(query, (calculated_at,))
    return tuple(
        f"{action} ({entity} {entity_id})" if entity_id is not None else action
        for action, entity, entity_id in rows
        if not action.startswith(NOT_INPUTS)
    )


def list_runs(conn: sqlite3.Connection) -> list[RunInfo]:
    """All runs, newest period first (queries.list_runs)."""
    totals: dict[int, tuple[int, int, list[int]]] = defaultdict(
        lambda: (0, 0, [0] * len(TOTAL_FIELDS))
    )
    for row in conn.execute(_TOTALS):
        totals[row[0]] = (int(row[1]), int(row[2] or 0), [int(v or 0) for v in row[3:]])
    found: list[RunInfo] = []
    for (
        run_id, start, end, cutoff, state, currency, holding_days, minimum, created_at,
        created_by, calculated_at, locked_at, locked_by, paid_on, reference, line_count,
        inputs_seen,
    ) in conn.execute(_RUNS).fetchall():  # fmt: skip
        count, payable_count, sums = totals[run_id]
        values = {f: from_minor(v, currency) for f, v in zip(TOTAL_FIELDS, sums, strict=True)}
        run_state = RunState(state)
        changes = () if run_state != RunState.DRAFT else _changes(conn, inputs_seen, calculated_at)
        found.append(
            RunInfo(
                id=run_id,
                start=date.fromisoformat(start),
                end=date.fromisoformat(end),
                cutoff=date.fromisoformat(cutoff),
                state=run_state,
                currency=currency,
                totals=RunTotals(**values, partners=count, payable_partners=payable_count),
                holding_days=holding_days,
                minimum_payout=from_minor(minimum, currency),
                created_at=_moment(created_at),
                created_by=created_by,
                calculated_at=_moment(calculated_at),
                locked_at=_moment(locked_at),
                locked_by=locked_by,
                paid_on=_day(paid_on),
                paid_reference=reference,
                line_count=line_count,
                changes=changes,
            )
        )
    return found
