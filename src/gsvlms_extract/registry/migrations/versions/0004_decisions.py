"""Curator decisions: one row per decision, unique per (item, version) for optimistic locking.

Revision ID: 0004_decisions
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_decisions"
down_revision = "0003"  # after the articles table (issue 10)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("case_id", sa.Integer, nullable=True),
        sa.Column("field", sa.String(32), nullable=True),
        sa.Column("value", sa.Text, nullable=True),
        sa.Column("previous_value", sa.Text, nullable=True),
        sa.Column("conflict_id", sa.Integer, sa.ForeignKey("conflicts.id"), nullable=True),
        sa.Column("extraction_id", sa.Integer, sa.ForeignKey("extractions.id"), nullable=True),
        sa.Column("target_case_id", sa.Integer, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=True),
        sa.Column("decided_by", sa.String(64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.UniqueConstraint("item", "version"),
    )


def downgrade() -> None:
    op.drop_table("decisions")
