"""The histories shown on a partner's page, read from the store as plain rows of text.

Payout runs, statements and adjustments come from the payouts and statements features when
they are installed; until then their tabs say what will appear there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.money import format_money, from_minor
from desktop_app.services import audit
from desktop_app.store.models import OrderRow, RefundRow

ORDER_LIMIT = 2000


@dataclass
class History:
    title: str
    headers: list[str]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    sort_keys: list[tuple[Any, ...]] = field(default_factory=list)
    empty: str = "Nothing yet."
    right: tuple[int, ...] = ()


def order_history(session: Session, partner_id: int, locale: str) -> History:
    refunded = (
        select(RefundRow.order_id, RefundRow.amount_minor)
        .join(OrderRow, RefundRow.order_id == OrderRow.id)
        .where(OrderRow.partner_id == partner_id)
    )
    refunds: dict[int, int] = {}
    for order_id, minor in session.execute(refunded):
        refunds[order_id] = refunds.get(order_id, 0) + int(minor)
    query = (
        select(OrderRow)
        .where(OrderRow.partner_id == partner_id)
        .order_by(OrderRow.order_date.desc(), OrderRow.id.desc())
        .limit(ORDER_LIMIT)
    )
    history = History(
        "Orders",
        ["Date", "Order", "Code", "Amount", "Refunded", "Status", "Category"],
        empty="No orders from this partner yet. Import an orders file (Ctrl+I).",
        right=(3, 4),
    )
    for order in session.scalars(query):
        amount = from_minor(order.amount_minor, order.currency)
        refund = from_minor(refunds.get(order.id, 0), order.currency)
        history.rows.append(
            (
                order.order_date.isoformat(),
                order.external_id,
                order.partner_code,
                format_money(amount, order.currency, locale),
                format_money(refund, order.currency, locale) if refund else "",
                order.status.replace("_", " ") + (" (historical)" if order.historical else ""),
                order.category,
            )
        )
        history.sort_keys.append(
            (
                order.order_date.isoformat(),
                order.external_id,
                order.partner_code.casefold(),
                float(amount),
                float(refund),
                order.status,
                order.category.casefold(),
            )
        )
    if len(history.rows) == ORDER_LIMIT:
        history.title = f"Orders (latest {ORDER_LIMIT:,})"
    return history


def audit_history(session: Session, partner_id: int) -> History:
    history = History(
        "Audit log",
        ["When (UTC)", "Who", "What", "Details", "Reason"],
        empty="No recorded changes.",
    )
    for entry in audit.entries(session, partner_id=partner_id):
        details = ", ".join(
            f"{k}: {json.dumps(v) if not isinstance(v, str) else v}"
            for k, v in entry.details.items()
        )
        history.rows.append(
            (
                entry.at.strftime("%Y-%m-%d %H:%M"),
                entry.actor,
                entry.action.replace(".", " "),
                details,
                entry.reason,
            )
        )
    history.sort_keys = [tuple(r) for r in history.rows]
    return history


def payout_histories(session: Session, partner_id: int, locale: str) -> list[History]:
    """Payout runs, statements and adjustments about the partner."""
    return [
        History(
            "Payout runs",
            ["Run", "Period", "Status", "Commission", "Payable"],
            empty="No payout run has included this partner yet.",
        ),
        History(
            "Statements",
            ["Statement", "Period", "Amount", "File"],
            empty="No statements yet: they are made from locked payout runs.",
        ),
        History(
            "Adjustments",
            ["Date", "Amount", "Reason", "By"],
            empty="No manual bonuses or deductions.",
        ),
    ]
