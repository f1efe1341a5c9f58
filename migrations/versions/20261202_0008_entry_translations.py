"""Entries carry versions of their text in Welsh, each with a slug of its own

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("resource", "project", "network", "toolkit_section")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("translations", sa.JSON(), nullable=False, server_default="{}"))
            batch_op.add_column(sa.Column("slug_cy", sa.String(length=120), nullable=True))
            batch_op.create_unique_constraint(f"uq_{table}_slug_cy", ["slug_cy"])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_slug_cy", type_="unique")
            batch_op.drop_column("slug_cy")
            batch_op.drop_column("translations")
