"""Pure commission engine: plans, tiers, bonuses → exact, explained lines (no Qt, no DB)."""

from desktop_app.domain.commissions.engine import (
    LINE_FIELDS,
    CommissionLine,
    OrderInput,
    PartnerInput,
    calculate,
)
from desktop_app.domain.commissions.plans import (
    EMPTY_BOOK,
    BonusRule,
    Plan,
    PlanBook,
    PlanRule,
    PlanVersion,
    Tier,
    TierBasis,
    TierMode,
)

__all__ = [
    "EMPTY_BOOK",
    "LINE_FIELDS",
    "BonusRule",
    "CommissionLine",
    "OrderInput",
    "PartnerInput",
    "Plan",
    "PlanBook",
    "PlanRule",
    "PlanVersion",
    "Tier",
    "TierBasis",
    "TierMode",
    "calculate",
]
