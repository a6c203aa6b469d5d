"""A believable demo store, so a newcomer's first screen is not empty.

Deterministic (seeded) so screenshots and tests see the same data every time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, update

from desktop_app.config import demo_database_url
from desktop_app.domain.months import add_months
from desktop_app.domain.order_status import OrderState
from desktop_app.domain.partners import PartnerInput, PartnerStatus, PayoutMethod
from desktop_app.errors import StoreError
from desktop_app.services import merchant, partners
from desktop_app.services.stores import open_store
from desktop_app.store.database import Store
from desktop_app.store.models import (
    ClickRow,
    ExchangeRateRow,
    ImportBatchRow,
    OrderRow,
    PartnerRow,
    RefundRow,
)

DEMO_SOURCE = "shopify"
MONTHS_OF_HISTORY = 6

PARTNER_TYPES = {
    # type: (orders per month range, clicks per order range)
    "Tech blog": (8, 30, 25, 60),
    "Lifestyle media": (5, 25, 30, 80),
    "Coupon site": (20, 60, 8, 20),
    "Review site": (4, 18, 20, 50),
}

# Partners in these countries read their statements in their own language (the merchant: en_US)
DEMO_STATEMENT_LOCALES = {"ES": "es_ES", "MX": "es_MX", "FR": "fr_FR", "DE": "de_DE", "AT": "de_AT"}
DEMO_PARTNERS: list[tuple[str, str, str, str]] = [
    # name, code, type, country
    ("GadgetFlow Weekly", "GADGETFLOW", "Tech blog", "US"),
    ("Byte Sized Reviews", "BYTESIZED", "Tech blog", "GB"),
    ("Circuit Breaker Blog", "CIRCUIT", "Tech blog", "US"),
    ("Zoë Łukasiewicz – Tech Notes", "ZOETECH", "Tech blog", "PL"),
    ("Дмитрий Орлов Обзоры", "DMITRY", "Tech blog", "RU"),
    ("Home Lab Heroes", "HOMELAB", "Tech blog", "DE"),
    ("Silicon Sundays", "SILICONSUN", "Tech blog", "US"),
    ("The Pixel Pantry", "PIXELPANTRY", "Tech blog", "CA"),
    ("Andrés Tech Corner", "ANDRESTECH", "Tech blog", "ES"),
    ("Kernel Panic Podcast", "KERNELPANIC", "Tech blog", "US"),
    ("Maison Lumière", "MAISONLUM", "Lifestyle media", "FR"),
    ("Slow Mornings Co.", "SLOWMORN", "Lifestyle media", "GB"),
    ("The Cozy Nook", "COZYNOOK", "Lifestyle media", "US"),
    ("Hygge & Home", "HYGGEHOME", "Lifestyle media", "DK"),
    ("Wander & Nest", "WANDERNEST", "Lifestyle media", "AU"),
    ("Sakura Living", "SAKURALIV", "Lifestyle media", "JP"),
    ("Bright Side Mama", "BRIGHTMAMA", "Lifestyle media", "US"),
    ("Urban Jungle Diaries", "URBANJUNGLE", "Lifestyle media", "NL"),
    ("Little Green Studio", "GREENSTUDIO", "Lifestyle media", "IE"),
    ("Casa Serena", "CASASERENA", "Lifestyle media", "IT"),
    ("DealDrop", "DEALDROP", "Coupon site", "US"),
    ("CouponCastle", "COUPONCASTLE", "Coupon site", "US"),
    ("SaveSmart EU", "SAVESMART", "Coupon site", "DE"),
    ("Promo Pigeon", "PROMOPIGEON", "Coupon site", "GB"),
    ("VoucherVault", "VOUCHERVAULT", "Coupon site", "GB"),
    ("BargainBee", "BARGAINBEE", "Coupon site", "CA"),
    ("CodeCrush Deals", "CODECRUSH", "Coupon site", "US"),
    ("Rabatt Radar", "RABATTRADAR", "Coupon site", "AT"),
    ("Cashback Kiwi", "CASHKIWI", "Coupon site", "NZ"),
    ("Ofertas Ya", "OFERTASYA", "Coupon site", "MX"),
    ("Honest Unboxing", "HONESTBOX", "Review site", "US"),
    ("The Verdict Desk", "VERDICT", "Review site", "GB"),
    ("Test & Tell", "TESTTELL", "Review site", "DE"),
    ("Buyer's Compass", "BUYERSCOMPASS", "Review site", "US"),
    ("Nordic Reviews", "NORDICREV", "Review site", "SE"),
    ("Consumer Corner", "CONSCORNER", "Review site", "AU"),
    ("Value Verified", "VALUEVERIFIED", "Review site", "US"),
    ("Revue Maison", "REVUEMAISON", "Review site", "FR"),
    ("Smart Shopper Lab", "SHOPPERLAB", "Review site", "IN"),
    ("Rate It Right", "RATEITRIGHT", "Review site", "US"),
]

CATEGORIES = ["Lighting", "Kitchen", "Textiles", "Decor", "Smart home"]
FOREIGN_CURRENCIES = {"EUR": Decimal("1.08"), "GBP": Decimal("1.27")}


def _month_start(day: date) -> date:
    return day.replace(day=1)


def has_partners(store: Store) -> bool:
    with store.transaction() as session:
        return bool(session.scalar(select(func.count()).select_from(PartnerRow)))


def open_demo_store() -> Store:
    """The demo store in the data folder, created with sample data the first time it is asked
    for (by the app or by any command given --demo)."""
    store = open_store(demo_database_url())
    if not has_partners(store):
        seed_demo(store)
    return store


def ensure_demo_store() -> str:
    """The demo store's URL, once the store exists with its sample data."""
    open_demo_store().close()
    return demo_database_url()


def seed_demo(
    store: Store, *, today: date | None = None, progress: Callable[[str], None] | None = None
) -> None:
    """Fill an empty store with a merchant, 40 partners, six months of orders, clicks, refunds,
    and (where the payouts feature provides it) plans and payout runs."""
    today = today or date.today()
    rng = random.Random(20261125)
    say = progress or (lambda _msg: None)
    if has_partners(store):
        raise StoreError(
            f"{store.description} already holds partners; "
            "create the demo in a new file with --database"
        )
    with store.write_transaction() as session:
        say("merchant and partners")
        merchant.save_profile(
            session,
            merchant.MerchantProfile(
                name="Lumen & Oak Home Goods",
                address="Lumen & Oak Ltd.\n14 Harbour Street\nBristol BS1 4RN\nUnited Kingdom",
                tax_id="GB 318 4471 02",
                email="partners@lumenandoak.example",
                base_currency="USD",
                timezone="Europe/London",
                locale="en_US",
                statement_footer=(
                    "Questions about this statement? Write to partners@lumenandoak.example. "
                    "Payments are sent within 5 business days of the statement date."
                ),
                holding_days=30,
                minimum_payout=Decimal("50.00"),
            ),
        )
        first_month = add_months(today, -MONTHS_OF_HISTORY)
        created = []
        for index, (name, code, ptype, country) in enumerate(DEMO_PARTNERS):
            slug = code.lower()
            method = [PayoutMethod.PAYPAL, PayoutMethod.BANK, PayoutMethod.BANK][index % 3]
            details = (
                f"payouts@{slug}.example" if method is PayoutMethod.PAYPAL else demo_iban(index)
            )
            codes = (code, f"{code[:6]}10") if index % 4 == 0 else (code,)
            created.append(
                partners.create_partner(
                    session,
                    PartnerInput(
                        name=name,
                        codes=codes,
                        email=f"hello@{slug}.example",
                        partner_type=ptype,
                        country=country,
                        payout_method=method,
                        payout_details=details,
                        notes="Joined through the spring outreach." if index % 5 == 0 else "",
                        join_date=first_month - timedelta(days=rng.randint(10, 400)),
                        statement_locale=DEMO_STATEMENT_LOCALES.get(country, ""),
                    ),
                    today=first_month,
                )
            )
        # A realistic program has a few partners who are not active any more.
        partners.set_status(
            session,
            created[17].id,
            PartnerStatus.PAUSED,
            on_date=add_months(today, -1),
            reason="Site migration; asked to pause",
        )
        partners.terminate_partner(
            session,
            created[29].id,
            on_date=add_months(today, -2) + timedelta(days=9),
            reason="Coupon code leaked to cashback aggregators against the terms",
        )
        session.flush()

        say("orders, clicks and refunds")
        batch = ImportBatchRow(
            kind="orders",
            source=DEMO_SOURCE,
            file_name="demo data",
            content_hash="demo",
            sheet="",
            mapping_name="",
        )
        session.add(batch)
        session.flush()
        orders, clicks = _demo_orders_and_clicks(rng, created, first_month, today, batch.id)
        batch.added = len(orders)
        connection = session.connection()
        connection.execute(insert(OrderRow), orders)
        connection.execute(insert(ClickRow), clicks)
        month = first_month
        while month <= today:
            for currency, rate in FOREIGN_CURRENCIES.items():
                drift = Decimal(rng.randint(-300, 300)) / 10000
                session.add(ExchangeRateRow(currency=currency, month=month, rate=rate + drift))
            month = add_months(month, 1)
        session.flush()
        refunds = _demo_refunds(rng, session, today)
        if refunds:
            connection.execute(insert(RefundRow), refunds)

    from desktop_app.services.payouts.demo import seed_demo_payouts  # loaded when used

    say("commission plans and payout runs")
    seed_demo_payouts(store)


# Click-through rates of the demo partners (percent), by partner id: one in eight is below the
# Partner performance tab's 1 % review threshold.
DEMO_CTR = (0.8, 1.5, 2.1, 2.6, 3.0, 3.4, 1.9, 2.4)


def _demo_impressions(partner_id: int, day: date, clicks: int) -> int:
    """Impressions that give the partner its DEMO_CTR, give or take 5 % from day to day.
    Worked out from the ids, not drawn from the demo's random generator, so the orders and
    clicks (and the payout runs made from them) are the ones they always were."""
    wobble = 1 + ((day.toordinal() * 7919 + partner_id * 104729) % 11 - 5) / 100
    return round(clicks * 100 / DEMO_CTR[partner_id % len(DEMO_CTR)] * wobble)


def _demo_orders_and_clicks(
    rng: random.Random,
    created: list[Any],
    first_month: date,
    today: date,
    batch_id: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    orders: list[dict[str, Any]] = []
    clicks: list[dict[str, Any]] = []
    number = 100000
    days = (today - first_month).days
    for partner in created:
        lo, hi, clo, chi = PARTNER_TYPES[partner.partner_type]
        strength = rng.choice([0.4, 0.7, 1.0, 1.0, 1.3, 1.8])
        per_day = rng.randint(lo, hi) * strength / 30
        for offset in range(days):
            day = first_month + timedelta(days=offset)
            if partner.status is PartnerStatus.TERMINATED and day > partner.status_date:
                break
            count = int(per_day) + (1 if rng.random() < per_day - int(per_day) else 0)
            day_clicks = count * rng.randint(clo, chi) + rng.randint(0, 12)
            if day_clicks:
                clicks.append(
                    {
                        "source": DEMO_SOURCE,
                        "partner_id": partner.id,
                        "day": day,
                        "clicks": day_clicks,
                        "visitors": day_clicks * rng.randint(70, 95) // 100,
                        "impressions": _demo_impressions(partner.id, day, day_clicks),
                        "batch_id": batch_id,
                    }
                )
            for _ in range(count):
                number += 1
                big = rng.random() < 0.08
                amount = rng.randint(25000, 90000) if big else rng.randint(1500, 19900)
                currency = rng.choices(["USD", "EUR", "GBP"], weights=[80, 14, 6])[0]
                orders.append(
                    {
                        "source": DEMO_SOURCE,
                        "external_id": f"LO-{number}",
                        "order_date": day,
                        "partner_id": partner.id,
                        "partner_code": partner.primary_code,
                        "amount_minor": amount,
                        "currency": currency,
                        "category": rng.choice(CATEGORIES),
                        "sku": f"SKU-{rng.randint(100, 999)}",
                        "status": OrderState.CONFIRMED.value,
                        "batch_id": batch_id,
                        "historical": False,
                    }
                )
    return orders, clicks


def _demo_refunds(rng: random.Random, session: Any, today: date) -> list[dict[str, Any]]:
    rows = session.execute(
        select(
            OrderRow.id,
            OrderRow.external_id,
            OrderRow.order_date,
            OrderRow.amount_minor,
            OrderRow.currency,
        )
    ).all()
    refunds = []
    for row in rows:
        if rng.random() >= 0.03:
            continue
        refund_date = row.order_date + timedelta(days=rng.randint(2, 40))
        if refund_date > today:
            continue
        full = rng.random() < 0.6
        amount = row.amount_minor if full else row.amount_minor * rng.randint(20, 60) // 100
        refunds.append(
            {
                "source": DEMO_SOURCE,
                "external_id": f"R-{row.external_id}",
                "order_id": row.id,
                "refund_date": refund_date,
                "amount_minor": amount,
                "currency": row.currency,
                "batch_id": None,
            }
        )
        if full:  # a partial refund leaves the order confirmed
            session.execute(
                update(OrderRow)
                .where(OrderRow.id == row.id)
                .values(status=OrderState.REFUNDED.value)
            )
    return refunds


def demo_iban(index: int) -> str:
    """A made-up but valid IBAN (check digits right), so demo payment files can be written."""
    from schwifty import IBAN

    account = f"{532013000 + index:010d}"
    return str(IBAN.generate("DE", bank_code="37040044", account_code=account).formatted)
