"""statement heads frozen at lock: merchant and addressee blocks of locked runs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 09:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("payout_runs", sa.Column("merchant_json", sa.Text(), nullable=True))
    op.add_column("payout_run_partners", sa.Column("addressee_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payout_run_partners", schema=None) as batch_op:
        batch_op.drop_column("addressee_json")
    with op.batch_alter_table("payout_runs", schema=None) as batch_op:
        batch_op.drop_column("merchant_json")
