"""How far a new store is set up: the Getting started guide's steps, each checked off when the
store shows it was done (not when the user merely clicked through the guide)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.payouts.run_state import RunState
from desktop_app.services.merchant import MerchantProfile
from desktop_app.store.models import (
    ImportBatchRow,
    MerchantRow,
    PartnerRow,
    PayoutRunRow,
    PlanRow,
)

if TYPE_CHECKING:
    from desktop_app.store.database import Store

STEP_KEYS = ("profile", "partners", "plans", "import", "first_run")


@dataclass(frozen=True)
class SetupStep:
    key: str  # one of STEP_KEYS
    done: bool
    detail: str  # what the store shows, e.g. "12 partners"


def setup_progress(session: Session) -> list[SetupStep]:
    """The five steps of a first month, in the guide's order."""
    merchant = session.get(MerchantRow, 1)
    named = merchant is not None and merchant.name.strip() not in ("", MerchantProfile.name)

    def count(query: Select[Any]) -> int:
        return int(session.scalar(query) or 0)

    partners = count(select(func.count(PartnerRow.id)))
    plans = count(select(func.count(PlanRow.id)))
    imports = count(select(func.count(ImportBatchRow.id)).where(ImportBatchRow.undone_at.is_(None)))
    runs = count(select(func.count(PayoutRunRow.id)))
    locked = count(select(func.count(PayoutRunRow.id)).where(PayoutRunRow.state != RunState.DRAFT))

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return [
        SetupStep(
            "profile",
            named,
            f"saved as {merchant.name}" if named and merchant is not None else "not saved yet",
        ),
        SetupStep("partners", partners > 0, plural(partners, "partner")),
        SetupStep("plans", plans > 0, plural(plans, "plan")),
        SetupStep("import", imports > 0, plural(imports, "import")),
        SetupStep(
            "first_run",
            runs > 0,
            plural(runs, "payout run") + (f", {locked} locked or paid" if runs else ""),
        ),
    ]


def load_setup_progress(store: Store) -> list[SetupStep]:
    with store.transaction() as session:
        return setup_progress(session)
