"""Row versions for optimistic concurrency, and dated progress notes on items.

Every entity table gains ``version_id``: an edit names the version it read, and a stale
edit (another copy of the app changed the row meanwhile) is refused instead of silently
overwriting it. On SQLite this rebuilds the tables (batch mode); the caller switches
foreign keys off first, or the rebuild of ``item`` would delete its child rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 07:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTITY_TABLES = (
    "plan",
    "component",
    "mandate_paragraph",
    "item",
    "dependency",
    "partner",
    "partner_role",
    "mou",
    "indicator",
    "indicator_measurement",
    "source_finding",
)


def upgrade() -> None:
    for table in ENTITY_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version_id", sa.Integer(), server_default="1", nullable=False)
            )

    op.create_table(
        "progress_note",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["item.id"],
            name=op.f("fk_progress_note_item_id_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_note")),
        sa.UniqueConstraint("uuid", name=op.f("uq_progress_note_uuid")),
    )
    with op.batch_alter_table("progress_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_note_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("progress_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_note_item_id"))
    op.drop_table("progress_note")
    for table in reversed(ENTITY_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version_id")
