"""Partners who would earn nothing because no commission plan covers them, said before and
after a run is calculated (a partner whose type has no plan must never earn 0.00 in silence)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, money_text
from desktop_app.domain.order_status import OrderState
from desktop_app.services.payouts.inputs import partner_names
from desktop_app.services.plans_read import plan_book
from desktop_app.store.models import OrderRow, PartnerRow


@dataclass(frozen=True)
class Uncovered:
    partner_id: int
    code: str
    name: str
    orders: int
    sales: tuple[tuple[str, Decimal], ...]  # (currency, amount) of the period's orders
    reason: str

    @property
    def sales_text(self) -> str:
        return " + ".join(f"{money_text(v, c)} {c}" for c, v in self.sales)

    def sentence(self) -> str:
        return (
            f"{self.name} ({self.code}): {self.orders} order(s), {self.sales_text}: {self.reason}"
        )


def uncovered_partners(session: Session, start: date, end: date) -> list[Uncovered]:
    """Partners with orders in [start, end] that no plan in force covers, with their sales."""
    book = plan_book(session)
    types = dict(session.execute(select(PartnerRow.id, PartnerRow.partner_type_id)).all())
    rows = session.execute(
        select(
            OrderRow.partner_id,
            OrderRow.currency,
            func.count(),
            func.sum(OrderRow.amount_minor),
            func.min(OrderRow.order_date),
        )
        .where(
            OrderRow.order_date >= start,
            OrderRow.order_date <= end,
            OrderRow.status == OrderState.CONFIRMED.value,  # what a run pays on
            OrderRow.historical.is_(False),
        )
        .group_by(OrderRow.partner_id, OrderRow.currency)
    )
    counts: dict[int, int] = defaultdict(int)
    sales: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    first: dict[int, date] = {}
    for partner_id, currency, count, total, earliest in rows:
        counts[partner_id] += int(count)
        sales[partner_id].append((currency, from_minor(int(total or 0), currency)))
        first[partner_id] = min(first.get(partner_id, earliest), earliest)
    names = partner_names(session)
    found = []
    for partner_id in sorted(counts, key=lambda p: names.get(p, ("", ""))[1].casefold()):
        type_id = types.get(partner_id)
        plan = book.plan_for(partner_id, type_id)
        if plan is None:
            reason = book.no_plan_reason(type_id)
        elif plan.version_on(first[partner_id]) is None:
            reason = f"plan '{plan.name}' has no version in force on {first[partner_id]}"
        else:
            continue
        code, name = names.get(partner_id, ("", ""))
        found.append(
            Uncovered(
                partner_id, code, name, counts[partner_id], tuple(sorted(sales[partner_id])), reason
            )
        )
    return found
