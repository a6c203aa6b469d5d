"""line exchange rate: each converted line of a payout run keeps the exchange rate it was
converted at, so a locked run (and its statements) shows and keeps the rate it used

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Lines calculated before this version keep NULL: their rate was not recorded (a line in
    # the run's own currency has none either).
    op.add_column("payout_lines", sa.Column("exchange_rate", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payout_lines", schema=None) as batch_op:
        batch_op.drop_column("exchange_rate")
