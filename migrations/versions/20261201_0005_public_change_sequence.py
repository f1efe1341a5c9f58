"""The public sync feed numbers the changes readers can see apart from the others

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_seq", sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint("uq_change_public_seq", ["public_seq"])
    # Existing changes, in commit order: a change is public when it leaves the entry
    # published, or when the entry was published just before it (unpublishing, deleting).
    conn = op.get_bind()
    published: set[tuple[str, int]] = set()
    number = 0
    updates = []
    for seq, kind, entry_id, status in conn.execute(
        sa.text("SELECT seq, kind, entry_id, status FROM change ORDER BY seq")
    ):
        key = (kind, entry_id)
        if status == "published" or key in published:
            number += 1
            updates.append({"s": seq, "p": number})
        if status == "published":
            published.add(key)
        else:
            published.discard(key)
    for start in range(0, len(updates), 1000):
        conn.execute(sa.text("UPDATE change SET public_seq = :p WHERE seq = :s"), updates[start : start + 1000])


def downgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_constraint("uq_change_public_seq", type_="unique")
        batch_op.drop_column("public_seq")
