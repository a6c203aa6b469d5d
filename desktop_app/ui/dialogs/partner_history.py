"""The histories shown on a partner's page, as plain rows of text for its tabs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop_app.domain.money import format_money
from desktop_app.services import audit
from desktop_app.services import partner_history as history
from desktop_app.services.partner_history import ORDER_LIMIT, PartnerOrder, PartnerPage


@dataclass
class History:
    title: str
    headers: list[str]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    sort_keys: list[tuple[Any, ...]] = field(default_factory=list)
    empty: str = "Nothing yet."
    right: tuple[int, ...] = ()


def histories(page: PartnerPage) -> list[History]:
    """The partner page's tabs, in order: orders, payout runs, statements, adjustments, audit."""
    return [
        order_history(page.orders, page.profile.locale),
        _runs_history(page.runs, page.profile.locale),
        _statements_history(page.statements, page.profile.locale),
        _adjustments_history(page.adjustments, page.profile.locale),
        audit_history(page.audit),
    ]


def order_history(orders: list[PartnerOrder], locale: str) -> History:
    history = History(
        "Orders",
        ["Date", "Order", "Code", "Amount", "Refunded", "Status", "Category"],
        empty="No orders from this partner yet. Import an orders file (Ctrl+I).",
        right=(3, 4),
    )
    for order in orders:
        amount, refund = order.amount, order.refunded
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


def audit_history(entries: list[audit.AuditEntry]) -> History:
    history = History(
        "Audit log",
        ["When (UTC)", "Who", "What", "Details", "Reason"],
        empty="No recorded changes.",
    )
    for entry in entries:
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


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else ""


def _runs_history(runs: list[history.PartnerRun], locale: str) -> History:
    found = History(
        "Payout runs",
        [
            "Run",
            "Period",
            "State",
            "Commission",
            "Bonus",
            "Payable",
            "Carried over",
            "Paid on",
            "Reference",
        ],
        empty="No payout run has included this partner yet.",
        right=(3, 4, 5, 6),
    )
    for r in runs:
        found.rows.append(
            (
                str(r.run_id),
                f"{r.start.isoformat()} – {r.end.isoformat()}",
                r.state.capitalize(),
                format_money(r.commission, r.currency, locale),
                format_money(r.bonus, r.currency, locale),
                format_money(r.payable, r.currency, locale),
                format_money(r.carried_out, r.currency, locale),
                r.paid_on.isoformat() if r.paid_on else "",
                r.reference,
            )
        )
        found.sort_keys.append(
            (
                r.run_id,
                r.start.isoformat(),
                r.state,
                r.commission,
                r.bonus,
                r.payable,
                r.carried_out,
                r.paid_on.isoformat() if r.paid_on else "",
                r.reference,
            )
        )
    return found


def _statements_history(statements: list[history.PartnerStatement], locale: str) -> History:
    found = History(
        "Statements",
        ["Statement", "Period", "Run", "Payable", "Exported", "E-mailed", "To"],
        empty="No statements yet: they are made from locked payout runs.",
        right=(3,),
    )
    for st in statements:
        found.rows.append(
            (
                st.number,
                f"{st.start.isoformat()} – {st.end.isoformat()}",
                f"{st.run_id} ({st.state})",
                format_money(st.payable, st.currency, locale),
                _when(st.exported_at) or "not yet",
                _when(st.emailed_at) or "not yet",
                st.emailed_to,
            )
        )
        found.sort_keys.append(
            (
                st.number,
                st.start.isoformat(),
                st.run_id,
                st.payable,
                _when(st.exported_at),
                _when(st.emailed_at),
                st.emailed_to,
            )
        )
    return found


def _adjustments_history(adjustments: list[history.PartnerAdjustment], locale: str) -> History:
    found = History(
        "Adjustments",
        ["Date", "Kind", "Amount", "Reason", "By", "Run"],
        empty="No manual bonuses or deductions.",
        right=(2,),
    )
    for a in adjustments:
        found.rows.append(
            (
                _when(a.created_at),
                a.kind.capitalize(),
                format_money(a.amount, a.currency, locale),
                a.reason,
                a.actor,
                str(a.run_id) if a.run_id is not None else "next run",
            )
        )
        found.sort_keys.append(
            (_when(a.created_at), a.kind, a.amount, a.reason.casefold(), a.actor, a.run_id or 0)
        )
    return found
