"""When the Partner performance tab flags a partner for review: the thresholds, as values.

Apart from the queries (services.performance) so the command line can show the defaults in its
help without importing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Thresholds:
    """A partner is flagged for review below either threshold (None switches a rule off).

    The conversion rule only judges partners with at least `min_clicks` clicks, so a partner
    with a handful of clicks is not flagged on noise; the click-through rule only partners with
    impressions imported (at least `min_impressions`).
    """

    min_conversion: Decimal | None = Decimal("0.01")
    min_sales: Decimal | None = Decimal("100")
    min_clicks: int = 1
    min_ctr: Decimal | None = Decimal("0.01")
    min_impressions: int = 1
