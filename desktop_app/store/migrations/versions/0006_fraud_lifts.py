"""fraud lifts: a flag can be lifted (kept for the record); what it withheld in final runs is
released once, by an adjustment

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("fraud_flags", sa.Column("lifted_on", sa.Date(), nullable=True))
    op.add_column("fraud_flags", sa.Column("lifted_by", sa.String(length=100), nullable=True))
    op.add_column("fraud_flags", sa.Column("lifted_reason", sa.Text(), nullable=True))
    op.add_column("fraud_flags", sa.Column("released_minor", sa.BigInteger(), nullable=True))
    op.create_table(
        "fraud_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("adjustment_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["adjustment_id"],
            ["payout_adjustments.id"],
            name=op.f("fk_fraud_releases_adjustment_id_payout_adjustments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["flag_id"],
            ["fraud_flags.id"],
            name=op.f("fk_fraud_releases_flag_id_fraud_flags"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["payout_lines.id"],
            name=op.f("fk_fraud_releases_line_id_payout_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fraud_releases")),
    )
    with op.batch_alter_table("fraud_releases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fraud_releases_adjustment_id"), ["adjustment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fraud_releases_flag_id"), ["flag_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fraud_releases_line_id"), ["line_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("fraud_releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fraud_releases_line_id"))
        batch_op.drop_index(batch_op.f("ix_fraud_releases_flag_id"))
        batch_op.drop_index(batch_op.f("ix_fraud_releases_adjustment_id"))
    op.drop_table("fraud_releases")
    with op.batch_alter_table("fraud_flags", schema=None) as batch_op:
        batch_op.drop_column("released_minor")
        batch_op.drop_column("lifted_reason")
        batch_op.drop_column("lifted_by")
        batch_op.drop_column("lifted_on")
