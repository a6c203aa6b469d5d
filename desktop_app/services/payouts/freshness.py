"""Is a draft still what the store would calculate now? What changed since it was calculated?

Two answers, for two jobs. `input_changes` reads the audit log after the draft's calculation
(cheap, shown on screens and by `run show`): an import, an undo, a partner, plan or setting
change since then makes the draft *stale*. `line_changes` compares the stored lines with a fresh
calculation line by line: locking refuses a draft whose lines are not exactly what would be
calculated now, whatever the reason, so a stale draft can never be paid.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, money_text
from desktop_app.domain.payouts.run_state import RunState
from desktop_app.errors import UserError
from desktop_app.services.payouts.line_rows import COLUMN, POSITION
from desktop_app.services.payouts.types import NOT_INPUTS
from desktop_app.store.models import AuditRow, PayoutRunRow

# Line fields a change list talks about (the others follow from these).
_SHOWN = ("partner_id", "amount_minor", "commission_minor", "status")
MAX_LISTED = 10


class Row:
    """A line row (line_rows.LINE_COLUMNS) read by column name, for the sentences below."""

    __slots__ = ("values",)

    def __init__(self, values: Sequence[Any]) -> None:
        self.values = values

    def __getitem__(self, name: str) -> Any:
        return self.values[COLUMN[name]]


def latest_audit_id(session: Session) -> int:
    session.flush()
    return int(session.scalar(select(func.max(AuditRow.id))) or 0)


def input_changes(session: Session, run: PayoutRunRow) -> list[str]:
    """What the audit log records since the run was calculated that a run is calculated from,
    oldest first ("import.orders import_batch 3", ...); empty for a fresh draft."""
    if run.state != RunState.DRAFT:
        return []
    query = select(AuditRow.action, AuditRow.entity, AuditRow.entity_id).order_by(AuditRow.id)
    if run.inputs_seen is not None:
        query = query.where(AuditRow.id > run.inputs_seen)
    else:  # calculated before this version: compare with its calculation time
        query = query.where(AuditRow.at > run.calculated_at)
    found = []
    for action, entity, entity_id in session.execute(query):
        if action.startswith(NOT_INPUTS):
            continue
        found.append(f"{action} ({entity} {entity_id})" if entity_id is not None else action)
    return found


def line_changes(
    stored: Sequence[Sequence[Any]],
    fresh: Sequence[Sequence[Any]],
    currencies: tuple[str, str],
    names: Mapping[int, str],
) -> list[str]:
    """How the fresh calculation differs from the stored lines, one sentence per line that
    differs; empty when they are the same (positions aside). Rows are line_rows' tuples;
    `currencies`: of the stored lines and of the fresh ones (they differ after a change of the
    base currency)."""
    if Counter(map(_values, stored)) == Counter(map(_values, fresh)):
        return []
    before = _by_identity(map(Row, stored))
    after = _by_identity(map(Row, fresh))
    found: list[str] = []
    for identity in [*before, *(i for i in after if i not in before)]:
        old, new = before.get(identity, []), after.get(identity, [])
        for index in range(max(len(old), len(new))):
            a = old[index] if index < len(old) else None
            b = new[index] if index < len(new) else None
            if a is not None and b is not None and _values(a.values) == _values(b.values):
                continue
            found.append(_describe(a, b, currencies, names))
    return found


def _values(row: Sequence[Any]) -> tuple[Any, ...]:
    """Everything but the line's position."""
    return (*row[:POSITION], *row[POSITION + 1 :])


def _identity(row: Row) -> tuple[Any, ...]:
    """Which line is "the same line" in two calculations: an order's by its order; a bonus by
    its rule (the tier); an adjustment or balance by its text."""
    if row["external_id"]:
        return (row["kind"], row["external_id"], row["from_run_id"])
    what = row["tier"] if row["kind"] == "bonus" else row["explanation"]
    return (row["kind"], row["partner_id"], row["from_run_id"], what)


def _by_identity(rows: Iterable[Row]) -> dict[tuple[Any, ...], list[Row]]:
    grouped: dict[tuple[Any, ...], list[Row]] = {}
    for row in rows:
        grouped.setdefault(_identity(row), []).append(row)
    return grouped


def _what(row: Row, names: Mapping[int, str]) -> str:
    partner = names.get(row["partner_id"], f"partner {row['partner_id']}")
    kind = row["kind"].replace("_", " ")
    if row["external_id"]:
        return f"{kind} on order {row['external_id']}"
    return f"{kind} for {partner}"


def _money(row: Row, field: str, currency: str) -> str:
    return money_text(from_minor(row[field], currency), currency)


def _describe(
    a: Row | None, b: Row | None, currencies: tuple[str, str], names: Mapping[int, str]
) -> str:
    was, now = currencies

    def who(row: Row) -> str:
        return names.get(row["partner_id"], f"partner {row['partner_id']}")

    if b is None:
        assert a is not None
        value = _money(a, "commission_minor", was)
        return f"{_what(a, names)}: {value} {a['status']} to {who(a)} is gone"
    if a is None:
        value = _money(b, "commission_minor", now)
        return f"{_what(b, names)}: new, {value} {b['status']} to {who(b)}"
    unit = "" if was == now else " {}"
    parts = []
    for field in _SHOWN:
        if a[field] == b[field]:
            continue
        if field == "partner_id":
            parts.append(f"partner {who(a)} → {who(b)}")
        elif field == "status":
            parts.append(f"{a['status']} → {b['status']}")
        else:
            old = _money(a, field, was) + unit.format(was)
            new = _money(b, field, now) + unit.format(now)
            parts.append(f"{field.removesuffix('_minor')} {old} → {new}")
    if not parts and a["explanation"] != b["explanation"]:
        parts.append(f"now '{b['explanation']}'")
    return f"{_what(a, names)}: {'; '.join(parts) or 'details changed'}"


class StaleDraftError(UserError):
    """Locking refused: the stored draft is not what the store would calculate now."""

    def __init__(self, run_id: int, changes: Sequence[str]) -> None:
        listed = "; ".join(changes[:MAX_LISTED])
        more = f"; and {len(changes) - MAX_LISTED} more" if len(changes) > MAX_LISTED else ""
        super().__init__(
            f"run {run_id} was not locked: it is out of date, the store changed since it was "
            f"calculated ({len(changes)} line(s) differ: {listed}{more}). Recalculate it "
            f"(payout-desk run recalc {run_id}, or Recalculate on the Payout runs screen), "
            "review it, then lock it"
        )
        self.run_id = run_id
        self.changes = list(changes)
