"""payout accounts: the merchant's IBAN and BIC (the debtor of SEPA credit transfer files) and a
partner's BIC beside the IBAN in the payout details

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "merchant", sa.Column("iban", sa.String(length=42), nullable=False, server_default="")
    )
    op.add_column(
        "merchant", sa.Column("bic", sa.String(length=11), nullable=False, server_default="")
    )
    op.add_column(
        "partners",
        sa.Column("payout_bic", sa.String(length=11), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_column("payout_bic")
    with op.batch_alter_table("merchant", schema=None) as batch_op:
        batch_op.drop_column("bic")
        batch_op.drop_column("iban")
