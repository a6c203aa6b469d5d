"""Storage models of the foundation: merchant profile, partner types, partners, codes, audit."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.store.base import Base, UTCDateTime, utcnow


class MerchantRow(Base):
    """The single merchant profile of a store (id is always 1) and its program settings."""

    __tablename__ = "merchant"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    tax_id: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    base_currency: Mapped[str] = mapped_column(String(3), default="USD")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    locale: Mapped[str] = mapped_column(String(16), default="en_US")
    logo_path: Mapped[str] = mapped_column(Text, default="")
    statement_footer: Mapped[str] = mapped_column(Text, default="")
    page_size: Mapped[str] = mapped_column(String(8), default="A4")
    holding_days: Mapped[int] = mapped_column(Integer, default=30)
    minimum_payout_minor: Mapped[int] = mapped_column(BigInteger, default=5000)
    # The plan for partners whose type has none (and who have none of their own), and the type
    # given to partners an import creates; empty: none.
    default_plan_id: Mapped[int | None] = mapped_column(Integer)
    default_partner_type: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The merchant's own account: the debtor of SEPA credit transfer files.
    iban: Mapped[str] = mapped_column(String(42), default="", server_default="")
    bic: Mapped[str] = mapped_column(String(11), default="", server_default="")


class PartnerTypeRow(Base):
    __tablename__ = "partner_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class PartnerRow(Base):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    partner_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_types.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    status_date: Mapped[date] = mapped_column(Date)
    payout_method: Mapped[str] = mapped_column(String(16), default="bank")
    payout_details: Mapped[str] = mapped_column(Text, default="")
    payout_bic: Mapped[str] = mapped_column(String(11), default="", server_default="")
    tax_id: Mapped[str] = mapped_column(String(64), default="")
    join_date: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    # statements in this locale's language and formats; "" = the merchant's
    statement_locale: Mapped[str] = mapped_column(String(16), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    partner_type: Mapped[PartnerTypeRow | None] = relationship(lazy="joined")
    codes: Mapped[list[PartnerCodeRow]] = relationship(
        back_populates="partner",
        cascade="all, delete-orphan",
        order_by="PartnerCodeRow.position",
        lazy="selectin",
    )


class PartnerCodeRow(Base):
    """A tracking id, coupon code or sub-id that identifies the partner in order exports.

    `code_key` is the case-folded code: codes are matched case-insensitively and must be unique
    that way, because exports are inconsistent about case.
    """

    __tablename__ = "partner_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(64))
    code_key: Mapped[str] = mapped_column(String(64), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    partner: Mapped[PartnerRow] = relationship(back_populates="codes")


class AuditRow(Base):
    """Who did what, when and why: every state change and manual adjustment lands here."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), index=True
    )
    details: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
