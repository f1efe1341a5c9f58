"""Relations remember which side states them; changes held for review

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing relations were shown from both sides: they stay so (from_* null).
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("from_kind", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("from_id", sa.Integer(), nullable=True))

    op.create_table(
        "held_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("related", sa.JSON(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("key_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_change")),
        sa.UniqueConstraint("kind", "entry_id", name="uq_held_change_entry"),
    )


def downgrade() -> None:
    op.drop_table("held_change")
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.drop_column("from_id")
        batch_op.drop_column("from_kind")
