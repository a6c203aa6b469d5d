"""plans: versions, rules, tiers, assignments, bonus rules

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 06:32:49.421852
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("name", name=op.f("uq_plans_name")),
    )
    op.create_table(
        "bonus_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("threshold", sa.String(length=40), nullable=False),
        sa.Column("fixed", sa.String(length=40), nullable=False),
        sa.Column("extra_rate", sa.String(length=40), nullable=False),
        sa.Column("partner_type_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "metric IN ('sales', 'orders', 'conversion')", name=op.f("ck_bonus_rules_metric")
        ),
        sa.ForeignKeyConstraint(
            ["partner_type_id"],
            ["partner_types.id"],
            name=op.f("fk_bonus_rules_partner_type_id_partner_types"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bonus_rules")),
        sa.UniqueConstraint("name", name=op.f("uq_bonus_rules_name")),
    )
    with op.batch_alter_table("bonus_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bonus_rules_partner_type_id"), ["partner_type_id"], unique=False
        )

    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_versions_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("plan_id", "effective_from", name="uq_plan_versions_plan_id_from"),
        sa.UniqueConstraint("plan_id", "version", name="uq_plan_versions_plan_id_version"),
    )
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_versions_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("partner_type_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(partner_type_id IS NULL) <> (partner_id IS NULL)",
            name=op.f("ck_plan_assignments_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_plan_assignments_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_type_id"],
            ["partner_types.id"],
            name=op.f("fk_plan_assignments_partner_type_id_partner_types"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_assignments_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_assignments")),
        sa.UniqueConstraint("partner_id", name=op.f("uq_plan_assignments_partner_id")),
        sa.UniqueConstraint("partner_type_id", name=op.f("uq_plan_assignments_partner_type_id")),
    )
    with op.batch_alter_table("plan_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_assignments_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "basis IN ('order_amount', 'period_volume', 'period_orders')",
            name=op.f("ck_plan_rules_basis"),
        ),
        sa.CheckConstraint("mode IN ('whole', 'marginal')", name=op.f("ck_plan_rules_mode")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_rules_version_id_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_rules")),
    )
    with op.batch_alter_table("plan_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_rules_version_id"), ["version_id"], unique=False)

    op.create_table(
        "plan_tiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("lower", sa.String(length=40), nullable=False),
        sa.Column("rate_percent", sa.String(length=40), nullable=False),
        sa.Column("fixed", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["plan_rules.id"],
            name=op.f("fk_plan_tiers_rule_id_plan_rules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_tiers")),
    )
    with op.batch_alter_table("plan_tiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_tiers_rule_id"), ["rule_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("plan_tiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_tiers_rule_id"))

    op.drop_table("plan_tiers")
    with op.batch_alter_table("plan_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_rules_version_id"))

    op.drop_table("plan_rules")
    with op.batch_alter_table("plan_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_assignments_plan_id"))

    op.drop_table("plan_assignments")
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_versions_plan_id"))

    op.drop_table("plan_versions")
    with op.batch_alter_table("bonus_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bonus_rules_partner_type_id"))

    op.drop_table("bonus_rules")
    op.drop_table("plans")
