"""A small hand-built store whose performance figures are computed by hand in the tests.

October 2026, base currency USD (EUR at 1.0837, GBP at 1.25 that month):
- Alpha (Tech blog): USD 100.00 (10.00 refunded), USD 50.00, EUR 20.00 → 21.674, a cancelled
  USD 999.00 that does not count; 100 clicks. September: USD 80.00.
- Bravo (Coupon site): GBP 10.00 → 12.50; 200 clicks. Nothing in September.
- Charlie (no type): nothing in October; USD 40.00 in September.
- Delta (Tech blog): terminated 2026-09-15, nothing in October.
- Echo (Tech blog): USD 300.00 on 2026-10-31, 50 clicks; USD 70.00 on 2026-11-01 (November).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.partners import PartnerInput, PartnerStatus
from desktop_app.services import merchant, partners
from desktop_app.store.database import Store
from desktop_app.store.models import ClickRow, ExchangeRateRow, OrderRow, RefundRow

OCTOBER = date(2026, 10, 1)


def build_fixture_store(store: Store) -> dict[str, int]:
    """Fill `store`; returns partner name → id."""
    ids: dict[str, int] = {}
    with store.transaction() as session:
        merchant.save_profile(session, merchant.MerchantProfile(name="Fixture shop"))
        for name, ptype in [
            ("Alpha", "Tech blog"),
            ("Bravo", "Coupon site"),
            ("Charlie", ""),
            ("Delta", "Tech blog"),
            ("Echo", "Tech blog"),
        ]:
            created = partners.create_partner(
                session,
                PartnerInput(name=name, codes=(name.upper(),), partner_type=ptype),
                today=date(2026, 1, 1),
            )
            ids[name] = created.id
        partners.set_status(
            session, ids["Delta"], PartnerStatus.TERMINATED, on_date=date(2026, 9, 15)
        )
        session.add_all(
            [
                ExchangeRateRow(currency="EUR", month=OCTOBER, rate=Decimal("1.0837")),
                ExchangeRateRow(currency="GBP", month=OCTOBER, rate=Decimal("1.25")),
            ]
        )
        number = 0

        def order(
            name: str, day: date, minor: int, currency: str = "USD", status: str = "confirmed"
        ) -> OrderRow:
            nonlocal number
            number += 1
            row = OrderRow(
                source="test",
                external_id=f"O-{number}",
                order_date=day,
                partner_id=ids[name],
                partner_code=name.upper(),
                amount_minor=minor,
                currency=currency,
                status=status,
            )
            session.add(row)
            return row

        refunded = order(
            "Alpha", date(2026, 10, 3), 10000, status="confirmed"
        )  # with a partial refund
        order("Alpha", date(2026, 10, 10), 5000)
        order("Alpha", date(2026, 10, 20), 2000, "EUR")
        order("Alpha", date(2026, 10, 21), 99900, status="cancelled")
        order("Alpha", date(2026, 9, 30), 8000)
        order("Bravo", date(2026, 10, 1), 1000, "GBP")
        order("Charlie", date(2026, 9, 5), 4000)
        order("Echo", date(2026, 10, 31), 30000)
        order("Echo", date(2026, 11, 1), 7000)
        session.flush()
        session.add(
            RefundRow(
                source="test",
                external_id="R-1",
                order_id=refunded.id,
                refund_date=date(2026, 11, 2),
                amount_minor=1000,
                currency="USD",
            )
        )
        for name, day, clicks in [
            ("Alpha", date(2026, 10, 1), 60),
            ("Alpha", date(2026, 10, 31), 40),
            ("Alpha", date(2026, 9, 30), 500),
            ("Bravo", date(2026, 10, 15), 200),
            ("Echo", date(2026, 10, 2), 50),
            ("Echo", date(2026, 11, 1), 10),
        ]:
            session.add(ClickRow(source="test", partner_id=ids[name], day=day, clicks=clicks))
    return ids
