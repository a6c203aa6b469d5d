"""All storage models, imported in one place so Alembic and the store see the whole schema."""

from desktop_app.store.base import Base
from desktop_app.store.identity import StoreIdentityRow
from desktop_app.store.models_core import (
    AuditRow,
    MerchantRow,
    PartnerCodeRow,
    PartnerRow,
    PartnerTypeRow,
)
from desktop_app.store.models_orders import (
    ClickRow,
    ExchangeRateRow,
    ImportBatchRow,
    MappingProfileRow,
    OrderRow,
    RefundRow,
)
from desktop_app.store.models_payouts import (
    AdjustmentRow,
    BaseCurrencyChangeRow,
    DocumentCounterRow,
    FraudFlagRow,
    FraudReleaseRow,
    PayoutLineRow,
    PayoutPartnerRow,
    PayoutRunRow,
)
from desktop_app.store.models_plans import (
    BonusRuleRow,
    PlanAssignmentRow,
    PlanRow,
    PlanRuleRow,
    PlanTierRow,
    PlanVersionRow,
)

__all__ = [
    "AdjustmentRow",
    "AuditRow",
    "Base",
    "BaseCurrencyChangeRow",
    "BonusRuleRow",
    "ClickRow",
    "DocumentCounterRow",
    "ExchangeRateRow",
    "FraudFlagRow",
    "FraudReleaseRow",
    "ImportBatchRow",
    "MappingProfileRow",
    "MerchantRow",
    "OrderRow",
    "PartnerCodeRow",
    "PartnerRow",
    "PartnerTypeRow",
    "PayoutLineRow",
    "PayoutPartnerRow",
    "PayoutRunRow",
    "PlanAssignmentRow",
    "PlanRow",
    "PlanRuleRow",
    "PlanTierRow",
    "PlanVersionRow",
    "RefundRow",
    "StoreIdentityRow",
]
