"""All storage models, imported in one place so Alembic and the store see the whole schema."""

from desktop_app.store.base import Base
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

__all__ = [
    "AuditRow",
    "Base",
    "ClickRow",
    "ExchangeRateRow",
    "ImportBatchRow",
    "MappingProfileRow",
    "MerchantRow",
    "OrderRow",
    "PartnerCodeRow",
    "PartnerRow",
    "PartnerTypeRow",
    "RefundRow",
]
