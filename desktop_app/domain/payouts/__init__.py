"""Pure payout settlement: which commission is paid now, which waits, and why (no Qt, no SQL)."""

from desktop_app.domain.payouts.conversion import ROUND_CONVERSION, RateTable, convert
from desktop_app.domain.payouts.lines import (
    LineKind,
    LineStatus,
    PartnerState,
    PartnerTotals,
    Policy,
    SettledLine,
    SettlementLine,
)
from desktop_app.domain.payouts.refunds import clawback_all, clawback_due, reduce_for_refunds
from desktop_app.domain.payouts.settlement import Settlement, settle

__all__ = [
    "ROUND_CONVERSION",
    "LineKind",
    "LineStatus",
    "PartnerState",
    "PartnerTotals",
    "Policy",
    "RateTable",
    "SettledLine",
    "Settlement",
    "SettlementLine",
    "clawback_all",
    "clawback_due",
    "convert",
    "reduce_for_refunds",
    "settle",
]
