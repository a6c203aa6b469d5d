"""Storage models of payout runs: runs, their stored lines and partner totals, manual
adjustments and fraud flags. A locked run's rows never change (services enforce it)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.store.base import Base, ExactDecimal, UTCDateTime, utcnow


class PayoutRunRow(Base):
    """A payout run for a period; settings are copied in so the run can be reproduced."""

    __tablename__ = "payout_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date, index=True)
    cutoff: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(8), default="draft", index=True)
    currency: Mapped[str] = mapped_column(String(3))
    holding_days: Mapped[int] = mapped_column(Integer)
    minimum_payout_minor: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    calculated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_by: Mapped[str] = mapped_column(String(100), default="")
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_reference: Mapped[str] = mapped_column(String(200), default="")
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    # The statement's sender block as it was when the run was locked (JSON), so editing the
    # merchant profile later never changes an old statement. Empty for drafts.
    merchant_json: Mapped[str | None] = mapped_column(Text)
    # The newest audit-log entry the calculation had seen: a later entry that changes what runs
    # are calculated from (an import, an undo, a partner, a plan...) makes the draft stale.
    inputs_seen: Mapped[int | None] = mapped_column(Integer)


SETTLED_COMMISSION = "kind = 'commission' AND settles"


class PayoutLineRow(Base):
    """One stored line of a run: an order's commission, a bonus, clawback, adjustment or the
    balance carried in. Order details are copied so statements never depend on later imports.

    `locked_order_id` is set when the run is locked: the database then refuses to delete an
    order a locked run refers to, and refuses a second settling commission line (`settles`:
    paid or withheld) for the same order in any locked run: an order's commission is settled
    at most once. Clawbacks and corrections are lines of their own kinds."""

    __tablename__ = "payout_lines"
    __table_args__ = (
        Index("ix_payout_lines_run_partner", "run_id", "partner_id"),
        Index(
            "uq_payout_lines_settled_order",
            "locked_order_id",
            unique=True,
            sqlite_where=text(SETTLED_COMMISSION),
            postgresql_where=text(SETTLED_COMMISSION),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("payout_runs.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text, default="")  # in English, as before codes
    # the reason as data (domain.reasons): said in the reader's language when shown
    reason_code: Mapped[str] = mapped_column(String(32), default="", server_default="")
    reason_args: Mapped[str] = mapped_column(Text, default="", server_default="")
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="SET NULL"), index=True
    )
    external_id: Mapped[str] = mapped_column(String(128), default="")
    order_date: Mapped[date | None] = mapped_column(Date)
    original_amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    original_currency: Mapped[str] = mapped_column(String(3), default="")
    # Units of the run's currency per unit of `original_currency` the order was converted at;
    # None for a line in the run's own currency (and for lines calculated before 0011).
    exchange_rate: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    commission_minor: Mapped[int] = mapped_column(BigInteger)
    plan_name: Mapped[str] = mapped_column(String(200), default="")
    plan_version: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(100), default="")
    rate: Mapped[str] = mapped_column(String(40), default="0")  # exact decimal text, percent
    fixed_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    explanation: Mapped[str] = mapped_column(Text, default="")
    release_on: Mapped[date | None] = mapped_column(Date)
    hold_days: Mapped[int] = mapped_column(Integer, default=0)
    in_period: Mapped[bool] = mapped_column(default=True)
    from_run_id: Mapped[int | None] = mapped_column(Integer)
    # NO ACTION (the default) refuses to delete a referenced order, as RESTRICT would; on SQLite
    # the reference is declared inline (see migration 0009).
    locked_order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    # Set when the run is locked: this commission line settles its order (paid or withheld;
    # see domain.payouts.lines.SETTLING). A line held back, pending, or carried over below the
    # minimum does not: the order is priced again in the run that pays it.
    settles: Mapped[bool] = mapped_column(default=False, server_default=false())


class PayoutPartnerRow(Base):
    """A partner's summary in a run (the statement's summary block), with name and code as
    they were when the run was calculated."""

    __tablename__ = "payout_run_partners"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("payout_runs.id", ondelete="CASCADE"), primary_key=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    sales_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    commission_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    bonus_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    clawback_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    adjustments_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    carried_in_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    withheld_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    held_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    carried_out_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    payable_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # The statement's addressee block (contact and masked payout details) frozen at lock time.
    addressee_json: Mapped[str | None] = mapped_column(Text)


class AdjustmentRow(Base):
    """A manual adjustment or bonus with its reason and who made it. `run_id` is empty until a
    run picks it up (the next run created). `release_on`: not paid before this day (set when
    the adjustment releases withheld commission whose holding period has not passed)."""

    __tablename__ = "payout_adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("payout_runs.id", ondelete="RESTRICT"), index=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="adjustment")  # adjustment | bonus
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    release_on: Mapped[date | None] = mapped_column(Date)
    hold_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class FraudFlagRow(Base):
    """An order or a whole partner flagged as fraud: their unpaid commission is withheld."""

    __tablename__ = "fraud_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # order | partner
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="RESTRICT"), index=True
    )
    flagged_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A lifted flag is kept for the record and no longer withholds anything.
    lifted_on: Mapped[date | None] = mapped_column(Date)
    lifted_by: Mapped[str | None] = mapped_column(String(100))
    lifted_reason: Mapped[str | None] = mapped_column(Text)
    # What the lift released from locked and paid runs (minor units of those runs' currency).
    released_minor: Mapped[int | None] = mapped_column(BigInteger)


class FraudReleaseRow(Base):
    """One line of a locked or paid run that a fraud flag withheld (or a fraud clawback), given
    back by an adjustment when the flag was lifted. A line is released at most once."""

    __tablename__ = "fraud_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(
        ForeignKey("fraud_flags.id", ondelete="CASCADE"), index=True
    )
    line_id: Mapped[int] = mapped_column(
        ForeignKey("payout_lines.id", ondelete="CASCADE"), unique=True, index=True
    )
    adjustment_id: Mapped[int] = mapped_column(
        ForeignKey("payout_adjustments.id", ondelete="CASCADE"), index=True
    )
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BaseCurrencyChangeRow(Base):
    """The merchant's base currency changed while money was open in the old one: balances
    carried over, held lines and pending adjustments are converted at this stated rate (units of
    the new currency per unit of the old) when the next run reads them."""

    __tablename__ = "base_currency_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(ExactDecimal)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))


class DocumentCounterRow(Base):
    """The last number given for a kind of document (payout runs; their statements carry the
    run's number). Numbers come from here, so a discarded draft's number is never given again:
    gaps are normal in accounting, duplicates are not."""

    __tablename__ = "document_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger, default=0)
