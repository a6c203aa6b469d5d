"""A small store for payout-run tests: two partners on a flat 10 % plan, orders added by hand.

Commission is 10 % of the order's base amount, so every expected figure below is easy to check
by hand: an order of 1000.00 earns 100.00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from desktop_app.domain.money import to_minor
from desktop_app.domain.partners import PartnerInput, PartnerStatus
from desktop_app.services import merchant, partners, rates
from desktop_app.store.database import Store
from desktop_app.store.models import (
    ExchangeRateRow,
    ImportBatchRow,
    OrderRow,
    PartnerTypeRow,
    RefundRow,
)

D = Decimal


@dataclass
class Shop:
    store: Store
    alpha: int
    beta: int
    _number: int = 0

    def order(
        self,
        partner_id: int,
        day: date,
        amount: str,
        currency: str = "USD",
        *,
        historical: bool = False,
        external_id: str | None = None,
    ) -> int:
        self._number += 1
        with self.store.transaction() as session:
            batch_id = None
            if historical:
                batch = ImportBatchRow(
                    kind="orders",
                    source="shop",
                    file_name="past.xlsx",
                    content_hash=f"h{self._number}",
                    historical=True,
                )
                session.add(batch)
                session.flush()
                batch_id = batch.id
            row = OrderRow(
                source="shop",
                external_id=external_id or f"O-{self._number}",
                order_date=day,
                partner_id=partner_id,
                partner_code="ALPHA" if partner_id == self.alpha else "BETA",
                amount_minor=to_minor(D(amount), currency),
                currency=currency,
                historical=historical,
                batch_id=batch_id,
            )
            session.add(row)
            session.flush()
            return row.id

    def refund(self, order_id: int, day: date, amount: str, currency: str = "USD") -> None:
        self._number += 1
        with self.store.transaction() as session:
            session.add(
                RefundRow(
                    source="shop",
                    external_id=f"R-{self._number}",
                    order_id=order_id,
                    refund_date=day,
                    amount_minor=to_minor(D(amount), currency),
                    currency=currency,
                )
            )

    def rate(self, currency: str, month: date, rate: str) -> None:
        with self.store.transaction() as session:
            session.add(ExchangeRateRow(currency=currency, month=month, rate=D(rate)))


def flat_plan(store: Store, rate: str = "10", partner_type: str = "Tech blog") -> int:
    """Partners of `partner_type` earn `rate` % of each order (order_amount, whole, one tier)."""
    from desktop_app.services import plans

    with store.transaction() as session:
        plan_id = plans.create_plan(session, f"Flat {rate} %")
        rule = plans.make_rule("order_amount", "whole", [(D(0), D(rate), D(0))])
        plans.add_version(session, plan_id, date(2020, 1, 1), [rule])
        type_id = session.scalar(
            select(PartnerTypeRow.id).where(PartnerTypeRow.name == partner_type)
        )
        assert type_id is not None
        plans.assign_to_type(session, type_id, plan_id)
    return plan_id


def make_shop(store: Store, *, holding_days: int = 30, minimum: str = "50.00") -> Shop:
    with store.transaction() as session:
        merchant.save_profile(
            session,
            merchant.MerchantProfile(
                name="Payout test shop", holding_days=holding_days, minimum_payout=D(minimum)
            ),
        )
        alpha = partners.create_partner(
            session,
            PartnerInput(name="Alpha Blog", codes=("ALPHA",), partner_type="Tech blog"),
            today=date(2026, 1, 1),
        )
        beta = partners.create_partner(
            session,
            PartnerInput(name="Beta Deals", codes=("BETA",), partner_type="Tech blog"),
            today=date(2026, 1, 1),
        )
    flat_plan(store)
    return Shop(store, alpha.id, beta.id)


# A day after every period these tests pay: runs may not have a cut-off after today, and the
# tests below play months that are still ahead of the real date.
LATER = date(2027, 12, 31)


def make_run(
    store: Store, start: date, end: date, cutoff: date | None = None, **options: Any
) -> int:
    """A run as these tests mean it: cut-off on the period's end unless given (the app and the
    CLI propose end + holding period instead; tests/services/test_run_periods.py covers that),
    on a day after every period the tests play."""
    from desktop_app.services import payouts

    options.setdefault("today", LATER)
    return payouts.create_run(store, start, end, cutoff or end, **options).value


def build_multi_currency_month(store: Store) -> tuple[int, dict[str, int]]:
    """October 2026 in a USD store (EUR at 1.0837, GBP at 1.2713), every partner on 10 %:
    - Alpha: 3 x EUR 10.01 (each 10.847837 → 10.85) and USD 100.00; a manual bonus of 25.00
    - Beta: 2 x GBP 7.77 (each 9.878001 → 9.88), EUR 33.33 (36.12) with EUR 3.33 refunded (3.61)
    - Gamma (paused): EUR 10.01 → 10.85
    - Delta and Eta: active, no orders
    Sales: 132.55 + 52.27 + 10.85 = 195.67 (converting the sums instead: 195.66).
    Commission: 13.27 + 5.23 + 1.09 = 19.59; bonuses 25.00."""
    shop = make_shop(store, holding_days=0, minimum="0.00")
    ids = {"Alpha": shop.alpha, "Beta": shop.beta}
    with store.transaction() as session:
        for name in ("Gamma", "Delta", "Eta"):
            made = partners.create_partner(
                session,
                PartnerInput(name=name, codes=(name.upper(),), partner_type="Tech blog"),
                today=date(2026, 1, 1),
            )
            ids[name] = made.id
        partners.set_status(session, ids["Gamma"], PartnerStatus.PAUSED, on_date=date(2026, 9, 1))
        rates.set_rate(session, "EUR", "2026-10", "1.0837")
        rates.set_rate(session, "GBP", "2026-10", "1.2713")
    for day in (2, 3, 4):
        shop.order(ids["Alpha"], date(2026, 10, day), "10.01", "EUR")
    shop.order(ids["Alpha"], date(2026, 10, 5), "100.00")
    shop.order(ids["Beta"], date(2026, 10, 6), "7.77", "GBP")
    shop.order(ids["Beta"], date(2026, 10, 7), "7.77", "GBP")
    refunded = shop.order(ids["Beta"], date(2026, 10, 8), "33.33", "EUR")
    shop.refund(refunded, date(2026, 10, 20), "3.33", "EUR")
    shop.order(ids["Gamma"], date(2026, 10, 9), "10.01", "EUR")
    from desktop_app.services import payouts

    payouts.add_adjustment(store, ids["Alpha"], D("25.00"), "October star", kind="bonus")
    run_id = make_run(store, date(2026, 10, 1), date(2026, 10, 31))
    payouts.lock_run(store, run_id)
    return run_id, ids
