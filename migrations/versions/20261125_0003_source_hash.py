"""Each entry remembers the hash of the bulk item it was last written from

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 18:18:57.171080
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import sqlmodel  # noqa: F401  (autogenerate may name its types)

import app.models.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("network", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_hash", sa.String(length=64), nullable=True))

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_hash", sa.String(length=64), nullable=True))

    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_hash", sa.String(length=64), nullable=True))

    with op.batch_alter_table("toolkit_section", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("toolkit_section", schema=None) as batch_op:
        batch_op.drop_column("source_hash")

    with op.batch_alter_table("resource", schema=None) as batch_op:
        batch_op.drop_column("source_hash")

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("source_hash")

    with op.batch_alter_table("network", schema=None) as batch_op:
        batch_op.drop_column("source_hash")
