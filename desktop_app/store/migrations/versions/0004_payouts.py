"""payouts: runs, lines, partner totals, adjustments, fraud flags

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 06:28:47.650160
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payout_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("cutoff", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("holding_days", sa.Integer(), nullable=False),
        sa.Column("minimum_payout_minor", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("calculated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_by", sa.String(length=100), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_reference", sa.String(length=200), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_runs")),
    )
    with op.batch_alter_table("payout_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payout_runs_period_end"), ["period_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_payout_runs_state"), ["state"], unique=False)

    op.create_table(
        "payout_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_payout_adjustments_partner_id_partners"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["payout_runs.id"],
            name=op.f("fk_payout_adjustments_run_id_payout_runs"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_adjustments")),
    )
    with op.batch_alter_table("payout_adjustments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payout_adjustments_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_payout_adjustments_run_id"), ["run_id"], unique=False)

    op.create_table(
        "payout_run_partners",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sales_minor", sa.BigInteger(), nullable=False),
        sa.Column("commission_minor", sa.BigInteger(), nullable=False),
        sa.Column("bonus_minor", sa.BigInteger(), nullable=False),
        sa.Column("clawback_minor", sa.BigInteger(), nullable=False),
        sa.Column("adjustments_minor", sa.BigInteger(), nullable=False),
        sa.Column("carried_in_minor", sa.BigInteger(), nullable=False),
        sa.Column("withheld_minor", sa.BigInteger(), nullable=False),
        sa.Column("held_minor", sa.BigInteger(), nullable=False),
        sa.Column("carried_out_minor", sa.BigInteger(), nullable=False),
        sa.Column("payable_minor", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_payout_run_partners_partner_id_partners"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["payout_runs.id"],
            name=op.f("fk_payout_run_partners_run_id_payout_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "partner_id", name=op.f("pk_payout_run_partners")),
    )
    with op.batch_alter_table("payout_run_partners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payout_run_partners_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "fraud_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("flagged_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_fraud_flags_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_fraud_flags_partner_id_partners"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fraud_flags")),
    )
    with op.batch_alter_table("fraud_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fraud_flags_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fraud_flags_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "payout_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=True),
        sa.Column("original_amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("original_currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("refunded_minor", sa.BigInteger(), nullable=False),
        sa.Column("commission_minor", sa.BigInteger(), nullable=False),
        sa.Column("plan_name", sa.String(length=200), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=True),
        sa.Column("tier", sa.String(length=100), nullable=False),
        sa.Column("rate", sa.String(length=40), nullable=False),
        sa.Column("fixed_minor", sa.BigInteger(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("release_on", sa.Date(), nullable=True),
        sa.Column("hold_days", sa.Integer(), nullable=False),
        sa.Column("in_period", sa.Boolean(), nullable=False),
        sa.Column("from_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_payout_lines_order_id_orders"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_payout_lines_partner_id_partners"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["payout_runs.id"],
            name=op.f("fk_payout_lines_run_id_payout_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_lines")),
    )
    with op.batch_alter_table("payout_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payout_lines_order_id"), ["order_id"], unique=False)
        batch_op.create_index("ix_payout_lines_run_partner", ["run_id", "partner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payout_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_payout_lines_run_partner")
        batch_op.drop_index(batch_op.f("ix_payout_lines_order_id"))

    op.drop_table("payout_lines")
    with op.batch_alter_table("fraud_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fraud_flags_partner_id"))
        batch_op.drop_index(batch_op.f("ix_fraud_flags_order_id"))

    op.drop_table("fraud_flags")
    with op.batch_alter_table("payout_run_partners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payout_run_partners_partner_id"))

    op.drop_table("payout_run_partners")
    with op.batch_alter_table("payout_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payout_adjustments_run_id"))
        batch_op.drop_index(batch_op.f("ix_payout_adjustments_partner_id"))

    op.drop_table("payout_adjustments")
    with op.batch_alter_table("payout_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payout_runs_state"))
        batch_op.drop_index(batch_op.f("ix_payout_runs_period_end"))

    op.drop_table("payout_runs")
