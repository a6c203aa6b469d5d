"""release holding: an adjustment that releases withheld commission keeps the holding period of
the line it releases (paid no earlier than that line would have been)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("payout_adjustments", sa.Column("release_on", sa.Date(), nullable=True))
    op.add_column(
        "payout_adjustments",
        sa.Column("hold_days", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    with op.batch_alter_table("payout_adjustments", schema=None) as batch_op:
        batch_op.drop_column("hold_days")
        batch_op.drop_column("release_on")
