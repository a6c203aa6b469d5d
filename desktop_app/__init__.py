"""Payout Desk: affiliate commissions and payout statements for small online merchants."""

__version__ = "0.1.0"
APP_NAME = "Payout Desk"
ORG_NAME = "PayoutDesk"
