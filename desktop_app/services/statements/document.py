"""What a partner statement says, as plain values: the renderer prints exactly this.

A statement is built from a payout run's stored figures (never recomputed), so a locked run's
statement is the same every time. The summary rows are signed contributions to the amount
payable (withheld and clawbacks are negative), so they add up to it; the detail lines add up to
`lines_total`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop_app.domain.commissions.breakdown import HowPaid
from desktop_app.domain.months import month_end
from desktop_app.domain.reasons import Reason

ZERO = Decimal(0)

STATUS_PAYABLE = "payable"


@dataclass(frozen=True)
class MerchantHeader:
    """The sender block and the page settings taken from the merchant profile."""

    name: str
    address: str = ""
    tax_id: str = ""
    email: str = ""
    logo_path: str = ""
    footer: str = ""
    page_size: str = "A4"
    locale: str = "en_US"
    timezone: str = "UTC"  # dates the statement: the day the run was locked, in this zone


@dataclass(frozen=True)
class PartnerBlock:
    """The addressee: who is paid, under which codes, and how."""

    name: str
    codes: tuple[str, ...] = ()
    email: str = ""
    payout_method: str = ""
    payout_account: str = ""  # already masked for printing (e.g. "•••• 4821")
    tax_id: str = ""
    locale: str = ""  # the partner's own statement locale; "" = the merchant's


@dataclass(frozen=True)
class StatementLine:
    """One detail line: an order's commission, a bonus, a clawback or an adjustment."""

    reference: str  # the order id as the marketplace shows it, or a label for non-order lines
    line_date: date
    amount: Decimal  # commissionable amount in the statement currency
    tier: str
    rate: Decimal  # percent: 7.5 means 7.5 %
    commission: Decimal
    kind: str = "commission"
    status: str = STATUS_PAYABLE
    reason: str = ""  # why the line is not paid in this run, in English
    why: Reason | None = None  # the same as a code and values: said in the statement's language
    fixed: Decimal = ZERO
    how: HowPaid | None = None  # a marginal line's brackets
    # an order in another currency: its amount there and the rate it was converted at (units
    # of the statement currency per unit of `original_currency`); printed under the amount
    original_amount: Decimal = ZERO
    original_currency: str = ""
    exchange_rate: Decimal | None = None

    @property
    def converted(self) -> bool:
        return self.exchange_rate is not None and bool(self.original_currency)


@dataclass(frozen=True)
class StatementSummary:
    """Signed contributions to the amount payable, in the order the statement prints them."""

    carried_in: Decimal = ZERO
    commissions: Decimal = ZERO
    bonuses: Decimal = ZERO
    clawbacks: Decimal = ZERO
    adjustments: Decimal = ZERO
    withheld: Decimal = ZERO  # <= 0
    held: Decimal = ZERO  # <= 0: not yet payable (holding period)
    carried_out: Decimal = ZERO  # <= 0: below the minimum, carried to the next run
    payable: Decimal = ZERO

    def rows(self) -> list[tuple[str, Decimal]]:
        """Label/amount rows of the summary box; optional rows only when they are not zero."""
        rows = [
            ("Carried in from earlier runs", self.carried_in),
            ("Commissions", self.commissions),
            ("Bonuses", self.bonuses),
            ("Refunds and clawbacks", self.clawbacks),
            ("Adjustments", self.adjustments),
            ("Withheld", self.withheld),
        ]
        if self.held:
            rows.append(("Held (holding period)", self.held))
        if self.carried_out:
            rows.append(("Carried over to the next run", self.carried_out))
        return rows

    def adds_up(self) -> bool:
        return sum((amount for _label, amount in self.rows()), ZERO) == self.payable


@dataclass(frozen=True)
class StatementDocument:
    merchant: MerchantHeader
    partner: PartnerBlock
    number: str
    period_start: date
    period_end: date  # inclusive
    issued_on: date
    currency: str
    summary: StatementSummary
    lines: tuple[StatementLine, ...] = field(default=())
    run_id: int = 0
    partner_id: int = 0
    draft: bool = False  # a draft run's figures may still change; the statement says so
    paid_on: date | None = None  # a paid run: when and under which reference it was paid
    paid_reference: str = ""
    sales: Decimal = ZERO  # the partner's commissionable sales in the run (the summary page)

    @property
    def locale(self) -> str:
        """The language and formats it is written in: the partner's, else the merchant's."""
        return self.partner.locale or self.merchant.locale

    @property
    def lines_total(self) -> Decimal:
        return sum((line.commission for line in self.lines), ZERO)

    @property
    def period_label(self) -> str:
        """ "2026-10" for a calendar month, otherwise "2026-10-01_2026-10-15"."""
        start, end = self.period_start, self.period_end
        last_day = month_end(start)
        if start.day == 1 and end == last_day:
            return f"{start:%Y-%m}"
        return f"{start.isoformat()}_{end.isoformat()}"

    @property
    def file_name(self) -> str:
        """`<period>_<partner-code>.pdf`, safe on every file system."""
        code = self.partner.codes[0] if self.partner.codes else f"partner-{self.partner_id}"
        return f"{self.period_label}_{safe_file_part(code)}.pdf"


def statement_number(run_id: int, partner_id: int, period_start: date) -> str:
    """Stable number printed on the statement and quoted on the payout reference."""
    return f"PD-{period_start:%Y%m}-{run_id:04d}-{partner_id:05d}"


def mask_account(details: str) -> str:
    """Show only the last four characters of an account, IBAN or PayPal id on paper."""
    text = "".join(details.split())
    if not text:
        return ""
    if "@" in text:  # an e-mail (PayPal): keep the domain, hide most of the name
        name, _, domain = text.partition("@")
        return f"{name[:2]}•••@{domain}"
    if len(text) <= 4:
        return text
    return f"•••• {text[-4:]}"


_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def safe_file_part(text: str) -> str:
    cleaned = _UNSAFE.sub("-", text.strip()).strip("-.")
    return cleaned or "partner"
