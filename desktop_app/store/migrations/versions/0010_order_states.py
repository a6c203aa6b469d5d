"""order states: an order's status is one of four states (confirmed, pending, cancelled,
refunded); a partial refund leaves the order confirmed, with its refund

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # completed → confirmed; partially_refunded → confirmed (its refunds stay and still reduce
    # the commission base); refunded and cancelled keep their names
    op.execute(
        sa.text(
            "UPDATE orders SET status = 'confirmed' "
            "WHERE status IN ('completed', 'partially_refunded')"
        )
    )


def downgrade() -> None:
    # pending orders keep their word (an earlier version cannot import them, and pays them)
    op.execute(sa.text("UPDATE orders SET status = 'completed' WHERE status = 'confirmed'"))
    op.execute(
        sa.text(
            "UPDATE orders SET status = 'partially_refunded' WHERE status = 'completed' "
            "AND id IN (SELECT order_id FROM refunds)"
        )
    )
