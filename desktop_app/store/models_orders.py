"""Storage models of imported data: import batches, mapping profiles, orders, refunds, clicks,
exchange rates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.domain.order_fields import BY_COLUMN, ORDER_TEXT_COLUMNS
from desktop_app.store.base import Base, ExactDecimal, UTCDateTime, utcnow


def _text(name: str) -> Mapped[str]:
    """A descriptive column as its entry in domain.order_fields.ORDER_COLUMNS makes it."""
    return mapped_column(String(BY_COLUMN[name].size), nullable=False, default="")


class ImportBatchRow(Base):
    """One import of one file: what was read and what it changed; undone batches keep their row."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # orders | refunds | clicks
    source: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    sheet: Mapped[str] = mapped_column(String(200), default="")
    mapping_name: Mapped[str] = mapped_column(String(100), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    historical: Mapped[bool] = mapped_column(Boolean, default=False)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportChangeRow(Base):
    """A row an import changed but did not add (an order or a day's clicks), with its values
    before the change, so undoing the import can put them back."""

    __tablename__ = "import_changes"
    __table_args__ = (Index("ix_import_changes_target_row", "target", "row_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    target: Mapped[str] = mapped_column(String(16))  # orders | clicks
    row_id: Mapped[int] = mapped_column(Integer)
    previous_json: Mapped[str] = mapped_column(Text)


class MappingProfileRow(Base):
    """A saved column mapping, found again by the header signature of the same export layout."""

    __tablename__ = "mapping_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    signature: Mapped[str] = mapped_column(Text, index=True)
    mapping_json: Mapped[str] = mapped_column(Text)
    options_json: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class OrderRow(Base):
    """An order as imported. `amount_minor` is the commissionable amount in `currency`. Every
    descriptive (text) column of domain.order_fields.ORDER_COLUMNS is a column: those the code
    reads by name are typed here, the others are added from the table below the class."""

    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_orders_source_external_id"),
        Index("ix_orders_partner_date", "partner_id", "order_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(128), index=True)  # Orders screen sort
    order_date: Mapped[date] = mapped_column(Date, index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="RESTRICT"))
    partner_code: Mapped[str] = mapped_column(String(64), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger, index=True)
    currency: Mapped[str] = mapped_column(String(3))
    category: Mapped[str] = _text("category")  # commission rules by category
    sku: Mapped[str] = _text("sku")
    status: Mapped[str] = mapped_column(String(24), default="confirmed", index=True)  # OrderState
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )
    historical: Mapped[bool] = mapped_column(Boolean, default=False)


for _column in ORDER_TEXT_COLUMNS:  # a declarative class takes columns added after it is made
    if _column.column not in OrderRow.__table__.columns:
        setattr(OrderRow, _column.column, _text(_column.column))


class RefundRow(Base):
    """Money returned to a customer: reduces the order's commission base (clawback)."""

    __tablename__ = "refunds"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_refunds_source_external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(160))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    refund_date: Mapped[date] = mapped_column(Date, index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )


class ClickRow(Base):
    """Traffic per partner and day, for conversion rate = orders / clicks and click-through
    rate = clicks / impressions (impressions NULL: none were imported for that day)."""

    __tablename__ = "clicks"
    __table_args__ = (
        UniqueConstraint("source", "partner_id", "day", name="uq_clicks_source_partner_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="RESTRICT"), index=True
    )
    day: Mapped[date] = mapped_column(Date, index=True)
    clicks: Mapped[int] = mapped_column(Integer, default=0)
    visitors: Mapped[int] = mapped_column(Integer, default=0)
    impressions: Mapped[int | None] = mapped_column(Integer, nullable=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )


class ExchangeRateRow(Base):
    """Units of base currency per one unit of `currency`, for the month starting on `month`."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("currency", "month", name="uq_exchange_rates_currency_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    month: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(ExactDecimal)
