"""partner statement locale: a partner's statements (and their e-mail) in the partner's own
language and formats instead of the merchant's

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "partners",
        sa.Column("statement_locale", sa.String(length=16), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_column("statement_locale")
