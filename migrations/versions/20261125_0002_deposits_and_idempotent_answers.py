"""Deposits (private depositor fields on projects) and answers kept for Idempotency-Key

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:19:48.896070
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import sqlmodel  # noqa: F401  (autogenerate may name its types)

import app.models.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotent_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", app.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_idempotent_answer_partner_id_partner")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotent_answer")),
        sa.UniqueConstraint("partner_id", "idempotency_key", name="uq_idempotent_answer_partner_key"),
    )
    with op.batch_alter_table("idempotent_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotent_answer_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_idempotent_answer_partner_id"), ["partner_id"], unique=False)

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("depositor_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("depositor_email", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("submission_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("rejection_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("moderated_at", app.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_project_submission_token_hash"), ["submission_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_project_submission_token_hash"), type_="unique")
        batch_op.drop_column("moderated_at")
        batch_op.drop_column("rejection_reason")
        batch_op.drop_column("submission_token_hash")
        batch_op.drop_column("depositor_email")
        batch_op.drop_column("depositor_name")

    with op.batch_alter_table("idempotent_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotent_answer_partner_id"))
        batch_op.drop_index(batch_op.f("ix_idempotent_answer_created_at"))

    op.drop_table("idempotent_answer")
