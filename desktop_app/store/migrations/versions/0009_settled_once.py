"""settled once: the database refuses a second settled commission for one order and the deletion
of an order a locked run refers to; drafts remember what they were calculated from; base
currency changes with their conversion rate; run numbers that are never given twice; the
merchant's default plan and default partner type

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:00:00
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from desktop_app.store.base import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIT = sa.table(
    "audit_log",
    sa.column("at", UTCDateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.Integer()),
    sa.column("partner_id", sa.Integer()),
    sa.column("details", sa.Text()),
    sa.column("reason", sa.Text()),
)
SETTLED_COMMISSION = "kind = 'commission' AND settles"
# Before this version a line carried over below the minimum settled its order too (its value
# went into the balance the next run carried in); from now on it does not (the order is priced
# again), so the lines of existing locked runs keep their meaning.
EARLIER_SETTLING = "kind = 'commission' AND status IN ('payable', 'carried', 'withheld')"
LINES = sa.table(
    "payout_lines",
    sa.column("id", sa.Integer()),
    sa.column("settles", sa.Boolean()),
)


def upgrade() -> None:
    # SQLite: a plain ALTER TABLE ADD COLUMN with an inline reference, never a copy of the
    # table (with foreign keys on, dropping the old payout_lines would fire the ON DELETE
    # CASCADE of the fraud releases that refer to its lines).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE payout_lines ADD COLUMN locked_order_id INTEGER "
            "CONSTRAINT fk_payout_lines_locked_order_id_orders REFERENCES orders (id)"
        )
    else:
        op.add_column("payout_lines", sa.Column("locked_order_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_payout_lines_locked_order_id_orders",
            "payout_lines",
            "orders",
            ["locked_order_id"],
            ["id"],
        )
    op.add_column(
        "payout_lines",
        sa.Column("settles", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("payout_runs", sa.Column("inputs_seen", sa.Integer(), nullable=True))
    op.add_column("merchant", sa.Column("default_plan_id", sa.Integer(), nullable=True))
    op.add_column(
        "merchant",
        sa.Column("default_partner_type", sa.String(length=100), nullable=False, server_default=""),
    )
    op.create_table(
        "base_currency_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_currency", sa.String(length=3), nullable=False),
        sa.Column("to_currency", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.String(length=40), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_base_currency_changes")),
    )
    op.create_table(
        "document_counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_document_counters")),
    )
    _start_run_numbers()
    _backfill_locked_orders()
    op.create_index(
        op.f("ix_payout_lines_locked_order_id"), "payout_lines", ["locked_order_id"], unique=False
    )
    op.create_index(
        "uq_payout_lines_settled_order",
        "payout_lines",
        ["locked_order_id"],
        unique=True,
        sqlite_where=sa.text(SETTLED_COMMISSION),
        postgresql_where=sa.text(SETTLED_COMMISSION),
    )


def _start_run_numbers() -> None:
    """Run numbers continue after every number ever given, discarded drafts included (they
    are in the audit log), so none is given twice."""
    bind = op.get_bind()
    last = bind.execute(
        sa.text(
            "SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM payout_runs UNION ALL "
            "SELECT MAX(entity_id) FROM audit_log WHERE entity = 'payout_run') numbers"
        )
    ).scalar()
    bind.execute(
        sa.text("INSERT INTO document_counters (name, last) VALUES ('payout_run', :last)"),
        {"last": int(last or 0)},
    )


def _backfill_locked_orders() -> None:
    """Lines of locked and paid runs refer to their orders from now on. A store that already
    settled an order's commission twice (possible before this version: a draft locked after its
    orders were undone and imported again) keeps the first settlement as the protected one; each
    later one is named in the audit log so the merchant can correct it with an adjustment."""
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "UPDATE payout_lines SET locked_order_id = order_id WHERE order_id IS NOT NULL "
            "AND run_id IN (SELECT id FROM payout_runs WHERE state IN ('locked', 'paid'))"
        )
    )
    settling = [
        line_id
        for (line_id,) in bind.execute(
            sa.text(
                f"SELECT id FROM payout_lines WHERE locked_order_id IS NOT NULL AND "
                f"{EARLIER_SETTLING}"
            )
        )
    ]
    for begin in range(0, len(settling), 500):
        chunk = settling[begin : begin + 500]
        bind.execute(sa.update(LINES).where(LINES.c.id.in_(chunk)).values(settles=True))
    duplicates = bind.execute(
        sa.text(
            "SELECT l.id, l.run_id, l.partner_id, l.external_id, l.commission_minor "
            "FROM payout_lines l WHERE l.locked_order_id IS NOT NULL AND l.settles AND "
            "l.kind = 'commission' AND EXISTS (SELECT 1 FROM payout_lines f "
            "WHERE f.locked_order_id = l.locked_order_id AND f.settles AND "
            "f.kind = 'commission' AND (f.run_id < l.run_id OR (f.run_id = l.run_id AND "
            "f.id < l.id)))"
        )
    ).all()
    for line_id, run_id, partner_id, external_id, minor in duplicates:
        bind.execute(sa.update(LINES).where(LINES.c.id == line_id).values(settles=False))
        bind.execute(
            sa.insert(AUDIT).values(
                at=datetime.now(UTC),
                actor="migration 0009",
                action="run.settled_twice",
                entity="payout_run",
                entity_id=run_id,
                partner_id=partner_id,
                details=json.dumps(
                    {"order": external_id, "line": line_id, "commission_minor": minor},
                    sort_keys=True,
                ),
                reason=f"order {external_id} was settled again in run {run_id}, after an "
                "earlier run; correct it with an adjustment",
            )
        )


def downgrade() -> None:
    op.drop_index("uq_payout_lines_settled_order", table_name="payout_lines")
    op.drop_index(op.f("ix_payout_lines_locked_order_id"), table_name="payout_lines")
    op.drop_table("base_currency_changes")
    op.drop_table("document_counters")
    with op.batch_alter_table("payout_runs", schema=None) as batch_op:
        batch_op.drop_column("inputs_seen")
    with op.batch_alter_table("merchant", schema=None) as batch_op:
        batch_op.drop_column("default_partner_type")
        batch_op.drop_column("default_plan_id")
    with op.batch_alter_table("payout_lines", schema=None) as batch_op:
        batch_op.drop_column("settles")
        batch_op.drop_column("locked_order_id")
