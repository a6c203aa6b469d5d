"""Storage models of commission plans: plans, dated versions, rules, tiers, assignments, bonuses.

Tier bounds, rates and fixed amounts are exact decimals stored as text (ExactDecimal): a bound
may be an amount or an order count, and a rate like 7.25 % must come back exactly.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop_app.store.base import Base, ExactDecimal, UTCDateTime, utcnow


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[PlanVersionRow]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="PlanVersionRow.effective_from",
        lazy="selectin",
    )


class PlanVersionRow(Base):
    """A plan's terms from `effective_from` on; orders use the version in force on their date."""

    __tablename__ = "plan_versions"
    __table_args__ = (
        UniqueConstraint("plan_id", "version", name="uq_plan_versions_plan_id_version"),
        UniqueConstraint("plan_id", "effective_from", name="uq_plan_versions_plan_id_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[PlanRow] = relationship(back_populates="versions")
    rules: Mapped[list[PlanRuleRow]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="PlanRuleRow.position",
        lazy="selectin",
    )


class PlanRuleRow(Base):
    """Tier basis and mode for one version; `category` NULL is the general rule."""

    __tablename__ = "plan_rules"
    __table_args__ = (
        CheckConstraint(
            "basis IN ('order_amount', 'period_volume', 'period_orders')", name="basis"
        ),
        CheckConstraint("mode IN ('whole', 'marginal')", name="mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    basis: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(100))

    version: Mapped[PlanVersionRow] = relationship(back_populates="rules")
    tiers: Mapped[list[PlanTierRow]] = relationship(
        back_populates="rule",
        cascade="all, delete-orphan",
        order_by="PlanTierRow.position",
        lazy="selectin",
    )


class PlanTierRow(Base):
    __tablename__ = "plan_tiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(
        ForeignKey("plan_rules.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    lower: Mapped[Decimal] = mapped_column(ExactDecimal)
    rate_percent: Mapped[Decimal] = mapped_column(ExactDecimal)
    fixed: Mapped[Decimal] = mapped_column(ExactDecimal)

    rule: Mapped[PlanRuleRow] = relationship(back_populates="tiers")


class PlanAssignmentRow(Base):
    """A plan for a partner type, or a per-partner override (exactly one of the two is set)."""

    __tablename__ = "plan_assignments"
    __table_args__ = (
        CheckConstraint("(partner_type_id IS NULL) <> (partner_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    partner_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_types.id", ondelete="CASCADE"), unique=True
    )
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), unique=True
    )


class BonusRuleRow(Base):
    __tablename__ = "bonus_rules"
    __table_args__ = (
        CheckConstraint("metric IN ('sales', 'orders', 'conversion')", name="metric"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    metric: Mapped[str] = mapped_column(String(16))
    threshold: Mapped[Decimal] = mapped_column(ExactDecimal)
    fixed: Mapped[Decimal] = mapped_column(ExactDecimal)
    extra_rate: Mapped[Decimal] = mapped_column(ExactDecimal)
    partner_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_types.id", ondelete="CASCADE"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
