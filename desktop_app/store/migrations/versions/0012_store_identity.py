"""store identity: a random id written into the store once, so its backups are kept in a folder
of their own (two stores with the same file name never share, prune or swap backups)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 12:00:00
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    # A restore of an older backup may already have put the restored store's identity back.
    if "store_identity" not in sa.inspect(bind).get_table_names():
        op.create_table(
            "store_identity",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("store_id", sa.String(length=32), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_store_identity")),
        )
    identity = sa.table(
        "store_identity",
        sa.column("id", sa.Integer()),
        sa.column("store_id", sa.String()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    if bind.execute(sa.select(sa.func.count()).select_from(identity)).scalar():
        return
    # The store passes the id it has already used for the backup taken before this migration.
    store_id = context.config.attributes.get("store_id") or uuid.uuid4().hex
    bind.execute(identity.insert().values(id=1, store_id=store_id, created_at=datetime.now(UTC)))


def downgrade() -> None:
    op.drop_table("store_identity")
