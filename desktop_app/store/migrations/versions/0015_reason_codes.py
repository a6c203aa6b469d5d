"""reason codes: each payout line's reason as a code and its values, said in the reader's
language when shown, instead of an English sentence read back by its shape

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 16:00:00
"""

import json
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The reasons' shapes as this migration found them stored (domain/reasons.py lists them for the
# program; frozen here so that later changes there do not change what this step did).
SHAPES = (
    ("held", "held until {day} ({days}-day holding period)"),
    ("order_fraud", "withheld: order flagged as fraud on {day}"),
    ("partner_fraud", "withheld: partner flagged as fraud on {day}"),
    ("paused", "partner paused"),
    ("pending", "pending: not confirmed by the shop yet"),
    ("cancelled", "cancelled by the shop: earns nothing"),
    ("refunded", "refunded by the shop before payment: earns nothing"),
    ("carried", "below the {amount} minimum, carried over"),
    ("terminated", "partner terminated on {day}: orders after that date earn nothing"),
    ("no_plan_type", "no commission plan covers partner type '{type}'"),
    ("no_plan", "no commission plan: the partner has no type and no plan of its own"),
    ("no_version", "plan '{plan}' has no version in force on {day}"),
    ("no_rule", "plan '{plan}' v{version} has no rule for {where} and no general rule"),
)
LINES = sa.table(
    "payout_lines",
    sa.column("reason", sa.Text()),
    sa.column("reason_code", sa.String()),
    sa.column("reason_args", sa.Text()),
)


def _pattern(english: str) -> "re.Pattern[str]":
    parts = re.split(r"\{(\w+)\}", english)
    body = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{body}$")


PATTERNS = tuple((code, _pattern(english)) for code, english in SHAPES)


def code_of(text: str) -> tuple[str, str]:
    """(code, values as JSON) of a stored English reason; a sentence of no known shape is kept
    as text."""
    for code, pattern in PATTERNS:
        found = pattern.match(text)
        if found is not None:
            return code, json.dumps(found.groupdict(), sort_keys=True, ensure_ascii=False)
    return "text", json.dumps({"text": text}, ensure_ascii=False)


def backfill(bind: sa.Connection) -> int:
    """Give every line with a reason its code: one UPDATE per distinct sentence."""
    sentences = bind.execute(
        sa.select(LINES.c.reason).where(LINES.c.reason != "", LINES.c.reason_code == "").distinct()
    ).scalars()
    count = 0
    for text in list(sentences):
        code, values = code_of(text)
        bind.execute(
            sa.update(LINES)
            .where(LINES.c.reason == text, LINES.c.reason_code == "")
            .values(reason_code=code, reason_args=values)
        )
        count += 1
    return count


def upgrade() -> None:
    op.add_column(
        "payout_lines",
        sa.Column("reason_code", sa.String(length=32), nullable=False, server_default=""),
    )
    op.add_column(
        "payout_lines", sa.Column("reason_args", sa.Text(), nullable=False, server_default="")
    )
    backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("payout_lines", schema=None) as batch_op:
        batch_op.drop_column("reason_args")
        batch_op.drop_column("reason_code")
