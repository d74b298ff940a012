"""Baselines: named snapshots of a plan's dates and statuses.

A baseline item names its item by UUID rather than a foreign key, so that a baseline
still shows what was deleted since it was taken.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 07:46:51.980913
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "baseline",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_baseline_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline")),
        sa.UniqueConstraint("plan_id", "name", name="uq_baseline_plan_name"),
        sa.UniqueConstraint("uuid", name=op.f("uq_baseline_uuid")),
    )
    with op.batch_alter_table("baseline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_baseline_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "baseline_item",
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("item_uuid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("percent_complete", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "kind IN ('activity', 'means', 'output', 'milestone')",
            name=op.f("ck_baseline_item_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('not_started', 'on_track', 'at_risk', 'delayed', 'completed', 'cancelled')",
            name=op.f("ck_baseline_item_status"),
        ),
        sa.CheckConstraint(
            "percent_complete BETWEEN 0 AND 100", name=op.f("ck_baseline_item_percent_range")
        ),
        sa.CheckConstraint(
            "planned_start IS NULL OR planned_end IS NULL OR planned_start <= planned_end",
            name=op.f("ck_baseline_item_date_order"),
        ),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baseline.id"],
            name=op.f("fk_baseline_item_baseline_id_baseline"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline_item")),
        sa.UniqueConstraint("baseline_id", "item_uuid", name="uq_baseline_item"),
        sa.UniqueConstraint("uuid", name=op.f("uq_baseline_item_uuid")),
    )
    with op.batch_alter_table("baseline_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_baseline_item_baseline_id"), ["baseline_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("baseline_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_baseline_item_baseline_id"))

    op.drop_table("baseline_item")
    with op.batch_alter_table("baseline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_baseline_plan_id"))

    op.drop_table("baseline")
